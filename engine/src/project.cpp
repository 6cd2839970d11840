// What-if: the report as it would be if the shopper's cart counted now.
#include <set>

#include "evaluators.hpp"

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
    return out;
}

}  // namespace stepwise
