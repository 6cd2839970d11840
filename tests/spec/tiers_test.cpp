// Spend tiers (CONTRACT.md rules 1-7, 9, 10 and docs/decisions.md "Tiers"),
// through the C++ API.
#include "support.hpp"

using namespace stepwise;
using namespace ut;

namespace {

const char* kAsOf = "2026-12-31T00:00:00Z";

Program one_tier(Money threshold, bool repeating = false) {
    return tiers_program("p", {tier("t", threshold, repeating, {credit(100)})});
}

}  // namespace

TEST_CASE("seed example: $520 earns three credits, the repeating tier is next", "[tiers][seed][R-TIER-ONCE][R-NEXT]") {
    Program p = seed_tiers();
    History h = history({order("e1", "2026-03-01T15:00:00Z", "1001", 8000), order("e2", "2026-03-10T18:30:00Z", "1002", 15000),
                         order("e3", "2026-04-02T12:00:00Z", "1003", 29000)});
    Report r = eval(p, h, "2026-06-01T00:00:00Z");
    CHECK(r.qualifying_spend == 52000);
    CHECK(award_keys(r) == std::vector<std::string>{"spend:first-steps:1", "spend:silver:1", "spend:gold:1"});
    CHECK(r.awards[0].awarded_at == T("2026-03-10T18:30:00Z"));
    CHECK(r.awards[1].awarded_at == T("2026-04-02T12:00:00Z"));
    CHECK(r.awards[2].awarded_at == T("2026-04-02T12:00:00Z"));
    REQUIRE(r.next_milestone.has_value());
    CHECK(*r.next_milestone == 3);
    CHECK(r.tiers[3].counter == 52000);
    json doc = report_doc(p, r);
    CHECK(doc["next_milestone"]["remaining"] == "480.00");
    CHECK(doc["next_milestone"]["progress_pct"] == 52);
    CHECK(doc["next_milestone"]["reward_amount"] == "75.00");
}

TEST_CASE("seed example: $312.50 has Gold next at 62.5%", "[tiers][seed][R-NEXT][R-PCT]") {
    Program p = seed_tiers();
    History h = history({order("e1", "2026-03-15T10:22:00Z", "1", 11250), order("e2", "2026-05-02T14:08:00Z", "2", 20000)});
    Report r = eval(p, h, "2026-06-01T00:00:00Z");
    CHECK(r.qualifying_spend == 31250);
    REQUIRE(r.next_milestone == std::optional<std::size_t>(2));
    json doc = report_doc(p, r);
    CHECK(doc["qualifying_spend"] == "312.50");
    CHECK(doc["next_milestone"]["id"] == "gold");
    CHECK(doc["next_milestone"]["threshold"] == "500.00");
    CHECK(doc["next_milestone"]["remaining"] == "187.50");
    CHECK(doc["next_milestone"]["progress_pct"] == 62.5);
    CHECK(doc["milestones_earned"].size() == 2);
}

TEST_CASE("a threshold is reached when spend equals it, not a cent before", "[tiers][R-TIER-ONCE]") {
    Program p = one_tier(10000);
    Report below = eval(p, history({order("a", "2026-01-01T00:00:00Z", "1", 9999)}), kAsOf);
    CHECK(below.awards.empty());
    CHECK(report_doc(p, below)["tiers"][0]["progress_pct"] == 99.9);
    Report exact = eval(p, history({order("a", "2026-01-01T00:00:00Z", "1", 10000)}), kAsOf);
    CHECK(award_keys(exact) == std::vector<std::string>{"p:t:1"});
}

TEST_CASE("one order crossing several thresholds awards all of them at its time, in program order",
          "[tiers][R-TIER-ONCE][R-AWARD-TIME]") {
    Program p = seed_tiers();
    Report r = eval(p, history({order("big", "2026-02-14T09:30:00Z", "1", 235000)}), kAsOf);
    CHECK(award_keys(r) == std::vector<std::string>{"spend:first-steps:1", "spend:silver:1", "spend:gold:1",
                                                    "spend:loyalty-loop:1", "spend:loyalty-loop:2"});
    for (const Award& a : r.awards) CHECK(a.awarded_at == T("2026-02-14T09:30:00Z"));
    CHECK(r.tiers[3].counter == 35000);
    CHECK(r.tiers[3].times_awarded == 2);
}

TEST_CASE("a one-time tier is earned once, however far spend goes", "[tiers][R-TIER-ONCE]") {
    Program p = one_tier(10000);
    History h = history({order("a", "2026-01-01T00:00:00Z", "1", 10000), order("b", "2026-01-02T00:00:00Z", "2", 10000),
                         order("c", "2026-01-03T00:00:00Z", "3", 50000)});
    Report r = eval(p, h, kAsOf);
    CHECK(award_keys(r) == std::vector<std::string>{"p:t:1"});
    CHECK(r.awards[0].awarded_at == T("2026-01-01T00:00:00Z"));
    CHECK(r.tiers[0].times_awarded == 1);
    CHECK_FALSE(r.next_milestone.has_value());
}

