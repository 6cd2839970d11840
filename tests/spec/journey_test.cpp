// Sequential journeys (CONTRACT.md rules 8-10, docs/decisions.md "Journeys").
#include "support.hpp"

using namespace stepwise;
using namespace ut;

namespace {

const char* kAsOf = "2026-12-31T00:00:00Z";

// docs/semantics.md's four-step journey.
Program four_steps() {
    Program p = journey_program("loyalty-journey", {step("s1", Metric::orders, 3, {points_reward(100)}),
                                                    step("s2", Metric::spend, 20000, {points_reward(200)}),
                                                    step("s3", Metric::reviews, 2, {points_reward(1)}),
                                                    step("s4", Metric::referrals, 1, {credit(1000)})});
    p.steps[2].pick = 1;
    return p;
}

}  // namespace

TEST_CASE("steps open one after another; earlier actions do not count for later steps", "[journey][R-JOURNEY-SEQ]") {
    Program p = four_steps();
    History h = history({review("rv0", "2026-03-02T10:00:00Z"), order("o1", "2026-03-03T10:00:00Z", "1", 3000),
                         order("o2", "2026-03-09T10:00:00Z", "2", 3000), order("o3", "2026-03-15T10:00:00Z", "3", 10000),
                         order("o4", "2026-03-20T10:00:00Z", "4", 12000), order("o5", "2026-03-22T10:00:00Z", "5", 9000),
                         review("rv1", "2026-03-25T10:00:00Z")});
    Report r = eval(p, h, "2026-04-01T00:00:00Z");
    REQUIRE(r.steps.size() == 4);
    CHECK(r.steps[0].state == StepState::completed);
    CHECK(r.steps[0].value == 3);
    CHECK(r.steps[0].completed_at == T("2026-03-15T10:00:00Z"));
    CHECK(r.steps[1].state == StepState::completed);
    CHECK(r.steps[1].value == 21000);  // frozen at completion, no carry from the third order
    CHECK(r.steps[1].completed_at == T("2026-03-22T10:00:00Z"));
    CHECK(r.steps[2].state == StepState::active);
    CHECK(r.steps[2].value == 1);  // the 2 March review never counts
    CHECK(r.steps[3].state == StepState::locked);
    CHECK(r.steps[3].value == 0);
    CHECK(r.current_step == std::optional<std::size_t>(2));
    CHECK_FALSE(r.completed);
    CHECK(r.progress_tenths == 625);
    CHECK(award_keys(r) == std::vector<std::string>{"loyalty-journey:s1:1", "loyalty-journey:s2:1"});
    CHECK(r.awards[0].awarded_at == T("2026-03-15T10:00:00Z"));
    CHECK(r.awards[1].occurrence == 1);
}

TEST_CASE("the contribution that completes a step is not carried into the next", "[journey][carry][R-JOURNEY-SEQ]") {
    Program p = journey_program("j", {step("a", Metric::spend, 10000), step("b", Metric::spend, 10000)});
    History h = history({order("o1", "2026-01-01T00:00:00Z", "1", 25000)});
    Report r = eval(p, h, kAsOf);
    CHECK(r.steps[0].state == StepState::completed);
    CHECK(r.steps[0].value == 25000);
    CHECK(r.steps[1].state == StepState::active);
    CHECK(r.steps[1].value == 0);
    CHECK(r.progress_tenths == 500);
}

TEST_CASE("an event after the completing one at the same instant counts for the next step",
          "[journey][ties][R-JOURNEY-SEQ][R-EVENT-ORDER]") {
    Program p = journey_program("j", {step("a", Metric::reviews, 1), step("b", Metric::reviews, 1),
                                      step("c", Metric::referrals, 1)});
    // Same millisecond; taken in id order ("r10" < "r2" as text).
    History h = history({review("r2", "2026-01-01T00:00:00.500Z"), review("r10", "2026-01-01T00:00:00.500Z"),
                         referral("a0", "2026-01-01T00:00:00.500Z", true)});
    Report r = eval(p, h, kAsOf);
    CHECK(r.steps[0].state == StepState::completed);
    CHECK(r.steps[1].state == StepState::completed);
    CHECK(r.steps[2].state == StepState::active);
    CHECK(r.steps[2].value == 0);  // "a0" came before step c opened
    CHECK(r.steps[1].completed_at == T("2026-01-01T00:00:00.500Z"));
}

