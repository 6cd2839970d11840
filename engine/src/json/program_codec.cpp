// JSON -> Program. Shape problems are reported here; the semantic checks of
// validate() follow, minus those about fields that already failed.
#include <algorithm>

#include "../names.hpp"
#include "reader.hpp"
#include "stepwise/json.hpp"

namespace stepwise {

namespace {

using detail::Json;
using detail::pointer_to;
using detail::Reader;

template <class Enum>
std::optional<Enum> read_enum(Reader& r, const Json& obj, std::string_view key, const std::string& at, bool required,
                              std::optional<Enum> (*lookup)(std::string_view), const char* allowed) {
    auto text = r.string(obj, key, at, required);
    if (!text) return std::nullopt;
    auto value = lookup(*text);
    if (!value) r.error(pointer_to(at, key), std::string("must be ") + allowed);
    return value;
}

void read_rules(Reader& r, const Json& obj, const std::string& at, int digits, Rules& rules) {
    if (!r.object(obj, at,
                  {"order_statuses", "spend_basis", "exclude_wallet_paid", "window", "categories", "roles",
                   "min_order", "refund_hold_days", "clawback_on_refund", "reward_expiry_days", "reviews"}))
        return;
    if (auto v = r.strings(obj, "order_statuses", at)) rules.order_statuses = *v;
    if (auto v = read_enum<SpendBasis>(r, obj, "spend_basis", at, false, names::spend_basis, names::allowed_spend_bases()))
        rules.spend_basis = *v;
    if (auto v = r.boolean(obj, "exclude_wallet_paid", at)) rules.exclude_wallet_paid = *v;
    if (const Json* w = r.field(obj, "window", at, false)) {
        std::string here = pointer_to(at, "window");
        if (r.object(*w, here, {"kind", "days", "months"})) {
            auto kind = read_enum<WindowKind>(r, *w, "kind", here, true, names::window_kind, names::allowed_window_kinds());
            if (kind) rules.window.kind = *kind;
            bool wants_days = kind == WindowKind::rolling_days, wants_months = kind == WindowKind::calendar_months;
            if (auto d = r.integer(*w, "days", here, wants_days, 1, 36500)) rules.window.days = static_cast<int>(*d);
            if (auto m = r.integer(*w, "months", here, wants_months, 1, 1200)) rules.window.months = static_cast<int>(*m);
            if (kind && !wants_days && w->contains("days")) r.error(pointer_to(here, "days"), "only for rolling_days");
            if (kind && !wants_months && w->contains("months"))
                r.error(pointer_to(here, "months"), "only for calendar_months");
        }
    }
    if (auto v = r.strings(obj, "categories", at)) rules.categories = *v;
    if (auto v = r.strings(obj, "roles", at)) rules.roles = *v;
    if (const Json* m = r.field(obj, "min_order", at, false)) {
        std::string here = pointer_to(at, "min_order");
        if (!m->is_null() && r.object(*m, here, {"amount", "quantity"})) {
            MinOrder min;
            if (auto a = r.money(*m, "amount", here, false, digits)) min.amount = *a;
            if (auto q = r.integer(*m, "quantity", here, false, 0, kMaxAmount)) min.quantity = *q;
            rules.min_order = min;
        }
    }
    if (auto v = r.integer(obj, "refund_hold_days", at, false, 0, 3650)) rules.refund_hold_days = static_cast<int>(*v);
    if (auto v = r.boolean(obj, "clawback_on_refund", at)) rules.clawback_on_refund = *v;
    if (auto v = r.integer(obj, "reward_expiry_days", at, false, 0, 36500)) rules.reward_expiry_days = static_cast<int>(*v);
    if (const Json* v = r.field(obj, "reviews", at, false)) {
        std::string here = pointer_to(at, "reviews");
        if (r.object(*v, here, {"require_purchase", "one_per_product"})) {
            if (auto b = r.boolean(*v, "require_purchase", here)) rules.reviews.require_purchase = *b;
            if (auto b = r.boolean(*v, "one_per_product", here)) rules.reviews.one_per_product = *b;
        }
    }
}

// Always returns a reward (a harmless placeholder when unreadable) so that the
// indexes validate() reports keep matching the JSON array.
Reward read_reward(Reader& r, const Json& obj, const std::string& at, int digits) {
    Reward reward;
    reward.type = RewardType::free_shipping;
    if (!obj.is_object()) {
        r.error(at, "must be an object");
        return reward;
    }
    auto type = read_enum<RewardType>(r, obj, "type", at, true, names::reward_type, names::allowed_reward_types());
    if (!type) return reward;
    reward.type = *type;
    switch (*type) {
        case RewardType::points:
            r.object(obj, at, {"type", "points"});
            if (auto v = r.integer(obj, "points", at, true, 1, kMaxAmount)) reward.points = *v;
            break;
        case RewardType::store_credit:
        case RewardType::discount_amount:
            r.object(obj, at, {"type", "amount"});
            if (auto v = r.money(obj, "amount", at, true, digits)) reward.amount = *v;
            break;
        case RewardType::discount_percent:
            r.object(obj, at, {"type", "percent"});
            if (auto v = r.integer(obj, "percent", at, true, 1, 100)) reward.percent = static_cast<int>(*v);
            break;
        case RewardType::free_shipping: r.object(obj, at, {"type"}); break;
        case RewardType::free_gift:
            r.object(obj, at, {"type", "product_id", "name"});
            if (auto v = r.string(obj, "product_id", at, true)) reward.product_id = *v;
            if (auto v = r.string(obj, "name", at, false)) reward.name = *v;
            break;
    }
    return reward;
}

void read_step(Reader& r, const Json& obj, const std::string& at, const Program& p, Step& step) {
    if (!r.object(obj, at,
                  {"id", "name", "description", "metric", "target", "rewards", "reward_choice", "repeating", "status"}))
        return;
    if (auto v = r.string(obj, "id", at, true)) step.name = step.id = *v;
    if (step.name.empty()) step.name = "-";  // the missing id is reported; the default name is not
    if (auto v = r.string(obj, "name", at, false)) step.name = *v;
    if (auto v = r.string(obj, "description", at, false, false)) step.description = *v;
    bool tiers = p.kind == ProgramKind::tiers;
    step.metric = Metric::spend;
    auto metric = read_enum<Metric>(r, obj, "metric", at, !tiers, names::metric, names::allowed_metrics());
    if (metric) step.metric = *metric;
    bool metric_known = metric || tiers;
    if (!metric_known) step.target = 1;  // unreadable without a metric; only the metric is reported
    if (const Json* target = r.field(obj, "target", at, true); target && metric_known) {
        std::string here = pointer_to(at, "target");
        if (step.metric == Metric::spend) {
            if (auto m = r.money_value(*target, here, p.digits())) step.target = *m;
        } else if (target->is_number_integer() && target->integer() <= 0) {
            step.target = target->integer();  // validate() says "must be > 0"
        } else if (auto n = r.integer_value(*target, here, 1, kMaxAmount)) {
            step.target = *n;
        }
    }
    if (const Json* rewards = r.field(obj, "rewards", at, false)) {
        std::string here = pointer_to(at, "rewards");
        if (r.array(*rewards, here))
            for (std::size_t i = 0; i < rewards->size(); ++i)
                step.rewards.push_back(read_reward(r, (*rewards)[i], pointer_to(here, i), p.digits()));
    }
    if (const Json* choice = r.field(obj, "reward_choice", at, false)) {
        std::string here = pointer_to(at, "reward_choice");
        if (!choice->is_null() && r.object(*choice, here, {"pick"}))
            if (auto pick = r.integer(*choice, "pick", here, true, 1, 100)) step.pick = static_cast<int>(*pick);
    }
    if (auto v = r.boolean(obj, "repeating", at)) step.repeating = *v;
    if (auto v = read_enum<Status>(r, obj, "status", at, false, names::status, names::allowed_statuses())) step.status = *v;
}

// True when `pointer` is `base` or lies inside it.
bool within(const std::string& pointer, const std::string& base) {
    return pointer == base || (pointer.size() > base.size() && pointer.compare(0, base.size(), base) == 0 &&
                               pointer[base.size()] == '/');
}

}  // namespace

Result<Program> parse_program(std::string_view text) {
    Result<Program> result;
    auto doc = detail::parse_document(text, result.errors);
    if (!doc) return result;
    Reader r(result.errors);
    Program p;
    const Json& obj = doc->root();
    if (!r.object(obj, "",
                  {"id", "name", "kind", "status", "starts_at", "ends_at", "currency", "timezone", "rules", "steps",
                   "retroactive", "description"}))
        return result;
    if (auto v = r.string(obj, "id", "", true)) p.name = p.id = *v;
    if (p.name.empty()) p.name = "-";  // the missing id is reported; the default name is not
    if (auto v = r.string(obj, "name", "", false)) p.name = *v;
    if (auto v = read_enum<ProgramKind>(r, obj, "kind", "", true, names::program_kind, names::allowed_program_kinds()))
        p.kind = *v;
    bool kind_known = !obj.contains("kind") || result.errors.empty() || result.errors.back().pointer != "/kind";
    if (auto v = read_enum<Status>(r, obj, "status", "", false, names::status, names::allowed_statuses())) p.status = *v;
    if (auto v = r.time(obj, "starts_at", "", false)) p.starts_at = *v;
    if (auto v = r.time(obj, "ends_at", "", false)) p.ends_at = *v;
    if (auto v = r.string(obj, "currency", "", false)) p.currency = *v;
    if (auto v = r.string(obj, "timezone", "", false)) {
        std::string why;
        if (auto tz = parse_tz(*v, &why))
            p.timezone = *tz;
        else
            r.error("/timezone", "must be a POSIX TZ rule such as \"EST5EDT,M3.2.0,M11.1.0\" or \"UTC0\": " + why);
    }
    if (const Json* rules = r.field(obj, "rules", "", false)) read_rules(r, *rules, "/rules", p.digits(), p.rules);
    // Steps are read as the kind says; with an unknown kind only their count is checked.
    if (const Json* steps = r.field(obj, "steps", "", true); steps && r.array(*steps, "/steps") && kind_known) {
        if (steps->size() > kMaxSteps) {
            r.error("/steps", "must have at most " + std::to_string(kMaxSteps) + " steps");
        } else {
            p.steps.resize(steps->size());
            for (std::size_t i = 0; i < steps->size(); ++i)
                read_step(r, (*steps)[i], pointer_to("/steps", i), p, p.steps[i]);
        }
    }
    bool steps_readable = obj.contains("steps") && obj.find("steps")->is_array() &&
                          obj.find("steps")->size() <= kMaxSteps;
    std::size_t shape_errors = result.errors.size();
    for (Error& e : validate(p)) {
        bool duplicate = false;
        for (std::size_t i = 0; i < shape_errors && !duplicate; ++i)
            duplicate = within(e.pointer, result.errors[i].pointer) || within(result.errors[i].pointer, e.pointer);
        if ((e.pointer == "/steps" && !steps_readable) || (!kind_known && within(e.pointer, "/steps"))) duplicate = true;
        if (!duplicate) result.errors.push_back(std::move(e));
    }
    if (result.errors.empty()) result.value = std::move(p);
    return result;
}

Result<Time> parse_as_of(std::string_view text) {
    Result<Time> result;
    result.value = parse_time(text);
    if (!result.value) result.errors.push_back({"", "as_of must be a UTC time such as 2026-03-15T10:22:00Z"});
    return result;
}

Result<Reward> parse_reward(std::string_view text, int digits) {
    Result<Reward> result;
    auto doc = detail::parse_document(text, result.errors);
    if (!doc) return result;
    Reader r(result.errors);
    Reward reward = read_reward(r, doc->root(), "", digits);
    if (!result.errors.empty()) return result;
    result.errors = validate(reward);
    if (result.errors.empty()) result.value = std::move(reward);
    return result;
}

}  // namespace stepwise
