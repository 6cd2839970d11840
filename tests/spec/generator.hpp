// The one seeded generator of random programs and histories for the property
// tests. It draws only through tests/common/seeded_random.hpp, never through a
// standard-library distribution, so a seed names the same case natively and
// under Node (libstdc++ and libc++ would disagree).
#pragma once
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "../common/seeded_random.hpp"
#include "support.hpp"

namespace ut {

// Generated events fall in the 120 days from here (2026-01-01T00:00:00Z).
inline const Time kCaseStart = 1767225600000;

class Generator {
public:
    explicit Generator(std::uint64_t seed) : rng_(seed) {}

    std::int64_t range(std::int64_t lo, std::int64_t hi) { return test::draw(rng_, lo, hi); }  // inclusive
    bool chance(int percent) { return range(0, 99) < percent; }
    std::mt19937_64& rng() { return rng_; }
    template <class T>
    const T& pick(const std::vector<T>& v) {
        return v[static_cast<std::size_t>(range(0, static_cast<std::int64_t>(v.size()) - 1))];
    }
    std::string money(std::int64_t lo_cents, std::int64_t hi_cents) { return format_money(range(lo_cents, hi_cents), 2); }
    std::string sku() { return "sku-" + std::to_string(range(0, 2)); }

    json program() {
        bool tiers = chance(50);
        json p = {{"id", tiers ? "tiers-prog" : "journey-prog"}, {"kind", tiers ? "tiers" : "journey"}};
        if (chance(10)) p["status"] = "inactive";
        if (chance(20)) p["starts_at"] = format_time(kCaseStart + range(0, 20) * kMillisPerDay);
        if (chance(20)) p["ends_at"] = format_time(kCaseStart + range(60, 150) * kMillisPerDay);
        p["timezone"] = pick(std::vector<std::string>{"UTC0", "EST5EDT,M3.2.0,M11.1.0", "XST3XDT,J60/0,J305/1",
                                                      "AEST-10AEDT,M10.1.0,M4.1.0/3"});
        p["rules"] = rules();
        json steps = json::array();
        int n = static_cast<int>(range(1, 5));
        for (int i = 0; i < n; ++i) steps.push_back(step(i, tiers));
        p["steps"] = steps;
        return p;
    }

    // `count` events over `days` days: orders (some of them edits of earlier orders), status changes,
    // refunds (plain or broken down), reviews, referrals, points and renewals.
    json history(int count, int days = 120) {
        json events = json::array();
        std::vector<std::string> orders;
        std::vector<Time> times;
        for (int i = 0; i < count; ++i) {
            Time at;
            if (!times.empty() && chance(20))
                at = pick(times);  // same instant as an earlier event
            else
                at = kCaseStart + range(0, static_cast<std::int64_t>(days) * 24 * 60) * 60000 + (chance(10) ? range(1, 999) : 0);
            times.push_back(at);
            json e = {{"id", "e" + std::to_string(range(0, 1) ? i : i * 7 + 3)}, {"at", format_time(at)}};
            // Keep ids unique: the two forms never collide because of the suffix.
            e["id"] = e["id"].get<std::string>() + (i % 2 ? "a" : "b") + std::to_string(i);
            int kind = static_cast<int>(range(0, 99));
            if (kind < 35 || orders.empty()) {
                bool edit = !orders.empty() && chance(15);
                std::string oid = edit ? pick(orders) : "o" + std::to_string(orders.size());
                if (!edit) orders.push_back(oid);
                order(e, oid);
            } else if (kind < 50) {
                e["type"] = "order_status";
                e["order_id"] = chance(90) ? pick(orders) : "unknown";
                e["status"] = pick(std::vector<std::string>{"completed", "processing", "cancelled", "refunded", "on-hold"});
            } else if (kind < 70) {
                refund(e, pick(orders));
            } else if (kind < 78) {
                e["type"] = "review";
                if (chance(70)) e["product_id"] = sku();
            } else if (kind < 84) {
                e["type"] = "referral";
                if (chance(70)) e["purchased"] = chance(60);
            } else if (kind < 92) {
                e["type"] = "points";
                e["points"] = range(0, 400);
            } else {
                e["type"] = "subscription_renewal";
            }
            events.push_back(e);
        }
        json customer = {{"id", "c1"}};
        if (chance(60)) customer["roles"] = chance(50) ? json::array({"vip"}) : json::array({"customer"});
        return {{"customer", customer}, {"events", events}};
    }

private:
    json rules() {
        json r = json::object();
        r["order_statuses"] = chance(70) ? json::array({"completed"}) : json::array({"processing", "completed"});
        r["spend_basis"] = pick(std::vector<std::string>{"subtotal", "subtotal_tax", "subtotal_shipping", "total"});
        r["exclude_wallet_paid"] = chance(80);
        int w = static_cast<int>(range(0, 2));
        if (w == 0) r["window"] = {{"kind", "lifetime"}};
        if (w == 1) r["window"] = {{"kind", "rolling_days"}, {"days", range(1, 60)}};
        if (w == 2) r["window"] = {{"kind", "calendar_months"}, {"months", range(1, 3)}};
        if (chance(25)) r["categories"] = json::array({"shoes"});
        if (chance(15)) r["roles"] = json::array({"vip"});
        if (chance(25)) r["min_order"] = {{"amount", money(0, 5000)}, {"quantity", range(0, 2)}};
        r["refund_hold_days"] = chance(50) ? 0 : range(1, 10);
        r["clawback_on_refund"] = chance(60);
        r["reward_expiry_days"] = chance(70) ? 0 : range(1, 90);
        if (chance(25)) r["reviews"] = {{"require_purchase", chance(60)}, {"one_per_product", chance(60)}};
        return r;
    }

