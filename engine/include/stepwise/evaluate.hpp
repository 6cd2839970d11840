// The engine's decisions: evaluate, what-if projection, and the incremental
// "what is newly due" path used by the awarding server.
#pragma once
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "stepwise/history.hpp"
#include "stepwise/program.hpp"
#include "stepwise/report.hpp"

namespace stepwise {

// Evaluates `history` against `program` as of `as_of`. Both inputs must be
// valid (validate() / the JSON codec); the result is a pure function of them.
Report evaluate(const Program& program, const History& history, Time as_of);

// When a reward credited at `credited_at` expires under the program's
// `reward_expiry_days` (none when that is 0). Expiry runs from crediting, not
// from the award's moment, so a late or retroactive award keeps its whole life.
std::optional<Time> reward_expires_at(const Program& program, Time credited_at);

// The store credit a step grants: all of it when every reward is granted; with
// "customer picks N", the most the customer could pick (the N largest).
Money step_store_credit(const Step& step);

// A shopper's cart, counted as if it were a qualifying order placed at as_of
// (and already past any refund hold).
struct Cart {
    Money subtotal = 0, tax = 0, shipping = 0, total = 0, wallet_paid = 0;
    std::vector<Item> items;
};

struct Projection {
    Report before, after;
    std::vector<Award> unlocked;                 // awards `after` has and `before` lacks
    std::vector<std::size_t> completes_steps;    // journey steps the cart completes
    Money adds_spend = 0;                        // what the cart adds to the measured spend
    // What the cart lacks to meet the program's minimum order (0 when it meets
    // it or there is none): on the spend basis, and in item quantity.
    Money min_order_short = 0;
    std::int64_t min_quantity_short = 0;
    // Journey: the part of `adds_spend` a completed step does not use; it
    // counts toward no later step (no carry-over, semantics 9.2).
    Money not_carried = 0;
};

Projection project(const Program& program, const History& history, Time as_of, const Cart& cart);

// What the server still has to do, given what it already did.
struct Due {
    std::vector<Award> awards;        // to issue now
    std::vector<Clawback> clawbacks;  // to apply now
};

// `issued`: keys of awards already issued; `clawed`: keys already clawed back.
// Awards clawed back within the same evaluation are still issued first and
// then clawed back, so the ledger tells the whole story.
Due newly_due(const Report& report, const std::set<std::string>& issued,
              const std::set<std::string>& clawed);

}  // namespace stepwise
