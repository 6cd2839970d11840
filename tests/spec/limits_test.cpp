// The engine at its limits: 10^5 events, the largest valid values, and hostile
// input that must give errors, never a crash. The random-case properties are in
// properties_test.cpp.
#include <chrono>
#include <random>

#include "generator.hpp"
#include "invariants.hpp"
#include "support.hpp"

using namespace stepwise;
using ut::check_invariants;
using ut::json;
using ut::kCaseStart;

TEST_CASE("10^5 events evaluate without problems", "[limits][scale][R-TIER-SPEND][R-JOURNEY-SEQ][R-REPORT-BYTES]") {
    ut::Generator g(77);
    std::vector<Event> events;
    events.reserve(100000);
    for (int i = 0; i < 100000; ++i) {
        Time at = kCaseStart + g.range(0, 365LL * 24 * 3600) * 1000;
        Event e;
        e.id = "e" + std::to_string(i);
        e.at = at;
        int kind = static_cast<int>(g.range(0, 9));
        std::string oid = "o" + std::to_string(g.range(0, 40000));
        if (kind < 4) {
            e.type = EventType::order;
            e.order_id = oid;
            e.status = g.chance(85) ? "completed" : "processing";
            e.subtotal = e.total = g.range(1, 50000);
        } else if (kind < 5) {
            e.type = EventType::order_status;
            e.order_id = oid;
            e.status = g.chance(50) ? "completed" : "cancelled";
        } else if (kind < 6) {
            e.type = EventType::refund;
            e.order_id = oid;
            e.amount = g.range(1, 10000);
        } else if (kind < 7) {
            e.type = EventType::review;
        } else if (kind < 8) {
            e.type = EventType::referral;
            e.purchased = true;
        } else if (kind < 9) {
            e.type = EventType::points;
            e.points = g.range(0, 100);
        } else {
            e.type = EventType::subscription_renewal;
        }
        events.push_back(std::move(e));
    }
    History h = ut::history(events);
    Time as_of = kCaseStart + 400 * kMillisPerDay;

    Program tiers = ut::seed_tiers();
    tiers.rules.clawback_on_refund = true;
    tiers.rules.refund_hold_days = 7;
    tiers.rules.window.kind = WindowKind::calendar_months;
    tiers.rules.window.months = 3;
    tiers.timezone = *parse_tz("EST5EDT,M3.2.0,M11.1.0");
    auto start = std::chrono::steady_clock::now();
    Report rt = evaluate(tiers, h, as_of);
    auto tiers_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    check_invariants(tiers, rt, as_of);
    CHECK(rt.awards.size() > 10);

    Program journey = ut::journey_program(
        "j", {ut::step("a", Metric::orders, 5000), ut::step("b", Metric::spend, 100000000), ut::step("c", Metric::reviews, 3000),
              ut::step("d", Metric::points, 100000), ut::step("e", Metric::subscription_cycles, 100000)});
    start = std::chrono::steady_clock::now();
    Report rj = evaluate(journey, h, as_of);
    auto journey_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    check_invariants(journey, rj, as_of);

    // The same history through the JSON codec.
    json hj = {{"customer", {{"id", "42"}}}, {"events", json::array()}};
    for (std::size_t i = 0; i < 100000; ++i) {
        const Event& e = events[i];
        json ej = {{"id", e.id}, {"at", format_time(e.at)}, {"type", to_string(e.type)}};
        switch (e.type) {
            case EventType::order:
                ej["order_id"] = e.order_id;
                ej["status"] = e.status;
                ej["subtotal"] = format_money(e.subtotal, 2);
                break;
            case EventType::order_status:
                ej["order_id"] = e.order_id;
                ej["status"] = e.status;
                break;
            case EventType::refund:
                ej["order_id"] = e.order_id;
                ej["amount"] = format_money(e.amount, 2);
                break;
            case EventType::referral: ej["purchased"] = true; break;
            case EventType::points: ej["points"] = e.points; break;
            default: break;
        }
        hj["events"].push_back(ej);
    }
    start = std::chrono::steady_clock::now();
    auto parsed = parse_history(hj.dump(), tiers);
    auto parse_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    REQUIRE(parsed.ok());
    CHECK(parsed.value->events.size() == 100000);
    CHECK(report_json(tiers, evaluate(tiers, *parsed.value, as_of)) == report_json(tiers, rt));
    WARN("10^5 events: tiers " << tiers_ms << " ms, journey " << journey_ms << " ms, JSON parse " << parse_ms << " ms");
}

