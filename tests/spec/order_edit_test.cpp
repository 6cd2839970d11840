// Order edits: a later `order` event for an order already seen states the
// order's amounts and items from its `at` on (docs/decisions.md "Order edits").
#include "support.hpp"

using namespace stepwise;
using namespace ut;

namespace {

const char* kAsOf = "2026-12-31T00:00:00Z";

}  // namespace

TEST_CASE("an edit that raises an order raises the spend at the edit's time and can award there",
          "[edit][tiers][R-ORDER-EDIT][R-AWARD-TIME]") {
    Program p = seed_tiers();
    History h = history({order("a", "2026-03-01T10:00:00Z", "1", 20000), order("b", "2026-03-05T10:00:00Z", "1", 30000)});
    CHECK(eval(p, h, "2026-03-04T00:00:00Z").qualifying_spend == 20000);
    Report r = eval(p, h, kAsOf);
    CHECK(r.qualifying_spend == 30000);
    CHECK(award_keys(r) == std::vector<std::string>{"spend:first-steps:1", "spend:silver:1"});
    CHECK(r.awards[1].awarded_at == T("2026-03-05T10:00:00Z"));
    CHECK(r.awards[1].order_id == "1");
    CHECK(r.tiers[3].counter == 30000);  // the repeating tier's counter follows the edit too
}

TEST_CASE("an edit that lowers an order claws back exactly as a refund would",
          "[edit][tiers][clawback][R-ORDER-EDIT][R-CLAWBACK]") {
    Program p = seed_tiers();
    p.rules.clawback_on_refund = true;
    History h = history({order("a", "2026-03-01T10:00:00Z", "1", 30000), order("b", "2026-03-05T10:00:00Z", "1", 20000)});
    Report r = eval(p, h, kAsOf);
    CHECK(r.qualifying_spend == 20000);
    CHECK(clawback_keys(r) == std::vector<std::string>{"spend:silver:1"});
    CHECK(r.clawbacks[0].at == T("2026-03-05T10:00:00Z"));
    CHECK(r.clawbacks[0].order_id == "1");
    CHECK(r.tiers[3].counter == 20000);
}

TEST_CASE("refunds recorded before an edit still apply after it: an edit states amounts before refunds",
          "[edit][refund][R-ORDER-EDIT][R-ORDER-SPEND]") {
    Program p = seed_tiers();
    History h = history({order("a", "2026-03-01T10:00:00Z", "1", 20000), refund("f1", "2026-03-02T10:00:00Z", "1", 5000),
                         order("b", "2026-03-03T10:00:00Z", "1", 30000), refund("f2", "2026-03-04T10:00:00Z", "1", 2000)});
    CHECK(eval(p, h, "2026-03-02T12:00:00Z").qualifying_spend == 15000);
    CHECK(eval(p, h, "2026-03-03T12:00:00Z").qualifying_spend == 25000);
    CHECK(eval(p, h, kAsOf).qualifying_spend == 23000);
}

TEST_CASE("an edit keeps the order's count unless its spend reaches zero, which is final",
          "[edit][journey][R-ORDER-EDIT][R-ORDER-SPEND]") {
    Program p = journey_program("j", {step("orders", Metric::orders, 3)});
    History h = history({order("a", "2026-03-01T10:00:00Z", "1", 5000), order("b", "2026-03-02T10:00:00Z", "2", 5000),
                         order("c", "2026-03-03T10:00:00Z", "1", 100)});
    CHECK(eval(p, h, kAsOf).steps[0].value == 2);
    h.events.push_back(order("d", "2026-03-04T10:00:00Z", "1", 0));
    CHECK(eval(p, h, kAsOf).steps[0].value == 1);
    h.events.push_back(order("e", "2026-03-05T10:00:00Z", "1", 9000));  // back up: it does not count again
    CHECK(eval(p, h, kAsOf).steps[0].value == 1);
}

TEST_CASE("an edit raising an order in the open spend step completes the step at the edit",
          "[edit][journey][R-ORDER-EDIT][R-JOURNEY-SEQ]") {
    Program p = journey_program("j", {step("spend", Metric::spend, 20000, {credit(500)}), step("spend2", Metric::spend, 20000)});
    History h = history({order("a", "2026-03-01T10:00:00Z", "1", 15000), order("b", "2026-03-02T10:00:00Z", "1", 21000),
                         order("c", "2026-03-03T10:00:00Z", "1", 90000)});
    Report r = eval(p, h, kAsOf);
    CHECK(r.steps[0].state == StepState::completed);
    CHECK(r.steps[0].completed_at == T("2026-03-02T10:00:00Z"));
    CHECK(r.steps[0].value == 21000);
    CHECK(r.awards[0].order_id == "1");
    CHECK(r.steps[1].value == 0);  // the order counted in step 1: its later rise is not carried over
}