TEST_CASE("a repeating tier keeps its own counter and carries the excess", "[tiers][repeating][R-TIER-REPEAT]") {
    // docs/semantics.md 8.3: 700, 450, 2100, refund 400 on an old order.
    Program p = tiers_program("spend", {tier("loyalty-loop", 100000, true, {credit(7500)})});
    History h = history({order("o1", "2026-01-10T00:00:00Z", "A", 70000), order("o2", "2026-02-10T00:00:00Z", "B", 45000),
                         order("o3", "2026-03-10T00:00:00Z", "C", 210000), refund("r1", "2026-04-10T00:00:00Z", "A", 40000)});
    Report r = eval(p, h, kAsOf);
    CHECK(award_keys(r) ==
          std::vector<std::string>{"spend:loyalty-loop:1", "spend:loyalty-loop:2", "spend:loyalty-loop:3"});
    CHECK(r.awards[0].awarded_at == T("2026-02-10T00:00:00Z"));
    CHECK(r.awards[1].awarded_at == T("2026-03-10T00:00:00Z"));
    CHECK(r.awards[2].awarded_at == T("2026-03-10T00:00:00Z"));
    CHECK(r.tiers[0].counter == 0);  // 250.00 less the 400.00 refund, never below zero
    CHECK(r.qualifying_spend == 285000);
    // The next award needs another full 1000.00.
    h.events.push_back(order("o4", "2026-05-01T00:00:00Z", "D", 99999));
    CHECK(eval(p, h, kAsOf).awards.size() == 3);
    h.events.push_back(order("o5", "2026-05-02T00:00:00Z", "E", 1));
    Report more = eval(p, h, kAsOf);
    CHECK(more.awards.size() == 4);
    CHECK(more.awards.back().key == "spend:loyalty-loop:4");
}

TEST_CASE("a withdrawal takes its spend off a repeating counter; repeating tiers are never clawed back",
          "[tiers][repeating][R-TIER-REPEAT][R-CLAWBACK]") {
    Program p = tiers_program("p", {tier("loop", 10000, true)});
    p.rules.clawback_on_refund = true;
    History h = history({order("a", "2026-01-01T00:00:00Z", "1", 15000), order("b", "2026-01-02T00:00:00Z", "2", 3000),
                         order_status("c", "2026-01-03T00:00:00Z", "2", "cancelled")});
    Report r = eval(p, h, kAsOf);
    CHECK(award_keys(r) == std::vector<std::string>{"p:loop:1"});
    CHECK(r.tiers[0].counter == 5000);  // 50.00 + 30.00 - 30.00
    CHECK(r.clawbacks.empty());
    h.events.push_back(refund("d", "2026-01-04T00:00:00Z", "1", 15000));
    Report refunded = eval(p, h, kAsOf);
    CHECK(refunded.clawbacks.empty());
    CHECK(refunded.tiers[0].counter == 0);
    CHECK_FALSE(refunded.awards[0].clawed_back_at.has_value());
}

TEST_CASE("the repeating counter ignores the window", "[tiers][repeating][window][R-TIER-REPEAT][R-TIER-SPEND]") {
    Program p = tiers_program("p", {tier("loop", 10000, true)});
    p.rules.window.kind = WindowKind::rolling_days;
    p.rules.window.days = 10;
    History h = history({order("a", "2026-01-01T00:00:00Z", "1", 6000), order("b", "2026-03-01T00:00:00Z", "2", 6000)});
    Report r = eval(p, h, "2026-03-02T00:00:00Z");
    CHECK(r.qualifying_spend == 6000);
    CHECK(award_keys(r) == std::vector<std::string>{"p:loop:1"});
    CHECK(r.tiers[0].counter == 2000);
}

TEST_CASE("a repeating tier decides at most kMaxOccurrences awards per evaluation",
          "[tiers][repeating][limits][R-TIER-REPEAT]") {
    Program p = tiers_program("p", {tier("loop", 100, true)});  // $1
    Report r = eval(p, history({order("a", "2026-01-01T00:00:00Z", "1", 2000000)}), kAsOf);  // $20,000
    CHECK(r.awards.size() == static_cast<std::size_t>(kMaxOccurrences));
    CHECK(r.tiers[0].times_awarded == kMaxOccurrences);
    CHECK(r.tiers[0].counter == 2000000 - 100 * kMaxOccurrences);
    CHECK(r.awards.back().key == "p:loop:" + std::to_string(kMaxOccurrences));
    Report huge = eval(p, history({order("a", "2026-01-01T00:00:00Z", "1", kMaxAmount)}), kAsOf);
    CHECK(huge.awards.size() == static_cast<std::size_t>(kMaxOccurrences));
}

