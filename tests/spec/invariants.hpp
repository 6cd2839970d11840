// Invariants every report must keep, whatever the program and history: the
// property and limit tests check them on generated and extreme inputs.
#pragma once
#include <map>
#include <optional>
#include <set>

#include "support.hpp"

namespace ut {

inline void check_invariants(const Program& p, const Report& r, Time as_of) {
    std::set<std::string> keys;
    std::map<std::size_t, int> last_occurrence;
    for (const Award& a : r.awards) {
        INFO("award " << a.key);
        CHECK(keys.insert(a.key).second);  // award keys never repeat
        REQUIRE(a.step_index < p.steps.size());
        CHECK(a.key == p.id + ":" + p.steps[a.step_index].id + ":" + std::to_string(a.occurrence));
        CHECK(a.occurrence == last_occurrence[a.step_index] + 1);
        last_occurrence[a.step_index] = a.occurrence;
        CHECK(a.awarded_at <= as_of);
        CHECK(p.steps[a.step_index].status == Status::active);
        if (p.rules.reward_expiry_days > 0)
            CHECK(a.expires_at == a.awarded_at + p.rules.reward_expiry_days * kMillisPerDay);
        else
            CHECK_FALSE(a.expires_at.has_value());
        if (p.starts_at) CHECK(a.awarded_at >= *p.starts_at);
        if (p.ends_at) CHECK(a.awarded_at <= *p.ends_at);
    }
    if (!r.awarding) CHECK(r.awards.empty());
    std::set<std::string> clawed;
    for (const Clawback& c : r.clawbacks) {
        INFO("clawback " << c.key);
        CHECK(clawed.insert(c.key).second);
        const Award* a = find_award(r, c.key);
        REQUIRE(a != nullptr);
        CHECK(a->clawed_back_at == c.at);
        CHECK(c.at >= a->awarded_at);
        CHECK_FALSE(p.steps[a->step_index].repeating);
    }
    for (const Award& a : r.awards)
        if (a.clawed_back_at) CHECK(clawed.count(a.key) == 1);
    if (p.kind == ProgramKind::tiers) {
        CHECK(r.qualifying_spend >= 0);
        REQUIRE(r.tiers.size() == p.steps.size());
        for (std::size_t i = 0; i < p.steps.size(); ++i) {
            int standing = 0;
            for (const Award& a : r.awards)
                if (a.step_index == i && !a.clawed_back_at) ++standing;
            CHECK(r.tiers[i].times_awarded == standing);
            CHECK(r.tiers[i].counter >= 0);
            if (!p.steps[i].repeating) CHECK(standing <= 1);
        }
        if (r.next_milestone) {
            CHECK(p.steps[*r.next_milestone].status == Status::active);
            CHECK_FALSE(r.ended);
            CHECK(r.eligible);
        }
        CHECK(r.clawbacks.size() <= r.awards.size());
        if (!p.rules.clawback_on_refund) CHECK(r.clawbacks.empty());
    } else {
        CHECK(r.clawbacks.empty());
        REQUIRE(r.steps.size() == p.steps.size());
        std::size_t i = 0;
        std::optional<Time> previous;
        for (; i < r.steps.size() && r.steps[i].state == StepState::completed; ++i) {
            REQUIRE(r.steps[i].completed_at.has_value());
            if (previous) CHECK(*r.steps[i].completed_at >= *previous);
            previous = r.steps[i].completed_at;
            CHECK(r.steps[i].value >= p.steps[i].target);
        }
        CHECK(r.completed == (i == r.steps.size()));
        if (i < r.steps.size()) {
            CHECK(r.current_step == std::optional<std::size_t>(i));
            CHECK(r.steps[i].state == StepState::active);
            CHECK(r.steps[i].value < p.steps[i].target);
            CHECK(r.steps[i].value >= 0);
            for (std::size_t k = i + 1; k < r.steps.size(); ++k) {
                CHECK(r.steps[k].state == StepState::locked);
                CHECK(r.steps[k].value == 0);
            }
            CHECK(r.progress_tenths < 1000);
        } else {
            CHECK_FALSE(r.current_step.has_value());
            CHECK(r.progress_tenths == 1000);
        }
    }
    CHECK(r.progress_tenths >= 0);
    CHECK(r.progress_tenths <= 1000);
    json doc = report_doc(p, r);
    CHECK(doc["as_of"] == format_time(as_of));
}

}  // namespace ut