TEST_CASE("an edit's status still counts: an edit to a status outside order_statuses withdraws the order",
          "[edit][status][R-ORDER-EDIT][R-ORDER-QUALIFY]") {
    Program p = seed_tiers();
    History h = history({order("a", "2026-03-01T10:00:00Z", "1", 20000), order("b", "2026-03-05T10:00:00Z", "1", 90000, "cancelled")});
    Report r = eval(p, h, kAsOf);
    CHECK(r.qualifying_spend == 0);
    CHECK(award_keys(r) == std::vector<std::string>{"spend:first-steps:1"});
}

TEST_CASE("an edit during the refund hold sets what the order counts with, and what pending shows",
          "[edit][hold][R-ORDER-EDIT][R-ORDER-QUALIFY]") {
    Program p = seed_tiers();
    p.rules.refund_hold_days = 14;
    History h = history({order("a", "2026-03-01T10:00:00Z", "1", 20000), order("b", "2026-03-05T10:00:00Z", "1", 12000)});
    Report waiting = eval(p, h, "2026-03-10T00:00:00Z");
    REQUIRE(waiting.pending.size() == 1);
    CHECK(waiting.pending[0].spend == 12000);
    Report counted = eval(p, h, kAsOf);
    CHECK(counted.qualifying_spend == 12000);
    CHECK(counted.awards[0].awarded_at == T("2026-03-15T10:00:00Z"));
}

TEST_CASE("an order with nothing to count starts counting at the first edit that gives it spend",
          "[edit][categories][R-ORDER-EDIT][R-ORDER-SPEND]") {
    Program p = seed_tiers();
    p.rules.categories = {"shoes"};
    History h = history({order_of("a", "2026-03-01T10:00:00Z", "1", {item("SOCK", 4000, {"socks"})}),
                         order_of("b", "2026-03-05T10:00:00Z", "1", {item("SOCK", 4000, {"socks"}), item("RUN", 12000, {"shoes"})})});
    CHECK(eval(p, h, "2026-03-04T00:00:00Z").qualifying_spend == 0);
    Report r = eval(p, h, kAsOf);
    CHECK(r.qualifying_spend == 12000);
    REQUIRE(r.awards.size() == 1);
    CHECK(r.awards[0].awarded_at == T("2026-03-05T10:00:00Z"));
}

TEST_CASE("an edit is measured like an order: minimum order and wallet payment apply to the edited amounts",
          "[edit][min_order][R-ORDER-EDIT][R-ORDER-MIN][R-ORDER-WALLET]") {
    Program p = seed_tiers();
    p.rules.min_order = MinOrder{5000, 0};
    History h = history({order("a", "2026-03-01T10:00:00Z", "1", 20000), order("b", "2026-03-05T10:00:00Z", "1", 4000)});
    CHECK(eval(p, h, kAsOf).qualifying_spend == 0);  // under the minimum from the edit: it stops counting
    Event paid = order("b", "2026-03-05T10:00:00Z", "1", 20000);
    paid.wallet_paid = 20000;
    CHECK(eval(p, history({order("a", "2026-03-01T10:00:00Z", "1", 20000), paid}), kAsOf).qualifying_spend == 0);
}

TEST_CASE("an edit that leaves the spend unchanged adds no moment and changes nothing", "[edit][R-ORDER-EDIT]") {
    Program p = seed_tiers();
    p.rules.clawback_on_refund = true;
    History plain = history({order("a", "2026-03-01T10:00:00Z", "1", 20000)});
    History edited = plain;
    edited.events.push_back(order("b", "2026-03-05T10:00:00Z", "1", 20000));
    CHECK(report_json(p, eval(p, edited, kAsOf)) == report_json(p, eval(p, plain, kAsOf)));
}

TEST_CASE("edits parse from JSON as ordinary order events", "[edit][codec][R-ORDER-EDIT][R-HISTORY-VALID]") {
    Program p = seed_tiers();
    History h = history_from(R"({"customer":{"id":"42"},"events":[
      {"id":"e1","type":"order","at":"2026-03-01T10:00:00Z","order_id":"1","status":"completed","subtotal":"80.00"},
      {"id":"e2","type":"order","at":"2026-03-02T10:00:00Z","order_id":"1","status":"completed","subtotal":"120.00"}]})",
                             p);
    CHECK(eval(p, h, kAsOf).qualifying_spend == 12000);
}

TEST_CASE("an edit after the order left the window moves repeating counters, not the windowed spend",
          "[edit][window][R-ORDER-EDIT][R-TIER-REPEAT][R-TIER-SPEND]") {
    Program p = tiers_program("p", {tier("once", 50000, false, {credit(100)}), tier("loop", 50000, true, {credit(100)})});
    p.rules.window = Window{WindowKind::rolling_days, 10, 0};
    History h = history({order("a", "2026-03-01T10:00:00Z", "1", 30000), order("b", "2026-03-20T10:00:00Z", "1", 60000)});
    Report r = eval(p, h, "2026-03-21T00:00:00Z");
    CHECK(r.qualifying_spend == 0);  // the order left the window on 11 March
    CHECK(r.tiers[1].counter == 10000);  // 300.00 + 300.00 raised = 600.00: one round, 100.00 carried
    CHECK(award_keys(r) == std::vector<std::string>{"p:loop:1"});
}
