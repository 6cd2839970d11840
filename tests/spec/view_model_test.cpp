// The view model: display numbers computed once, for the widget and the admin preview.
#include "support.hpp"

using namespace stepwise;
using namespace ut;

TEST_CASE("journey view model mirrors the report", "[view][R-JOURNEY-PCT][R-PCT]") {
    Program p = journey_program("j", {step("s1", Metric::orders, 3, {points_reward(100)}), step("s2", Metric::spend, 20000),
                                      step("s3", Metric::reviews, 2)});
    p.name = "Loyalty Journey";
    p.steps[0].name = "First Steps";
    p.steps[0].description = "Place 3 orders";
    p.steps[0].pick = 1;
    History h = history({order("o1", "2026-01-01T00:00:00Z", "1", 100), order("o2", "2026-01-02T00:00:00Z", "2", 100),
                         order("o3", "2026-01-03T00:00:00Z", "3", 100), order("o4", "2026-01-04T00:00:00Z", "4", 13333)});
    Report r = eval(p, h, "2026-02-01T00:00:00Z");
    ViewModel v = view_model(p, r);
    CHECK(v.program_id == "j");
    CHECK(v.program_name == "Loyalty Journey");
    CHECK(v.currency == "USD");
    CHECK(v.digits == 2);
    CHECK(v.kind == ProgramKind::journey);
    CHECK(v.eligible);
    CHECK_FALSE(v.ended);
    CHECK_FALSE(v.completed);
    CHECK(v.overall_pct_tenths == r.progress_tenths);
    CHECK(v.current == r.current_step);
    REQUIRE(v.items.size() == 3);
    CHECK(v.items[0].state == "done");
    CHECK(v.items[0].label == "First Steps");
    CHECK(v.items[0].description == "Place 3 orders");
    CHECK(v.items[0].value == "3");
    CHECK(v.items[0].target == "3");
    CHECK(v.items[0].remaining == "0");
    CHECK(v.items[0].pct_tenths == 1000);
    CHECK(v.items[0].completed_at == T("2026-01-03T00:00:00Z"));
    CHECK(v.items[0].pick == 1);
    REQUIRE(v.items[0].rewards != nullptr);
    CHECK(v.items[0].rewards->size() == 1);
    CHECK(v.items[1].state == "current");
    CHECK(v.items[1].value == "133.33");
    CHECK(v.items[1].target == "200.00");
    CHECK(v.items[1].remaining == "66.67");
    CHECK(v.items[1].pct_tenths == 666);
    CHECK(v.items[2].state == "locked");
    CHECK(v.items[2].value == "0");
    CHECK(v.items[2].pct_tenths == 0);
    json doc = json::parse(view_model_json(v));
    CHECK(doc.is_object());
}

TEST_CASE("tiers view model: earned, next, upcoming, inactive", "[view][R-NEXT][R-INACTIVE]") {
    Program p = seed_tiers();
    p.steps.push_back(tier("platinum", 200000));
    p.steps.back().status = Status::inactive;
    History h = history({order("a", "2026-01-01T00:00:00Z", "1", 31250)});
    Report r = eval(p, h, "2026-02-01T00:00:00Z");
    ViewModel v = view_model(p, r);
    CHECK(v.kind == ProgramKind::tiers);
    REQUIRE(v.items.size() == 5);
    CHECK(v.items[0].state == "earned");
    CHECK(v.items[1].state == "earned");
    CHECK(v.items[2].state == "next");
    CHECK(v.items[3].state == "upcoming");
    CHECK(v.items[4].state == "inactive");
    CHECK(v.current == std::optional<std::size_t>(2));
    CHECK(v.items[2].value == "312.50");
    CHECK(v.items[2].target == "500.00");
    CHECK(v.items[2].remaining == "187.50");
    CHECK(v.items[2].pct_tenths == 625);
    CHECK(v.items[3].repeating);
    CHECK(v.items[3].pct_tenths == 312);
    CHECK(v.items[0].times_earned == 1);
    CHECK(v.items[0].completed_at == T("2026-01-01T00:00:00Z"));
    CHECK(v.overall_pct_tenths == 625);
    CHECK_FALSE(v.completed);
    CHECK(json::parse(view_model_json(v)).is_object());
}

TEST_CASE("a repeating tier is never shown as earned for good", "[view][R-TIER-REPEAT]") {
    Program p = tiers_program("p", {tier("loop", 10000, true)});
    Report r = eval(p, history({order("a", "2026-01-01T00:00:00Z", "1", 25000)}), "2026-02-01T00:00:00Z");
    ViewModel v = view_model(p, r);
    CHECK(v.items[0].state == "next");
    CHECK(v.items[0].times_earned == 2);
    CHECK(v.items[0].value == "50.00");
    CHECK(v.items[0].pct_tenths == 500);
}

TEST_CASE("view model of a JPY program prints no decimals", "[view][R-MONEY]") {
    Program p = tiers_program("y", {tier("t", 10000)});
    p.currency = "JPY";
    Report r = eval(p, history({order("a", "2026-01-01T00:00:00Z", "1", 2500)}), "2026-02-01T00:00:00Z");
    ViewModel v = view_model(p, r);
    CHECK(v.digits == 0);
    CHECK(v.items[0].value == "2500");
    CHECK(v.items[0].target == "10000");
    CHECK(v.items[0].remaining == "7500");
}
