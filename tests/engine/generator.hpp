// A seeded generator of random programs and histories for property tests.
#pragma once
#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "../common/seeded_random.hpp"

namespace test {

class Generator {
public:
    explicit Generator(std::uint64_t seed) : rng_(seed) {}

    int pick(int lo, int hi) { return static_cast<int>(draw(rng_, lo, hi)); }
    bool chance(int percent) { return pick(1, 100) <= percent; }
    std::mt19937_64& rng() { return rng_; }

    std::string money(int lo_cents, int hi_cents) {
        std::int64_t v = draw(rng_, lo_cents, hi_cents);
        std::string cents = std::to_string(v % 100);
        return std::to_string(v / 100) + "." + (cents.size() < 2 ? "0" : "") + cents;
    }

    // A time in 2026 between January and June, at whole seconds.
    std::string time() {
        std::int64_t base = 1767225600;  // 2026-01-01T00:00:00Z
        std::int64_t t = base + draw(rng_, 0, 180 * 86400);
        time_t tt = static_cast<time_t>(t);
        char buf[32];
        std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&tt));
        return buf;
    }

    nlohmann::json program() {
        bool tiers = chance(50);
        nlohmann::json p = {{"id", "p"}, {"kind", tiers ? "tiers" : "journey"}};
        if (chance(30)) p["timezone"] = "EST5EDT,M3.2.0,M11.1.0";
        nlohmann::json rules = nlohmann::json::object();
        if (chance(30)) rules["order_statuses"] = {"completed", "processing"};
        if (chance(30)) rules["refund_hold_days"] = pick(1, 10);
        // Often enough that the incremental property sees claw-backs now that edits and breakdowns
        // share the events.
        if (chance(60)) rules["clawback_on_refund"] = true;
        if (chance(20)) rules["min_order"] = {{"amount", money(1000, 5000)}};
        if (chance(20)) rules["categories"] = {"shoes"};
        int w = pick(0, 2);
        if (w == 1) rules["window"] = {{"kind", "rolling_days"}, {"days", pick(10, 60)}};
        if (w == 2) rules["window"] = {{"kind", "calendar_months"}, {"months", pick(1, 3)}};
        if (chance(20)) rules["reward_expiry_days"] = pick(1, 90);
        if (chance(25)) rules["reviews"] = {{"require_purchase", chance(60)}, {"one_per_product", chance(60)}};
        p["rules"] = rules;
        nlohmann::json steps = nlohmann::json::array();
        const char* metrics[] = {"orders", "spend", "points", "reviews", "referrals", "subscription_cycles"};
        int n = pick(1, 5);
        for (int i = 0; i < n; ++i) {
            std::string metric = tiers ? "spend" : metrics[pick(0, 5)];
            nlohmann::json s = {{"id", "s" + std::to_string(i)}, {"metric", metric}};
            if (metric == "spend")
                s["target"] = money(2000, 40000);
            else
                s["target"] = metric == "points" ? pick(50, 500) : pick(1, 4);
            s["rewards"] = {{{"type", "store_credit"}, {"amount", money(100, 2000)}}};
            if (tiers && chance(30)) s["repeating"] = true;
            steps.push_back(s);
        }
        p["steps"] = steps;
        return p;
    }

    nlohmann::json history() {
        nlohmann::json events = nlohmann::json::array();
        int n = pick(0, 40), orders = 0;
        for (int i = 0; i < n; ++i) {
            std::string id = "e" + std::to_string(i);
            int kind = pick(0, 11);
            if (kind <= 3 || orders == 0) {
                // Now and then a later order event for an earlier order: an edit.
                bool edit = orders > 0 && chance(20);
                std::string oid = "o" + std::to_string(edit ? pick(0, orders - 1) : orders++);
                std::string sub = money(500, 30000);
                events.push_back({{"id", id}, {"type", "order"}, {"at", time()}, {"order_id", oid},
                                  {"status", chance(80) ? "completed" : "processing"}, {"subtotal", sub},
                                  {"items", {{{"sku", chance(50) ? "A" : "B"}, {"quantity", pick(1, 3)}, {"amount", sub},
                                              {"categories", {chance(50) ? "shoes" : "hats"}}}}}});
            } else if (kind == 4) {
                events.push_back({{"id", id}, {"type", "order_status"}, {"at", time()},
                                  {"order_id", "o" + std::to_string(pick(0, orders - 1))},
                                  {"status", chance(50) ? "completed" : "refunded"}});
            } else if (kind == 5 || kind >= 10) {
                nlohmann::json refund = {{"id", id}, {"type", "refund"}, {"at", time()},
                                         {"order_id", "o" + std::to_string(pick(0, orders - 1))}};
                if (chance(60)) {
                    refund["amount"] = money(100, 20000);
                } else {  // a breakdown: lines or a subtotal, maybe tax and shipping
                    if (chance(50))
                        refund["items"] = {{{"sku", chance(50) ? "A" : "B"}, {"amount", money(100, 20000)}}};
                    else
                        refund["subtotal"] = money(100, 20000);
                    if (chance(50)) refund["tax"] = money(0, 2000);
                    if (chance(50)) refund["shipping"] = money(0, 1000);
                }
                events.push_back(refund);
            } else if (kind == 6) {
                nlohmann::json review = {{"id", id}, {"type", "review"}, {"at", time()}};
                if (chance(70)) review["product_id"] = chance(50) ? "A" : "B";
                events.push_back(review);
            } else if (kind == 7) {
                events.push_back({{"id", id}, {"type", "referral"}, {"at", time()}, {"purchased", chance(70)}});
            } else if (kind == 8) {
                events.push_back({{"id", id}, {"type", "points"}, {"at", time()}, {"points", pick(0, 200)}});
            } else if (kind == 9) {
                events.push_back({{"id", id}, {"type", "subscription_renewal"}, {"at", time()}});
            }
        }
        return {{"customer", {{"id", "42"}}}, {"events", events}};
    }

private:
    std::mt19937_64 rng_;
};

}  // namespace test
