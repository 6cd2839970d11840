// Spend tiers: one-time thresholds on the windowed spend S(t), and repeating
// tiers with their own carry-over counters (CONTRACT.md rules 5-7).
#include <algorithm>

#include "evaluators.hpp"

namespace stepwise::detail {

namespace {

struct TierState {
    int occurrences = 0;                      // awards decided so far (clawed back or not)
    std::optional<std::size_t> standing;      // one-time: the award that holds, index into report.awards
                                              // (never set when nothing is awarded: inactive, ineligible)
    bool reached = false;                     // one-time: S reached the threshold (kept for display)
    bool granted = false;                     // one-time: the merchant awarded it by hand (no claw-back)
    Money counter = 0;                        // repeating: spend toward the next occurrence
};

struct OrderState {
    Money spend = 0;
    bool in_window = false;
};

}  // namespace

// The id of the order a moment belongs to ("" for a projected cart).
static const std::string& order_id_of(const Timeline& timeline, const Moment& m) {
    static const std::string none;
    const std::string* id = timeline.order_ids[m.order];
    return id ? *id : none;
}

void evaluate_tiers(const Program& p, const Timeline& timeline, Report& report) {
    const std::size_t n = p.steps.size();
    std::vector<TierState> tiers(n);
    std::vector<OrderState> orders(timeline.order_count);
    Money spend = 0;  // S(t)

    auto award = [&](std::size_t i, const Moment& m) {
        TierState& tier = tiers[i];
        ++tier.occurrences;
        std::size_t before = report.awards.size();
        decide_award(p, i, tier.occurrences, m.at, report,
                     m.kind == MomentKind::grant ? nullptr : timeline.order_ids[m.order]);
        if (report.awards.size() > before) tier.standing = before;
    };

    // Spend added at m (a contribution, or an edit raising an order): S grows
    // while the order is in the window, repeating counters always.
    auto add = [&](const Moment& m, Money added, bool in_window) {
        if (in_window) spend = saturating_add(spend, added);
        for (std::size_t i = 0; i < n; ++i) {
            const Step& step = p.steps[i];
            TierState& tier = tiers[i];
            if (step.repeating) {
                tier.counter = saturating_add(tier.counter, added);
                while (tier.counter >= step.target && tier.occurrences < kMaxOccurrences) {
                    tier.counter -= step.target;
                    award(i, m);
                }
            } else if (!tier.reached && spend >= step.target) {
                tier.reached = true;
                award(i, m);
            }
        }
    };

    for (const Moment& m : timeline.moments) {
        const bool of_order = m.kind != MomentKind::count && m.kind != MomentKind::grant;
        OrderState* order = of_order ? &orders[m.order] : nullptr;
        switch (m.kind) {
            case MomentKind::count: break;
            case MomentKind::grant: {
                // A one-time tier granted by hand counts as earned from then on;
                // repeating tiers' manual awards are extra and change nothing here.
                TierState& tier = tiers[m.order];
                if (p.steps[m.order].repeating || tier.reached) break;
                tier.reached = tier.granted = true;
                award(m.order, m);
                break;
            }
            case MomentKind::window_exit:
                if (order->in_window) spend -= order->spend;
                order->in_window = false;
                break;
            case MomentKind::contribution:
                order->spend = m.amount;
                order->in_window = true;
                add(m, m.amount, true);
                break;
            case MomentKind::edit:
            case MomentKind::refund:
            case MomentKind::withdrawal: {
                if (m.amount > order->spend) {  // an edit raised the order
                    Money added = m.amount - order->spend;
                    order->spend = m.amount;
                    add(m, added, order->in_window);
                    break;
                }
                // A fall, whatever its cause, is a refund: it may claw back.
                Money removed = order->spend - m.amount;
                Money before = spend;
                order->spend = m.amount;
                if (order->in_window) spend -= removed;
                for (std::size_t i = 0; i < n; ++i) {
                    const Step& step = p.steps[i];
                    TierState& tier = tiers[i];
                    if (step.repeating) {
                        tier.counter = std::max<Money>(0, tier.counter - removed);
                    } else if (p.rules.clawback_on_refund && tier.reached && !tier.granted && before >= step.target &&
                               spend < step.target) {
                        // The award is taken back and the tier can be earned again.
                        tier.reached = false;
                        if (tier.standing) {
                            Award& a = report.awards[*tier.standing];
                            a.clawed_back_at = m.at;
                            report.clawbacks.push_back({a.key, i, m.at, order_id_of(timeline, m)});
                            tier.standing.reset();
                        }
                    }
                }
                break;
            }
        }
    }

    report.qualifying_spend = spend;
    report.tiers.resize(n);
    for (const Award& a : report.awards)
        if (!a.clawed_back_at) ++report.tiers[a.step_index].times_awarded;
    std::optional<std::size_t> next;
    Money next_remaining = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const Step& step = p.steps[i];
        TierProgress& progress = report.tiers[i];
        progress.counter = step.repeating ? tiers[i].counter : spend;
        progress.can_award = step.status == Status::active && !report.ended && report.eligible &&
                             (step.repeating || !tiers[i].standing);
        if (!progress.can_award) continue;
        Money remaining = std::max<Money>(0, step.target - progress.counter);
        if (!next || remaining < next_remaining) next = i, next_remaining = remaining;
    }
    report.next_milestone = next;
}

}  // namespace stepwise::detail
