// Seeded random programs and histories (std::mt19937_64, fixed seeds):
// order independence, duplicate tolerance, incremental == full evaluation,
// unique award keys, report invariants, scale, and hostile input.
#include <chrono>
#include <map>
#include <random>

#include "../common/seeded_random.hpp"
#include "support.hpp"

using namespace stepwise;
using ut::json;

namespace {

struct Gen {
    std::mt19937_64 rng;
    explicit Gen(std::uint64_t seed) : rng(seed) {}
    std::int64_t range(std::int64_t lo, std::int64_t hi) { return test::draw(rng, lo, hi); }  // inclusive
    bool chance(int percent) { return range(0, 99) < percent; }
    template <class T>
    const T& pick(const std::vector<T>& v) {
        return v[static_cast<std::size_t>(range(0, static_cast<std::int64_t>(v.size()) - 1))];
    }
    std::string money(std::int64_t lo_cents, std::int64_t hi_cents) { return format_money(range(lo_cents, hi_cents), 2); }
};

const Time kBase = *parse_time("2026-01-01T00:00:00Z");

json random_program(Gen& g) {
    bool tiers = g.chance(50);
    json p = {{"id", tiers ? "tiers-prog" : "journey-prog"}, {"kind", tiers ? "tiers" : "journey"}};
    if (g.chance(10)) p["status"] = "inactive";
    if (g.chance(20)) p["starts_at"] = format_time(kBase + g.range(0, 20) * kMillisPerDay);
    if (g.chance(20)) p["ends_at"] = format_time(kBase + g.range(60, 150) * kMillisPerDay);
    p["timezone"] = g.pick(std::vector<std::string>{"UTC0", "EST5EDT,M3.2.0,M11.1.0", "XST3XDT,J60/0,J305/1",
                                                    "AEST-10AEDT,M10.1.0,M4.1.0/3"});
    json rules = json::object();
    rules["order_statuses"] = g.chance(70) ? json::array({"completed"}) : json::array({"processing", "completed"});
    rules["spend_basis"] = g.pick(std::vector<std::string>{"subtotal", "subtotal_tax", "subtotal_shipping", "total"});
    rules["exclude_wallet_paid"] = g.chance(80);
    int w = static_cast<int>(g.range(0, 2));
    if (w == 0) rules["window"] = {{"kind", "lifetime"}};
    if (w == 1) rules["window"] = {{"kind", "rolling_days"}, {"days", g.range(1, 60)}};
    if (w == 2) rules["window"] = {{"kind", "calendar_months"}, {"months", g.range(1, 3)}};
    if (g.chance(25)) rules["categories"] = json::array({"shoes"});
    if (g.chance(15)) rules["roles"] = json::array({"vip"});
    if (g.chance(25)) rules["min_order"] = {{"amount", g.money(0, 5000)}, {"quantity", g.range(0, 2)}};
    rules["refund_hold_days"] = g.chance(50) ? 0 : g.range(1, 10);
    rules["clawback_on_refund"] = g.chance(50);
    rules["reward_expiry_days"] = g.chance(70) ? 0 : g.range(1, 90);
    p["rules"] = rules;
    json steps = json::array();
    int n = static_cast<int>(g.range(1, 5));
    for (int i = 0; i < n; ++i) {
        json s = {{"id", "s" + std::to_string(i)}};
        if (tiers) {
            s["target"] = g.money(100, 60000);
            if (g.chance(35)) s["repeating"] = true;
        } else {
            std::string metric =
                g.pick(std::vector<std::string>{"orders", "spend", "points", "reviews", "referrals", "subscription_cycles"});
            s["metric"] = metric;
            if (metric == "spend")
                s["target"] = g.money(100, 30000);
            else if (metric == "points")
                s["target"] = g.range(1, 500);
            else
                s["target"] = g.range(1, 4);
        }
        json rewards = json::array();
        int nr = static_cast<int>(g.range(0, 3));
        for (int k = 0; k < nr; ++k) {
            if (g.chance(50))
                rewards.push_back({{"type", "store_credit"}, {"amount", g.money(1, 5000)}});
            else
                rewards.push_back({{"type", "points"}, {"points", g.range(1, 500)}});
        }
        s["rewards"] = rewards;
        if (nr > 0 && g.chance(25)) s["reward_choice"] = {{"pick", g.range(1, nr)}};
        if (g.chance(10)) s["status"] = "inactive";
        steps.push_back(s);
    }
    p["steps"] = steps;
    return p;
}

json random_history(Gen& g, int count, int days = 120) {
    json events = json::array();
    std::vector<std::string> orders;
    std::vector<Time> times;
    for (int i = 0; i < count; ++i) {
        Time at;
        if (!times.empty() && g.chance(20))
            at = g.pick(times);  // same instant as an earlier event
        else
            at = kBase + g.range(0, static_cast<std::int64_t>(days) * 24 * 60) * 60000 + (g.chance(10) ? g.range(1, 999) : 0);
        times.push_back(at);
        json e = {{"id", "e" + std::to_string(g.range(0, 1) ? i : i * 7 + 3)}, {"at", format_time(at)}};
        // Keep ids unique: the two forms never collide because of the suffix.
        e["id"] = e["id"].get<std::string>() + (i % 2 ? "a" : "b") + std::to_string(i);
        int kind = static_cast<int>(g.range(0, 99));
        if (kind < 35 || orders.empty()) {
            bool existing = !orders.empty() && g.chance(15);
            std::string oid = existing ? g.pick(orders) : "o" + std::to_string(orders.size());
            if (!existing) orders.push_back(oid);
            e["type"] = "order";
            e["order_id"] = oid;
            e["status"] = g.pick(std::vector<std::string>{"completed", "completed", "completed", "processing", "pending",
                                                          "cancelled"});
            Money sub = g.chance(5) ? 0 : g.range(1, 30000);
            e["subtotal"] = format_money(sub, 2);
            Money tax = g.chance(50) ? g.range(0, 2000) : 0;
            Money ship = g.chance(50) ? g.range(0, 1500) : 0;
            if (tax) e["tax"] = format_money(tax, 2);
            if (ship) e["shipping"] = format_money(ship, 2);
            Money total = sub + tax + ship;
            if (g.chance(30)) e["total"] = format_money(total, 2);
            if (g.chance(10)) e["wallet_paid"] = format_money(total, 2);
            else if (g.chance(10)) e["wallet_paid"] = format_money(total / 2, 2);
            if (g.chance(70)) {
                json items = json::array();
                int ni = static_cast<int>(g.range(1, 3));
                for (int k = 0; k < ni; ++k) {
                    json item = {{"sku", "sku-" + std::to_string(k)}, {"quantity", g.range(1, 3)},
                                 {"amount", format_money(sub / ni, 2)}};
                    if (g.chance(60)) item["categories"] = json::array({g.chance(50) ? "shoes" : "socks"});
                    items.push_back(item);
                }
                e["items"] = items;
            }
        } else if (kind < 50) {
            e["type"] = "order_status";
            e["order_id"] = g.chance(90) ? g.pick(orders) : "unknown";
            e["status"] =
                g.pick(std::vector<std::string>{"completed", "processing", "cancelled", "refunded", "on-hold"});
        } else if (kind < 62) {
            e["type"] = "refund";
            e["order_id"] = g.pick(orders);
            e["amount"] = g.money(1, 15000);
        } else if (kind < 72) {
            e["type"] = "review";
        } else if (kind < 80) {
            e["type"] = "referral";
            if (g.chance(70)) e["purchased"] = g.chance(60);
        } else if (kind < 90) {
            e["type"] = "points";
            e["points"] = g.range(0, 400);
        } else {
            e["type"] = "subscription_renewal";
        }
        events.push_back(e);
    }
    json customer = {{"id", "c1"}};
    if (g.chance(60)) customer["roles"] = g.chance(50) ? json::array({"vip"}) : json::array({"customer"});
    return {{"customer", customer}, {"events", events}};
}

struct Case {
    Program program;
    History history;
};

Case random_case(std::uint64_t seed, int min_events = 5, int max_events = 60) {
    Gen g(seed);
    json pj = random_program(g);
    json hj = random_history(g, static_cast<int>(g.range(min_events, max_events)));
    auto p = parse_program(pj.dump());
    INFO("seed " << seed << " program " << pj.dump() << "\n" << ut::join(p.errors));
    REQUIRE(p.ok());
    auto h = parse_history(hj.dump(), *p.value);
    INFO(ut::join(h.errors));
    REQUIRE(h.ok());
    return {*p.value, *h.value};
}

bool event_before(const Event& a, const Event& b) { return a.at != b.at ? a.at < b.at : a.id < b.id; }

// Invariants every report must keep.
void check_invariants(const Program& p, const Report& r, Time as_of) {
    std::set<std::string> keys;
    std::map<std::size_t, int> last_occurrence;
    for (const Award& a : r.awards) {
        INFO("award " << a.key);
        CHECK(keys.insert(a.key).second);  // award keys never repeat
        REQUIRE(a.step_index < p.steps.size());
        CHECK(a.key == p.id + ":" + p.steps[a.step_index].id + ":" + std::to_string(a.occurrence));
        CHECK(a.occurrence == last_occurrence[a.step_index] + 1);
        last_occurrence[a.step_index] = a.occurrence;
        CHECK(a.awarded_at <= as_of);
        CHECK(p.steps[a.step_index].status == Status::active);
        if (p.rules.reward_expiry_days > 0)
            CHECK(a.expires_at == a.awarded_at + p.rules.reward_expiry_days * kMillisPerDay);
        else
            CHECK_FALSE(a.expires_at.has_value());
        if (p.starts_at) CHECK(a.awarded_at >= *p.starts_at);
        if (p.ends_at) CHECK(a.awarded_at <= *p.ends_at);
    }
    if (!r.awarding) CHECK(r.awards.empty());
    std::set<std::string> clawed;
    for (const Clawback& c : r.clawbacks) {
        INFO("clawback " << c.key);
        CHECK(clawed.insert(c.key).second);
        const Award* a = ut::find_award(r, c.key);
        REQUIRE(a != nullptr);
        CHECK(a->clawed_back_at == c.at);
        CHECK(c.at >= a->awarded_at);
        CHECK_FALSE(p.steps[a->step_index].repeating);
    }
    for (const Award& a : r.awards)
        if (a.clawed_back_at) CHECK(clawed.count(a.key) == 1);
    if (p.kind == ProgramKind::tiers) {
        CHECK(r.qualifying_spend >= 0);
        REQUIRE(r.tiers.size() == p.steps.size());
        for (std::size_t i = 0; i < p.steps.size(); ++i) {
            int standing = 0;
            for (const Award& a : r.awards)
                if (a.step_index == i && !a.clawed_back_at) ++standing;
            CHECK(r.tiers[i].times_awarded == standing);
            CHECK(r.tiers[i].counter >= 0);
            if (!p.steps[i].repeating) CHECK(standing <= 1);
        }
        if (r.next_milestone) {
            CHECK(p.steps[*r.next_milestone].status == Status::active);
            CHECK_FALSE(r.ended);
            CHECK(r.eligible);
        }
        CHECK(r.clawbacks.size() <= r.awards.size());
        if (!p.rules.clawback_on_refund) CHECK(r.clawbacks.empty());
    } else {
        CHECK(r.clawbacks.empty());
        REQUIRE(r.steps.size() == p.steps.size());
        std::size_t i = 0;
        std::optional<Time> previous;
        for (; i < r.steps.size() && r.steps[i].state == StepState::completed; ++i) {
            REQUIRE(r.steps[i].completed_at.has_value());
            if (previous) CHECK(*r.steps[i].completed_at >= *previous);
            previous = r.steps[i].completed_at;
            CHECK(r.steps[i].value >= p.steps[i].target);
        }
        CHECK(r.completed == (i == r.steps.size()));
        if (i < r.steps.size()) {
            CHECK(r.current_step == std::optional<std::size_t>(i));
            CHECK(r.steps[i].state == StepState::active);
            CHECK(r.steps[i].value < p.steps[i].target);
            CHECK(r.steps[i].value >= 0);
            for (std::size_t k = i + 1; k < r.steps.size(); ++k) {
                CHECK(r.steps[k].state == StepState::locked);
                CHECK(r.steps[k].value == 0);
            }
            CHECK(r.progress_tenths < 1000);
        } else {
            CHECK_FALSE(r.current_step.has_value());
            CHECK(r.progress_tenths == 1000);
        }
    }
    CHECK(r.progress_tenths >= 0);
    CHECK(r.progress_tenths <= 1000);
    json doc = ut::report_doc(p, r);
    CHECK(doc["as_of"] == format_time(as_of));
}

std::string report_text(const Program& p, const History& h, Time as_of) { return report_json(p, evaluate(p, h, as_of)); }

}  // namespace

