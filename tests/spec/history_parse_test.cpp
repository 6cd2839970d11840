// Histories and carts: field defaults, types, and refusal with pointers.
#include "support.hpp"

using namespace stepwise;
using ut::has_pointer;
using ut::join;

namespace {

Program usd() { return ut::program_from(R"({"id":"p","kind":"tiers","steps":[{"id":"a","target":"100"}]})"); }
Program jpy() {
    return ut::program_from(R"({"id":"p","kind":"tiers","currency":"JPY","steps":[{"id":"a","target":"100"}]})");
}

Errors history_errors(const std::string& text, const Program& p) {
    auto r = parse_history(text, p);
    CHECK_FALSE(r.ok());
    return r.errors;
}

void expect_history_pointers(const std::string& events, std::initializer_list<const char*> pointers) {
    std::string text = R"({"customer":{"id":"42"},"events":[)" + events + "]}";
    Errors errors = history_errors(text, usd());
    INFO(text);
    INFO(join(errors));
    for (const char* p : pointers) {
        INFO("pointer " << p);
        CHECK(has_pointer(errors, p));
    }
}

const char* kContractHistory = R"({"customer": {"id": "42", "roles": ["customer"]},
 "events": [
  {"id": "e1", "type": "order", "at": "2026-03-15T10:22:00Z", "order_id": "1001", "status": "completed",
   "subtotal": "120.00", "tax": "9.60", "shipping": "5.00", "total": "134.60", "wallet_paid": "0.00",
   "items": [{"sku": "A", "quantity": 2, "amount": "120.00", "categories": ["shoes"]}]},
  {"id": "e2", "type": "order_status", "at": "2026-03-16T10:22:00Z", "order_id": "1001", "status": "refunded"},
  {"id": "e3", "type": "refund", "at": "2026-03-16T10:22:00Z", "order_id": "1001", "amount": "20.00"},
  {"id": "e4", "type": "review", "at": "2026-03-17T10:22:00Z", "product_id": "A"},
  {"id": "e5", "type": "referral", "at": "2026-03-18T10:22:00Z", "referee_id": "77", "purchased": true},
  {"id": "e6", "type": "points", "at": "2026-03-19T10:22:00Z", "points": 150},
  {"id": "e7", "type": "subscription_renewal", "at": "2026-03-20T10:22:00Z", "subscription_id": "S1"}
 ]})";

}  // namespace

TEST_CASE("the contract's example history parses with every event type", "[history][R-HISTORY-VALID]") {
    History h = ut::history_from(kContractHistory, usd());
    CHECK(h.customer.id == "42");
    CHECK(h.customer.roles == std::vector<std::string>{"customer"});
    REQUIRE(h.events.size() == 7);
    const Event& o = h.events[0];
    CHECK(o.type == EventType::order);
    CHECK(o.id == "e1");
    CHECK(o.at == ut::T("2026-03-15T10:22:00Z"));
    CHECK(o.order_id == "1001");
    CHECK(o.status == "completed");
    CHECK(o.subtotal == 12000);
    CHECK(o.tax == 960);
    CHECK(o.shipping == 500);
    CHECK(o.total == 13460);
    CHECK(o.wallet_paid == 0);
    REQUIRE(o.items.size() == 1);
    CHECK(o.items[0].sku == "A");
    CHECK(o.items[0].quantity == 2);
    CHECK(o.items[0].amount == 12000);
    CHECK(o.items[0].categories == std::vector<std::string>{"shoes"});
    CHECK(h.events[1].type == EventType::order_status);
    CHECK(h.events[1].status == "refunded");
    CHECK(h.events[2].type == EventType::refund);
    CHECK(h.events[2].amount == 2000);
    CHECK(h.events[3].type == EventType::review);
    CHECK(h.events[3].product_id == "A");
    CHECK(h.events[4].type == EventType::referral);
    CHECK(h.events[4].purchased);
    CHECK(h.events[4].referee_id == "77");
    CHECK(h.events[5].type == EventType::points);
    CHECK(h.events[5].points == 150);
    CHECK(h.events[6].type == EventType::subscription_renewal);
    CHECK(h.events[6].subscription_id == "S1");
}

