// Semantic checks of a typed program. The JSON codec reports shape problems
// (types, unknown fields, malformed amounts) and then runs these.
#include <set>
#include <string>

#include "stepwise/program.hpp"

namespace stepwise {

namespace {

bool valid_id(const std::string& id) {
    if (id.empty() || id.size() > kMaxIdLength) return false;
    for (char c : id) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                  c == '.' || c == '-';
        if (!ok) return false;
    }
    return true;
}

constexpr const char* kIdRule = "must be 1-64 characters of letters, digits, '_', '.' or '-'";

void check_range(Errors& errors, const std::string& pointer, std::int64_t v, std::int64_t lo, std::int64_t hi) {
    if (v < lo || v > hi)
        errors.push_back({pointer, "must be between " + std::to_string(lo) + " and " + std::to_string(hi)});
}

void validate_rules(const Rules& rules, Errors& errors) {
    if (rules.order_statuses.empty()) errors.push_back({"/rules/order_statuses", "must list at least one status"});
    for (std::size_t i = 0; i < rules.order_statuses.size(); ++i)
        if (rules.order_statuses[i].empty())
            errors.push_back({"/rules/order_statuses/" + std::to_string(i), "must not be empty"});
    if (rules.window.kind == WindowKind::rolling_days) check_range(errors, "/rules/window/days", rules.window.days, 1, 36500);
    if (rules.window.kind == WindowKind::calendar_months)
        check_range(errors, "/rules/window/months", rules.window.months, 1, 1200);
    for (std::size_t i = 0; i < rules.categories.size(); ++i)
        if (rules.categories[i].empty()) errors.push_back({"/rules/categories/" + std::to_string(i), "must not be empty"});
    for (std::size_t i = 0; i < rules.roles.size(); ++i)
        if (rules.roles[i].empty()) errors.push_back({"/rules/roles/" + std::to_string(i), "must not be empty"});
    if (rules.min_order) {
        check_range(errors, "/rules/min_order/amount", rules.min_order->amount, 0, kMaxAmount);
        check_range(errors, "/rules/min_order/quantity", rules.min_order->quantity, 0, kMaxAmount);
    }
    check_range(errors, "/rules/refund_hold_days", rules.refund_hold_days, 0, 3650);
    check_range(errors, "/rules/reward_expiry_days", rules.reward_expiry_days, 0, 36500);
}

void validate_step(const Program& p, const Step& s, const std::string& at, Errors& errors) {
    if (!valid_id(s.id)) errors.push_back({at + "/id", kIdRule});
    if (s.name.empty()) errors.push_back({at + "/name", "must not be empty"});
    if (p.kind == ProgramKind::tiers && s.metric != Metric::spend)
        errors.push_back({at + "/metric", "tiers measure spend: must be \"spend\""});
    if (s.target <= 0)
        errors.push_back({at + "/target", "must be > 0"});
    else if (s.target > kMaxAmount)
        errors.push_back({at + "/target", "must be at most " + std::to_string(kMaxAmount)});
    for (std::size_t i = 0; i < s.rewards.size(); ++i) {
        Errors more = validate(s.rewards[i], at + "/rewards/" + std::to_string(i));
        errors.insert(errors.end(), more.begin(), more.end());
    }
    if (s.pick) {
        if (s.rewards.empty())
            errors.push_back({at + "/reward_choice/pick", "there are no rewards to pick from"});
        else
            check_range(errors, at + "/reward_choice/pick", *s.pick, 1, static_cast<std::int64_t>(s.rewards.size()));
    }
    if (s.repeating && p.kind == ProgramKind::journey)
        errors.push_back({at + "/repeating", "only tiers repeat; journey steps complete once"});
}

}  // namespace

Errors validate(const Reward& r, const std::string& at) {
    Errors errors;
    switch (r.type) {
        case RewardType::points: check_range(errors, at + "/points", r.points, 1, kMaxAmount); break;
        case RewardType::store_credit:
        case RewardType::discount_amount:
            if (r.amount <= 0) errors.push_back({at + "/amount", "must be > 0"});
            break;
        case RewardType::discount_percent: check_range(errors, at + "/percent", r.percent, 1, 100); break;
        case RewardType::free_gift:
            if (r.product_id.empty()) errors.push_back({at + "/product_id", "must not be empty"});
            if (r.name.size() > kMaxGiftName) errors.push_back({at + "/name", "must be at most " + std::to_string(kMaxGiftName) + " bytes"});
            break;
        case RewardType::free_shipping: break;
    }
    return errors;
}

Errors validate(const Program& p) {
    Errors errors;
    if (!valid_id(p.id)) errors.push_back({"/id", kIdRule});
    if (p.name.empty()) errors.push_back({"/name", "must not be empty"});
    bool currency_ok = p.currency.size() == 3;
    for (char c : p.currency) currency_ok = currency_ok && c >= 'A' && c <= 'Z';
    if (!currency_ok) errors.push_back({"/currency", "must be a three-letter ISO 4217 code such as \"USD\""});
    if (p.starts_at && p.ends_at && *p.ends_at <= *p.starts_at)
        errors.push_back({"/ends_at", "must be later than starts_at"});
    validate_rules(p.rules, errors);
    if (p.steps.empty()) errors.push_back({"/steps", "must have at least one step"});
    if (p.steps.size() > kMaxSteps) errors.push_back({"/steps", "must have at most 100 steps"});
    std::set<std::string> seen;
    for (std::size_t i = 0; i < p.steps.size() && i < kMaxSteps; ++i) {
        std::string at = "/steps/" + std::to_string(i);
        validate_step(p, p.steps[i], at, errors);
        if (!seen.insert(p.steps[i].id).second)
            errors.push_back({at + "/id", "duplicate step id \"" + p.steps[i].id + "\""});
    }
    return errors;
}

}  // namespace stepwise
