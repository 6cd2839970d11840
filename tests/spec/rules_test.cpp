// The contract's rules, one scenario each, through the public C++ API.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace stepwise;

namespace {

const char* kTiers = R"({"id":"spend","kind":"tiers","rules":RULES,"steps":[
  {"id":"first","target":"100.00","rewards":[{"type":"store_credit","amount":"5.00"}]},
  {"id":"silver","target":"250.00","rewards":[{"type":"store_credit","amount":"15.00"}]},
  {"id":"gold","target":"500.00","rewards":[{"type":"store_credit","amount":"35.00"}]},
  {"id":"loop","target":"1000.00","repeating":true,"rewards":[{"type":"store_credit","amount":"75.00"}]}]})";

Program tiers(const std::string& rules = "{}") {
    std::string json = kTiers;
    json.replace(json.find("RULES"), 5, rules);
    return ut::program_from(json);
}

std::string order(const char* id, const char* at, const char* subtotal, const char* extra = "") {
    return std::string(R"({"id":")") + id + R"(","type":"order","at":")" + at + R"(","order_id":")" + id +
           R"(","status":"completed","subtotal":")" + subtotal + "\"" + extra + "}";
}

History events(const Program& p, const std::string& list) {
    return ut::history_from(R"({"customer":{"id":"42","roles":["customer"]},"events":[)" + list + "]}", p);
}

}  // namespace

TEST_CASE("one order crossing several thresholds awards each at its time",
          "[scenario][R-TIER-ONCE][R-AWARD-TIME][R-NEXT]") {
    Program p = tiers();
    Report r = evaluate(p, events(p, order("o1", "2026-03-01T00:00:00Z", "520.00")), ut::T("2026-04-01T00:00:00Z"));
    REQUIRE(r.awards.size() == 3);
    CHECK(r.awards[0].key == "spend:first:1");
    CHECK(r.awards[2].key == "spend:gold:1");
    CHECK(r.awards[2].awarded_at == ut::T("2026-03-01T00:00:00Z"));
    REQUIRE(r.next_milestone);
    CHECK(*r.next_milestone == 3);
    CHECK(r.qualifying_spend == 52000);
}

TEST_CASE("a repeating tier carries the excess and can award several times per order", "[scenario][R-TIER-REPEAT]") {
    Program p = tiers();
    Report r = evaluate(p, events(p, order("o1", "2026-03-01T00:00:00Z", "2500.00")), ut::T("2026-04-01T00:00:00Z"));
    int loops = 0;
    for (const Award& a : r.awards) loops += a.step_id == "loop";
    CHECK(loops == 2);
    CHECK(r.tiers[3].counter == 50000);
}

TEST_CASE("wallet-paid orders and orders below the minimum never count", "[scenario][R-ORDER-WALLET][R-ORDER-MIN]") {
    Program p = tiers(R"({"min_order":{"amount":"20.00"}})");
    Report r = evaluate(p, events(p, order("o1", "2026-03-01T00:00:00Z", "150.00", R"(,"wallet_paid":"150.00")") + "," +
                                         order("o2", "2026-03-02T00:00:00Z", "19.99")),
                        ut::T("2026-04-01T00:00:00Z"));
    CHECK(r.qualifying_spend == 0);
    CHECK(r.awards.empty());
}

TEST_CASE("refund hold: a quick refund never counts, a kept order counts after the hold",
          "[scenario][R-ORDER-QUALIFY][R-AWARD-TIME]") {
    Program p = tiers(R"({"refund_hold_days":14})");
    History h = events(p, order("o1", "2026-03-01T00:00:00Z", "150.00") + "," + order("o2", "2026-03-02T00:00:00Z", "300.00") +
                              R"(,{"id":"x","type":"order_status","at":"2026-03-05T00:00:00Z","order_id":"o2","status":"refunded"})");
    Report before = evaluate(p, h, ut::T("2026-03-10T00:00:00Z"));
    CHECK(before.awards.empty());
    REQUIRE(before.pending.size() == 1);
    CHECK(before.pending[0].order_id == "o1");
    Report after = evaluate(p, h, ut::T("2026-04-01T00:00:00Z"));
    CHECK(after.qualifying_spend == 15000);
    REQUIRE(after.awards.size() == 1);
    CHECK(after.awards[0].awarded_at == ut::T("2026-03-15T00:00:00Z"));
}

TEST_CASE("claw-back on refund, then the tier is earned again as occurrence 2", "[scenario][R-CLAWBACK][R-AWARD-KEY]") {
    Program p = tiers(R"({"clawback_on_refund":true})");
    History h = events(p, order("o1", "2026-03-01T00:00:00Z", "120.00") +
                              R"(,{"id":"r","type":"refund","at":"2026-03-02T00:00:00Z","order_id":"o1","amount":"30.00"},)" +
                              order("o2", "2026-03-03T00:00:00Z", "20.00"));
    Report r = evaluate(p, h, ut::T("2026-04-01T00:00:00Z"));
    REQUIRE(r.clawbacks.size() == 1);
    CHECK(r.clawbacks[0].key == "spend:first:1");
    REQUIRE(r.awards.size() == 2);
    CHECK(r.awards[0].clawed_back_at);
    CHECK(r.awards[1].key == "spend:first:2");
    // Without claw-back the award stands and nothing repeats.
    Program keep = tiers();
    Report k = evaluate(keep, events(keep, order("o1", "2026-03-01T00:00:00Z", "120.00") +
                                               R"(,{"id":"r","type":"refund","at":"2026-03-02T00:00:00Z","order_id":"o1","amount":"30.00"},)" +
                                               order("o2", "2026-03-03T00:00:00Z", "20.00")),
                        ut::T("2026-04-01T00:00:00Z"));
    CHECK(k.clawbacks.empty());
    CHECK(k.awards.size() == 1);
}