TEST_CASE("history defaults", "[history][R-HISTORY-VALID][R-ORDER-SPEND]") {
    History h = ut::history_from(R"({"customer":{"id":"42"},"events":[
        {"id":"o","type":"order","at":"2026-01-01T00:00:00Z","order_id":"1","status":"completed","subtotal":"100.00","tax":"8.00","shipping":"4.50"},
        {"id":"r","type":"referral","at":"2026-01-01T00:00:00Z"},
        {"id":"v","type":"review","at":"2026-01-01T00:00:00Z"},
        {"id":"s","type":"subscription_renewal","at":"2026-01-01T00:00:00Z"}]})",
                                 usd());
    CHECK(h.customer.roles.empty());
    REQUIRE(h.events.size() == 4);
    CHECK(h.events[0].total == 11250);  // subtotal + tax + shipping
    CHECK(h.events[0].wallet_paid == 0);
    CHECK(h.events[0].items.empty());
    CHECK_FALSE(h.events[1].purchased);
    History bare = ut::history_from(R"({"customer":{"id":"42"},"events":[
        {"id":"o","type":"order","at":"2026-01-01T00:00:00Z","order_id":"1","status":"completed","subtotal":"100.00"}]})",
                                    usd());
    CHECK(bare.events[0].tax == 0);
    CHECK(bare.events[0].shipping == 0);
    CHECK(bare.events[0].total == 10000);
    History empty = ut::history_from(R"({"customer":{"id":"42"},"events":[]})", usd());
    CHECK(empty.events.empty());
}

TEST_CASE("history amounts use the program's currency", "[history][R-HISTORY-VALID][R-MONEY]") {
    History h = ut::history_from(R"({"customer":{"id":"1"},"events":[
        {"id":"o","type":"order","at":"2026-01-01T00:00:00Z","order_id":"1","status":"completed","subtotal":"1500"}]})",
                                 jpy());
    CHECK(h.events[0].subtotal == 1500);
    Errors errors = history_errors(R"({"customer":{"id":"1"},"events":[
        {"id":"o","type":"order","at":"2026-01-01T00:00:00Z","order_id":"1","status":"completed","subtotal":"15.5"}]})",
                                   jpy());
    CHECK(has_pointer(errors, "/events/0/subtotal"));
}

TEST_CASE("a free-form meta object is ignored, other unknown fields are refused", "[history][R-HISTORY-VALID]") {
    History h = ut::history_from(R"({"customer":{"id":"42"},"events":[
        {"id":"v","type":"review","at":"2026-01-01T00:00:00Z","meta":{"source":"widget","n":[1,{"x":null}]}}]})",
                                 usd());
    CHECK(h.events.size() == 1);
    expect_history_pointers(R"({"id":"v","type":"review","at":"2026-01-01T00:00:00Z","colour":"red"})",
                            {"/events/0/colour"});
    expect_history_pointers(
        R"({"id":"o","type":"order","at":"2026-01-01T00:00:00Z","order_id":"1","status":"completed","subtotal":"1","items":[{"sku":"A","quantity":1,"amount":"1","size":"L"}]})",
        {"/events/0/items/0/size"});
    // Fields of another event type are unknown here.
    expect_history_pointers(R"({"id":"v","type":"review","at":"2026-01-01T00:00:00Z","points":5})",
                            {"/events/0/points"});
    Errors top = history_errors(R"({"customer":{"id":"42"},"events":[],"extra":1})", usd());
    CHECK(has_pointer(top, "/extra"));
    Errors customer = history_errors(R"({"customer":{"id":"42","tier":"x"},"events":[]})", usd());
    CHECK(has_pointer(customer, "/customer/tier"));
}

