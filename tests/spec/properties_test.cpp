// Properties of evaluation on seeded random programs and histories (generator.hpp):
// order independence, duplicate tolerance, incremental == full evaluation, report
// invariants, the as_of cut and projections. Scale, extreme values and hostile input
// are in limits_test.cpp.
#include <algorithm>
#include <map>
#include <set>

#include "generator.hpp"
#include "invariants.hpp"
#include "support.hpp"

using namespace stepwise;
using ut::Case;
using ut::Generator;
using ut::kCaseStart;
using ut::random_case;

namespace {

std::string report_text(const Program& p, const History& h, Time as_of) { return report_json(p, evaluate(p, h, as_of)); }

}  // namespace

TEST_CASE("evaluation does not depend on event order", "[properties][R-EVENT-ORDER][R-REPORT-BYTES]") {
    for (std::uint64_t seed = 1; seed <= 300; ++seed) {
        Case c = random_case(seed);
        Generator g(seed * 7919);
        Time as_of = kCaseStart + g.range(0, 150) * kMillisPerDay;
        std::string base = report_text(c.program, c.history, as_of);
        History shuffled = c.history;
        test::shuffle(shuffled.events, g.rng());
        INFO("seed " << seed);
        CHECK(report_text(c.program, shuffled, as_of) == base);
        std::reverse(shuffled.events.begin(), shuffled.events.end());
        CHECK(report_text(c.program, shuffled, as_of) == base);
    }
}

TEST_CASE("duplicated events count once", "[properties][R-EVENT-ONCE]") {
    for (std::uint64_t seed = 1001; seed <= 1300; ++seed) {
        Case c = random_case(seed);
        Generator g(seed);
        Time as_of = kCaseStart + 150 * kMillisPerDay;
        std::string base = report_text(c.program, c.history, as_of);
        History doubled = c.history;
        for (const Event& e : c.history.events)
            for (int copies = static_cast<int>(g.range(0, 2)); copies > 0; --copies) doubled.events.push_back(e);
        test::shuffle(doubled.events, g.rng());
        INFO("seed " << seed);
        CHECK(report_text(c.program, doubled, as_of) == base);
    }
}

// Feeding the events one at a time and issuing what newly_due says must issue exactly the full
// evaluation's awards and claw-backs, each once, at the time the full evaluation gives.
TEST_CASE("incremental evaluation issues exactly what full evaluation decides",
          "[properties][incremental][R-AWARD-KEY][R-AWARD-TIME][R-CLAWBACK]") {
    std::size_t total_awards = 0, total_clawbacks = 0;
    for (std::uint64_t seed = 2001; seed <= 2300; ++seed) {
        Case c = random_case(seed, 5, 40);
        std::vector<Event> sorted = c.history.events;
        std::sort(sorted.begin(), sorted.end(), ut::event_before);
        const Time final_as_of = sorted.back().at + (c.program.rules.refund_hold_days + 2) * kMillisPerDay;
        const Report full = evaluate(c.program, c.history, final_as_of);
        std::map<std::string, Time> full_awarded_at;
        for (const Award& a : full.awards) full_awarded_at[a.key] = a.awarded_at;

        std::set<std::string> issued, clawed;
        History prefix = c.history;
        for (std::size_t k = 1; k <= sorted.size(); ++k) {
            prefix.events.assign(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(k));
            Report r = evaluate(c.program, prefix, sorted[k - 1].at);
            Due due = newly_due(r, issued, clawed);
            INFO("seed " << seed << " after event " << k << " (" << sorted[k - 1].id << ")");
            for (const Award& a : due.awards) {
                // A decision, once made, is never unmade by later events.
                INFO("award " << a.key);
                REQUIRE(full_awarded_at.count(a.key) == 1);
                CHECK(full_awarded_at[a.key] == a.awarded_at);
                CHECK(issued.insert(a.key).second);
            }
            for (const Clawback& cb : due.clawbacks) {
                CHECK(issued.count(cb.key) == 1);  // issued first, then clawed back
                CHECK(clawed.insert(cb.key).second);
            }
            // Re-evaluating the same history yields nothing new.
            Due again = newly_due(evaluate(c.program, prefix, sorted[k - 1].at), issued, clawed);
            CHECK(again.awards.empty());
            CHECK(again.clawbacks.empty());
        }
        Due last = newly_due(full, issued, clawed);
        for (const Award& a : last.awards) issued.insert(a.key);
        for (const Clawback& cb : last.clawbacks) clawed.insert(cb.key);
        auto keys = ut::award_keys(full);
        auto cks = ut::clawback_keys(full);
        INFO("seed " << seed);
        CHECK(issued == std::set<std::string>(keys.begin(), keys.end()));
        CHECK(clawed == std::set<std::string>(cks.begin(), cks.end()));
        CHECK(issued.size() == full.awards.size());  // keys unique within a report
        CHECK(newly_due(full, issued, clawed).awards.empty());
        total_awards += full.awards.size();
        total_clawbacks += full.clawbacks.size();
    }
    // The generator must reach awards and claw-backs, or the property is vacuous.
    CHECK(total_awards > 300);
    CHECK(total_clawbacks > 10);
}

TEST_CASE("reports keep their invariants",
          "[properties][invariants][R-AWARD-KEY][R-AWARD-EXPIRY][R-DATES][R-INACTIVE][R-CLAWBACK][R-TIER-ONCE]"
          "[R-TIER-REPEAT][R-NEXT][R-JOURNEY-SEQ][R-PCT]") {
    for (std::uint64_t seed = 3001; seed <= 3300; ++seed) {
        Case c = random_case(seed);
        Generator g(seed);
        Time as_of = kCaseStart + g.range(0, 150) * kMillisPerDay + g.range(0, 86399999);
        INFO("seed " << seed);
        ut::check_invariants(c.program, evaluate(c.program, c.history, as_of), as_of);
    }
}

TEST_CASE("events after as_of change nothing", "[properties][R-TIME][R-REPORT-BYTES]") {
    for (std::uint64_t seed = 4001; seed <= 4200; ++seed) {
        Case c = random_case(seed);
        Generator g(seed);
        Time as_of = kCaseStart + g.range(10, 130) * kMillisPerDay;
        History past = c.history;
        past.events.erase(std::remove_if(past.events.begin(), past.events.end(), [&](const Event& e) { return e.at > as_of; }),
                          past.events.end());
        INFO("seed " << seed);
        CHECK(report_text(c.program, past, as_of) == report_text(c.program, c.history, as_of));
    }
}

TEST_CASE("a projection's before report is the plain evaluation", "[properties][projection][R-PROJECTION]") {
    for (std::uint64_t seed = 5001; seed <= 5100; ++seed) {
        Case c = random_case(seed);
        Generator g(seed);
        Time as_of = kCaseStart + g.range(0, 150) * kMillisPerDay;
        Cart cart;
        cart.subtotal = cart.total = g.range(0, 50000);
        cart.items = {Item{"sku", g.range(0, 3), cart.subtotal, {"shoes"}}};
        Projection pr = project(c.program, c.history, as_of, cart);
        INFO("seed " << seed);
        CHECK(report_json(c.program, pr.before) == report_text(c.program, c.history, as_of));
        ut::check_invariants(c.program, pr.after, as_of);
        std::set<std::string> before;
        for (const Award& a : pr.before.awards) before.insert(a.key);
        for (const Award& a : pr.unlocked) CHECK(before.count(a.key) == 0);
    }
}
