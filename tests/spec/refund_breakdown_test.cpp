// Refund breakdowns: a refund may say how much subtotal, tax and shipping it
// gives back and which lines, so that every spend basis and the category
// filter lose exactly that (docs/decisions.md "Refund breakdowns").
#include "support.hpp"

using namespace stepwise;
using namespace ut;

namespace {

const char* kAsOf = "2026-12-31T00:00:00Z";

// Order 1: subtotal 120.00 (RUN 80.00 shoes, SOCK 40.00 socks), tax 9.60, shipping 5.00.
Event shoe_order() {
    Event e = order_of("o1", "2026-03-01T10:00:00Z", "1", {item("RUN", 8000, {"shoes"}), item("SOCK", 4000, {"socks"})});
    e.tax = 960;
    e.shipping = 500;
    e.total = 13460;
    return e;
}

Event refund_parts(const std::string& id, Money subtotal, Money tax, Money shipping, std::vector<Item> items = {}) {
    Event e = refund(id, "2026-03-05T10:00:00Z", "1", subtotal + tax + shipping);
    e.subtotal = subtotal;
    e.tax = tax;
    e.shipping = shipping;
    e.items = std::move(items);
    return e;
}

Money spend_on(SpendBasis basis, const Event& r, std::vector<std::string> categories = {}) {
    Program p = seed_tiers();
    p.rules.spend_basis = basis;
    p.rules.categories = std::move(categories);
    return eval(p, history({shoe_order(), r}), kAsOf).qualifying_spend;
}

std::string history_with(const std::string& refund_fields) {
    return R"({"customer":{"id":"42"},"events":[
      {"id":"e1","type":"order","at":"2026-03-01T10:00:00Z","order_id":"1","status":"completed","subtotal":"120.00"},
      {"id":"e2","type":"refund","at":"2026-03-05T10:00:00Z","order_id":"1",)" +
           refund_fields + "}]}";
}

}  // namespace

TEST_CASE("a refund breakdown comes off each spend basis exactly",
          "[refund][breakdown][R-REFUND-SPLIT][R-ORDER-SPEND]") {
    Event r = refund_parts("f1", 2000, 160, 500);  // 20.00 + 1.60 tax + 5.00 shipping
    CHECK(spend_on(SpendBasis::subtotal, r) == 12000 - 2000);
    CHECK(spend_on(SpendBasis::subtotal_tax, r) == 12960 - 2160);
    CHECK(spend_on(SpendBasis::subtotal_shipping, r) == 12500 - 2500);
    CHECK(spend_on(SpendBasis::total, r) == 13460 - 2660);
}

TEST_CASE("a shipping-only refund leaves subtotal spend alone", "[refund][breakdown][R-REFUND-SPLIT]") {
    Event r = refund_parts("f1", 0, 0, 500);
    CHECK(spend_on(SpendBasis::subtotal, r) == 12000);
    CHECK(spend_on(SpendBasis::subtotal_shipping, r) == 12000);
    CHECK(spend_on(SpendBasis::total, r) == 12960);
}

TEST_CASE("a refund with only an amount keeps its meaning on every basis",
          "[refund][breakdown][R-REFUND-SPLIT][R-ORDER-SPEND]") {
    Event r = refund("f1", "2026-03-05T10:00:00Z", "1", 2000);
    CHECK(spend_on(SpendBasis::subtotal, r) == 10000);
    CHECK(spend_on(SpendBasis::total, r) == 11460);
    CHECK(spend_on(SpendBasis::subtotal, r, {"shoes"}) == 6000);  // off the category spend, whatever was refunded
}

TEST_CASE("refunded lines lower the category spend only for skus the order has in the categories",
          "[refund][categories][R-REFUND-SPLIT][R-ORDER-SPEND]") {
    CHECK(spend_on(SpendBasis::total, refund_parts("f1", 4000, 320, 0, {item("SOCK", 4000)}), {"shoes"}) == 8000);
    CHECK(spend_on(SpendBasis::total, refund_parts("f1", 3000, 0, 0, {item("RUN", 3000)}), {"shoes"}) == 5000);
    CHECK(spend_on(SpendBasis::subtotal, refund_parts("f1", 5000, 0, 0, {item("RUN", 3000), item("SOCK", 2000)}), {"shoes"}) ==
          5000);
    CHECK(spend_on(SpendBasis::subtotal, refund_parts("f1", 1000, 0, 0, {item("GIFT", 1000)}), {"shoes"}) == 8000);
}

