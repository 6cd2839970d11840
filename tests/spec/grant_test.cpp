// Grants: a merchant's manual award, given to the engine as a `grant` event, so
// that progress shows a hand-awarded step as done (docs/decisions.md "Grants").
#include "support.hpp"

using namespace stepwise;
using namespace ut;

namespace {

Event grant(const std::string& id, const std::string& at, const std::string& program, const std::string& step) {
    Event e = simple(id, EventType::grant, at);
    e.program_id = program;
    e.step_id = step;
    return e;
}

Program three_steps() {
    return journey_program("j", {step("orders", Metric::orders, 3, {credit(500)}),
                                 step("reviews", Metric::reviews, 2, {points_reward(100)}),
                                 step("refer", Metric::referrals, 1, {credit(1000)})});
}

}  // namespace

TEST_CASE("a granted journey step is completed at the grant, and the next step opens then",
          "[grant][journey][R-GRANT][R-JOURNEY-SEQ]") {
    Program p = three_steps();
    History h = history({order("o1", "2026-03-01T10:00:00Z", "1", 3000), grant("g1", "2026-03-02T10:00:00Z", "j", "orders"),
                         review("r0", "2026-03-01T12:00:00Z"), review("r1", "2026-03-03T10:00:00Z")});
    Report r = eval(p, h, "2026-04-01T00:00:00Z");
    CHECK(r.steps[0].state == StepState::completed);
    CHECK(r.steps[0].completed_at == T("2026-03-02T10:00:00Z"));
    CHECK(r.steps[0].value == 1);  // what the customer had done; the grant completed the rest
    CHECK(r.steps[1].state == StepState::active);
    CHECK(r.steps[1].value == 1);  // the review before the grant belonged to no open step
    CHECK(award_keys(r) == std::vector<std::string>{"j:orders:1"});  // the manual award's own key: issued once
    CHECK(r.awards[0].order_id.empty());
}

TEST_CASE("a grant of a later step completes it as soon as it opens", "[grant][journey][R-GRANT][R-JOURNEY-SEQ]") {
    Program p = three_steps();
    History h = history({grant("g1", "2026-03-01T10:00:00Z", "j", "reviews"), order("o1", "2026-03-02T10:00:00Z", "1", 100),
                         order("o2", "2026-03-03T10:00:00Z", "2", 100), order("o3", "2026-03-04T10:00:00Z", "3", 100)});
    Report r = eval(p, h, "2026-04-01T00:00:00Z");
    CHECK(r.steps[0].state == StepState::completed);
    CHECK(r.steps[1].state == StepState::completed);
    CHECK(r.steps[1].completed_at == T("2026-03-04T10:00:00Z"));
    CHECK(r.current_step == std::optional<std::size_t>(2));
    CHECK(award_keys(r) == std::vector<std::string>{"j:orders:1", "j:reviews:1"});
    CHECK(r.awards[0].order_id == "3");  // the third order decided step 1
}

TEST_CASE("grants of other programs and unknown steps change nothing", "[grant][R-GRANT]") {
    Program p = three_steps();
    History h = history({grant("g1", "2026-03-01T10:00:00Z", "other", "orders"), grant("g2", "2026-03-01T10:00:00Z", "j", "nope")});
    Report r = eval(p, h, "2026-04-01T00:00:00Z");
    CHECK(r.steps[0].state == StepState::active);
    CHECK(r.awards.empty());
}

TEST_CASE("a granted one-time tier counts as earned and is not clawed back by a refund",
          "[grant][tiers][R-GRANT][R-AWARD-KEY][R-CLAWBACK]") {
    Program p = seed_tiers();
    p.rules.clawback_on_refund = true;
    History h = history({grant("g1", "2026-03-01T10:00:00Z", "spend", "silver"), order("o1", "2026-03-02T10:00:00Z", "1", 30000),
                         refund("f1", "2026-03-03T10:00:00Z", "1", 25000)});
    Report r = eval(p, h, "2026-04-01T00:00:00Z");
    // Silver by hand; First Steps by spend, clawed back when the refund took spend under $100.
    CHECK(award_keys(r) == std::vector<std::string>{"spend:silver:1", "spend:first-steps:1"});
    CHECK(clawback_keys(r) == std::vector<std::string>{"spend:first-steps:1"});
    CHECK(r.clawbacks[0].order_id == "1");
    CHECK(r.tiers[1].times_awarded == 1);
    CHECK_FALSE(r.tiers[1].can_award);
    CHECK(r.awards[1].order_id == "1");
}

TEST_CASE("grant events parse with their program and step, and need both", "[grant][codec][R-GRANT][R-HISTORY-VALID]") {
    Program p = three_steps();
    auto ok = parse_history(
        R"({"customer":{"id":"42"},"events":[{"id":"g","type":"grant","at":"2026-03-01T00:00:00Z","program_id":"j","step_id":"orders"}]})",
        p);
    REQUIRE(ok.ok());
    CHECK(ok.value->events[0].type == EventType::grant);
    CHECK(ok.value->events[0].step_id == "orders");
    auto bad = parse_history(R"({"customer":{"id":"42"},"events":[{"id":"g","type":"grant","at":"2026-03-01T00:00:00Z"}]})", p);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.errors[0].pointer == "/events/0/program_id");
}