TEST_CASE("evaluation does not depend on event order", "[properties]") {
    for (std::uint64_t seed = 1; seed <= 300; ++seed) {
        Case c = random_case(seed);
        Gen g(seed * 7919);
        Time as_of = kBase + g.range(0, 150) * kMillisPerDay;
        std::string base = report_text(c.program, c.history, as_of);
        History shuffled = c.history;
        test::shuffle(shuffled.events, g.rng);
        INFO("seed " << seed);
        CHECK(report_text(c.program, shuffled, as_of) == base);
        std::reverse(shuffled.events.begin(), shuffled.events.end());
        CHECK(report_text(c.program, shuffled, as_of) == base);
    }
}

TEST_CASE("duplicated events count once", "[properties]") {
    for (std::uint64_t seed = 1001; seed <= 1300; ++seed) {
        Case c = random_case(seed);
        Gen g(seed);
        Time as_of = kBase + 150 * kMillisPerDay;
        std::string base = report_text(c.program, c.history, as_of);
        History doubled = c.history;
        for (const Event& e : c.history.events)
            for (int copies = static_cast<int>(g.range(0, 2)); copies > 0; --copies) doubled.events.push_back(e);
        test::shuffle(doubled.events, g.rng);
        INFO("seed " << seed);
        CHECK(report_text(c.program, doubled, as_of) == base);
    }
}