TEST_CASE("step 1 counts from starts_at inclusive; nothing counts after ends_at",
          "[journey][dates][R-JOURNEY-SEQ][R-DATES]") {
    Program p = journey_program("j", {step("a", Metric::reviews, 2), step("b", Metric::subscription_cycles, 1)});
    p.starts_at = T("2026-03-01T00:00:00Z");
    p.ends_at = T("2026-03-31T23:59:59Z");
    History h = history({review("r0", "2026-02-28T23:59:59.999Z"), review("r1", "2026-03-01T00:00:00Z"),
                         review("r2", "2026-03-31T23:59:59Z"), renewal("s1", "2026-04-01T00:00:00Z")});
    Report r = eval(p, h, "2026-04-15T00:00:00Z");
    CHECK(r.ended);
    CHECK(r.steps[0].state == StepState::completed);
    CHECK(r.steps[0].completed_at == T("2026-03-31T23:59:59Z"));
    CHECK(r.steps[1].value == 0);
    CHECK(award_keys(r) == std::vector<std::string>{"j:a:1"});
}

TEST_CASE("every metric counts what the contract says", "[journey][metrics][R-METRIC-COUNT][R-METRIC-UNITS]") {
    Program p = journey_program("j", {step("orders", Metric::orders, 1000), step("x", Metric::reviews, 1)});
    History h = history({order("a", "2026-01-01T00:00:00Z", "1", 100), order("b", "2026-01-02T00:00:00Z", "2", 100)});
    CHECK(eval(p, h, kAsOf).steps[0].value == 2);

    Program reviews = journey_program("j", {step("r", Metric::reviews, 1000)});
    CHECK(eval(reviews, history({review("a", "2026-01-01T00:00:00Z"), review("b", "2026-01-01T00:00:00Z")}), kAsOf)
              .steps[0]
              .value == 2);

    Program refs = journey_program("j", {step("r", Metric::referrals, 1000)});
    Event unspecified = simple("c", EventType::referral, "2026-01-03T00:00:00Z");
    CHECK(eval(refs,
               history({referral("a", "2026-01-01T00:00:00Z", true), referral("b", "2026-01-02T00:00:00Z", false),
                        unspecified, referral("d", "2026-01-04T00:00:00Z", true)}),
               kAsOf)
              .steps[0]
              .value == 2);

    Program pts = journey_program("j", {step("p", Metric::points, 1000)});
    Report pr = eval(pts,
                     history({points_event("a", "2026-04-01T09:00:00Z", 600), points_event("z", "2026-04-10T00:00:00Z", 0),
                              points_event("b", "2026-04-20T09:00:00Z", 450)}),
                     kAsOf);
    CHECK(pr.steps[0].value == 1050);
    CHECK(pr.steps[0].completed_at == T("2026-04-20T09:00:00Z"));

    Program subs = journey_program("j", {step("s", Metric::subscription_cycles, 1000)});
    CHECK(eval(subs, history({renewal("a", "2026-01-01T00:00:00Z"), renewal("b", "2026-02-01T00:00:00Z")}), kAsOf)
              .steps[0]
              .value == 2);

    Program spend = journey_program("j", {step("s", Metric::spend, 100000)});
    History sh = history({order("a", "2026-01-01T00:00:00Z", "1", 12000), order("b", "2026-01-02T00:00:00Z", "2", 3333),
                          refund("c", "2026-01-03T00:00:00Z", "1", 2000)});
    CHECK(eval(spend, sh, kAsOf).steps[0].value == 13333);
    // Order rules do not apply to other metrics.
    Program wallet = journey_program("j", {step("r", Metric::reviews, 1000)});
    wallet.rules.min_order = MinOrder{100000, 5};
    wallet.rules.categories = {"none"};
    CHECK(eval(wallet, history({review("a", "2026-01-01T00:00:00Z")}), kAsOf).steps[0].value == 1);
}