TEST_CASE("extreme but valid values stay inside int64", "[limits][R-MONEY][R-TIME][R-METRIC-UNITS]") {
    Program p = ut::tiers_program("p", {ut::tier("big", kMaxAmount), ut::tier("loop", kMaxAmount, true)});
    p.rules.window.kind = WindowKind::rolling_days;
    p.rules.window.days = 36500;
    p.rules.refund_hold_days = 3650;
    p.rules.reward_expiry_days = 36500;
    std::vector<Event> events;
    for (int i = 0; i < 2000; ++i) {
        Event e = ut::order("e" + std::to_string(i), "0001-01-01T00:00:00Z", "o" + std::to_string(i), kMaxAmount);
        e.tax = e.shipping = kMaxAmount;
        e.total = kMaxAmount;
        events.push_back(e);
    }
    events.push_back(ut::order("late", "9999-12-31T23:59:59.999Z", "late", kMaxAmount));
    History h = ut::history(events);
    for (const char* as_of : {"0001-01-01T00:00:00Z", "3000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z"}) {
        Report r = ut::eval(p, h, as_of);
        INFO(as_of);
        CHECK(r.qualifying_spend >= 0);
        check_invariants(p, r, ut::T(as_of));
        CHECK_NOTHROW(report_json(p, r));
    }
    for (SpendBasis basis : {SpendBasis::subtotal_tax, SpendBasis::subtotal_shipping, SpendBasis::total}) {
        p.rules.spend_basis = basis;
        Report r = ut::eval(p, h, "3000-01-01T00:00:00Z");
        CHECK(r.qualifying_spend >= 0);
    }
    Program j = ut::journey_program("j", {ut::step("pts", Metric::points, kMaxAmount), ut::step("s", Metric::spend, kMaxAmount)});
    std::vector<Event> pts;
    for (int i = 0; i < 1000; ++i) pts.push_back(ut::points_event("p" + std::to_string(i), "2026-01-01T00:00:00Z", kMaxAmount));
    Report r = ut::eval(j, ut::history(pts), "2026-02-01T00:00:00Z");
    check_invariants(j, r, ut::T("2026-02-01T00:00:00Z"));
}

namespace {

void must_refuse_program(const std::string& text) {
    Result<Program> r;
    REQUIRE_NOTHROW(r = parse_program(text));
    CHECK_FALSE(r.ok());
    CHECK_FALSE(r.errors.empty());
}

const char* kValidProgram = R"({"id":"p","kind":"tiers","rules":{"window":{"kind":"rolling_days","days":30}},
  "steps":[{"id":"a","target":"100.00","rewards":[{"type":"store_credit","amount":"5.00"}]},
           {"id":"b","target":"250.00","repeating":true}]})";

const char* kValidHistory = R"({"customer":{"id":"42","roles":["customer"]},"events":[
  {"id":"e1","type":"order","at":"2026-03-15T10:22:00Z","order_id":"1","status":"completed","subtotal":"120.00","tax":"9.60",
   "items":[{"sku":"A","quantity":2,"amount":"120.00","categories":["shoes"]}]},
  {"id":"e2","type":"refund","at":"2026-03-16T10:22:00Z","order_id":"1","amount":"20.00"},
  {"id":"e3","type":"points","at":"2026-03-17T10:22:00Z","points":150}]})";

}  // namespace

TEST_CASE("100,000 orders of the largest amount: sums saturate, never overflow", "[limits][R-MONEY][R-TIER-REPEAT]") {
    Program p = ut::program_from(R"({"id":"p","kind":"tiers","steps":[{"id":"a","target":"1.00","repeating":true}]})");
    History h = ut::history({});
    for (int i = 0; i < 100000; ++i) {
        Event e = ut::order("e" + std::to_string(i), "2026-01-01T00:00:00Z", "e" + std::to_string(i), kMaxAmount);
        e.at = i * 1000LL;
        h.events.push_back(e);
    }
    Report r = ut::eval(p, h, "2026-08-01T00:00:00Z");
    CHECK(r.awards.size() == static_cast<std::size_t>(kMaxOccurrences));
    CHECK(r.qualifying_spend > 0);
}

