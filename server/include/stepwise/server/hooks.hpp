// Hooks for code that links the awarding service (the C++ counterpart of the
// seed's walletpro_milestone_should_award / _awarded / _spend_recalculated).
//
// The server exposes the same three as optional webhooks (serve --webhook-*);
// see docs/server.md.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "stepwise/stepwise.hpp"

namespace stepwise::server {

// What the engine decided, handed to `should_award` before anything is written.
struct AwardContext {
    const std::string& customer_id;
    const Program& program;
    const Step& step;
    const Award& award;    // key, occurrence, awarded_at, expires_at
    const Report& report;  // the evaluation that decided it
    Money current_spend;   // report.qualifying_spend (tiers), 0 for journeys
};

// An award the server recorded (after the transaction committed).
struct IssuedAward {
    std::string customer_id, program_id, step_id, step_name, key;
    int occurrence = 1;
    Time awarded_at = 0;
    std::optional<Time> expires_at;
    std::string state;          // "issued", "vetoed", "pending_choice"
    std::string source;         // "engine" or "manual"
    Money store_credit = 0;     // credited to the wallet (minor units)
    Money store_credit_requested = 0;  // what the rewards grant (more than store_credit when the balance maximum capped it)
    std::optional<std::int64_t> transaction_id;  // the ledger row of the credit
    std::vector<Reward> rewards;                 // what was issued (empty while a choice is pending)
};

struct AppliedClawback {
    std::string customer_id, program_id, key;
    Time at = 0;
    Money amount = 0;     // store credit taken back (or due, when not collected)
    bool collected = true;
    std::optional<std::int64_t> transaction_id;
};

// Store credit or a reward that lapsed unused (the expiry sweep).
struct ExpiredReward {
    std::string customer_id, program_id, key, type;  // type: the reward type, e.g. "store_credit"
    Time at = 0;
    Money amount = 0;                            // store credit taken back (0 for other rewards)
    std::optional<std::int64_t> transaction_id;  // the ledger row of the expiry debit
    std::optional<std::int64_t> reward_id;
};

class Hooks {
public:
    virtual ~Hooks() = default;
    // Called inside the awarding transaction, once per award decision. Return
    // false to veto: the decision is recorded as "vetoed" (so it is not asked
    // again for the same key) and nothing is credited. Keep it fast and pure:
    // the transaction may be retried, so it can be called again for the same key.
    virtual bool should_award(const AwardContext&) { return true; }
    // After commit, once per recorded award (vetoed ones included, see state).
    virtual void awarded(const IssuedAward&) {}
    // After commit, once per claw-back.
    virtual void clawed_back(const AppliedClawback&) {}
    // After commit, once per expired credit or reward.
    virtual void expired(const ExpiredReward&) {}
    // After commit, when ingesting events re-evaluated a tiers program for a
    // customer: the qualifying spend now, and the event that triggered it.
    virtual void spend_recalculated(const std::string& /*customer_id*/, const std::string& /*program_id*/,
                                    Money /*spend*/, const std::string& /*trigger_event_id*/,
                                    const std::string& /*order_id*/) {}
};

}  // namespace stepwise::server
