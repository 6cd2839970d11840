// Sequential journeys: one active step at a time, each measuring its own
// metric from the moment it became active (CONTRACT.md rule 8).
#include <algorithm>

#include "evaluators.hpp"

namespace stepwise::detail {

namespace {

constexpr std::size_t kNotCounted = SIZE_MAX;

struct OrderState {
    Money spend = 0;
    std::size_t counted_in = kNotCounted;  // the step this order counted toward
};

}  // namespace

void evaluate_journey(const Program& p, const Timeline& timeline, Report& report) {
    const std::size_t n = p.steps.size();
    report.steps.assign(n, StepProgress{});
    for (std::size_t i = 0; i < n; ++i) report.steps[i].target = p.steps[i].target;
    std::vector<OrderState> orders(timeline.order_count);
    std::size_t active = 0;
    std::int64_t value = 0;
    if (n > 0) report.steps[0].active_since = p.starts_at;

    std::vector<bool> granted(n, false);  // steps the merchant awarded by hand
    // Completes the active step at `at`, then every following step that was
    // granted before it opened (a grant completes its step as soon as it opens).
    auto complete = [&](Time at, const std::string* order_id) {
        do {
            StepProgress& done = report.steps[active];
            done.value = value;
            done.state = StepState::completed;
            done.completed_at = at;
            decide_award(p, active, 1, at, report, order_id);
            order_id = nullptr;
            ++active;
            value = 0;
            if (active < n) report.steps[active].active_since = at;
        } while (active < n && granted[active]);
    };
    auto maybe_complete = [&](const Moment& m) {
        if (value < p.steps[active].target) return;
        complete(m.at, m.kind == MomentKind::count ? nullptr : timeline.order_ids[m.order]);
    };

    for (const Moment& m : timeline.moments) {
        if (m.kind == MomentKind::grant) {
            granted[m.order] = true;
            if (m.order == active) complete(m.at, nullptr);
            continue;
        }
        if (m.kind == MomentKind::count) {
            if (active < n && p.steps[active].metric == m.metric) {
                value = saturating_add(value, m.amount);
                maybe_complete(m);
            }
            continue;
        }
        OrderState& order = orders[m.order];
        if (m.kind == MomentKind::contribution) {
            order.spend = m.amount;
            if (active >= n) continue;
            Metric metric = p.steps[active].metric;
            if (metric != Metric::orders && metric != Metric::spend) continue;
            order.counted_in = active;
            value = saturating_add(value, metric == Metric::orders ? 1 : m.amount);
            maybe_complete(m);
            continue;
        }
        // A refund, withdrawal or edit moves the active step only if the order
        // counted there; an edit that raises a spend step can complete it.
        Money removed = order.spend - m.amount;
        bool was_counting = order.spend > 0;
        order.spend = m.amount;
        if (order.counted_in != active || active >= n) continue;
        if (p.steps[active].metric == Metric::spend) {
            value = std::max<std::int64_t>(0, saturating_add(value, -removed));
            if (removed < 0) maybe_complete(m);
        } else if (was_counting && order.spend == 0) {
            value = std::max<std::int64_t>(0, value - 1);
        }
    }

    report.completed = active >= n;
    if (report.completed) {
        report.current_step.reset();
        report.progress_tenths = 1000;
        return;
    }
    report.current_step = active;
    report.steps[active].state = StepState::active;
    report.steps[active].value = value;
    const std::int64_t target = p.steps[active].target;
    report.progress_tenths = percent_tenths(static_cast<std::int64_t>(active) * target + std::min(value, target),
                                            static_cast<std::int64_t>(n) * target);
}

}  // namespace stepwise::detail