TEST_CASE("refunds lower spend, never below zero, and keep awards without claw-back",
          "[tiers][refund][R-ORDER-SPEND][R-CLAWBACK]") {
    Program p = seed_tiers();
    History h = history({order("a", "2026-01-01T00:00:00Z", "1", 30000), order("b", "2026-01-02T00:00:00Z", "2", 5000),
                         refund("r1", "2026-01-03T00:00:00Z", "1", 20000), refund("r2", "2026-01-04T00:00:00Z", "1", 50000)});
    Report r = eval(p, h, kAsOf);
    CHECK(r.qualifying_spend == 5000);  // order 1 floors at 0; order 2 untouched
    CHECK(award_keys(r) == std::vector<std::string>{"spend:first-steps:1", "spend:silver:1"});
    CHECK(r.clawbacks.empty());
    for (const Award& a : r.awards) CHECK_FALSE(a.clawed_back_at.has_value());
    CHECK(r.tiers[0].times_awarded == 1);
}

TEST_CASE("claw-back on refund, then re-earning as occurrence 2", "[tiers][clawback][R-CLAWBACK][R-AWARD-KEY]") {
    Program p = seed_tiers();
    p.rules.clawback_on_refund = true;
    History h = history({order("e1", "2026-03-01T15:00:00Z", "1001", 8000), order("e2", "2026-03-10T18:30:00Z", "1002", 15000),
                         order("e3", "2026-04-02T12:00:00Z", "1003", 29000), refund("e4", "2026-05-05T00:00:00Z", "1003", 3000),
                         order("e5", "2026-05-20T00:00:00Z", "1004", 2500)});
    Report r = eval(p, h, "2026-06-01T00:00:00Z");
    CHECK(award_keys(r) ==
          std::vector<std::string>{"spend:first-steps:1", "spend:silver:1", "spend:gold:1", "spend:gold:2"});
    CHECK(clawback_keys(r) == std::vector<std::string>{"spend:gold:1"});
    REQUIRE(r.clawbacks.size() == 1);
    CHECK(r.clawbacks[0].at == T("2026-05-05T00:00:00Z"));
    CHECK(r.clawbacks[0].step_index == 2);
    CHECK(find_award(r, "spend:gold:1")->clawed_back_at == T("2026-05-05T00:00:00Z"));
    CHECK_FALSE(find_award(r, "spend:gold:2")->clawed_back_at.has_value());
    CHECK(find_award(r, "spend:gold:2")->occurrence == 2);
    CHECK(find_award(r, "spend:gold:2")->awarded_at == T("2026-05-20T00:00:00Z"));
    CHECK(r.tiers[2].times_awarded == 1);
    CHECK(r.qualifying_spend == 51500);
}

TEST_CASE("a cancellation can claw back several tiers at once", "[tiers][clawback][R-CLAWBACK][R-ORDER-QUALIFY]") {
    Program p = seed_tiers();
    p.rules.clawback_on_refund = true;
    History h = history({order("e1", "2026-03-01T15:00:00Z", "1001", 8000), order("e2", "2026-03-10T18:30:00Z", "1002", 15000),
                         order("e3", "2026-04-02T12:00:00Z", "1003", 29000),
                         order_status("e4", "2026-05-05T00:00:00Z", "1003", "cancelled")});
    Report r = eval(p, h, "2026-06-01T00:00:00Z");
    CHECK(clawback_keys(r) == std::vector<std::string>{"spend:silver:1", "spend:gold:1"});
    CHECK(r.qualifying_spend == 23000);
    CHECK(r.next_milestone == std::optional<std::size_t>(1));
    CHECK(r.tiers[0].times_awarded == 1);
    CHECK(r.tiers[1].times_awarded == 0);
}

TEST_CASE("claw-back happens only when spend falls below the threshold", "[tiers][clawback][R-CLAWBACK]") {
    Program p = one_tier(50000);
    p.rules.clawback_on_refund = true;
    History h = history({order("a", "2026-01-01T00:00:00Z", "1", 52000), refund("b", "2026-01-02T00:00:00Z", "1", 2000)});
    CHECK(eval(p, h, kAsOf).clawbacks.empty());  // 500.00 is still at the threshold
    h.events.push_back(refund("c", "2026-01-03T00:00:00Z", "1", 1));
    Report r = eval(p, h, kAsOf);
    CHECK(clawback_keys(r) == std::vector<std::string>{"p:t:1"});
    CHECK(r.clawbacks[0].at == T("2026-01-03T00:00:00Z"));
    // A further refund does not claw back again.
    h.events.push_back(refund("d", "2026-01-04T00:00:00Z", "1", 1000));
    CHECK(eval(p, h, kAsOf).clawbacks.size() == 1);
}