TEST_CASE("required history fields", "[history][R-HISTORY-VALID]") {
    CHECK(has_pointer(history_errors(R"({"customer":{},"events":[]})", usd()), "/customer/id"));
    CHECK(has_pointer(history_errors(R"({"customer":{"id":""},"events":[]})", usd()), "/customer/id"));
    CHECK(has_pointer(history_errors(R"({"customer":{"id":42},"events":[]})", usd()), "/customer/id"));
    CHECK(has_pointer(history_errors(R"({"events":[]})", usd()), "/customer"));
    CHECK(has_pointer(history_errors(R"({"customer":{"id":"42"}})", usd()), "/events"));
    expect_history_pointers(R"({"type":"review","at":"2026-01-01T00:00:00Z"})", {"/events/0/id"});
    expect_history_pointers(R"({"id":"x","at":"2026-01-01T00:00:00Z"})", {"/events/0/type"});
    expect_history_pointers(R"({"id":"x","type":"review"})", {"/events/0/at"});
    expect_history_pointers(R"({"id":"o","type":"order","at":"2026-01-01T00:00:00Z","status":"completed","subtotal":"1"})",
                            {"/events/0/order_id"});
    expect_history_pointers(R"({"id":"o","type":"order","at":"2026-01-01T00:00:00Z","order_id":"1","subtotal":"1"})",
                            {"/events/0/status"});
    expect_history_pointers(R"({"id":"o","type":"order","at":"2026-01-01T00:00:00Z","order_id":"1","status":"completed"})",
                            {"/events/0/subtotal"});
    expect_history_pointers(R"({"id":"s","type":"order_status","at":"2026-01-01T00:00:00Z","order_id":"1"})",
                            {"/events/0/status"});
    expect_history_pointers(R"({"id":"r","type":"refund","at":"2026-01-01T00:00:00Z","order_id":"1"})",
                            {"/events/0/amount"});
    expect_history_pointers(R"({"id":"p","type":"points","at":"2026-01-01T00:00:00Z"})", {"/events/0/points"});
}

TEST_CASE("history values of the wrong form are refused",
          "[history][R-HISTORY-VALID][R-MONEY][R-TIME][R-METRIC-UNITS]") {
    expect_history_pointers(R"({"id":"x","type":"purchase","at":"2026-01-01T00:00:00Z"})", {"/events/0/type"});
    expect_history_pointers(R"({"id":"x","type":"review","at":"2026-02-30T00:00:00Z"})", {"/events/0/at"});
    expect_history_pointers(R"({"id":"x","type":"review","at":"2026-01-01T00:00:00+01:00"})", {"/events/0/at"});
    expect_history_pointers(R"({"id":"r","type":"refund","at":"2026-01-01T00:00:00Z","order_id":"1","amount":"0.00"})",
                            {"/events/0/amount"});
    expect_history_pointers(R"({"id":"p","type":"points","at":"2026-01-01T00:00:00Z","points":"100"})",
                            {"/events/0/points"});
    expect_history_pointers(R"({"id":"p","type":"points","at":"2026-01-01T00:00:00Z","points":-5})",
                            {"/events/0/points"});
    expect_history_pointers(R"({"id":"p","type":"points","at":"2026-01-01T00:00:00Z","points":1.5})",
                            {"/events/0/points"});
    expect_history_pointers(R"({"id":"r","type":"referral","at":"2026-01-01T00:00:00Z","purchased":"yes"})",
                            {"/events/0/purchased"});
    expect_history_pointers(
        R"({"id":"o","type":"order","at":"2026-01-01T00:00:00Z","order_id":"1","status":"completed","subtotal":"10.001"})",
        {"/events/0/subtotal"});
    expect_history_pointers(
        R"({"id":"o","type":"order","at":"2026-01-01T00:00:00Z","order_id":"1","status":"completed","subtotal":"-1.00"})",
        {"/events/0/subtotal"});
    expect_history_pointers(
        R"({"id":"o","type":"order","at":"2026-01-01T00:00:00Z","order_id":"1","status":"completed","subtotal":10})",
        {"/events/0/subtotal"});
    expect_history_pointers(
        R"({"id":"o","type":"order","at":"2026-01-01T00:00:00Z","order_id":"1","status":"completed","subtotal":"1","items":[{"sku":"A","quantity":-1,"amount":"1"}]})",
        {"/events/0/items/0/quantity"});
    expect_history_pointers(
        R"({"id":"o","type":"order","at":"2026-01-01T00:00:00Z","order_id":"1","status":"completed","subtotal":"1","items":{}})",
        {"/events/0/items"});
    expect_history_pointers(R"({"id":7,"type":"review","at":"2026-01-01T00:00:00Z"})", {"/events/0/id"});
    expect_history_pointers(R"({"id":"v","type":"review","at":"2026-01-01T00:00:00Z","meta":[1]})",
                            {"/events/0/meta"});
}

