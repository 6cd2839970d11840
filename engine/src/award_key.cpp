#include "stepwise/award_key.hpp"

#include <limits>

namespace stepwise {

std::string award_key(std::string_view program_id, std::string_view step_id, int occurrence, bool manual_extra) {
    const std::string number = std::to_string(occurrence);
    std::string key;
    key.reserve(program_id.size() + step_id.size() + number.size() + 3);
    key.append(program_id).append(1, ':').append(step_id).append(1, ':');
    if (manual_extra) key.append(1, 'm');
    return key.append(number);
}

std::string award_key(const AwardKey& k) { return award_key(k.program_id, k.step_id, k.occurrence, k.manual_extra); }

std::optional<AwardKey> parse_award_key(std::string_view key) {
    const auto first = key.find(':');
    const auto last = key.rfind(':');
    // Exactly two separators: ids never hold ':' (they are validated without it).
    if (first == std::string_view::npos || first == last || first == 0 || last == first + 1 ||
        key.find(':', first + 1) != last)
        return std::nullopt;
    AwardKey out;
    out.program_id = std::string(key.substr(0, first));
    out.step_id = std::string(key.substr(first + 1, last - first - 1));
    std::string_view number = key.substr(last + 1);
    if (!number.empty() && number.front() == 'm') {
        out.manual_extra = true;
        number.remove_prefix(1);
    }
    if (number.empty() || number.front() == '0' || number.size() > 9) return std::nullopt;
    int n = 0;
    for (char c : number) {
        if (c < '0' || c > '9') return std::nullopt;
        n = n * 10 + (c - '0');
    }
    out.occurrence = n;
    return out;
}

}  // namespace stepwise