TEST_CASE("leaving the window is not a refund: no claw-back, no second award",
          "[tiers][clawback][window][R-CLAWBACK][R-TIER-SPEND]") {
    Program p = one_tier(10000);
    p.rules.clawback_on_refund = true;
    p.rules.window.kind = WindowKind::rolling_days;
    p.rules.window.days = 30;
    History h = history({order("a", "2026-01-01T00:00:00Z", "1", 10000), order("b", "2026-03-01T00:00:00Z", "2", 10000)});
    Report r = eval(p, h, "2026-03-02T00:00:00Z");
    CHECK(r.clawbacks.empty());
    CHECK(award_keys(r) == std::vector<std::string>{"p:t:1"});
    CHECK(r.qualifying_spend == 10000);
}

TEST_CASE("rolling window: contributions with c > t - N days and c <= t", "[tiers][window][R-TIER-SPEND]") {
    Program p = one_tier(100000);
    p.rules.window.kind = WindowKind::rolling_days;
    p.rules.window.days = 365;
    History h = history({order("a", "2025-06-01T00:00:00Z", "1", 1000), order("b", "2025-06-01T00:00:00.001Z", "2", 2000),
                         order("c", "2026-06-01T00:00:00Z", "3", 4000), order("d", "2026-06-01T00:00:00.001Z", "4", 8000)});
    CHECK(eval(p, h, "2026-06-01T00:00:00Z").qualifying_spend == 6000);
    CHECK(eval(p, h, "2026-05-31T23:59:59.999Z").qualifying_spend == 3000);
}

TEST_CASE("window exits at an instant come before a contribution at that instant", "[tiers][window][R-TIER-SPEND]") {
    Program p = one_tier(15000);
    p.rules.window.kind = WindowKind::rolling_days;
    p.rules.window.days = 1;
    // Order a leaves the window at exactly the moment order b counts: S is never 150.00.
    History h = history({order("b", "2026-01-02T00:00:00Z", "2", 5000), order("a", "2026-01-01T00:00:00Z", "1", 10000)});
    Report r = eval(p, h, "2026-01-02T00:00:00Z");
    CHECK(r.awards.empty());
    CHECK(r.qualifying_spend == 5000);
}

TEST_CASE("calendar months start at local midnight on the 1st", "[tiers][window][tz][R-TIER-SPEND]") {
    Program p = one_tier(100000);
    p.timezone = *parse_tz("EST5EDT,M3.2.0,M11.1.0");
    p.rules.window.kind = WindowKind::calendar_months;
    p.rules.window.months = 1;
    History h = history({order("a", "2026-11-01T03:30:00Z", "1", 1000), order("b", "2026-11-01T04:00:00Z", "2", 2000),
                         order("c", "2026-12-01T04:30:00Z", "3", 4000), order("d", "2026-12-01T05:00:00Z", "4", 8000)});
    CHECK(eval(p, h, "2026-11-15T12:00:00Z").qualifying_spend == 2000);
    CHECK(eval(p, h, "2026-12-15T12:00:00Z").qualifying_spend == 8000);
    CHECK(eval(p, h, "2026-12-01T04:59:59Z").qualifying_spend == 6000);
    p.rules.window.months = 12;
    History y = history({order("a", "2025-07-01T03:59:59Z", "1", 1000), order("b", "2025-07-01T04:00:00Z", "2", 2000)});
    CHECK(eval(p, y, "2026-06-15T12:00:00Z").qualifying_spend == 2000);
}

TEST_CASE("starts_at and ends_at are inclusive; the program ends after ends_at", "[tiers][dates][R-DATES]") {
    Program p = seed_tiers();
    p.starts_at = T("2026-03-01T00:00:00Z");
    p.ends_at = T("2026-06-30T23:59:59Z");
    History h = history({order("a", "2026-02-28T23:59:59.999Z", "1", 10000), order("b", "2026-03-01T00:00:00Z", "2", 10000),
                         order("c", "2026-06-30T23:59:59Z", "3", 20000), order("d", "2026-07-01T00:00:00Z", "4", 30000)});
    Report open = eval(p, h, "2026-06-30T23:59:59Z");
    CHECK_FALSE(open.ended);
    CHECK(open.qualifying_spend == 30000);
    Report closed = eval(p, h, "2026-07-15T00:00:00Z");
    CHECK(closed.ended);
    CHECK(closed.qualifying_spend == 30000);
    CHECK(award_keys(closed) == std::vector<std::string>{"spend:first-steps:1", "spend:silver:1"});
    CHECK_FALSE(closed.next_milestone.has_value());
    CHECK(report_doc(p, closed)["next_milestone"].is_null());
}

