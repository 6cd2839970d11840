// The two program kinds, each a single pass over the timeline. They fill the
// kind-specific parts of a report whose common fields evaluate() has set.
#pragma once
#include "stepwise/report.hpp"
#include "timeline.hpp"

namespace stepwise::detail {

void evaluate_tiers(const Program& program, const Timeline& timeline, Report& report);
void evaluate_journey(const Program& program, const Timeline& timeline, Report& report);

// evaluate() with an optional cart counted at as_of (the what-if projection).
Report evaluate_with(const Program& program, const History& history, Time as_of, const Cart* cart);

// Records an award decision (when the report is awarding and the step active).
// `order_id`: the order whose moment decides it (null for a count event or a cart).
void decide_award(const Program& program, std::size_t step, int occurrence, Time at, Report& report,
                  const std::string* order_id = nullptr);

}  // namespace stepwise::detail
