// Micro-benchmark (not a test): evaluations per second and microseconds per
// evaluation for a 5-step journey and the seed's 4-tier program over 10, 100
// and 1,000 events, for parsed structs (evaluate() only) and for the whole
// JSON-in (parse_program + parse_history), JSON-out (report_json) path.
// Plain std::chrono::steady_clock with the best of several rounds rather than
// Google Benchmark (libbenchmark-dev): twelve fixed figures and one ratio need
// no statistics machinery, and the benchmark then builds wherever the engine
// does, with no extra package.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "stepwise/stepwise.hpp"

using namespace stepwise;
using Clock = std::chrono::steady_clock;

namespace {

const char* kJourney = R"({"id":"journey","kind":"journey","steps":[
  {"id":"buy","metric":"orders","target":3,"rewards":[{"type":"points","points":100}]},
  {"id":"review","metric":"reviews","target":2,"rewards":[{"type":"points","points":200}]},
  {"id":"spend","metric":"spend","target":"500.00","rewards":[{"type":"store_credit","amount":"10.00"}]},
  {"id":"refer","metric":"referrals","target":1,"rewards":[{"type":"free_shipping"}]},
  {"id":"points","metric":"points","target":100000,"rewards":[{"type":"discount_percent","percent":10}]}]})";

const char* kTiers = R"({"id":"spend","kind":"tiers","steps":[
  {"id":"first","name":"First Steps","target":"100.00","rewards":[{"type":"store_credit","amount":"5.00"}]},
  {"id":"silver","name":"Silver Spender","target":"250.00","rewards":[{"type":"store_credit","amount":"15.00"}]},
  {"id":"gold","name":"Gold Spender","target":"500.00","rewards":[{"type":"store_credit","amount":"35.00"}]},
  {"id":"loop","name":"Loyalty Loop","target":"1000.00","repeating":true,"rewards":[{"type":"store_credit","amount":"75.00"}]}]})";

// A realistic mix: orders (some refunded or cancelled later) and, for the
// journey, reviews, referrals and points.
std::string history_json(int events, bool journey) {
    nlohmann::json list = nlohmann::json::array();
    long t = 1767225600;  // 2026-01-01
    for (int i = 0; i < events; ++i) {
        t += 3600 * 7;
        char at[32];
        std::time_t tt = t;
        std::strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&tt));
        std::string id = "evt_" + std::to_string(100000 + i);
        int kind = journey ? i % 10 : (i % 10 < 8 ? 0 : 8);
        if (kind <= 5) {
            list.push_back({{"id", id}, {"type", "order"}, {"at", at}, {"order_id", "ord_" + std::to_string(i)},
                            {"status", "completed"}, {"subtotal", std::to_string(20 + i % 50) + ".50"},
                            {"tax", "1.60"}, {"shipping", "4.99"}});
        } else if (kind == 6) {
            list.push_back({{"id", id}, {"type", "review"}, {"at", at}, {"product_id", "sku-1"}});
        } else if (kind == 7) {
            list.push_back({{"id", id}, {"type", "points"}, {"at", at}, {"points", 120}});
        } else if (kind == 8 && i > 0) {
            list.push_back({{"id", id}, {"type", "refund"}, {"at", at}, {"order_id", "ord_" + std::to_string(i - 1)},
                            {"amount", "5.00"}});
        } else {
            list.push_back({{"id", id}, {"type", "referral"}, {"at", at}, {"referee_id", "r1"}, {"purchased", true}});
        }
    }
    return nlohmann::json{{"customer", {{"id", "42"}}}, {"events", list}}.dump();
}

template <class F>
double best_micros(F&& f, int reps) {
    double best = 1e300;
    for (int round = 0; round < 5; ++round) {
        auto t0 = Clock::now();
        for (int i = 0; i < reps; ++i) f();
        double us = std::chrono::duration<double, std::micro>(Clock::now() - t0).count() / reps;
        if (us < best) best = us;
    }
    return best;
}

volatile std::size_t sink;

}  // namespace

int main() {
    const Time as_of = *parse_time("2027-01-01T00:00:00Z");
    std::printf("%-8s %7s %14s %12s %14s %12s\n", "program", "events", "parsed us/ev", "parsed ev/s", "json us/ev",
                "json ev/s");
    for (const char* program_text : {kJourney, kTiers}) {
        bool journey = program_text == kJourney;
        Program program = *parse_program(program_text).value;
        double parsed100 = 0, parsed1000 = 0;
        for (int events : {10, 100, 1000}) {
            std::string text = history_json(events, journey);
            History history = *parse_history(text, program).value;
            int reps = 200000 / events;
            double parsed = best_micros([&] { sink = evaluate(program, history, as_of).awards.size(); }, reps);
            double json = best_micros(
                [&] {
                    auto p = parse_program(program_text);
                    auto h = parse_history(text, *p.value);
                    sink = report_json(*p.value, evaluate(*p.value, *h.value, as_of)).size();
                },
                reps / 10 + 1);
            if (events == 100) parsed100 = parsed;
            if (events == 1000) parsed1000 = parsed;
            std::printf("%-8s %7d %14.2f %12.0f %14.2f %12.0f\n", journey ? "journey" : "tiers", events, parsed,
                        1e6 / parsed, json, 1e6 / json);
        }
        std::printf("%-8s linearity: 1000-event cost / 100-event cost = %.1f (10.0 is linear)\n",
                    journey ? "journey" : "tiers", parsed1000 / parsed100);
    }
    return 0;
}
