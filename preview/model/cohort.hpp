// Cohort analytics: how many customers stand at each step of the draft and
// how many completed it. Every customer is evaluated by the engine; this
// file only counts the reports.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "program_draft.hpp"

namespace stepwise::preview {

struct FunnelRow {
    std::string step_id, label;
    int reached = 0;   // journey: the step is active or completed; tiers: the tier was earned
    int standing = 0;  // journey: the step is the active one; tiers: it is the next milestone
};

struct Funnel {
    bool ok = false;         // the draft is valid
    ProgramKind kind = ProgramKind::journey;
    int customers = 0;       // histories evaluated
    int rejected = 0;        // histories the engine refused (bad input)
    int completed = 0;       // journey completed
    std::vector<FunnelRow> rows;
    std::vector<std::string> problems;  // first few rejections, "customer 7: /events/2/at: ..."
};

// {"ok":true,"kind":"journey","customers":3,"rejected":0,"completed":0,
//  "rows":[{"step_id":"s1","label":"First Steps","reached":3,"standing":1},...],"problems":[...]}
std::string funnel_json(const Funnel& funnel);

class Cohort {
public:
    // A deterministic synthetic cohort: `size` customers with orders, reviews,
    // referrals, points and renewals spread over `days` days from `start`.
    void generate(int size, std::uint64_t seed, Time start, int days);
    // Histories from elsewhere (the server): a JSON array of histories, or an
    // object {"customers":[...]} of them. Returns an error message on refusal.
    std::optional<std::string> load_json(std::string_view text, const std::string& source);

    const std::vector<Doc>& histories() const { return histories_; }
    const std::string& source() const { return source_; }
    std::uint64_t revision() const { return revision_; }

    // Evaluates every history against `draft` as of `as_of` (cached).
    const Funnel& funnel(const ProgramDraft& draft, Time as_of) const;

private:
    std::vector<Doc> histories_;
    std::string source_ = "none (0 customers)";
    std::uint64_t revision_ = next_revision();
    mutable std::uint64_t key_[3] = {0, 0, 0};
    mutable Funnel funnel_;
};

}  // namespace stepwise::preview
