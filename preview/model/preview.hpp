// The preview session: the program draft, the simulated customer, the "as of"
// time and what the engine says about them. Nothing here draws; the UI reads
// this model and calls its operations, and the web page reads state_json().
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "customer_sim.hpp"
#include "program_draft.hpp"

namespace stepwise::preview {

// The engine's answer for the current draft, history and as-of time.
struct Evaluation {
    bool ok = false;                 // both inputs valid: report and view are set
    Errors program_errors, history_errors;
    std::optional<Program> program;  // what was evaluated; owns the rewards `view` points at
    std::string program_json;        // it, in the engine's canonical form
    Report report;
    std::string report_json;         // byte-identical to `stepwise eval` (without its newline)
    ViewModel view;
    std::string view_json;           // what the storefront widget draws
};

// One line of the awards log (from the report, formatted by the engine).
struct AwardRow {
    std::string key, step_id, step_name, awarded_at, expires_at, clawed_back_at;
    std::string rewards;  // "100 points, free shipping"
    std::optional<int> pick;
};

class Preview {
public:
    Preview();

    ProgramDraft program;
    CustomerSim customer;

    Time as_of() const { return as_of_; }
    void set_as_of(Time t);
    // The slider's range: from the program's start (or the first event) to 60
    // days after the last event, the as-of time or the end date.
    Time range_begin() const;
    Time range_end() const;

    // Changes whenever anything the engine sees changes (program, history,
    // as-of) or the permission does: the web page refreshes the widget on it.
    std::uint64_t revision() const;

    // A new, blank journey and a new customer, as of its start.
    void new_program();

    // When on, new_program() and load_example() give the draft a fresh id
    // (journey-x7k2q9), so that saving a new draft creates a program and never
    // replaces one on the server. Off by default: tests want fixed ids.
    bool fresh_ids = false;

    // A program that is off awards nothing (it is evaluated for display only).
    // To preview the awards it will make, the simulator evaluates it as if it
    // were on; the draft itself keeps its status. On by default.
    bool simulate_as_active() const { return simulate_as_active_; }
    void set_simulate_as_active(bool on);

    // The engine's verdict, recomputed when the revision changes.
    const Evaluation& evaluation() const;
    std::vector<AwardRow> awards_log() const;

    // ---- store-credit permission, asked once ------------------------------
    // Choosing store credit (a new reward, or changing a reward's type) needs
    // the merchant's one-time grant. Without it the choice waits in
    // pending_permission() until grant_store_credit() applies it or
    // decline_store_credit() drops it. Other reward types apply at once.
    // reward = nullopt adds a new reward. Returns true when applied.
    bool choose_reward(std::size_t step, std::optional<std::size_t> reward, RewardType type);
    bool permission_pending() const { return pending_.has_value(); }
    void grant_store_credit();
    void decline_store_credit();
    bool store_credit_granted() const { return store_credit_granted_; }
    void set_store_credit_granted(bool granted);  // restored from the host (a merchant-wide setting)
    int permission_prompts() const { return prompts_; }

    // Everything the host page needs, in one JSON object:
    // {"program":{...},"history":{...},"as_of":"...","valid":bool,
    //  "errors":[{"input":"program"|"history","pointer":"...","message":"..."}],
    //  "evaluated_program":{...}|null,"report":{...}|null,"view":{...}|null,
    //  "store_credit_permission":bool,"revision":n}
    // "program" is the draft as the merchant wrote it (what gets saved);
    // "evaluated_program" is what the engine evaluated (canonical form, status
    // "active" when simulating as if on), so that the storefront widget and
    // `stepwise eval` given it, "history" and "as_of" print "report" exactly.
    std::string state_json() const;

    // Loads the seed's example journey ("Place 3 orders -> Write 2 reviews ->
    // Refer 1 friend") and a fresh customer.
    void load_example();

private:
    struct PendingChoice {
        std::size_t step;
        std::optional<std::size_t> reward;
        RewardType type;
    };
    void apply(const PendingChoice& c);

    Time as_of_ = 0;
    std::uint64_t own_revision_ = next_revision();
    bool store_credit_granted_ = false;
    bool simulate_as_active_ = true;
    int prompts_ = 0;
    std::optional<PendingChoice> pending_;
    mutable std::uint64_t evaluated_key_[4] = {0, 0, 0, 0};
    mutable std::unique_ptr<Evaluation> evaluation_;
};

// The seed's example journey as program JSON.
extern const char* const kExampleJourney;

// A random program id: "journey-" (or "tiers-") and 6 base-36 characters.
std::string fresh_program_id(ProgramKind kind);

}  // namespace stepwise::preview
