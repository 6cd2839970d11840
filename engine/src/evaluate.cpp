#include "stepwise/evaluate.hpp"

#include <algorithm>
#include <utility>

#include "evaluators.hpp"
#include "stepwise/award_key.hpp"

namespace stepwise {

namespace detail {

void decide_award(const Program& p, std::size_t step, int occurrence, Time at, Report& report,
                  const std::string* order_id) {
    if (!report.awarding || p.steps[step].status != Status::active) return;
    Award a;
    a.step_index = step;
    a.step_id = p.steps[step].id;
    a.occurrence = occurrence;
    a.key = award_key(p.id, a.step_id, occurrence);
    a.awarded_at = at;
    a.expires_at = reward_expires_at(p, at);
    if (order_id) a.order_id = *order_id;
    report.awards.push_back(std::move(a));
}

Report evaluate_with(const Program& p, const History& h, Time as_of, const Cart* cart) {
    Report report;
    report.customer_id = h.customer.id;
    report.program_id = p.id;
    report.kind = p.kind;
    report.as_of = as_of;
    report.ended = p.ends_at && as_of > *p.ends_at;
    if (!p.rules.roles.empty()) {
        report.eligible = false;
        for (const auto& role : h.customer.roles)
            for (const auto& allowed : p.rules.roles) report.eligible = report.eligible || role == allowed;
    }
    report.awarding = report.eligible && p.status == Status::active;
    if (p.steps.empty() || p.rules.order_statuses.empty()) return report;  // invalid; nothing to measure
    // One timeline per thread, its buffers reused by the next evaluation.
    thread_local Timeline timeline;
    build_timeline(p, h, as_of, cart, timeline);
    report.pending = std::move(timeline.pending);  // usually empty: nothing worth keeping
    if (p.kind == ProgramKind::tiers)
        evaluate_tiers(p, timeline, report);
    else
        evaluate_journey(p, timeline, report);
    release_if_large(timeline);
    return report;
}

}  // namespace detail

std::optional<Time> reward_expires_at(const Program& program, Time credited_at) {
    if (program.rules.reward_expiry_days <= 0) return std::nullopt;
    return credited_at + static_cast<Time>(program.rules.reward_expiry_days) * kMillisPerDay;
}

Money step_store_credit(const Step& step) {
    std::vector<Money> credits;
    for (const Reward& r : step.rewards)
        if (r.type == RewardType::store_credit) credits.push_back(r.amount);
    // Few rewards per step: an insertion sort, largest first, keeps code small.
    for (std::size_t i = 1; i < credits.size(); ++i)
        for (std::size_t j = i; j > 0 && credits[j] > credits[j - 1]; --j) std::swap(credits[j], credits[j - 1]);
    std::size_t count = step.pick ? std::min<std::size_t>(credits.size(), static_cast<std::size_t>(*step.pick))
                                  : credits.size();
    Money sum = 0;
    for (std::size_t i = 0; i < count; ++i) sum = saturating_add(sum, credits[i]);
    return sum;
}

Report evaluate(const Program& program, const History& history, Time as_of) {
    return detail::evaluate_with(program, history, as_of, nullptr);
}

}  // namespace stepwise