TEST_CASE("an order counting after ends_at because of the hold never counts",
          "[tiers][dates][hold][R-DATES][R-ORDER-QUALIFY]") {
    Program p = one_tier(1000);
    p.ends_at = T("2026-06-30T23:59:59Z");
    p.rules.refund_hold_days = 14;
    Report r = eval(p, history({order("a", "2026-06-25T00:00:00Z", "1", 5000)}), "2026-07-15T00:00:00Z");
    CHECK(r.awards.empty());
    CHECK(r.qualifying_spend == 0);
}

TEST_CASE("order statuses: the first qualifying moment, later changes, and final withdrawal",
          "[tiers][status][R-ORDER-QUALIFY]") {
    Program p = one_tier(100000);
    p.rules.order_statuses = {"processing", "completed"};
    History h = history({order("a", "2026-01-01T00:00:00Z", "1", 15000, "pending"),
                         order_status("b", "2026-01-02T00:00:00Z", "1", "processing"),
                         order_status("c", "2026-01-03T00:00:00Z", "1", "completed"),
                         order("d", "2026-01-04T00:00:00Z", "2", 10000),
                         order_status("e", "2026-01-05T00:00:00Z", "2", "cancelled"),
                         order_status("f", "2026-01-06T00:00:00Z", "2", "completed"),
                         order("g", "2026-01-07T00:00:00Z", "3", 50000, "on-hold")});
    CHECK(eval(p, h, "2026-01-01T12:00:00Z").qualifying_spend == 0);
    CHECK(eval(p, h, "2026-01-02T00:00:00Z").qualifying_spend == 15000);
    CHECK(eval(p, h, "2026-01-04T00:00:00Z").qualifying_spend == 25000);
    CHECK(eval(p, h, "2026-01-05T00:00:00Z").qualifying_spend == 15000);
    CHECK(eval(p, h, "2026-02-01T00:00:00Z").qualifying_spend == 15000);  // withdrawal is final
}

// A later order event is also an edit (order_edit_test.cpp); a status outside order_statuses still withdraws.
TEST_CASE("a later order event with the same order_id changes its status, and its amounts from then on",
          "[tiers][status][R-ORDER-QUALIFY][R-ORDER-EDIT]") {
    Program p = one_tier(100000);
    Event again = order("b", "2026-01-02T00:00:00Z", "1", 99900, "refunded");
    History h = history({order("a", "2026-01-01T00:00:00Z", "1", 20000), again});
    CHECK(eval(p, h, "2026-01-01T12:00:00Z").qualifying_spend == 20000);
    CHECK(eval(p, h, "2026-01-03T00:00:00Z").qualifying_spend == 0);
    History completed_again =
        history({order("a", "2026-01-01T00:00:00Z", "1", 20000, "processing"), order("b", "2026-01-02T00:00:00Z", "1", 99900)});
    CHECK(eval(p, completed_again, kAsOf).qualifying_spend == 99900);  // it counts from b, as b states it
}

TEST_CASE("status and refund events without an order, or before it, are ignored",
          "[tiers][status][R-ORDER-QUALIFY][R-ORDER-SPEND]") {
    Program p = one_tier(100000);
    History h = history({order_status("x", "2026-01-01T00:00:00Z", "9", "completed"),
                         refund("y", "2026-01-01T00:00:00Z", "9", 5000),
                         order_status("z", "2026-01-01T00:00:00Z", "1", "completed"),
                         order("a", "2026-01-02T00:00:00Z", "1", 20000, "on-hold")});
    Report r = eval(p, h, kAsOf);
    CHECK(r.qualifying_spend == 0);
    CHECK(r.awards.empty());
}

TEST_CASE("refund hold: an order counts hold days after it first qualified, if it still qualifies then",
          "[tiers][hold][R-ORDER-QUALIFY][R-AWARD-TIME]") {
    Program p = seed_tiers();
    p.rules.refund_hold_days = 14;
    History h = history({order("o1", "2026-03-01T15:00:00Z", "1", 12000), refund("r1", "2026-03-12T00:00:00Z", "1", 2000)});
    Report waiting = eval(p, h, "2026-03-15T14:59:59.999Z");
    CHECK(waiting.qualifying_spend == 0);
    CHECK(waiting.awards.empty());
    Report counted = eval(p, h, "2026-03-15T15:00:00Z");
    CHECK(counted.qualifying_spend == 10000);
    REQUIRE(counted.awards.size() == 1);
    CHECK(counted.awards[0].awarded_at == T("2026-03-15T15:00:00Z"));
}

TEST_CASE("refund hold: a quick refund never counts", "[tiers][hold][R-ORDER-QUALIFY]") {
    Program p = one_tier(1000);
    p.rules.refund_hold_days = 7;
    History h = history({order("a", "2026-01-01T00:00:00Z", "1", 30000), order_status("b", "2026-01-03T00:00:00Z", "1", "refunded")});
    Report r = eval(p, h, kAsOf);
    CHECK(r.awards.empty());
    CHECK(r.qualifying_spend == 0);
    History full_refund =
        history({order("a", "2026-01-01T00:00:00Z", "1", 30000), refund("b", "2026-01-03T00:00:00Z", "1", 30000)});
    CHECK(eval(p, full_refund, kAsOf).awards.empty());
}