TEST_CASE("a breakdown without lines takes its subtotal, not its tax or shipping, off the category spend",
          "[refund][categories][R-REFUND-SPLIT][R-ORDER-SPEND]") {
    CHECK(spend_on(SpendBasis::total, refund_parts("f1", 1000, 80, 500), {"shoes"}) == 7000);
    CHECK(spend_on(SpendBasis::total, refund_parts("f1", 0, 0, 500), {"shoes"}) == 8000);
}

TEST_CASE("a refund that lowers only tax does not claw back a subtotal tier",
          "[refund][clawback][R-REFUND-SPLIT][R-CLAWBACK]") {
    Program p = tiers_program("p", {tier("t", 12000, false, {credit(100)})});
    p.rules.clawback_on_refund = true;
    Report kept = eval(p, history({shoe_order(), refund_parts("f1", 0, 960, 0)}), kAsOf);
    CHECK(award_keys(kept) == std::vector<std::string>{"p:t:1"});
    CHECK(kept.clawbacks.empty());
    p.rules.spend_basis = SpendBasis::subtotal_tax;
    p.steps[0].target = 12960;  // the order's subtotal + tax
    Report clawed = eval(p, history({shoe_order(), refund_parts("f1", 0, 960, 0)}), kAsOf);
    CHECK(clawback_keys(clawed) == std::vector<std::string>{"p:t:1"});
}

TEST_CASE("refund breakdowns parse: subtotal defaults to the lines, amount to the parts",
          "[refund][codec][R-REFUND-SPLIT][R-HISTORY-VALID]") {
    Program p = seed_tiers();
    History h = history_from(history_with(R"("tax":"1.60","items":[{"sku":"RUN","quantity":1,"amount":"20.00"}])"), p);
    const Event& r = h.events[1];
    CHECK(r.subtotal == 2000);
    CHECK(r.tax == 160);
    CHECK(r.shipping == 0);
    CHECK(r.amount == 2160);
    REQUIRE(r.items.size() == 1);
    CHECK(r.items[0].sku == "RUN");
    CHECK(history_from(history_with(R"("subtotal":"20.00","shipping":"5.00","amount":"25.00")"), p).events[1].amount == 2500);
    CHECK(history_from(history_with(R"("amount":"20.00")"), p).events[1].subtotal == 0);  // only an amount
}

TEST_CASE("refund breakdowns are validated with pointers to the field at fault",
          "[refund][codec][errors][R-REFUND-SPLIT][R-HISTORY-VALID]") {
    Program p = seed_tiers();
    auto errors = [&](const std::string& fields) { return parse_history(history_with(fields), p).errors; };
    CHECK(has_pointer(errors(R"("subtotal":"20.00","tax":"-1.00")"), "/events/1/tax"));
    CHECK(has_pointer(errors(R"("subtotal":"20.00","tax":"1.00","amount":"20.00")"), "/events/1/amount"));
    CHECK(has_pointer(errors(R"("subtotal":"20.00","items":[{"sku":"RUN","amount":"15.00"}])"), "/events/1/subtotal"));
    CHECK(has_pointer(errors(R"("items":[{"amount":"15.00"}])"), "/events/1/items/0/sku"));
    CHECK(has_pointer(errors(R"("items":[{"sku":"RUN","amount":"15.00","categories":["shoes"]}])"),
                      "/events/1/items/0/categories"));
    CHECK(has_pointer(errors(R"("subtotal":"0.00","tax":"0.00")"), "/events/1"));
    CHECK(has_pointer(errors(R"("shipping":"5.00","amount":"0.00")"), "/events/1/amount"));
    CHECK(has_pointer(errors(R"("amount":"0.00")"), "/events/1/amount"));
    CHECK(has_pointer(errors(R"("meta":{})"), "/events/1/amount"));  // neither an amount nor a breakdown
}
