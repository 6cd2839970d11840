// What evaluation decides: progress for display and the list of award decisions.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "stepwise/program.hpp"

namespace stepwise {

// A repeating tier decides at most this many occurrences per evaluation; spend
// beyond that stays in its counter. It bounds the work a huge order against a
// tiny threshold can cause (10^15 cents against $1 would be 10^13 awards).
constexpr int kMaxOccurrences = 10000;

// One award decision. `key` ("program:step:occurrence") makes it exactly-once.
struct Award {
    std::string key;
    std::size_t step_index = 0;
    std::string step_id;
    int occurrence = 1;
    Time awarded_at = 0;
    std::optional<Time> expires_at;
    std::optional<Time> clawed_back_at;  // set when a later claw-back revoked it
    std::string order_id;                // the order whose counting decided it ("" for other events)
};

// A refund or cancellation took back an earlier award (clawback_on_refund).
struct Clawback {
    std::string key;  // the award's key
    std::size_t step_index = 0;
    Time at = 0;
    std::string order_id;  // the refunded or cancelled order
};

enum class StepState { completed, active, locked };

struct StepProgress {
    std::int64_t value = 0;      // metric's units (minor units for spend)
    std::int64_t target = 0;
    StepState state = StepState::locked;
    std::optional<Time> completed_at;
    std::optional<Time> active_since;
};

// A tier's standing at as_of.
struct TierProgress {
    std::int64_t counter = 0;  // spend toward the next occurrence (repeating) or S (one-time)
    int times_awarded = 0;      // awards not clawed back
    bool can_award = false;     // active tier that could still award
};

// An order that qualified but waits out the refund hold.
struct PendingOrder {
    std::string order_id;
    Time counts_at = 0;
    Money spend = 0;
};

struct Report {
    std::string customer_id, program_id;
    ProgramKind kind = ProgramKind::journey;
    Time as_of = 0;
    bool eligible = true;     // customer's roles allow earning
    bool awarding = true;     // program active and eligible: decisions are real
    bool ended = false;       // as_of is after ends_at
    // tiers
    Money qualifying_spend = 0;
    std::vector<TierProgress> tiers;           // one per step
    std::optional<std::size_t> next_milestone; // index into steps
    // journey
    std::vector<StepProgress> steps;           // one per step
    std::optional<std::size_t> current_step;   // null once completed
    bool completed = false;
    std::int64_t progress_tenths = 0;          // overall, tenths of a percent
    // both
    std::vector<Award> awards;        // in decision order
    std::vector<Clawback> clawbacks;  // in decision order
    std::vector<PendingOrder> pending;
};

const char* to_string(StepState);

}  // namespace stepwise
