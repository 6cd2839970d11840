#include "stepwise/wording.hpp"

#include "stepwise/money.hpp"

namespace stepwise {

namespace {

#include "reward_wording.inc"

// The template with its one placeholder ({points}, {amount}, ...) filled in.
std::string filled(std::string_view tpl, std::string_view name, const std::string& value) {
    std::string out(tpl);
    const std::string placeholder = "{" + std::string(name) + "}";
    if (auto at = out.find(placeholder); at != std::string::npos) out.replace(at, placeholder.size(), value);
    return out;
}

}  // namespace

std::string reward_phrase(const Reward& r, int digits, std::string_view currency) {
    const std::string amount = format_money(r.amount, digits) + " " + std::string(currency);
    switch (r.type) {
        case RewardType::points: return filled(r.points == 1 ? kPointsOne : kPointsOther, "points", std::to_string(r.points));
        case RewardType::store_credit: return filled(k_store_credit, "amount", amount);
        case RewardType::discount_amount: return filled(k_discount_amount, "amount", amount);
        case RewardType::discount_percent: return filled(k_discount_percent, "percent", std::to_string(r.percent) + "%");
        case RewardType::free_shipping: return k_free_shipping;
        case RewardType::free_gift: return filled(k_free_gift, "product", r.name.empty() ? r.product_id : r.name);
    }
    return "";
}

std::string rewards_phrase(const std::vector<Reward>& rewards, int digits, std::string_view currency) {
    std::string out;
    for (const Reward& r : rewards) out += (out.empty() ? "" : ", ") + reward_phrase(r, digits, currency);
    return out;
}

}  // namespace stepwise