TEST_CASE("refund hold: only the status at the end of the hold matters", "[tiers][hold][R-ORDER-QUALIFY]") {
    Program p = one_tier(1000);
    p.rules.refund_hold_days = 7;
    History h = history({order("a", "2026-01-01T00:00:00Z", "1", 30000),
                         order_status("b", "2026-01-02T00:00:00Z", "1", "on-hold"),
                         order_status("c", "2026-01-03T00:00:00Z", "1", "completed")});
    Report r = eval(p, h, kAsOf);
    REQUIRE(r.awards.size() == 1);
    CHECK(r.awards[0].awarded_at == T("2026-01-08T00:00:00Z"));  // measured from the first completion
}

TEST_CASE("pending orders list when they will count and their spend net of refunds",
          "[tiers][hold][pending][R-ORDER-QUALIFY][R-ORDER-SPEND]") {
    Program p = one_tier(100000);
    p.rules.refund_hold_days = 14;
    History h = history({order("o4", "2026-03-20T00:00:00Z", "4", 5000), refund("r4", "2026-03-22T00:00:00Z", "4", 500)});
    Report r = eval(p, h, "2026-03-25T00:00:00Z");
    REQUIRE(r.pending.size() == 1);
    CHECK(r.pending[0].order_id == "4");
    CHECK(r.pending[0].counts_at == T("2026-04-03T00:00:00Z"));
    CHECK(r.pending[0].spend == 4500);  // 50.00 less the 5.00 refund, once
    Report before_refund = eval(p, h, "2026-03-21T00:00:00Z");
    REQUIRE(before_refund.pending.size() == 1);
    CHECK(before_refund.pending[0].spend == 5000);
    CHECK(eval(p, h, "2026-04-03T00:00:00Z").pending.empty());
}

TEST_CASE("wallet-paid orders are excluded unless the rule is off", "[tiers][wallet][R-ORDER-WALLET]") {
    Program p = one_tier(100000);
    Event full = order("a", "2026-01-01T00:00:00Z", "1", 10000);
    full.wallet_paid = 10000;
    Event more = order("b", "2026-01-02T00:00:00Z", "2", 10000);
    more.wallet_paid = 12000;
    Event part = order("c", "2026-01-03T00:00:00Z", "3", 10000);
    part.wallet_paid = 9999;
    History h = history({full, more, part});
    CHECK(eval(p, h, kAsOf).qualifying_spend == 10000);
    p.rules.exclude_wallet_paid = false;
    CHECK(eval(p, h, kAsOf).qualifying_spend == 30000);
}

TEST_CASE("orders below min_order never count; the floor looks at the amount before refunds",
          "[tiers][min-order][R-ORDER-MIN]") {
    Program p = one_tier(100000);
    p.rules.min_order = MinOrder{2000, 2};
    auto with_items = [](Event e, std::int64_t quantity) {
        e.items.push_back(Item{"A", quantity, e.subtotal, {}});
        return e;
    };
    History h = history({with_items(order("a", "2026-01-01T00:00:00Z", "A", 1500), 3),
                         with_items(order("b", "2026-01-02T00:00:00Z", "B", 4500), 1),
                         with_items(order("c", "2026-01-03T00:00:00Z", "C", 4500), 2),
                         with_items(order("d", "2026-01-04T00:00:00Z", "D", 2500), 2),
                         refund("r", "2026-01-05T00:00:00Z", "D", 1000),
                         order("e", "2026-01-06T00:00:00Z", "E", 9000)});  // no items: quantity 0
    CHECK(eval(p, h, kAsOf).qualifying_spend == 4500 + 1500);
    Program exact = one_tier(100000);
    exact.rules.min_order = MinOrder{2000, 0};
    CHECK(eval(exact, history({order("a", "2026-01-01T00:00:00Z", "1", 2000)}), kAsOf).qualifying_spend == 2000);
    CHECK(eval(exact, history({order("a", "2026-01-01T00:00:00Z", "1", 1999)}), kAsOf).qualifying_spend == 0);
}

TEST_CASE("spend bases", "[tiers][basis][R-ORDER-SPEND]") {
    Event e = order("a", "2026-01-01T00:00:00Z", "1", 12000);
    e.tax = 960;
    e.shipping = 500;
    e.total = 13460;
    History h = history({e});
    Program p = one_tier(100000);
    p.rules.spend_basis = SpendBasis::subtotal;
    CHECK(eval(p, h, kAsOf).qualifying_spend == 12000);
    p.rules.spend_basis = SpendBasis::subtotal_tax;
    CHECK(eval(p, h, kAsOf).qualifying_spend == 12960);
    p.rules.spend_basis = SpendBasis::subtotal_shipping;
    CHECK(eval(p, h, kAsOf).qualifying_spend == 12500);
    p.rules.spend_basis = SpendBasis::total;
    CHECK(eval(p, h, kAsOf).qualifying_spend == 13460);
}

