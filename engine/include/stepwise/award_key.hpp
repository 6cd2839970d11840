// Award keys: "program:step:occurrence", the identity that makes issuing
// exactly-once (docs/contract.md R-AWARD-KEY). Built and read only here, so
// the engine, the server and any backend agree on the format.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace stepwise {

struct AwardKey {
    std::string program_id, step_id;
    int occurrence = 1;
    // A merchant's extra manual award of a repeating tier ("spend:loop:m2"):
    // numbered on its own, so it never takes an occurrence the engine decides.
    bool manual_extra = false;
};

std::string award_key(std::string_view program_id, std::string_view step_id, int occurrence, bool manual_extra = false);
std::string award_key(const AwardKey& key);

// Empty unless `key` is exactly what award_key writes: ids without ':', an
// occurrence from 1 without leading zeros.
std::optional<AwardKey> parse_award_key(std::string_view key);

}  // namespace stepwise
