// Properties that must hold for any program and history.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "generator.hpp"
#include "support.hpp"

using namespace stepwise;

namespace {

const Time kEnd = *parse_time("2026-08-01T00:00:00Z");

struct Case {
    Program program;
    History history;
};

Case make_case(test::Generator& g) {
    auto p = parse_program(g.program().dump());
    REQUIRE(p.ok());
    auto h = parse_history(g.history().dump(), *p.value);
    REQUIRE(h.ok());
    return {*p.value, *h.value};
}

}  // namespace

TEST_CASE("evaluation does not depend on event order or duplicated events") {
    for (std::uint64_t seed = 1; seed <= 300; ++seed) {
        test::Generator g(seed);
        Case c = make_case(g);
        std::string expected = report_json(c.program, evaluate(c.program, c.history, kEnd));
        History shuffled = c.history;
        test::shuffle(shuffled.events, g.rng());
        INFO("seed " << seed);
        CHECK(report_json(c.program, evaluate(c.program, shuffled, kEnd)) == expected);
        History doubled = shuffled;
        for (const Event& e : c.history.events)
            if (g.chance(50)) doubled.events.push_back(e);
        test::shuffle(doubled.events, g.rng());
        CHECK(report_json(c.program, evaluate(c.program, doubled, kEnd)) == expected);
    }
}

TEST_CASE("incremental evaluation issues exactly what full evaluation decides") {
    std::size_t total_awards = 0, total_clawbacks = 0;
    for (std::uint64_t seed = 1000; seed < 1300; ++seed) {
        test::Generator g(seed);
        Case c = make_case(g);
        std::sort(c.history.events.begin(), c.history.events.end(),
                  [](const Event& a, const Event& b) { return a.at != b.at ? a.at < b.at : a.id < b.id; });
        std::set<std::string> issued, clawed;
        std::vector<std::string> issue_log;
        History growing;
        growing.customer = c.history.customer;
        auto step = [&](Time as_of) {
            Due due = newly_due(evaluate(c.program, growing, as_of), issued, clawed);
            for (const Award& a : due.awards) {
                issue_log.push_back(a.key);
                issued.insert(a.key);
            }
            for (const Clawback& cb : due.clawbacks) clawed.insert(cb.key);
        };
        for (const Event& e : c.history.events) {
            growing.events.push_back(e);
            step(e.at);
            step(e.at);  // re-evaluating the same history yields nothing new
        }
        step(kEnd);
        Report full = evaluate(c.program, c.history, kEnd);
        std::set<std::string> full_awards, full_clawbacks;
        for (const Award& a : full.awards) full_awards.insert(a.key);
        for (const Clawback& cb : full.clawbacks) full_clawbacks.insert(cb.key);
        INFO("seed " << seed);
        CHECK(issued == full_awards);
        CHECK(clawed == full_clawbacks);
        CHECK(issue_log.size() == issued.size());  // no key issued twice
        CHECK(full_awards.size() == full.awards.size());  // keys unique within a report
        CHECK(newly_due(full, issued, clawed).awards.empty());
        total_awards += full.awards.size();
        total_clawbacks += full.clawbacks.size();
    }
    // The generator must exercise the interesting paths, or the property is vacuous.
    CHECK(total_awards > 300);
    CHECK(total_clawbacks > 10);
}

TEST_CASE("100,000 events evaluate in one pass") {
    test::Generator g(7);
    Program p = test::program(R"({"id":"p","kind":"tiers","steps":[{"id":"a","target":"1.00","repeating":true}]})");
    History h;
    h.customer.id = "42";
    for (int i = 0; i < 100000; ++i) {
        Event e;
        e.id = "e" + std::to_string(i);
        e.order_id = e.id;
        e.status = "completed";
        e.at = i * 1000LL;
        e.subtotal = e.total = kMaxAmount;  // the largest amounts: sums saturate, never overflow
        h.events.push_back(e);
    }
    Report r = evaluate(p, h, kEnd);
    CHECK(r.awards.size() == static_cast<std::size_t>(kMaxOccurrences));
    CHECK(r.qualifying_spend > 0);
}

TEST_CASE("hostile input gives errors, never a crash") {
    Program p = test::program(R"({"id":"p","kind":"tiers","steps":[{"id":"a","target":"1.00"}]})");
    const char* bad[] = {
        "", "null", "[]", "{", "{\"customer\":{\"id\":\"\"},\"events\":[]}",
        "{\"customer\":{\"id\":\"1\"},\"events\":[{\"id\":\"e\",\"type\":\"order\",\"at\":\"x\"}]}",
        "{\"customer\":{\"id\":\"1\"},\"events\":[{\"id\":\"e\",\"type\":\"points\",\"at\":\"2026-01-01T00:00:00Z\",\"points\":1e400}]}",
        "{\"customer\":{\"id\":\"1\"},\"events\":[{\"id\":\"e\",\"type\":\"points\",\"at\":\"2026-01-01T00:00:00Z\",\"points\":-0}]}",
        "{\"customer\":{\"id\":\"1\"},\"events\":[{\"id\":\"e\",\"type\":\"points\",\"at\":\"2026-01-01T00:00:00Z\",\"points\":18446744073709551615}]}",
        "{\"customer\":{\"id\":\"1\"},\"events\":[{\"id\":\"e\",\"type\":\"refund\",\"at\":\"2026-01-01T00:00:00Z\",\"order_id\":\"o\",\"amount\":\"0.00\"}]}",
        "\xff\xfe{}",
    };
    for (const char* text : bad) {
        INFO(text);
        auto r = parse_history(text, p);
        if (std::string(text).find("\"points\":-0") != std::string::npos) {
            CHECK(r.ok());  // -0 is the integer zero
            continue;
        }
        CHECK_FALSE(r.ok());
        CHECK_FALSE(r.errors.empty());
    }
    std::string deep(100000, '[');
    CHECK_FALSE(parse_program(deep).ok());
    std::string long_id(1000000, 'x');
    auto r = parse_program(R"({"id":")" + long_id + R"(","kind":"tiers","steps":[{"id":"a","target":"1.00"}]})");
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors[0].pointer == "/id");
}