TEST_CASE("orders count in the step active at their contribution time (refund hold)",
          "[journey][hold][R-ORDER-QUALIFY][R-JOURNEY-SEQ]") {
    Program p = journey_program("j", {step("a", Metric::orders, 2), step("b", Metric::reviews, 1), step("c", Metric::orders, 1)});
    p.rules.refund_hold_days = 7;
    History h = history({order("o1", "2026-02-20T00:00:00Z", "1", 2000), order("o5", "2026-02-21T00:00:00Z", "5", 2000),
                         order_status("s5", "2026-02-23T00:00:00Z", "5", "refunded"),
                         order("o2", "2026-02-25T00:00:00Z", "2", 2000, "processing"),
                         order_status("c2", "2026-03-01T12:00:00Z", "2", "completed"),
                         order("o3", "2026-03-03T00:00:00Z", "3", 2000), review("rv1", "2026-03-05T00:00:00Z"),
                         review("rv2", "2026-03-09T00:00:00Z")});
    Report r = eval(p, h, "2026-03-30T00:00:00Z");
    CHECK(r.steps[0].completed_at == T("2026-03-08T12:00:00Z"));
    CHECK(r.steps[1].completed_at == T("2026-03-09T00:00:00Z"));
    CHECK(r.steps[2].completed_at == T("2026-03-10T00:00:00Z"));
    CHECK(r.completed);
    CHECK_FALSE(r.current_step.has_value());
    CHECK(r.progress_tenths == 1000);
}

TEST_CASE("a refund lowers a step's value only while that step is active",
          "[journey][refund][R-ORDER-SPEND][R-JOURNEY-SEQ]") {
    // docs/semantics.md 9.3
    Program p = journey_program("j", {step("s2", Metric::spend, 20000), step("s3", Metric::spend, 20000)});
    History h = history({order("a", "2026-01-01T00:00:00Z", "A", 15000), refund("ra", "2026-01-02T00:00:00Z", "A", 5000)});
    CHECK(eval(p, h, kAsOf).steps[0].value == 10000);
    h.events.push_back(order("b", "2026-01-03T00:00:00Z", "B", 10000));
    h.events.push_back(refund("rb", "2026-01-04T00:00:00Z", "B", 10000));
    h.events.push_back(refund("ra2", "2026-01-05T00:00:00Z", "A", 10000));
    Report r = eval(p, h, kAsOf);
    CHECK(r.steps[0].state == StepState::completed);
    CHECK(r.steps[0].value == 20000);
    CHECK(r.steps[0].completed_at == T("2026-01-03T00:00:00Z"));
    CHECK(r.steps[1].value == 0);
    CHECK(r.clawbacks.empty());
}

TEST_CASE("withdrawals and full refunds take an order out of an active orders step",
          "[journey][refund][R-ORDER-SPEND][R-ORDER-QUALIFY]") {
    Program p = journey_program("j", {step("a", Metric::orders, 5)});
    History h = history({order("a", "2026-01-01T00:00:00Z", "A", 5000), order("b", "2026-01-02T00:00:00Z", "B", 3000),
                         order("c", "2026-01-03T00:00:00Z", "C", 0), refund("rb", "2026-01-04T00:00:00Z", "B", 3000),
                         refund("ra", "2026-01-05T00:00:00Z", "A", 1000), order("d", "2026-01-06T00:00:00Z", "D", 2000),
                         order_status("xd", "2026-01-07T00:00:00Z", "D", "cancelled"),
                         order_status("yd", "2026-01-08T00:00:00Z", "D", "completed"),
                         order("e", "2026-01-09T00:00:00Z", "E", 1500, "processing"),
                         refund("re", "2026-01-10T00:00:00Z", "E", 9999),
                         order_status("ue", "2026-01-11T00:00:00Z", "E", "completed")});
    Report r = eval(p, h, kAsOf);
    CHECK(r.steps[0].value == 1);  // only A: B refunded in full, C zero, D withdrawn for good, E zero when it qualified
    CHECK(eval(p, h, "2026-01-03T00:00:00Z").steps[0].value == 2);
    CHECK(eval(p, h, "2026-01-06T00:00:00Z").steps[0].value == 2);
}

TEST_CASE("no claw-backs in journeys: a completed step stays completed",
          "[journey][refund][R-JOURNEY-SEQ][R-CLAWBACK]") {
    Program p = journey_program("j", {step("a", Metric::orders, 1, {credit(500)}), step("b", Metric::reviews, 1)});
    p.rules.clawback_on_refund = true;
    History h = history({order("a", "2026-01-01T00:00:00Z", "A", 5000), order_status("x", "2026-01-02T00:00:00Z", "A", "refunded")});
    Report r = eval(p, h, kAsOf);
    CHECK(r.steps[0].state == StepState::completed);
    CHECK(r.steps[0].value == 1);
    CHECK(r.clawbacks.empty());
    CHECK(award_keys(r) == std::vector<std::string>{"j:a:1"});
    CHECK_FALSE(r.awards[0].clawed_back_at.has_value());
}