TEST_CASE("hostile input gives errors, never a crash", "[limits][hostile][R-PROGRAM-VALID]") {
    const Program ok = ut::program_from(kValidProgram);
    SECTION("deep nesting") {
        must_refuse_program(std::string(100000, '['));
        must_refuse_program(std::string(100000, '[') + std::string(100000, ']'));
        std::string objects;
        for (int i = 0; i < 50000; ++i) objects += "{\"a\":";
        must_refuse_program(objects + "1" + std::string(50000, '}'));
        std::string meta = R"({"customer":{"id":"1"},"events":[{"id":"e","type":"review","at":"2026-01-01T00:00:00Z","meta":)";
        for (int i = 0; i < 40; ++i) meta += "{\"x\":";
        meta += "1" + std::string(40, '}') + "}]}";
        Result<History> h;
        REQUIRE_NOTHROW(h = parse_history(meta, ok));
        CHECK_FALSE(h.ok());
        // Brackets inside strings are not nesting.
        std::string quoted = R"({"id":"p","name":")" + std::string(1000, '[') + R"(","kind":"tiers","steps":[{"id":"a","target":"1"}]})";
        CHECK(parse_program(quoted).ok());
    }
    SECTION("huge and odd numbers") {
        for (const char* target : {"1e400", "-1e400", "123456789012345678901234567890", "1e15", "9223372036854775808",
                                   "-9223372036854775809", "-0", "0.0", "1.5", "-1", "0"}) {
            INFO(target);
            must_refuse_program(std::string(R"({"id":"p","kind":"journey","steps":[{"id":"a","metric":"orders","target":)") +
                                target + "}]}");
        }
        for (const char* points : {"1e400", "123456789012345678901234567890", "-1", "1.5", "1e3"}) {
            INFO(points);
            std::string text = std::string(R"({"customer":{"id":"1"},"events":[{"id":"e","type":"points","at":"2026-01-01T00:00:00Z","points":)") +
                               points + "}]}";
            Result<History> h;
            REQUIRE_NOTHROW(h = parse_history(text, ok));
            CHECK_FALSE(h.ok());
        }
        std::string neg_zero = R"({"customer":{"id":"1"},"events":[{"id":"e","type":"points","at":"2026-01-01T00:00:00Z","points":-0}]})";
        Result<History> nz;
        REQUIRE_NOTHROW(nz = parse_history(neg_zero, ok));
        REQUIRE(nz.ok());  // -0 is the integer zero
        CHECK(nz.value->events[0].points == 0);
        must_refuse_program(R"({"id":"p","kind":"tiers","rules":{"refund_hold_days":1e400},"steps":[{"id":"a","target":"1"}]})");
        must_refuse_program(R"({"id":"p","kind":"tiers","rules":{"refund_hold_days":99999999999999999999},"steps":[{"id":"a","target":"1"}]})");
        must_refuse_program(R"({"id":"p","kind":"tiers","steps":[{"id":"a","target":"99999999999999999999.99"}]})");
        must_refuse_program(R"({"id":"p","kind":"tiers","steps":[{"id":"a","target":"-0"}]})");
        must_refuse_program(R"({"id":"p","kind":"tiers","steps":[{"id":"a","target":NaN}]})");
        must_refuse_program(R"({"id":"p","kind":"tiers","steps":[{"id":"a","target":Infinity}]})");
    }
    SECTION("empty and very long strings") {
        must_refuse_program("");
        must_refuse_program(R"({"id":"","kind":"tiers","steps":[{"id":"a","target":"1"}]})");
        must_refuse_program(R"({"id":"p","kind":"","steps":[{"id":"a","target":"1"}]})");
        must_refuse_program(R"({"id":"p","kind":"tiers","steps":[{"id":"","target":"1"}]})");
        must_refuse_program(R"({"id":"p","kind":"tiers","steps":[{"id":"a","target":""}]})");
        must_refuse_program(R"({"id":"p","kind":"tiers","currency":"","steps":[{"id":"a","target":"1"}]})");
        must_refuse_program(R"({"id":"p","kind":"tiers","timezone":"","steps":[{"id":"a","target":"1"}]})");
        const std::string long_id(1 << 20, 'x');
        auto long_r = parse_program(R"({"id":")" + long_id + R"(","kind":"tiers","steps":[{"id":"a","target":"1"}]})");
        REQUIRE_FALSE(long_r.ok());
        CHECK(long_r.errors[0].pointer == "/id");  // the problem is named where it is
        must_refuse_program(R"({"id":"p","kind":"tiers","steps":[{"id":"a","target":")" + std::string(1 << 20, '9') + R"("}]})");
        must_refuse_program(R"({"id":"p","kind":"tiers","timezone":")" + std::string(1 << 20, 'A') + R"(","steps":[{"id":"a","target":"1"}]})");
        // A long name is fine, and must not break anything downstream.
        const std::string long_name(1 << 20, 'n');
        auto named = parse_program(R"({"id":"p","name":")" + long_name + R"(","kind":"tiers","steps":[{"id":"a","target":"1"}]})");
        if (named.ok()) CHECK_NOTHROW(report_json(*named.value, evaluate(*named.value, ut::history({}), 0)));
        Result<History> h;
        REQUIRE_NOTHROW(h = parse_history(R"({"customer":{"id":"1"},"events":[{"id":"e","type":"order","at":"2026-01-01T00:00:00Z","order_id":")" +
                                              std::string(1 << 20, 'o') + R"(","status":"completed","subtotal":"1.00"}]})",
                                          ok));
        if (h.ok()) CHECK_NOTHROW(evaluate(ok, *h.value, ut::T("2026-02-01T00:00:00Z")));
        // Larger than the document limit.
        std::string huge(kMaxDocumentBytes + 16, ' ');
        must_refuse_program(huge);
    }
    SECTION("not JSON, wrong shapes, odd bytes") {
        for (const std::string& text :
             {std::string("null"), std::string("true"), std::string("12"), std::string("\"x\""), std::string("[]"),
              std::string("{"), std::string("}"), std::string("{\"id\":\"p\",}"), std::string("{\"id\":\"p\" \"kind\":1}"),
              std::string("{\"id\":\"p\",\"id\":\"q\",\"kind\":\"tiers\",\"steps\":[{\"id\":\"a\",\"target\":\"1\"}]}x"),
              std::string("\xff\xfe{}"), std::string("{\"id\":\"p\xc3\x28\",\"kind\":\"tiers\",\"steps\":[]}"),
              std::string("{\"id\":\"p\\u0000\",\"kind\":\"tiers\",\"steps\":[{\"id\":\"a\",\"target\":\"1\"}]}"),
              std::string("{\"id\":\"p\\ud800\",\"kind\":\"tiers\",\"steps\":[]}"), std::string(1000, '\0')}) {
            must_refuse_program(text);
        }
    }
    SECTION("histories that are not JSON or break the contract") {
        for (const std::string& text :
             {std::string(""), std::string("null"), std::string("[]"), std::string("{"), std::string("\xff\xfe{}"),
              std::string(R"({"customer":{"id":""},"events":[]})"),
              std::string(R"({"customer":{"id":"1"},"events":[{"id":"e","type":"order","at":"x"}]})"),
              std::string(R"({"customer":{"id":"1"},"events":[{"id":"e","type":"points","at":"2026-01-01T00:00:00Z","points":18446744073709551615}]})"),
              std::string(R"({"customer":{"id":"1"},"events":[{"id":"e","type":"refund","at":"2026-01-01T00:00:00Z","order_id":"o","amount":"0.00"}]})")}) {
            INFO(text);
            Result<History> h;
            REQUIRE_NOTHROW(h = parse_history(text, ok));
            CHECK_FALSE(h.ok());
            CHECK_FALSE(h.errors.empty());
        }
    }
    SECTION("random mutations of valid documents") {
        const std::string alphabet = "{}[]\":,0123456789-.eE+ \\abcdefghijklmnopqrstuvwxyz/\x01\xff";
        std::mt19937_64 rng(31337);
        int accepted = 0;
        for (int i = 0; i < 1500; ++i) {
            std::string program = kValidProgram, history = kValidHistory;
            std::string& target = (i % 2) ? program : history;
            int edits = 1 + static_cast<int>(rng() % 4);
            for (int k = 0; k < edits; ++k) {
                std::size_t at = rng() % (target.size() + 1);
                switch (rng() % 3) {
                    case 0: target.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
                    case 1:
                        if (at < target.size()) target.erase(at, 1 + rng() % 8);
                        break;
                    default:
                        if (at < target.size()) target[at] = alphabet[rng() % alphabet.size()];
                }
            }
            Result<Program> p;
            REQUIRE_NOTHROW(p = parse_program(program));
            if (!p.ok()) {
                CHECK_FALSE(p.errors.empty());
                continue;
            }
            CHECK(validate(*p.value).empty());
            Result<History> h;
            REQUIRE_NOTHROW(h = parse_history(history, *p.value));
            if (!h.ok()) {
                CHECK_FALSE(h.errors.empty());
                continue;
            }
            ++accepted;
            Report r;
            REQUIRE_NOTHROW(r = evaluate(*p.value, *h.value, ut::T("2026-12-31T00:00:00Z")));
            check_invariants(*p.value, r, ut::T("2026-12-31T00:00:00Z"));
            CHECK(json::parse(report_json(*p.value, r), nullptr, false).is_object());
        }
        WARN(accepted << " of 1500 mutated inputs were still valid");
    }
}
