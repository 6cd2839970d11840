// What-if: the report as it would be if the shopper's cart counted now.
#include <set>
#include <tuple>

#include "evaluators.hpp"
#include "spend.hpp"

namespace stepwise {

Projection project(const Program& p, const History& h, Time as_of, const Cart& cart) {
    Projection out;
    out.before = detail::evaluate_with(p, h, as_of, nullptr);
    out.after = detail::evaluate_with(p, h, as_of, &cart);
    std::set<std::string> had;
    for (const Award& a : out.before.awards) had.insert(a.key);
    std::set<std::size_t> steps;
    for (const Award& a : out.after.awards)
        if (!had.count(a.key)) {
            out.unlocked.push_back(a);
            steps.insert(a.step_index);
        }
    if (p.kind == ProgramKind::journey) {
        // Completion shows even where nothing is awarded (inactive program, preview).
        for (std::size_t i = 0; i < out.after.steps.size() && i < out.before.steps.size(); ++i)
            if (out.after.steps[i].state == StepState::completed && out.before.steps[i].state != StepState::completed)
                steps.insert(i);
    }
    out.completes_steps.assign(steps.begin(), steps.end());
    // The cart counts only inside the program's dates.
    bool counts = (!p.starts_at || as_of >= *p.starts_at) && (!p.ends_at || as_of <= *p.ends_at);
    out.adds_spend = !counts ? 0 : detail::order_base_spend(p, cart.subtotal, cart.tax, cart.shipping, cart.total, cart.wallet_paid,
                                              cart.items);
    std::tie(out.min_order_short, out.min_quantity_short) =
        detail::min_order_short(p, cart.subtotal, cart.tax, cart.shipping, cart.total, cart.items);
    // A completed step keeps what it needed; the rest of the cart goes nowhere
    // (a step that counts orders needed no spend).
    if (p.kind == ProgramKind::journey && !out.completes_steps.empty()) {
        std::size_t i = out.completes_steps.front();  // the step the cart counts in (later ones: granted)
        const StepProgress& before = out.before.steps[i];
        Money needed = p.steps[i].metric == Metric::spend ? before.target - before.value : 0;
        if (out.completes_steps.back() + 1 < p.steps.size() && out.adds_spend > needed)
            out.not_carried = out.adds_spend - needed;
    }
    return out;
}

}  // namespace stepwise