TEST_CASE("roles: a customer without a listed role is not eligible and earns nothing", "[scenario][R-ROLES]") {
    Program p = tiers(R"({"roles":["vip"]})");
    Report r = evaluate(p, events(p, order("o1", "2026-03-01T00:00:00Z", "520.00")), ut::T("2026-04-01T00:00:00Z"));
    CHECK_FALSE(r.eligible);
    CHECK(r.awards.empty());
    CHECK_FALSE(r.next_milestone);
}

TEST_CASE("journey steps are sequential and the completing contribution is not carried",
          "[scenario][R-JOURNEY-SEQ][R-JOURNEY-PCT]") {
    Program p = ut::program_from(R"({"id":"j","kind":"journey","steps":[
      {"id":"buy","metric":"orders","target":2,"rewards":[{"type":"points","points":100}]},
      {"id":"spend","metric":"spend","target":"100.00"},
      {"id":"review","metric":"reviews","target":1}]})");
    History h = events(p, R"({"id":"rv0","type":"review","at":"2026-01-01T00:00:00Z"},)" +
                              order("o1", "2026-01-02T00:00:00Z", "80.00") + "," + order("o2", "2026-01-03T00:00:00Z", "80.00") + "," +
                              order("o3", "2026-01-04T00:00:00Z", "60.00"));
    Report r = evaluate(p, h, ut::T("2026-02-01T00:00:00Z"));
    CHECK(r.steps[0].state == StepState::completed);
    CHECK(r.steps[1].state == StepState::active);
    CHECK(r.steps[1].value == 6000);  // o2 completed step 1 and is not carried
    CHECK(r.steps[2].value == 0);     // the early review never counts
    REQUIRE(r.current_step);
    CHECK(*r.current_step == 1);
    // floor(1000 * (1 * 10000 + 6000) / (3 * 10000)) / 10 = 53.3
    CHECK(r.progress_tenths == 533);
}

TEST_CASE("cart projection says what the cart completes and unlocks", "[scenario][R-PROJECTION]") {
    Program p = ut::program_from(R"({"id":"j","kind":"journey","steps":[
      {"id":"buy","metric":"orders","target":2},
      {"id":"big","metric":"spend","target":"100.00","rewards":[{"type":"points","points":200}]}]})");
    History h = events(p, order("o1", "2026-01-02T00:00:00Z", "10.00") + "," + order("o2", "2026-01-03T00:00:00Z", "10.00") + "," +
                              order("o3", "2026-01-04T00:00:00Z", "30.00"));
    Cart cart;
    cart.subtotal = 7000;
    cart.total = 7000;
    Projection proj = project(p, h, ut::T("2026-02-01T00:00:00Z"), cart);
    REQUIRE(proj.completes_steps.size() == 1);
    CHECK(proj.completes_steps[0] == 1);
    REQUIRE(proj.unlocked.size() == 1);
    CHECK(proj.unlocked[0].key == "j:big:1");
    CHECK(proj.after.completed);
    CHECK_FALSE(proj.before.completed);
}

TEST_CASE("inactive programs and tiers show progress but decide nothing", "[scenario][R-INACTIVE]") {
    Program p = tiers();
    p.steps[1].status = Status::inactive;
    Report r = evaluate(p, events(p, order("o1", "2026-03-01T00:00:00Z", "520.00")), ut::T("2026-04-01T00:00:00Z"));
    for (const Award& a : r.awards) CHECK(a.step_id != "silver");
    p.status = Status::inactive;
    Report off = evaluate(p, events(p, order("o1", "2026-03-01T00:00:00Z", "520.00")), ut::T("2026-04-01T00:00:00Z"));
    CHECK(off.awards.empty());
    CHECK_FALSE(off.awarding);
    CHECK(off.qualifying_spend == 52000);
}

TEST_CASE("program validation lists every problem with its pointer", "[scenario][R-PROGRAM-VALID]") {
    auto r = parse_program(R"({"id":"p","kind":"journey","steps":[
      {"id":"a","metric":"orders","target":0},
      {"id":"a","metric":"spend","target":"12.345","rewards":[{"type":"discount_percent","percent":120}]},
      {"id":"c","metric":"nope","target":1,"extra":true}],"rules":{"window":{"kind":"rolling_days"}}})");
    REQUIRE_FALSE(r.ok());
    std::vector<std::string> pointers;
    for (const Error& e : r.errors) pointers.push_back(e.pointer);
    auto has = [&](const std::string& p) { return std::find(pointers.begin(), pointers.end(), p) != pointers.end(); };
    CHECK(has("/steps/0/target"));
    CHECK(has("/steps/1/id"));
    CHECK(has("/steps/1/target"));
    CHECK(has("/steps/1/rewards/0/percent"));
    CHECK(has("/steps/2/metric"));
    CHECK(has("/steps/2/extra"));
    CHECK(has("/rules/window/days"));
}
