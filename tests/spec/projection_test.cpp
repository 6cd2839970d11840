// Cart projection: "complete this order to ..." (docs/decisions.md "Cart projection").
#include "support.hpp"

using namespace stepwise;
using namespace ut;

namespace {

Cart cart_of(Money subtotal, std::vector<Item> items = {}) {
    Cart c;
    c.subtotal = subtotal;
    c.total = subtotal;
    c.items = std::move(items);
    return c;
}

Program semantics_journey() {
    return journey_program("loyalty-journey", {step("s1", Metric::orders, 3, {points_reward(100)}),
                                               step("s2", Metric::spend, 20000, {points_reward(200)}),
                                               step("s3", Metric::reviews, 2), step("s4", Metric::referrals, 1)});
}

History step2_at_120() {
    return history({order("o1", "2026-01-01T00:00:00Z", "1", 1000), order("o2", "2026-01-02T00:00:00Z", "2", 1000),
                    order("o3", "2026-01-03T00:00:00Z", "3", 1000), order("o4", "2026-01-04T00:00:00Z", "4", 12000)});
}

}  // namespace

TEST_CASE("the semantics example: an 80.00 cart finishes step 2", "[projection][R-PROJECTION][R-JOURNEY-SEQ]") {
    Program p = semantics_journey();
    History h = step2_at_120();
    Time as_of = T("2026-02-01T00:00:00Z");
    Projection pr = project(p, h, as_of, cart_of(8000, {Item{"RUN-1", 1, 8000, {}}}));
    CHECK(pr.adds_spend == 8000);
    CHECK(pr.completes_steps == std::vector<std::size_t>{1});
    REQUIRE(pr.unlocked.size() == 1);
    CHECK(pr.unlocked[0].key == "loyalty-journey:s2:1");
    CHECK(pr.unlocked[0].awarded_at == as_of);
    CHECK(report_json(p, pr.before) == report_json(p, evaluate(p, h, as_of)));
    CHECK(pr.after.steps[1].state == StepState::completed);
    json doc = json::parse(projection_json(p, pr));
    CHECK(doc.is_object());
}

TEST_CASE("a cart completes at most one journey step", "[projection][R-PROJECTION][R-JOURNEY-SEQ]") {
    Program p = journey_program("j", {step("a", Metric::spend, 1000), step("b", Metric::spend, 1000)});
    Projection pr = project(p, history({}), T("2026-02-01T00:00:00Z"), cart_of(50000));
    CHECK(pr.completes_steps == std::vector<std::size_t>{0});
    CHECK(pr.after.steps[1].value == 0);
}

TEST_CASE("a cart counts at once, even with a refund hold", "[projection][hold][R-PROJECTION][R-ORDER-QUALIFY]") {
    Program p = seed_tiers();
    p.rules.refund_hold_days = 30;
    Projection pr = project(p, history({}), T("2026-02-01T00:00:00Z"), cart_of(26000));
    CHECK(award_keys(pr.after) == std::vector<std::string>{"spend:first-steps:1", "spend:silver:1"});
    REQUIRE(pr.unlocked.size() == 2);
    CHECK(pr.unlocked[0].awarded_at == T("2026-02-01T00:00:00Z"));
    CHECK(pr.after.qualifying_spend == 26000);
    CHECK(pr.before.qualifying_spend == 0);
}

TEST_CASE("a cart can unlock several tiers and several rounds of a repeating tier",
          "[projection][R-PROJECTION][R-TIER-ONCE][R-TIER-REPEAT]") {
    Program p = seed_tiers();
    History h = history({order("a", "2026-01-01T00:00:00Z", "1", 31250)});
    Projection pr = project(p, h, T("2026-02-01T00:00:00Z"), cart_of(200000));
    std::vector<std::string> keys;
    for (const Award& a : pr.unlocked) keys.push_back(a.key);
    CHECK(keys == std::vector<std::string>{"spend:gold:1", "spend:loyalty-loop:1", "spend:loyalty-loop:2"});
    CHECK(pr.adds_spend == 200000);
}

TEST_CASE("wallet-paid, below-minimum and off-category carts add nothing",
          "[projection][R-PROJECTION][R-ORDER-WALLET][R-ORDER-MIN][R-ORDER-SPEND]") {
    Program p = seed_tiers();
    Time as_of = T("2026-02-01T00:00:00Z");
    Cart wallet = cart_of(30000);
    wallet.wallet_paid = 30000;
    Projection w = project(p, history({}), as_of, wallet);
    CHECK(w.adds_spend == 0);
    CHECK(w.unlocked.empty());

    Program min = seed_tiers();
    min.rules.min_order = MinOrder{50000, 0};
    Projection m = project(min, history({}), as_of, cart_of(30000));
    CHECK(m.adds_spend == 0);
    CHECK(m.unlocked.empty());

    Program cats = seed_tiers();
    cats.rules.categories = {"shoes"};
    Projection c = project(cats, history({}), as_of, cart_of(30000, {Item{"SOCK", 1, 30000, {"socks"}}}));
    CHECK(c.adds_spend == 0);
    CHECK(c.unlocked.empty());
    Projection c2 = project(cats, history({}), as_of,
                            cart_of(30000, {Item{"SOCK", 1, 10000, {"socks"}}, Item{"RUN", 1, 20000, {"shoes"}}}));
    CHECK(c2.adds_spend == 20000);
    CHECK(c2.unlocked.size() == 1);
}

