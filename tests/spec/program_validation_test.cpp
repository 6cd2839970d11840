// Programs: defaults, and refusal of anything that breaks the contract, with
// every problem listed under its JSON Pointer.
#include "support.hpp"

using namespace stepwise;
using ut::has_pointer;
using ut::join;
using ut::json;

namespace {

Errors program_errors(const std::string& text) {
    auto r = parse_program(text);
    CHECK_FALSE(r.ok());
    CHECK_FALSE(r.value.has_value());
    return r.errors;
}

void expect_pointers(const std::string& text, std::initializer_list<const char*> pointers) {
    Errors errors = program_errors(text);
    INFO(text);
    INFO(join(errors));
    for (const char* p : pointers) {
        INFO("pointer " << p);
        CHECK(has_pointer(errors, p));
    }
}

const char* kContractProgram = R"({
  "id": "loyalty-journey", "name": "Loyalty Journey",
  "kind": "journey", "status": "active",
  "starts_at": "2026-01-01T00:00:00Z", "ends_at": "2026-12-31T23:59:59Z", "currency": "USD",
  "timezone": "EST5EDT,M3.2.0,M11.1.0",
  "rules": {
    "order_statuses": ["completed"],
    "spend_basis": "subtotal",
    "exclude_wallet_paid": true,
    "window": {"kind": "lifetime"},
    "categories": [], "roles": [],
    "min_order": {"amount": "20.00", "quantity": 0},
    "refund_hold_days": 0,
    "clawback_on_refund": false,
    "reward_expiry_days": 0
  },
  "steps": [
    {"id": "first-steps", "name": "First Steps", "description": "Place your 3rd order",
     "metric": "orders", "target": 3,
     "rewards": [{"type": "points", "points": 100}, {"type": "store_credit", "amount": "5.00"},
                 {"type": "discount_amount", "amount": "10.00"}, {"type": "discount_percent", "percent": 10},
                 {"type": "free_shipping"}, {"type": "free_gift", "product_id": "sku-1"}],
     "reward_choice": {"pick": 1},
     "repeating": false, "status": "active"},
    {"id": "spend", "metric": "spend", "target": "500.00"}
  ]
})";

}  // namespace

TEST_CASE("the contract's example program parses with every field", "[program][R-PROGRAM-VALID]") {
    Program p = ut::program_from(kContractProgram);
    CHECK(p.id == "loyalty-journey");
    CHECK(p.name == "Loyalty Journey");
    CHECK(p.kind == ProgramKind::journey);
    CHECK(p.status == Status::active);
    CHECK(p.starts_at == ut::T("2026-01-01T00:00:00Z"));
    CHECK(p.ends_at == ut::T("2026-12-31T23:59:59Z"));
    CHECK(p.timezone.has_dst);
    CHECK(p.timezone.text == "EST5EDT,M3.2.0,M11.1.0");
    REQUIRE(p.rules.min_order.has_value());
    CHECK(p.rules.min_order->amount == 2000);
    CHECK(p.rules.min_order->quantity == 0);
    REQUIRE(p.steps.size() == 2);
    const Step& s = p.steps[0];
    CHECK(s.metric == Metric::orders);
    CHECK(s.target == 3);
    CHECK(s.description == "Place your 3rd order");
    REQUIRE(s.rewards.size() == 6);
    CHECK(s.rewards[0].type == RewardType::points);
    CHECK(s.rewards[0].points == 100);
    CHECK(s.rewards[1].type == RewardType::store_credit);
    CHECK(s.rewards[1].amount == 500);
    CHECK(s.rewards[2].type == RewardType::discount_amount);
    CHECK(s.rewards[2].amount == 1000);
    CHECK(s.rewards[3].type == RewardType::discount_percent);
    CHECK(s.rewards[3].percent == 10);
    CHECK(s.rewards[4].type == RewardType::free_shipping);
    CHECK(s.rewards[5].type == RewardType::free_gift);
    CHECK(s.rewards[5].product_id == "sku-1");
    CHECK(s.pick == 1);
    CHECK(p.steps[1].metric == Metric::spend);
    CHECK(p.steps[1].target == 50000);
    CHECK(validate(p).empty());
}