TEST_CASE("the window does not apply to journeys", "[journey][window][R-JOURNEY-SEQ]") {
    Program p = journey_program("j", {step("a", Metric::spend, 30000)});
    p.rules.window.kind = WindowKind::rolling_days;
    p.rules.window.days = 1;
    History h = history({order("a", "2026-01-01T00:00:00Z", "1", 10000), order("b", "2026-02-01T00:00:00Z", "2", 10000),
                         order("c", "2026-03-01T00:00:00Z", "3", 10000)});
    Report r = eval(p, h, kAsOf);
    CHECK(r.steps[0].state == StepState::completed);
    CHECK(r.steps[0].completed_at == T("2026-03-01T00:00:00Z"));
}

TEST_CASE("overall progress follows the contract's formula", "[journey][progress][R-JOURNEY-PCT][R-PCT]") {
    Program p = four_steps();
    std::vector<Event> first = {order("o1", "2026-01-01T00:00:00Z", "1", 100), order("o2", "2026-01-02T00:00:00Z", "2", 100),
                                order("o3", "2026-01-03T00:00:00Z", "3", 100)};
    auto with = [&](std::vector<Event> more) {
        std::vector<Event> all = first;
        all.insert(all.end(), more.begin(), more.end());
        return history(all);
    };
    CHECK(eval(p, history({}), kAsOf).progress_tenths == 0);
    CHECK(eval(p, history({first[0], first[1]}), kAsOf).progress_tenths == 166);  // (0*3 + 2) / (4*3)
    CHECK(eval(p, with({order("o4", "2026-01-04T00:00:00Z", "4", 12000)}), kAsOf).progress_tenths == 400);
    CHECK(eval(p, with({order("o4", "2026-01-04T00:00:00Z", "4", 13333)}), kAsOf).progress_tenths == 416);
    Report done = eval(p, with({order("o4", "2026-01-04T00:00:00Z", "4", 20000), review("r1", "2026-01-05T00:00:00Z"),
                                review("r2", "2026-01-06T00:00:00Z"), referral("f", "2026-01-07T00:00:00Z", true)}),
                       kAsOf);
    CHECK(done.completed);
    CHECK(done.progress_tenths == 1000);
    CHECK_FALSE(done.current_step.has_value());
    json doc = report_doc(p, done);
    CHECK(doc["current_step"].is_null());
    CHECK(doc["progress_pct"] == 100);
}

TEST_CASE("overall progress does not overflow with 100 steps of huge targets",
          "[journey][progress][limits][R-JOURNEY-PCT]") {
    std::vector<Step> steps;
    for (int i = 0; i < 100; ++i) steps.push_back(step("s" + std::to_string(i), Metric::points, kMaxAmount));
    Program p = journey_program("big", steps);
    std::vector<Event> events;
    for (int i = 0; i < 99; ++i)
        events.push_back(points_event("p" + std::to_string(100 + i), "2026-01-01T00:00:00Z", kMaxAmount));
    events.push_back(points_event("q", "2026-01-02T00:00:00Z", kMaxAmount / 2));
    Report r = eval(p, history(events), kAsOf);
    CHECK(r.current_step == std::optional<std::size_t>(99));
    CHECK(r.steps[99].value == kMaxAmount / 2);
    CHECK(r.progress_tenths == 995);
}

TEST_CASE("an inactive step must be completed but awards nothing", "[journey][inactive][R-INACTIVE][R-JOURNEY-SEQ]") {
    Program p = journey_program("j", {step("a", Metric::orders, 1, {points_reward(5)}), step("b", Metric::reviews, 1, {points_reward(10)}),
                                      step("c", Metric::referrals, 1, {points_reward(20)})});
    p.steps[1].status = Status::inactive;
    History h = history({order("o", "2026-01-01T00:00:00Z", "1", 1000), review("r", "2026-01-02T00:00:00Z"),
                         referral("f", "2026-01-03T00:00:00Z", true)});
    Report r = eval(p, h, kAsOf);
    CHECK(r.completed);
    CHECK(r.steps[1].state == StepState::completed);
    CHECK(award_keys(r) == std::vector<std::string>{"j:a:1", "j:c:1"});
    Report stuck = eval(p, history({order("o", "2026-01-01T00:00:00Z", "1", 1000), referral("f", "2026-01-03T00:00:00Z", true)}), kAsOf);
    CHECK(stuck.current_step == std::optional<std::size_t>(1));
    CHECK(stuck.steps[2].value == 0);
}

