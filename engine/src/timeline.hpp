// Turns a history into the ordered list of moments at which measured values
// change: order contributions, refunds, edits, withdrawals, window exits and the
// counting events. Tiers and journeys both walk this one list.
#pragma once
#include <cstdint>
#include <vector>

#include "spend.hpp"
#include "stepwise/evaluate.hpp"

namespace stepwise::detail {

// `edit`: a later order event changed the order's spend (up or down).
enum class MomentKind : std::uint8_t { window_exit, contribution, refund, withdrawal, count, grant, edit };

struct Moment {
    Time at = 0;
    std::uint8_t priority = 1;  // window exits (0) come first at a given time
    std::uint32_t seq = 0;      // position of the causing event in (at, id) order
    MomentKind kind = MomentKind::count;
    Metric metric = Metric::orders;  // count moments only
    std::uint32_t order = 0;         // order moments: index into Timeline::order_count; grants: the step
    std::int64_t amount = 0;         // contribution: spend; refund, edit: spend after; count: units
};

struct Timeline {
    std::vector<Moment> moments;  // sorted, none later than as_of
    std::uint32_t order_count = 0;
    std::vector<const std::string*> order_ids;  // by order index; null for a projected cart
    std::vector<PendingOrder> pending;
};

// Fills `out` (emptied first; its buffers are reused). `cart`, when given, is
// an order placed at as_of that counts at once.
void build_timeline(const Program& program, const History& history, Time as_of, const Cart* cart, Timeline& out);

// Gives a reused timeline's memory back after a huge history, as the timeline's
// own scratch does, so that a thread does not keep it for its lifetime.
void release_if_large(Timeline& timeline);

}  // namespace stepwise::detail