TEST_CASE("program defaults", "[program][R-PROGRAM-VALID]") {
    Program p = ut::program_from(R"({"id":"t","kind":"tiers","steps":[{"id":"a","target":"100"}]})");
    CHECK(p.name == "t");
    CHECK(p.status == Status::active);
    CHECK(p.currency == "USD");
    CHECK(p.digits() == 2);
    CHECK(p.timezone.text == "UTC0");
    CHECK(p.timezone.offset_at(ut::T("2026-07-01T00:00:00Z")) == 0);
    CHECK_FALSE(p.starts_at.has_value());
    CHECK_FALSE(p.ends_at.has_value());
    CHECK(p.rules.order_statuses == std::vector<std::string>{"completed"});
    CHECK(p.rules.spend_basis == SpendBasis::subtotal);
    CHECK(p.rules.exclude_wallet_paid);
    CHECK(p.rules.window.kind == WindowKind::lifetime);
    CHECK(p.rules.categories.empty());
    CHECK(p.rules.roles.empty());
    CHECK_FALSE(p.rules.min_order.has_value());
    CHECK(p.rules.refund_hold_days == 0);
    CHECK_FALSE(p.rules.clawback_on_refund);
    CHECK(p.rules.reward_expiry_days == 0);
    REQUIRE(p.steps.size() == 1);
    CHECK(p.steps[0].name == "a");
    CHECK(p.steps[0].metric == Metric::spend);  // tiers measure spend
    CHECK(p.steps[0].target == 10000);
    CHECK(p.steps[0].rewards.empty());
    CHECK_FALSE(p.steps[0].pick.has_value());
    CHECK_FALSE(p.steps[0].repeating);
    CHECK(p.steps[0].status == Status::active);
}

TEST_CASE("program amounts use the currency's digits", "[program][R-PROGRAM-VALID][R-MONEY]") {
    Program jpy = ut::program_from(R"({"id":"y","kind":"tiers","currency":"JPY","steps":[{"id":"a","target":"10000"}]})");
    CHECK(jpy.digits() == 0);
    CHECK(jpy.steps[0].target == 10000);
    Program kwd = ut::program_from(R"({"id":"k","kind":"tiers","currency":"KWD","steps":[{"id":"a","target":"12.345"}]})");
    CHECK(kwd.steps[0].target == 12345);
    expect_pointers(R"({"id":"y","kind":"tiers","currency":"JPY","steps":[{"id":"a","target":"100.5"}]})",
                    {"/steps/0/target"});
}

TEST_CASE("unknown fields are refused at every level", "[program][errors][R-PROGRAM-VALID]") {
    expect_pointers(R"({"id":"p","kind":"tiers","colour":"red","steps":[{"id":"a","target":"1"}]})", {"/colour"});
    expect_pointers(R"({"id":"p","kind":"tiers","rules":{"foo":1},"steps":[{"id":"a","target":"1"}]})", {"/rules/foo"});
    expect_pointers(R"({"id":"p","kind":"tiers","rules":{"window":{"kind":"lifetime","size":3}},"steps":[{"id":"a","target":"1"}]})",
                    {"/rules/window/size"});
    expect_pointers(R"({"id":"p","kind":"tiers","rules":{"min_order":{"amount":"1","qty":2}},"steps":[{"id":"a","target":"1"}]})",
                    {"/rules/min_order/qty"});
    expect_pointers(R"({"id":"p","kind":"tiers","steps":[{"id":"a","target":"1","bonus":true}]})", {"/steps/0/bonus"});
    expect_pointers(R"({"id":"p","kind":"tiers","steps":[{"id":"a","target":"1","rewards":[{"type":"free_shipping","x":1}]}]})",
                    {"/steps/0/rewards/0/x"});
    expect_pointers(R"({"id":"p","kind":"tiers","steps":[{"id":"a","target":"1","reward_choice":{"pick":1,"max":2}}]})",
                    {"/steps/0/reward_choice/max"});
}

TEST_CASE("bad enum values are refused", "[program][errors][R-PROGRAM-VALID]") {
    expect_pointers(R"({"id":"p","kind":"tier","steps":[{"id":"a","target":"1"}]})", {"/kind"});
    expect_pointers(R"({"id":"p","kind":"tiers","status":"on","steps":[{"id":"a","target":"1"}]})", {"/status"});
    expect_pointers(R"({"id":"p","kind":"tiers","rules":{"spend_basis":"gross"},"steps":[{"id":"a","target":"1"}]})",
                    {"/rules/spend_basis"});
    expect_pointers(R"({"id":"p","kind":"tiers","rules":{"window":{"kind":"weekly"}},"steps":[{"id":"a","target":"1"}]})",
                    {"/rules/window/kind"});
    expect_pointers(R"({"id":"p","kind":"journey","steps":[{"id":"a","metric":"purchases","target":1}]})",
                    {"/steps/0/metric"});
    expect_pointers(R"({"id":"p","kind":"tiers","steps":[{"id":"a","target":"1","status":"paused"}]})",
                    {"/steps/0/status"});
    expect_pointers(R"({"id":"p","kind":"tiers","steps":[{"id":"a","target":"1","rewards":[{"type":"cash"}]}]})",
                    {"/steps/0/rewards/0/type"});
}