TEST_CASE("inactive programs and ineligible customers see progress and get no awards",
          "[journey][inactive][roles][R-INACTIVE][R-ROLES]") {
    Program p = journey_program("j", {step("a", Metric::reviews, 1, {points_reward(5)}), step("b", Metric::reviews, 2)});
    History h = history({review("r1", "2026-01-01T00:00:00Z"), review("r2", "2026-01-02T00:00:00Z")}, {"customer"});
    Program off = p;
    off.status = Status::inactive;
    Report r = eval(off, h, kAsOf);
    CHECK_FALSE(r.awarding);
    CHECK(r.eligible);
    CHECK(r.awards.empty());
    CHECK(r.steps[0].state == StepState::completed);
    CHECK(r.steps[1].value == 1);
    Program vip = p;
    vip.rules.roles = {"vip"};
    Report v = eval(vip, h, kAsOf);
    CHECK_FALSE(v.eligible);
    CHECK_FALSE(v.awarding);
    CHECK(v.awards.empty());
    CHECK(v.progress_tenths == 750);
}

TEST_CASE("journey awards carry the pick choice and expiry", "[journey][rewards][R-AWARD-EXPIRY][R-AWARD-KEY]") {
    Program p = journey_program("pick-journey", {step("s1", Metric::orders, 1)});
    p.steps[0].rewards = {Reward{RewardType::discount_percent, 0, 0, 10, "", ""},
                          Reward{RewardType::free_shipping, 0, 0, 0, "", ""}, Reward{RewardType::free_gift, 0, 0, 0, "sku-1", ""}};
    p.steps[0].pick = 2;
    p.rules.reward_expiry_days = 90;
    Report r = eval(p, history({order("o", "2026-03-15T10:22:00Z", "1", 1200)}), kAsOf);
    REQUIRE(r.awards.size() == 1);
    CHECK(r.awards[0].expires_at == T("2026-06-13T10:22:00Z"));
    json doc = report_doc(p, r);
    CHECK(doc["awards"][0]["choice"] == json::parse(R"({"pick":2})"));
    CHECK(doc["awards"][0]["expires_at"] == "2026-06-13T10:22:00Z");
    CHECK(doc["awards"][0]["rewards"] == json::parse(
                                             R"([{"type":"discount_percent","percent":10},{"type":"free_shipping"},{"type":"free_gift","product_id":"sku-1"}])"));
    p.steps[0].pick.reset();
    CHECK_FALSE(report_doc(p, eval(p, history({order("o", "2026-03-15T10:22:00Z", "1", 1200)}), kAsOf))["awards"][0].contains("choice"));
}

TEST_CASE("journey report: step fields take the metric's form", "[journey][report][R-METRIC-UNITS][R-MONEY][R-PCT]") {
    Program p = four_steps();
    History h = history({order("o1", "2026-01-01T00:00:00Z", "1", 100), order("o2", "2026-01-02T00:00:00Z", "2", 100),
                         order("o3", "2026-01-03T00:00:00Z", "3", 100), order("o4", "2026-01-04T00:00:00Z", "4", 13333)});
    json doc = report_doc(p, eval(p, h, kAsOf));
    CHECK(doc["kind"] == "journey");
    CHECK(doc["current_step"] == 1);
    CHECK(doc["progress_pct"] == 41.6);
    CHECK(doc["steps"][0]["target"] == 3);
    CHECK(doc["steps"][0]["value"] == 3);
    CHECK(doc["steps"][0]["remaining"] == 0);
    CHECK(doc["steps"][0]["state"] == "completed");
    CHECK(doc["steps"][1]["target"] == "200.00");
    CHECK(doc["steps"][1]["value"] == "133.33");
    CHECK(doc["steps"][1]["remaining"] == "66.67");
    CHECK(doc["steps"][1]["progress_pct"] == 66.6);
    CHECK(doc["steps"][1]["state"] == "active");
    CHECK_FALSE(doc["steps"][1].contains("completed_at"));
    CHECK(doc["steps"][2]["state"] == "locked");
    CHECK(doc["steps"][2]["value"] == 0);
    CHECK(doc["steps"][2]["remaining"] == 2);
}