TEST_CASE("incremental evaluation issues exactly what full evaluation decides", "[properties][incremental]") {
    for (std::uint64_t seed = 2001; seed <= 2250; ++seed) {
        Case c = random_case(seed, 5, 40);
        std::vector<Event> sorted = c.history.events;
        std::sort(sorted.begin(), sorted.end(), event_before);
        const Time final_as_of = sorted.back().at + (c.program.rules.refund_hold_days + 2) * kMillisPerDay;
        const Report full = evaluate(c.program, c.history, final_as_of);
        std::map<std::string, Time> full_awarded_at;
        for (const Award& a : full.awards) full_awarded_at[a.key] = a.awarded_at;

        std::set<std::string> issued, clawed;
        History prefix = c.history;
        for (std::size_t k = 1; k <= sorted.size(); ++k) {
            prefix.events.assign(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(k));
            Report r = evaluate(c.program, prefix, sorted[k - 1].at);
            Due due = newly_due(r, issued, clawed);
            INFO("seed " << seed << " after event " << k << " (" << sorted[k - 1].id << ")");
            for (const Award& a : due.awards) {
                // A decision, once made, is never unmade by later events.
                INFO("award " << a.key);
                REQUIRE(full_awarded_at.count(a.key) == 1);
                CHECK(full_awarded_at[a.key] == a.awarded_at);
                CHECK(issued.insert(a.key).second);
            }
            for (const Clawback& cb : due.clawbacks) {
                CHECK(issued.count(cb.key) == 1);  // issued first, then clawed back
                CHECK(clawed.insert(cb.key).second);
            }
        }
        Due last = newly_due(full, issued, clawed);
        for (const Award& a : last.awards) issued.insert(a.key);
        for (const Clawback& cb : last.clawbacks) clawed.insert(cb.key);
        auto keys = ut::award_keys(full);
        auto cks = ut::clawback_keys(full);
        INFO("seed " << seed);
        CHECK(issued == std::set<std::string>(keys.begin(), keys.end()));
        CHECK(clawed == std::set<std::string>(cks.begin(), cks.end()));
        CHECK(newly_due(full, issued, clawed).awards.empty());
    }
}

