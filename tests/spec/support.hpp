// Shared helpers for the specification tests (tests/spec/): typed builders for programs and
// histories, so each test states only what its rule is about.
#pragma once
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "stepwise/stepwise.hpp"

namespace ut {

using namespace stepwise;
using nlohmann::json;

inline std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// A time that must parse ("2026-03-15T10:22:00Z").
inline Time T(const std::string& text) {
    auto t = parse_time(text);
    INFO("time literal: " << text);
    REQUIRE(t.has_value());
    return *t;
}

// Money in the program's minor units ("312.50" -> 31250 for USD).
inline Money M(const std::string& text, int digits = 2) {
    auto m = parse_money(text, digits);
    INFO("money literal: " << text);
    REQUIRE(m.has_value());
    return *m;
}

inline std::string join(const Errors& errors) {
    std::string out;
    for (const Error& e : errors) out += e.to_string() + "\n";
    return out;
}

inline bool has_pointer(const Errors& errors, const std::string& pointer) {
    for (const Error& e : errors)
        if (e.pointer == pointer) return true;
    return false;
}

// Parses a program that must be valid.
inline Program program_from(const std::string& text) {
    auto r = parse_program(text);
    INFO(join(r.errors));
    REQUIRE(r.ok());
    return *r.value;
}

inline History history_from(const std::string& text, const Program& p) {
    auto r = parse_history(text, p);
    INFO(join(r.errors));
    REQUIRE(r.ok());
    return *r.value;
}

// ---- typed builders -------------------------------------------------------

inline Reward credit(Money amount) {
    Reward r;
    r.type = RewardType::store_credit;
    r.amount = amount;
    return r;
}

inline Reward points_reward(std::int64_t points) {
    Reward r;
    r.type = RewardType::points;
    r.points = points;
    return r;
}

inline Step tier(const std::string& id, Money threshold, bool repeating = false, std::vector<Reward> rewards = {}) {
    Step s;
    s.id = s.name = id;
    s.metric = Metric::spend;
    s.target = threshold;
    s.repeating = repeating;
    s.rewards = std::move(rewards);
    return s;
}

inline Step step(const std::string& id, Metric metric, std::int64_t target, std::vector<Reward> rewards = {}) {
    Step s;
    s.id = s.name = id;
    s.metric = metric;
    s.target = target;
    s.rewards = std::move(rewards);
    return s;
}

inline Program tiers_program(const std::string& id, std::vector<Step> steps) {
    Program p;
    p.id = p.name = id;
    p.kind = ProgramKind::tiers;
    p.steps = std::move(steps);
    auto tz = parse_tz("UTC0");
    p.timezone = *tz;
    return p;
}

inline Program journey_program(const std::string& id, std::vector<Step> steps) {
    Program p = tiers_program(id, std::move(steps));
    p.kind = ProgramKind::journey;
    return p;
}

// The seed example: $100/$250/$500 one-time and $1000 repeating, $5/$15/$35/$75 credit.
inline Program seed_tiers() {
    return tiers_program("spend", {tier("first-steps", 10000, false, {credit(500)}),
                                   tier("silver", 25000, false, {credit(1500)}),
                                   tier("gold", 50000, false, {credit(3500)}),
                                   tier("loyalty-loop", 100000, true, {credit(7500)})});
}

inline Event order(const std::string& id, const std::string& at, const std::string& order_id, Money subtotal,
                   const std::string& status = "completed") {
    Event e;
    e.id = id;
    e.type = EventType::order;
    e.at = T(at);
    e.order_id = order_id;
    e.status = status;
    e.subtotal = subtotal;
    e.total = subtotal;
    return e;
}

inline Event order_status(const std::string& id, const std::string& at, const std::string& order_id,
                          const std::string& status) {
    Event e;
    e.id = id;
    e.type = EventType::order_status;
    e.at = T(at);
    e.order_id = order_id;
    e.status = status;
    return e;
}

inline Event refund(const std::string& id, const std::string& at, const std::string& order_id, Money amount) {
    Event e;
    e.id = id;
    e.type = EventType::refund;
    e.at = T(at);
    e.order_id = order_id;
    e.amount = amount;
    return e;
}

inline Item item(const std::string& sku, Money amount, std::vector<std::string> categories = {}, std::int64_t quantity = 1) {
    Item i;
    i.sku = sku;
    i.quantity = quantity;
    i.amount = amount;
    i.categories = std::move(categories);
    return i;
}

// An order event with items; its subtotal is their sum.
inline Event order_of(const std::string& id, const std::string& at, const std::string& order_id, std::vector<Item> items,
                      const std::string& status = "completed") {
    Money sum = 0;
    for (const Item& i : items) sum += i.amount;
    Event e = order(id, at, order_id, sum, status);
    e.items = std::move(items);
    return e;
}

inline Event simple(const std::string& id, EventType type, const std::string& at) {
    Event e;
    e.id = id;
    e.type = type;
    e.at = T(at);
    return e;
}

inline Event review(const std::string& id, const std::string& at, const std::string& product_id = "") {
    Event e = simple(id, EventType::review, at);
    e.product_id = product_id;
    return e;
}

inline Event referral(const std::string& id, const std::string& at, bool purchased) {
    Event e = simple(id, EventType::referral, at);
    e.purchased = purchased;
    return e;
}

inline Event points_event(const std::string& id, const std::string& at, std::int64_t points) {
    Event e = simple(id, EventType::points, at);
    e.points = points;
    return e;
}

inline Event renewal(const std::string& id, const std::string& at) {
    return simple(id, EventType::subscription_renewal, at);
}

inline History history(std::vector<Event> events, std::vector<std::string> roles = {}) {
    History h;
    h.customer.id = "42";
    h.customer.roles = std::move(roles);
    h.events = std::move(events);
    return h;
}

inline Report eval(const Program& p, const History& h, const std::string& as_of) { return evaluate(p, h, T(as_of)); }

inline std::vector<std::string> award_keys(const Report& r) {
    std::vector<std::string> keys;
    for (const Award& a : r.awards) keys.push_back(a.key);
    return keys;
}

inline std::vector<std::string> clawback_keys(const Report& r) {
    std::vector<std::string> keys;
    for (const Clawback& c : r.clawbacks) keys.push_back(c.key);
    return keys;
}

inline const Award* find_award(const Report& r, const std::string& key) {
    for (const Award& a : r.awards)
        if (a.key == key) return &a;
    return nullptr;
}

inline json report_doc(const Program& p, const Report& r) { return json::parse(report_json(p, r)); }

}  // namespace ut