TEST_CASE("categories: only matching items count, without tax or shipping; refunds come off that",
          "[tiers][categories][R-ORDER-SPEND]") {
    Program p = one_tier(100000);
    p.rules.categories = {"shoes"};
    p.rules.spend_basis = SpendBasis::total;
    Event e = order("a", "2026-01-01T00:00:00Z", "1", 12000);
    e.tax = 960;
    e.shipping = 500;
    e.total = 13460;
    e.items = {Item{"RUN-1", 1, 8000, {"shoes"}}, Item{"SOCK-3", 2, 4000, {"socks", "apparel"}}};
    Event none = order("b", "2026-01-02T00:00:00Z", "2", 5000);
    none.items = {Item{"SOCK-9", 1, 5000, {"socks"}}};
    Event multi = order("c", "2026-01-03T00:00:00Z", "3", 3000);
    multi.items = {Item{"X", 1, 3000, {"sale", "shoes"}}};
    History h = history({e, none, multi});
    CHECK(eval(p, h, kAsOf).qualifying_spend == 11000);
    h.events.push_back(refund("r", "2026-01-04T00:00:00Z", "1", 5000));
    CHECK(eval(p, h, kAsOf).qualifying_spend == 6000);
    h.events.push_back(refund("s", "2026-01-05T00:00:00Z", "1", 5000));
    CHECK(eval(p, h, kAsOf).qualifying_spend == 3000);
}

TEST_CASE("roles: a customer earns when holding at least one listed role", "[tiers][roles][R-ROLES]") {
    Program p = seed_tiers();
    p.rules.roles = {"vip", "wholesale"};
    std::vector<Event> events = {order("a", "2026-01-01T00:00:00Z", "1", 52000)};
    Report out = eval(p, history(events, {"customer"}), kAsOf);
    CHECK_FALSE(out.eligible);
    CHECK_FALSE(out.awarding);
    CHECK(out.awards.empty());
    CHECK(out.qualifying_spend == 52000);
    CHECK_FALSE(out.next_milestone.has_value());
    json doc = report_doc(p, out);
    CHECK(doc["eligible"] == false);
    Report none = eval(p, history(events, {}), kAsOf);
    CHECK_FALSE(none.eligible);
    Report in = eval(p, history(events, {"customer", "wholesale"}), kAsOf);
    CHECK(in.eligible);
    CHECK(in.awards.size() == 3);
    p.rules.roles.clear();
    CHECK(eval(p, history(events, {}), kAsOf).eligible);
}

TEST_CASE("an inactive program shows progress but decides nothing", "[tiers][inactive][R-INACTIVE]") {
    Program p = seed_tiers();
    p.status = Status::inactive;
    Report r = eval(p, history({order("a", "2026-01-01T00:00:00Z", "1", 52000)}), kAsOf);
    CHECK(r.eligible);
    CHECK_FALSE(r.awarding);
    CHECK(r.awards.empty());
    CHECK(r.qualifying_spend == 52000);
    for (const TierProgress& t : r.tiers) CHECK(t.times_awarded == 0);
}

TEST_CASE("an inactive program's next milestone is the nearest tier without a standing award",
          "[tiers][inactive][R-INACTIVE][R-NEXT]") {
    // decisions.md: one-time tiers are candidates while they have no standing award;
    // semantics.md's checklist: "next_milestone shows remaining 0.00 / 100%" when awarding is false.
    Program p = seed_tiers();
    p.status = Status::inactive;
    Report r = eval(p, history({order("a", "2026-01-01T00:00:00Z", "1", 52000)}), kAsOf);
    REQUIRE(r.next_milestone.has_value());
    CHECK(*r.next_milestone == 0);
    CHECK(report_doc(p, r)["next_milestone"]["remaining"] == "0.00");
}

TEST_CASE("an inactive tier is shown, never awarded, never next", "[tiers][inactive][R-INACTIVE][R-NEXT]") {
    Program p = seed_tiers();
    p.steps[1].status = Status::inactive;
    p.steps[2].status = Status::inactive;
    Report r = eval(p, history({order("a", "2026-01-01T00:00:00Z", "1", 24000)}), kAsOf);
    CHECK(award_keys(r) == std::vector<std::string>{"spend:first-steps:1"});
    REQUIRE(r.next_milestone.has_value());
    CHECK(*r.next_milestone == 3);  // silver (10.00 away) and gold are inactive
    CHECK(report_doc(p, r)["tiers"][1]["status"] == "inactive");
}