TEST_CASE("a step with an unknown metric is reported for its metric only", "[program][errors][R-PROGRAM-VALID]") {
    // The target (2) is fine; only the metric is wrong.
    Errors errors = program_errors(R"({"id":"p","kind":"journey","steps":[{"id":"a","metric":"purchases","target":2}]})");
    INFO(join(errors));
    CHECK(has_pointer(errors, "/steps/0/metric"));
    CHECK_FALSE(has_pointer(errors, "/steps/0/target"));
}

TEST_CASE("targets must be positive and of the metric's form", "[program][errors][R-PROGRAM-VALID][R-METRIC-UNITS]") {
    expect_pointers(R"({"id":"p","kind":"journey","steps":[
        {"id":"a","metric":"orders","target":0},{"id":"b","metric":"spend","target":"0.00"},
        {"id":"c","metric":"reviews","target":-2},{"id":"d","metric":"points","target":5}]})",
                    {"/steps/0/target", "/steps/1/target", "/steps/2/target"});
    Errors errors = program_errors(R"({"id":"p","kind":"journey","steps":[{"id":"a","metric":"orders","target":0}]})");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].to_string() == "/steps/0/target: must be > 0");
    // Counting metrics take integers, spend takes money strings.
    expect_pointers(R"({"id":"p","kind":"journey","steps":[{"id":"a","metric":"orders","target":"3"}]})",
                    {"/steps/0/target"});
    expect_pointers(R"({"id":"p","kind":"journey","steps":[{"id":"a","metric":"orders","target":2.5}]})",
                    {"/steps/0/target"});
    expect_pointers(R"({"id":"p","kind":"journey","steps":[{"id":"a","metric":"spend","target":100}]})",
                    {"/steps/0/target"});
    expect_pointers(R"({"id":"p","kind":"journey","steps":[{"id":"a","metric":"orders","target":true}]})",
                    {"/steps/0/target"});
    expect_pointers(R"({"id":"p","kind":"journey","steps":[{"id":"a","metric":"orders"}]})", {"/steps/0/target"});
    expect_pointers(R"({"id":"p","kind":"journey","steps":[{"id":"a","metric":"points","target":1000000000000001}]})",
                    {"/steps/0/target"});
}

TEST_CASE("duplicate step ids are refused", "[program][errors][R-PROGRAM-VALID]") {
    expect_pointers(R"({"id":"p","kind":"tiers","steps":[{"id":"a","target":"1"},{"id":"b","target":"2"},{"id":"a","target":"3"}]})",
                    {"/steps/2/id"});
}

TEST_CASE("malformed amounts are refused", "[program][errors][R-PROGRAM-VALID][R-MONEY]") {
    expect_pointers(R"({"id":"p","kind":"tiers","rules":{"min_order":{"amount":"-5.00"}},"steps":[
        {"id":"a","target":"3.125"},
        {"id":"b","target":"200.00","rewards":[{"type":"store_credit","amount":"5,00"}]},
        {"id":"c","target":"1e3"},
        {"id":"d","target":"2","rewards":[{"type":"discount_amount","amount":""}]}]})",
                    {"/rules/min_order/amount", "/steps/0/target", "/steps/1/rewards/0/amount", "/steps/2/target",
                     "/steps/3/rewards/0/amount"});
}

TEST_CASE("bad times are refused", "[program][errors][R-PROGRAM-VALID][R-TIME]") {
    expect_pointers(R"({"id":"p","kind":"tiers","starts_at":"2026-03-01 00:00:00","ends_at":"2026-03-01T00:00:00+02:00","steps":[{"id":"a","target":"1"}]})",
                    {"/starts_at", "/ends_at"});
    expect_pointers(R"({"id":"p","kind":"tiers","starts_at":20260301,"steps":[{"id":"a","target":"1"}]})",
                    {"/starts_at"});
}