    json step(int i, bool tiers) {
        json s = {{"id", "s" + std::to_string(i)}};
        if (tiers) {
            s["target"] = money(100, 60000);
            if (chance(35)) s["repeating"] = true;
        } else {
            std::string metric = pick(std::vector<std::string>{"orders", "spend", "points", "reviews", "referrals", "subscription_cycles"});
            s["metric"] = metric;
            if (metric == "spend")
                s["target"] = money(100, 30000);
            else if (metric == "points")
                s["target"] = range(1, 500);
            else
                s["target"] = range(1, 4);
        }
        json rewards = json::array();
        int nr = static_cast<int>(range(0, 3));
        for (int k = 0; k < nr; ++k) {
            if (chance(50))
                rewards.push_back({{"type", "store_credit"}, {"amount", money(1, 5000)}});
            else
                rewards.push_back({{"type", "points"}, {"points", range(1, 500)}});
        }
        s["rewards"] = rewards;
        if (nr > 0 && chance(25)) s["reward_choice"] = {{"pick", range(1, nr)}};
        if (chance(10)) s["status"] = "inactive";
        return s;
    }

    void order(json& e, const std::string& order_id) {
        e["type"] = "order";
        e["order_id"] = order_id;
        e["status"] = pick(std::vector<std::string>{"completed", "completed", "completed", "processing", "pending", "cancelled"});
        Money sub = chance(5) ? 0 : range(1, 30000);
        e["subtotal"] = format_money(sub, 2);
        Money tax = chance(50) ? range(0, 2000) : 0;
        Money ship = chance(50) ? range(0, 1500) : 0;
        if (tax) e["tax"] = format_money(tax, 2);
        if (ship) e["shipping"] = format_money(ship, 2);
        Money total = sub + tax + ship;
        if (chance(30)) e["total"] = format_money(total, 2);
        if (chance(10))
            e["wallet_paid"] = format_money(total, 2);
        else if (chance(10))
            e["wallet_paid"] = format_money(total / 2, 2);
        if (chance(70)) {
            json items = json::array();
            int ni = static_cast<int>(range(1, 3));
            for (int k = 0; k < ni; ++k) {
                json item = {{"sku", "sku-" + std::to_string(k)}, {"quantity", range(1, 3)}, {"amount", format_money(sub / ni, 2)}};
                if (chance(60)) item["categories"] = json::array({chance(50) ? "shoes" : "socks"});
                items.push_back(item);
            }
            e["items"] = items;
        }
    }

    // A plain amount most of the time, otherwise a breakdown (R-REFUND-SPLIT): lines or a subtotal,
    // maybe with tax and shipping.
    void refund(json& e, const std::string& order_id) {
        e["type"] = "refund";
        e["order_id"] = order_id;
        if (chance(60)) {
            e["amount"] = money(1, 15000);
            return;
        }
        if (chance(50))
            e["items"] = json::array({{{"sku", sku()}, {"amount", money(1, 15000)}}});
        else
            e["subtotal"] = money(1, 15000);
        if (chance(50)) e["tax"] = money(0, 2000);
        if (chance(50)) e["shipping"] = money(0, 1000);
    }

    std::mt19937_64 rng_;
};

struct Case {
    Program program;
    History history;
};

// The program and the history of one seed, parsed; both must be valid.
inline Case random_case(std::uint64_t seed, int min_events = 5, int max_events = 60) {
    Generator g(seed);
    json pj = g.program();
    json hj = g.history(static_cast<int>(g.range(min_events, max_events)));
    auto p = parse_program(pj.dump());
    INFO("seed " << seed << " program " << pj.dump() << "\n" << join(p.errors));
    REQUIRE(p.ok());
    auto h = parse_history(hj.dump(), *p.value);
    INFO(join(h.errors));
    REQUIRE(h.ok());
    return {*p.value, *h.value};
}

// The engine's order of events (R-EVENT-ORDER): by time, then by id.
inline bool event_before(const Event& a, const Event& b) { return a.at != b.at ? a.at < b.at : a.id < b.id; }

}  // namespace ut
