#include "stepwise/evaluate.hpp"

#include "evaluators.hpp"

namespace stepwise {

namespace detail {

void decide_award(const Program& p, std::size_t step, int occurrence, Time at, Report& report) {
    if (!report.awarding || p.steps[step].status != Status::active) return;
    Award a;
    a.step_index = step;
    a.step_id = p.steps[step].id;
    a.occurrence = occurrence;
    std::string number = std::to_string(occurrence);
    a.key.reserve(p.id.size() + a.step_id.size() + number.size() + 2);
    a.key.append(p.id).append(1, ':').append(a.step_id).append(1, ':').append(number);
    a.awarded_at = at;
    if (p.rules.reward_expiry_days > 0)
        a.expires_at = at + static_cast<Time>(p.rules.reward_expiry_days) * kMillisPerDay;
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
    Timeline timeline = build_timeline(p, h, as_of, cart);
    report.pending = std::move(timeline.pending);
    if (p.kind == ProgramKind::tiers)
        evaluate_tiers(p, timeline, report);
    else
        evaluate_journey(p, timeline, report);
    return report;
}

}  // namespace detail

Report evaluate(const Program& program, const History& history, Time as_of) {
    return detail::evaluate_with(program, history, as_of, nullptr);
}

}  // namespace stepwise