TEST_CASE("wrong JSON types are refused", "[program][errors][R-PROGRAM-VALID]") {
    expect_pointers(R"({"id":"p","name":5,"kind":"journey",
        "rules":{"refund_hold_days":"7","exclude_wallet_paid":1,"categories":"shoes","roles":[1],"order_statuses":"completed"},
        "steps":[{"id":"s1","metric":"orders","target":1,"repeating":"yes","rewards":{}}]})",
                    {"/name", "/rules/refund_hold_days", "/rules/exclude_wallet_paid", "/rules/categories",
                     "/rules/order_statuses", "/steps/0/repeating", "/steps/0/rewards"});
    expect_pointers(R"({"id":"p","kind":"tiers","steps":{}})", {"/steps"});
    expect_pointers(R"({"id":7,"kind":"tiers","steps":[{"id":"a","target":"1"}]})", {"/id"});
    expect_pointers(R"({"id":"p","kind":"tiers","rules":[],"steps":[{"id":"a","target":"1"}]})", {"/rules"});
    expect_pointers(R"({"id":"p","kind":"tiers","steps":[{"id":"a","target":"1","reward_choice":{"pick":"1"}}]})",
                    {"/steps/0/reward_choice/pick"});
    Errors whole = program_errors(R"([1,2,3])");
    CHECK(has_pointer(whole, ""));
}

TEST_CASE("every problem is listed, not just the first", "[program][errors][R-PROGRAM-VALID]") {
    Errors errors = program_errors(R"({"id":"p","kind":"tiers","colour":1,"currency":"USD","rules":{"spend_basis":"x"},
        "steps":[{"id":"a","target":"0"},{"id":"a","target":"1.234"}]})");
    INFO(join(errors));
    CHECK(has_pointer(errors, "/colour"));
    CHECK(has_pointer(errors, "/rules/spend_basis"));
    CHECK(has_pointer(errors, "/steps/0/target"));
    CHECK(has_pointer(errors, "/steps/1/target"));
    CHECK(errors.size() >= 4);
}

TEST_CASE("ids are 1-64 characters of A-Z a-z 0-9 _ . -", "[program][errors][R-PROGRAM-VALID]") {
    auto with_id = [](const std::string& id) {
        return R"({"id":")" + id + R"(","kind":"tiers","steps":[{"id":"a","target":"1"}]})";
    };
    CHECK(parse_program(with_id(std::string(64, 'x'))).ok());
    CHECK(parse_program(with_id("Spend_2026.v1-a")).ok());
    for (const std::string& bad : {std::string(), std::string(65, 'x'), std::string("a:b"), std::string("a b"),
                                   std::string("h\u00e9llo"), std::string("a/b")}) {
        INFO("'" << bad << "'");
        Errors errors = program_errors(with_id(bad));
        CHECK(has_pointer(errors, "/id"));
    }
    expect_pointers(R"({"id":"p","kind":"tiers","steps":[{"id":"x:1","target":"1"}]})", {"/steps/0/id"});
    expect_pointers(R"({"id":"p","kind":"tiers","steps":[{"target":"1"}]})", {"/steps/0/id"});
    expect_pointers(R"({"kind":"tiers","steps":[{"id":"a","target":"1"}]})", {"/id"});
}

TEST_CASE("limits: at most 100 steps, bounded rule values", "[program][errors][R-PROGRAM-VALID]") {
    auto steps = [](int n) {
        json p = {{"id", "p"}, {"kind", "tiers"}, {"steps", json::array()}};
        for (int i = 0; i < n; ++i) p["steps"].push_back({{"id", "s" + std::to_string(i)}, {"target", "1.00"}});
        return p.dump();
    };
    CHECK(parse_program(steps(100)).ok());
    CHECK_FALSE(parse_program(steps(101)).ok());
    expect_pointers(R"({"id":"p","kind":"tiers","steps":[]})", {"/steps"});
    expect_pointers(R"({"id":"p","kind":"tiers","rules":{"refund_hold_days":-1},"steps":[{"id":"a","target":"1"}]})",
                    {"/rules/refund_hold_days"});
    expect_pointers(R"({"id":"p","kind":"tiers","rules":{"window":{"kind":"rolling_days"}},"steps":[{"id":"a","target":"1"}]})",
                    {"/rules/window/days"});
    expect_pointers(R"({"id":"p","kind":"tiers","rules":{"window":{"kind":"rolling_days","days":0}},"steps":[{"id":"a","target":"1"}]})",
                    {"/rules/window/days"});
    expect_pointers(R"({"id":"p","kind":"tiers","rules":{"window":{"kind":"calendar_months","months":0}},"steps":[{"id":"a","target":"1"}]})",
                    {"/rules/window/months"});
    expect_pointers(R"({"id":"p","kind":"tiers","steps":[{"id":"a","target":"1","rewards":[{"type":"discount_percent","percent":150}]}]})",
                    {"/steps/0/rewards/0/percent"});
    expect_pointers(R"({"id":"p","kind":"tiers","steps":[{"id":"a","target":"1","reward_choice":{"pick":0}}]})",
                    {"/steps/0/reward_choice/pick"});
    expect_pointers(R"({"id":"p","kind":"tiers","timezone":"Mars/Olympus","steps":[{"id":"a","target":"1"}]})",
                    {"/timezone"});
}