TEST_CASE("every problem of a history is listed", "[history][R-HISTORY-VALID]") {
    std::string text = R"({"customer":{"roles":["customer"]},"events":[
        {"id":"e1","type":"order","at":"2026-02-30T00:00:00Z","order_id":"1","status":"completed","subtotal":"10.00"},
        {"id":"e2","type":"points","at":"2026-03-01T00:00:00Z","points":"100"},
        {"id":"e3","type":"purchase","at":"2026-03-01T00:00:00Z"},
        {"id":"e4","type":"refund","at":"2026-03-01T00:00:00Z","order_id":"1","amount":"0.00"}]})";
    Errors errors = history_errors(text, usd());
    INFO(join(errors));
    for (const char* p : {"/customer/id", "/events/0/at", "/events/1/points", "/events/2/type", "/events/3/amount"}) {
        INFO(p);
        CHECK(has_pointer(errors, p));
    }
}

TEST_CASE("carts parse like orders", "[history][cart][R-PROJECTION][R-MONEY]") {
    auto cart = parse_cart(R"({"subtotal":"80.00","tax":"6.40","items":[{"sku":"RUN-1","quantity":1,"amount":"80.00","categories":["shoes"]}]})",
                           usd());
    INFO(join(cart.errors));
    REQUIRE(cart.ok());
    CHECK(cart.value->subtotal == 8000);
    CHECK(cart.value->tax == 640);
    CHECK(cart.value->total == 8640);
    CHECK(cart.value->wallet_paid == 0);
    REQUIRE(cart.value->items.size() == 1);
    CHECK(cart.value->items[0].categories == std::vector<std::string>{"shoes"});
    auto bad = parse_cart(R"({"subtotal":"80.001","coupon":"X"})", usd());
    CHECK_FALSE(bad.ok());
    CHECK(has_pointer(bad.errors, "/subtotal"));
    CHECK(has_pointer(bad.errors, "/coupon"));
    auto typed = parse_cart(R"({"subtotal":"1.00","items":[{"sku":"A","quantity":"1","amount":"1.00"}]})", usd());
    CHECK_FALSE(typed.ok());
    CHECK(has_pointer(typed.errors, "/items/0/quantity"));
}

TEST_CASE("documents that are not JSON objects are refused, never thrown", "[history][R-HISTORY-VALID]") {
    for (const char* text : {"", "null", "[]", "\"x\"", "{", "{\"customer\":", "{\"customer\":{\"id\":\"1\"},\"events\":[}"}) {
        INFO("'" << text << "'");
        auto r = parse_history(text, usd());
        CHECK_FALSE(r.ok());
        CHECK_FALSE(r.errors.empty());
    }
}

// The reader's tree (engine/src/json/document.hpp) keeps nlohmann's meaning.
TEST_CASE("a repeated key's last value counts; unknown fields come once each, in sorted key order",
          "[history][R-HISTORY-VALID][R-DETERMINISM]") {
    History h = ut::history_from(R"({"customer":{"id":"1","id":"2"},"events":[],"events":[
        {"id":"p","type":"points","at":"2026-01-01T00:00:00Z","points":"x","points":7}]})",
                                 usd());
    CHECK(h.customer.id == "2");
    REQUIRE(h.events.size() == 1);
    CHECK(h.events[0].points == 7);
    Errors errors = history_errors(R"({"customer":{"id":"1","zz":1,"b":2,"zz":3,"a":4},"events":[]})", usd());
    REQUIRE(errors.size() == 3);
    CHECK(errors[0].pointer == "/customer/a");
    CHECK(errors[1].pointer == "/customer/b");
    CHECK(errors[2].pointer == "/customer/zz");
}