TEST_CASE("next milestone: least remaining, ties to the earlier tier", "[tiers][next][R-NEXT]") {
    Program p = tiers_program("p", {tier("a", 30000), tier("b", 20000, true), tier("c", 20000)});
    Report r = eval(p, history({order("x", "2026-01-01T00:00:00Z", "1", 5000)}), kAsOf);
    REQUIRE(r.next_milestone.has_value());
    CHECK(*r.next_milestone == 1);  // b and c both need 150.00; b comes first
    Program none = tiers_program("p", {tier("a", 1000)});
    Report done = eval(none, history({order("x", "2026-01-01T00:00:00Z", "1", 5000)}), kAsOf);
    CHECK_FALSE(done.next_milestone.has_value());
    CHECK(report_doc(none, done)["next_milestone"].is_null());
}

TEST_CASE("reward_amount: the store credit a tier grants, the N largest with pick N", "[tiers][rewards][R-NEXT]") {
    Program p = tiers_program("p", {tier("a", 100000, false, {credit(500), credit(1000), points_reward(100)}),
                                    tier("b", 100000, false, {credit(500), credit(2000), credit(1000)}),
                                    tier("c", 100000, false, {points_reward(5)}), tier("d", 100000, false, {credit(250), credit(250)})});
    p.steps[0].pick = 1;
    p.steps[1].pick = 2;
    Report r = eval(p, history({}), kAsOf);
    json doc = report_doc(p, r);
    REQUIRE(doc["next_milestone"].is_object());
    CHECK(doc["next_milestone"]["reward_amount"] == "10.00");
    p.steps[0].status = Status::inactive;
    CHECK(report_doc(p, eval(p, history({}), kAsOf))["next_milestone"]["reward_amount"] == "30.00");
    p.steps[1].status = Status::inactive;
    CHECK(report_doc(p, eval(p, history({}), kAsOf))["next_milestone"]["reward_amount"] == "0.00");
    p.steps[2].status = Status::inactive;
    CHECK(report_doc(p, eval(p, history({}), kAsOf))["next_milestone"]["reward_amount"] == "5.00");
}

TEST_CASE("reward expiry: expires_at is awarded_at plus whole days", "[tiers][expiry][R-AWARD-EXPIRY]") {
    Program p = one_tier(1000);
    p.rules.reward_expiry_days = 90;
    Report r = eval(p, history({order("a", "2026-03-15T10:22:00Z", "1", 1000)}), kAsOf);
    REQUIRE(r.awards.size() == 1);
    CHECK(r.awards[0].expires_at == T("2026-06-13T10:22:00Z"));
    p.rules.reward_expiry_days = 0;
    CHECK_FALSE(eval(p, history({order("a", "2026-03-15T10:22:00Z", "1", 1000)}), kAsOf).awards[0].expires_at.has_value());
}

TEST_CASE("events after as_of are ignored", "[tiers][R-TIME]") {
    Program p = seed_tiers();
    History h = history({order("a", "2026-01-01T00:00:00Z", "1", 10000), order("b", "2026-01-02T00:00:00Z", "2", 90000)});
    Report r = eval(p, h, "2026-01-01T23:59:59Z");
    CHECK(r.qualifying_spend == 10000);
    CHECK(award_keys(r) == std::vector<std::string>{"spend:first-steps:1"});
}

TEST_CASE("duplicate event ids count once; the kept copy is the earliest", "[tiers][duplicates][R-EVENT-ONCE]") {
    Program p = one_tier(100000);
    History h = history({order("a", "2026-01-05T00:00:00Z", "1", 70000), order("a", "2026-01-01T00:00:00Z", "1", 5000),
                         order("a", "2026-01-01T00:00:00Z", "1", 5000)});
    Report r = eval(p, h, kAsOf);
    CHECK(r.qualifying_spend == 5000);
    CHECK(eval(p, h, "2026-01-02T00:00:00Z").qualifying_spend == 5000);
}

TEST_CASE("the report's tiers list follows program order with status, value and times awarded",
          "[tiers][report][R-REPORT-BYTES][R-PCT]") {
    Program p = seed_tiers();
    Report r = eval(p, history({order("a", "2026-01-01T00:00:00Z", "1", 31250)}), kAsOf);
    json doc = report_doc(p, r);
    REQUIRE(doc["tiers"].size() == 4);
    CHECK(doc["tiers"][0] == json::parse(R"({"id":"first-steps","name":"first-steps","threshold":"100.00","repeating":false,
        "status":"active","value":"312.50","progress_pct":100,"times_awarded":1})"));
    CHECK(doc["tiers"][3]["value"] == "312.50");
    CHECK(doc["tiers"][3]["progress_pct"] == 31.2);
    CHECK(doc["kind"] == "tiers");
    CHECK(doc["customer_id"] == "42");
    CHECK(doc["clawbacks"].is_array());
    CHECK(doc["pending"].is_array());
}