TEST_CASE("validate() checks programs built in C++", "[program][errors][R-PROGRAM-VALID]") {
    Program ok = ut::seed_tiers();
    CHECK(validate(ok).empty());
    Program zero = ok;
    zero.steps[2].target = 0;
    CHECK(has_pointer(validate(zero), "/steps/2/target"));
    Program dup = ok;
    dup.steps[3].id = "silver";
    CHECK(has_pointer(validate(dup), "/steps/3/id"));
    Program bad_id = ok;
    bad_id.id = "a:b";
    CHECK(has_pointer(validate(bad_id), "/id"));
    Program empty = ok;
    empty.steps.clear();
    CHECK(has_pointer(validate(empty), "/steps"));
    Program huge = ok;
    huge.steps[0].target = kMaxAmount + 1;
    CHECK(has_pointer(validate(huge), "/steps/0/target"));
}

TEST_CASE("errors print as POINTER: message, / for the whole document", "[program][errors][R-PROGRAM-VALID]") {
    CHECK((Error{"/steps/2/target", "must be > 0"}).to_string() == "/steps/2/target: must be > 0");
    CHECK((Error{"", "not JSON"}).to_string() == "/: not JSON");
    json doc = json::parse(errors_json({{"/steps/2/target", "must be > 0"}}));
    REQUIRE(doc["errors"].is_array());
    CHECK(doc["errors"][0]["pointer"] == "/steps/2/target");
    CHECK(doc["errors"][0]["message"] == "must be > 0");
}

TEST_CASE("program_json round-trips", "[program][R-PROGRAM-VALID]") {
    Program p = ut::program_from(kContractProgram);
    std::string once = program_json(p);
    Program again = ut::program_from(once);
    CHECK(program_json(again) == once);
    Program seed = ut::seed_tiers();
    CHECK(program_json(ut::program_from(program_json(seed))) == program_json(seed));
}

// Syntax errors quote the input; whatever bytes it held, the message must be
// well-formed UTF-8 (the WebAssembly side could not return it otherwise).
TEST_CASE("syntax error messages are well-formed UTF-8 whatever the input bytes", "[program][utf8][R-PROGRAM-VALID]") {
    const auto well_formed = [](const std::string& s) {
        try {
            (void)json(s).dump();  // nlohmann refuses ill-formed UTF-8 by throwing
            return true;
        } catch (const json::type_error&) {
            return false;
        }
    };
    for (const std::string& text : {std::string("{\"id\": \"a\xff\"}"), std::string("{\"id\": \"\xc0\x80\"}"),
                                   std::string("{\"id\": \"\xed\xa0\x80\"}"),
                                   std::string("{\"name\": \"\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3")}) {
        Errors errors = program_errors(text);
        REQUIRE(errors.size() == 1);
        CHECK(errors[0].message.find("not valid JSON") == 0);
        CHECK(well_formed(errors[0].message));
    }
    // A well-formed multi-byte character before the error is quoted as it is.
    Errors errors = program_errors("{\"name\": \"\xe2\x82\xac\" x}");
    CHECK(errors[0].message.find("\xe2\x82\xac") != std::string::npos);
}