TEST_CASE("inactive, ended or ineligible: nothing is unlocked",
          "[projection][R-PROJECTION][R-INACTIVE][R-DATES][R-ROLES]") {
    Time as_of = T("2026-08-01T00:00:00Z");
    Program off = seed_tiers();
    off.status = Status::inactive;
    CHECK(project(off, history({}), as_of, cart_of(30000)).unlocked.empty());
    Program vip = seed_tiers();
    vip.rules.roles = {"vip"};
    CHECK(project(vip, history({}, {"customer"}), as_of, cart_of(30000)).unlocked.empty());
    Program ended = seed_tiers();
    ended.ends_at = T("2026-06-30T23:59:59Z");
    Projection e = project(ended, history({}), as_of, cart_of(30000));
    CHECK(e.unlocked.empty());
    CHECK(e.after.qualifying_spend == 0);
}

TEST_CASE("a cart after the program ended adds no spend", "[projection][R-PROJECTION][R-DATES]") {
    Program ended = seed_tiers();
    ended.ends_at = T("2026-06-30T23:59:59Z");
    Projection e = project(ended, history({}), T("2026-08-01T00:00:00Z"), cart_of(30000));
    CHECK(e.adds_spend == 0);  // "what the cart adds to the measured spend"
}

TEST_CASE("the cart comes after every real event at as_of", "[projection][R-PROJECTION][R-EVENT-ORDER]") {
    Program p = journey_program("j", {step("a", Metric::reviews, 1), step("b", Metric::orders, 1)});
    History h = history({review("zzz", "2026-02-01T00:00:00Z")});
    Projection pr = project(p, h, T("2026-02-01T00:00:00Z"), cart_of(1000));
    CHECK(pr.completes_steps == std::vector<std::size_t>{1});
    CHECK(pr.after.completed);
}

TEST_CASE("a cart under the minimum order says what it lacks", "[projection][min_order][R-PROJECTION][R-ORDER-MIN]") {
    Program p = journey_program("j", {step("a", Metric::orders, 1), step("b", Metric::spend, 15000)});
    p.rules.min_order = MinOrder{2000, 2};
    Projection under = project(p, history({}), T("2026-02-01T00:00:00Z"), cart_of(1600, {Item{"mug", 1, 1600, {}}}));
    CHECK(under.adds_spend == 0);
    CHECK(under.min_order_short == 400);
    CHECK(under.min_quantity_short == 1);
    CHECK(under.completes_steps.empty());
    json doc = json::parse(projection_json(p, under));
    CHECK(doc["min_order_short"] == "4.00");
    CHECK(doc["min_quantity_short"] == 1);
    Projection met = project(p, history({}), T("2026-02-01T00:00:00Z"), cart_of(2000, {Item{"mug", 2, 2000, {}}}));
    CHECK(met.min_order_short == 0);
    CHECK(met.min_quantity_short == 0);
    CHECK(met.completes_steps == std::vector<std::size_t>{0});
    Program none = journey_program("j", {step("a", Metric::orders, 1)});
    CHECK(project(none, history({}), T("2026-02-01T00:00:00Z"), cart_of(100)).min_order_short == 0);
}

TEST_CASE("what a completed step does not use is not carried into the next one",
          "[projection][carry][R-PROJECTION][R-JOURNEY-SEQ]") {
    // An orders step: the whole spend of the order that completes it goes nowhere.
    Program p = journey_program("j", {step("a", Metric::orders, 1), step("b", Metric::spend, 15000)});
    Projection first = project(p, history({}), T("2026-02-01T00:00:00Z"), cart_of(21800));
    CHECK(first.completes_steps == std::vector<std::size_t>{0});
    CHECK(first.not_carried == 21800);
    CHECK(json::parse(projection_json(p, first))["not_carried"] == "218.00");
    // A spend step at 120 of 200: an 80.00 cart uses all of it, a 100.00 cart leaves 20.00.
    Program s = semantics_journey();
    History h = step2_at_120();
    Time as_of = T("2026-02-01T00:00:00Z");
    CHECK(project(s, h, as_of, cart_of(8000)).not_carried == 0);
    CHECK(project(s, h, as_of, cart_of(10000)).not_carried == 2000);
    // A cart that completes nothing, or the last step, carries nothing away.
    CHECK(project(s, h, as_of, cart_of(1000)).not_carried == 0);
    Program last = journey_program("j", {step("a", Metric::spend, 1000)});
    CHECK(project(last, history({}), as_of, cart_of(5000)).not_carried == 0);
}