TEST_CASE("reports keep their invariants", "[properties][invariants]") {
    for (std::uint64_t seed = 3001; seed <= 3300; ++seed) {
        Case c = random_case(seed);
        Gen g(seed);
        Time as_of = kBase + g.range(0, 150) * kMillisPerDay + g.range(0, 86399999);
        INFO("seed " << seed);
        check_invariants(c.program, evaluate(c.program, c.history, as_of), as_of);
    }
}

TEST_CASE("events after as_of change nothing", "[properties]") {
    for (std::uint64_t seed = 4001; seed <= 4200; ++seed) {
        Case c = random_case(seed);
        Gen g(seed);
        Time as_of = kBase + g.range(10, 130) * kMillisPerDay;
        History past = c.history;
        past.events.erase(std::remove_if(past.events.begin(), past.events.end(), [&](const Event& e) { return e.at > as_of; }),
                          past.events.end());
        INFO("seed " << seed);
        CHECK(report_text(c.program, past, as_of) == report_text(c.program, c.history, as_of));
    }
}

TEST_CASE("a projection's before report is the plain evaluation", "[properties][projection]") {
    for (std::uint64_t seed = 5001; seed <= 5100; ++seed) {
        Case c = random_case(seed);
        Gen g(seed);
        Time as_of = kBase + g.range(0, 150) * kMillisPerDay;
        Cart cart;
        cart.subtotal = cart.total = g.range(0, 50000);
        cart.items = {Item{"sku", g.range(0, 3), cart.subtotal, {"shoes"}}};
        Projection pr = project(c.program, c.history, as_of, cart);
        INFO("seed " << seed);
        CHECK(report_json(c.program, pr.before) == report_text(c.program, c.history, as_of));
        check_invariants(c.program, pr.after, as_of);
        std::set<std::string> before;
        for (const Award& a : pr.before.awards) before.insert(a.key);
        for (const Award& a : pr.unlocked) CHECK(before.count(a.key) == 0);
    }
}

TEST_CASE("10^5 events evaluate without problems", "[properties][scale]") {
    Gen g(77);
    std::vector<Event> events;
    events.reserve(100000);
    for (int i = 0; i < 100000; ++i) {
        Time at = kBase + g.range(0, 365LL * 24 * 3600) * 1000;
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
    Time as_of = kBase + 400 * kMillisPerDay;

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
    CHECK(tiers_ms < 30000);
    CHECK(journey_ms < 30000);
}

TEST_CASE("extreme but valid values stay inside int64", "[properties][limits]") {
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

TEST_CASE("hostile input gives errors, never a crash", "[properties][hostile]") {
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
        if (nz.ok()) {
            CHECK(nz.value->events[0].points == 0);
        }
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
        must_refuse_program(R"({"id":")" + long_id + R"(","kind":"tiers","steps":[{"id":"a","target":"1"}]})");
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