TEST_CASE("a free gift may carry a display name, echoed in the program and its reports",
          "[program][R-PROGRAM-VALID][R-REPORT-BYTES]") {
    auto with_gift = [](const std::string& gift) {
        std::string text = kContractProgram;
        const std::string plain = R"({"type": "free_gift", "product_id": "sku-1"})";
        text.replace(text.find(plain), plain.size(), gift);
        return text;
    };
    Program p = ut::program_from(with_gift(R"({"type": "free_gift", "product_id": "sku-1", "name": "Tote bag"})"));
    CHECK(p.steps[0].rewards[5].name == "Tote bag");
    CHECK(program_json(p).find(R"("product_id":"sku-1","name":"Tote bag")") != std::string::npos);
    // Without a name nothing is written: reports of unnamed gifts keep their bytes.
    CHECK(program_json(ut::program_from(kContractProgram)).find("\"name\":\"Tote") == std::string::npos);

    expect_pointers(with_gift(R"({"type": "free_gift", "product_id": "sku-1", "name": ""})"),
                    {"/steps/0/rewards/5/name"});
    expect_pointers(with_gift(R"({"type": "free_gift", "product_id": "sku-1", "name": ")" + std::string(201, 'x') + "\"}"),
                    {"/steps/0/rewards/5/name"});
    // A name belongs to gifts only.
    expect_pointers(with_gift(R"({"type": "free_shipping", "name": "Free shipping"})"), {"/steps/0/rewards/5/name"});
}

TEST_CASE("parse_reward reads one reward as a program would, and reward_json writes it back",
          "[program][R-PROGRAM-VALID]") {
    auto ok = parse_reward(R"({"type": "free_gift", "product_id": "sku-9", "name": "Mug"})", 2);
    REQUIRE(ok.ok());
    CHECK(ok.value->name == "Mug");
    CHECK(reward_json(*ok.value, 2) == R"({"type":"free_gift","product_id":"sku-9","name":"Mug"})");
    auto credit = parse_reward(R"({"type": "store_credit", "amount": "12.50"})", 2);
    REQUIRE(credit.ok());
    CHECK(credit.value->amount == 1250);
    CHECK(reward_json(*credit.value, 2) == R"({"type":"store_credit","amount":"12.50"})");

    auto errors_of = [](const char* text) {
        auto r = parse_reward(text, 2);
        CHECK_FALSE(r.value.has_value());
        return join(r.errors);
    };
    CHECK(errors_of(R"({"type": "discount_amount", "amount": "0.00"})").find("/amount") != std::string::npos);
    CHECK(errors_of(R"({"type": "discount_percent", "percent": 101})").find("/percent") != std::string::npos);
    CHECK(errors_of(R"({"type": "cashback"})").find("/type") != std::string::npos);
    CHECK(errors_of(R"({"type": "points", "points": 5, "extra": 1})").find("/extra") != std::string::npos);
    CHECK(errors_of("[1]").find("must be an object") != std::string::npos);
    CHECK(errors_of("{").size() > 0);
}

TEST_CASE("json_api: one pipeline names the input that failed, with its pointers",
          "[program][json_api][R-PROGRAM-VALID][R-HISTORY-VALID][R-TIME]") {
    const std::string program = kContractProgram;
    const char* history = R"({"customer": {"id": "c"}, "events": []})";
    auto ok = json_api::evaluate(program, history, "2026-06-01T00:00:00Z");
    REQUIRE(ok.ok());
    CHECK(ok.json.rfind("{", 0) == 0);
    auto bad_time = json_api::evaluate(program, history, "2026-13-01T00:00:00Z");
    CHECK(bad_time.input == "as_of");
    auto bad_history = json_api::view_model(program, R"({"customer": {"id": "c"}, "events": [{"id": 1}]})",
                                            "2026-06-01T00:00:00Z");
    CHECK(bad_history.input == "history");
    CHECK(has_pointer(bad_history.errors, "/events/0/id"));
    CHECK(bad_history.failure_json().rfind(R"({"input":"history","errors":[)", 0) == 0);
    // An empty award key is refused wherever the pipeline runs (it used to pass the command line).
    auto empty_key = json_api::newly_due(program, history, "2026-06-01T00:00:00Z", R"([""])", "");
    CHECK(empty_key.input == "issued");
    auto clawed = json_api::newly_due(program, history, "2026-06-01T00:00:00Z", "[]", "{}");
    CHECK(clawed.input == "clawed");
    CHECK(json_api::newly_due(program, history, "2026-06-01T00:00:00Z", R"(["k"])", "").ok());
    CHECK(json_api::project(program, history, "2026-06-01T00:00:00Z", "[]").input == "cart");
}
