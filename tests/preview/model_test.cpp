// The preview's model without any UI: the draft, the simulated customer, the
// engine's verdict and the cohort funnel.
#include <cstdio>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "model/cohort.hpp"
#include "model/preview.hpp"

using namespace stepwise;
using namespace stepwise::preview;

namespace {

Time at(const char* text) { return *parse_time(text); }

std::vector<std::string> step_ids(const ProgramDraft& d) {
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < d.step_count(); ++i) ids.push_back(d.text(ProgramDraft::step_pointer(i) + "/id"));
    return ids;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

#ifdef STEPWISE_CLI
// Runs `stepwise <command>` on the preview's evaluated program and simulated
// history; returns what it printed on stdout.
std::string cli(const char* command, const Preview& p) {
    std::string dir = STEPWISE_TEST_OUT;
    std::string program = dir + "/cli-program.json", history = dir + "/cli-history.json";
    write(program, p.evaluation().program_json);
    write(history, p.customer.json());
    std::string cmd = std::string(STEPWISE_CLI) + " " + command + " --program " + program + " --history " + history +
                      " --as-of " + format_time(p.as_of()) + " 2>&1";
    std::string out;
    if (FILE* f = popen(cmd.c_str(), "r")) {
        char buf[4096];
        std::size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
        REQUIRE(pclose(f) == 0);
    }
    return out;
}
#endif

// The seed's journey walked by one customer, with a status change and a refund.
void walk_seed_journey(Preview& p) {
    p.load_example();
    CustomerSim& c = p.customer;
    OrderInput o;
    o.at = at("2026-01-03T10:00:00Z");
    c.add_order(o);
    o.at = at("2026-01-05T10:00:00Z");
    o.subtotal = "80.00";
    c.add_order(o);
    c.add_status_change(at("2026-01-06T09:00:00Z"), "1002", "refunded");  // withdrawn: does not count
    o.at = at("2026-01-07T10:00:00Z");
    c.add_order(o);
    o.at = at("2026-01-08T10:00:00Z");
    o.categories = "shoes";
    c.add_order(o);  // the third counting order completes step 1
    c.add_refund(at("2026-01-09T10:00:00Z"), "1001", "10.00");
    c.add_review(at("2026-01-08T10:00:00Z"), "A");  // same time as the completing order: not after activation
    c.add_review(at("2026-01-10T10:00:00Z"), "A");
    c.add_points(at("2026-01-11T00:00:00Z"), 150);
    c.add_review(at("2026-01-12T10:00:00Z"), "B");
    c.add_referral(at("2026-01-13T10:00:00Z"), false);
    c.add_referral(at("2026-01-20T10:00:00Z"), true);
    c.add_renewal(at("2026-01-21T10:00:00Z"));
}

}  // namespace

TEST_CASE("a new draft is a valid inactive journey with one step") {
    ProgramDraft d;
    CHECK(d.valid());
    CHECK(d.text("/status") == "inactive");
    CHECK(d.step_count() == 1);
    CHECK(d.metric(0) == Metric::orders);
}

TEST_CASE("with fresh ids a new draft or the example never takes an existing program's id") {
    Preview p;
    p.fresh_ids = true;
    p.load_example();
    std::string example = p.program.text("/id");
    CHECK(example.rfind("journey-", 0) == 0);
    CHECK(example.size() == std::string("journey-").size() + 6);
    CHECK(example.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string::npos);
    CHECK(p.program.errors().empty());
    CHECK(p.program.text("/steps/0/description") == "Place your 3rd order");  // the example itself
    p.new_program();
    CHECK(p.program.text("/id").rfind("journey-", 0) == 0);
    CHECK(p.program.text("/id") != example);
    CHECK(fresh_program_id(ProgramKind::tiers).rfind("tiers-", 0) == 0);

    Preview fixed;  // off: the seed's id, as the other tests expect
    fixed.load_example();
    CHECK(fixed.program.text("/id") == "loyalty-journey");
}

TEST_CASE("steps are added, reordered and removed; the order is the journey") {
    ProgramDraft d;
    d.add_step(Metric::reviews);
    d.add_step(Metric::referrals);
    REQUIRE(step_ids(d) == std::vector<std::string>{"step-1", "step-2", "step-3"});
    d.move_step(0, 2);
    CHECK(step_ids(d) == std::vector<std::string>{"step-2", "step-3", "step-1"});
    d.move_step(2, 0);
    CHECK(step_ids(d) == std::vector<std::string>{"step-1", "step-2", "step-3"});
    d.move_step(1, 7);  // out of range: nothing happens
    CHECK(step_ids(d) == std::vector<std::string>{"step-1", "step-2", "step-3"});
    d.remove_step(1);
    CHECK(step_ids(d) == std::vector<std::string>{"step-1", "step-3"});
    CHECK(d.add_step(Metric::points) == 2);
    CHECK(d.text("/steps/2/id") == "step-2");  // the free id is reused
    CHECK(d.valid());
}

TEST_CASE("a reordered journey changes what the engine reports") {
    Preview p;
    p.load_example();
    p.customer.add_review(at("2026-01-02T00:00:00Z"));
    p.set_as_of(at("2026-01-03T00:00:00Z"));
    REQUIRE(p.evaluation().ok);
    CHECK(p.evaluation().report.steps[0].value == 0);  // orders first: the review does not count yet
    p.program.move_step(1, 0);                           // reviews first
    REQUIRE(p.evaluation().ok);
    CHECK(p.evaluation().report.steps[0].value == 1);
    CHECK(p.evaluation().view.items[0].id == "reviews");
}

TEST_CASE("the target keeps its number and takes the metric's form") {
    ProgramDraft d;
    d.set_target_text(0, "3");
    CHECK(d.doc()["steps"][0]["target"] == 3);
    d.set_metric(0, Metric::spend);
    CHECK(d.doc()["steps"][0]["target"] == "3.00");
    d.set_target_text(0, "500.00");
    d.set_metric(0, Metric::orders);
    CHECK(d.doc()["steps"][0]["target"] == 500);
    CHECK(d.valid());
}

TEST_CASE("the engine's errors come back at the field's JSON Pointer") {
    ProgramDraft d;
    d.set_target_text(0, "three");
    d.set("/name", "");
    d.add_step(Metric::orders);
    d.set("/steps/1/id", "step-1");
    CHECK_FALSE(d.valid());
    CHECK(d.errors_at("/steps/0/target").size() == 1);
    CHECK(d.errors_at("/name") == std::vector<std::string>{"must not be empty"});
    CHECK(d.errors_at("/steps/1/id").size() == 1);
    CHECK(d.errors_under("/steps/0") == 1);
    CHECK(d.errors_under("/steps") == 2);
    d.set_target_text(0, "3");
    d.set("/name", "Back");
    d.set("/steps/1/id", "second");
    CHECK(d.valid());
}

TEST_CASE("every reward kind can be added, and the reward logic set") {
    ProgramDraft d;
    for (RewardType t : all_reward_types()) d.add_reward(0, t);
    REQUIRE(d.reward_count(0) == 7);  // the default points reward and one of each kind
    for (std::size_t r = 1; r < 7; ++r) CHECK(d.reward_type(0, r) == all_reward_types()[r - 1]);
    CHECK(d.valid());
    auto p = d.parsed();
    REQUIRE(p.ok());
    CHECK(p.value->steps[0].rewards[2].amount == 500);  // store credit "5.00"
    CHECK(p.value->steps[0].rewards[6].product_id == "gift-1");

    d.set_pick(0, 2);
    CHECK(d.pick(0) == 2);
    CHECK(d.valid());
    d.set_pick(0, 9);
    CHECK(d.errors_at("/steps/0/reward_choice/pick").size() == 1);
    d.set_pick(0, std::nullopt);
    CHECK(d.valid());
    d.set_reward_type(0, 0, RewardType::discount_percent);
    CHECK(d.doc()["steps"][0]["rewards"][0] == Doc::parse(R"({"type":"discount_percent","percent":10})"));
    while (d.reward_count(0)) d.remove_reward(0, 0);
    CHECK(d.valid());  // a step may give nothing
}

TEST_CASE("store credit asks for the permission once") {
    Preview p;
    CHECK_FALSE(p.choose_reward(0, std::nullopt, RewardType::store_credit));
    CHECK(p.permission_pending());
    CHECK(p.program.reward_count(0) == 1);  // nothing applied yet
    p.decline_store_credit();
    CHECK_FALSE(p.permission_pending());
    CHECK(p.program.reward_count(0) == 1);

    CHECK_FALSE(p.choose_reward(0, std::size_t{0}, RewardType::store_credit));  // asked again: never granted
    CHECK(p.permission_prompts() == 2);
    p.grant_store_credit();
    CHECK(p.program.reward_type(0, 0) == RewardType::store_credit);
    CHECK(p.store_credit_granted());

    p.program.add_step(Metric::reviews);
    CHECK(p.choose_reward(1, std::nullopt, RewardType::store_credit));  // granted: no prompt
    CHECK(p.permission_prompts() == 2);
    CHECK(p.program.uses_store_credit());
    // Other kinds never ask.
    Preview q;
    CHECK(q.choose_reward(0, std::nullopt, RewardType::free_shipping));
    CHECK(q.permission_prompts() == 0);
}

TEST_CASE("import and export keep the program; bad input keeps the merchant's text") {
    ProgramDraft d;
    std::string example = slurp(std::string(STEPWISE_EXAMPLES_DIR) + "/journey-program.json");
    REQUIRE_FALSE(d.load_json(example));
    CHECK(d.valid());
    CHECK(d.step_count() == 3);
    ProgramDraft again;
    REQUIRE_FALSE(again.load_json(d.json(true)));
    CHECK(again.json() == d.json());
    CHECK(again.json() == program_json(*again.parsed().value));  // stored in the engine's canonical form

    REQUIRE_FALSE(d.load_json(R"({"id":"x","name":"X","kind":"journey","steps":[],"colour":"red"})"));
    CHECK(d.errors_at("/colour") == std::vector<std::string>{"unknown field"});
    CHECK(d.errors_at("/steps").size() == 1);
    CHECK(d.text("/colour") == "red");
    CHECK(d.load_json("[1,2]").has_value());
    CHECK(d.load_json("{nope").has_value());
    CHECK(d.text("/colour") == "red");  // refused input leaves the draft alone
}

TEST_CASE("the simulated customer is a contract history") {
    CustomerSim c;
    OrderInput o;
    o.at = at("2026-02-01T00:00:00Z");
    o.tax = "4.00";
    o.wallet_paid = "54.00";
    o.categories = "shoes, bags";
    c.add_order(o);
    c.add_order(o);
    c.add_status_change(at("2026-02-02T00:00:00Z"), "1001", "cancelled");
    c.add_review(at("2026-01-15T00:00:00Z"));
    CHECK(c.order_ids() == std::vector<std::string>{"1001", "1002"});
    auto rows = c.timeline();
    REQUIRE(rows.size() == 4);
    CHECK(rows[0].type == "review");  // ordered by time, as the engine orders events
    CHECK(rows[0].id == "e4");
    CHECK(rows[3].summary == "order #1001 -> cancelled");
    Program program;
    auto h = parse_history(c.json(), program);
    REQUIRE(h.ok());
    CHECK(h.value->events[0].wallet_paid == 5400);
    CHECK(h.value->events[0].items[0].categories == std::vector<std::string>{"shoes", "bags"});
    c.remove_event(3);
    CHECK(c.event_count() == 3);
    c.set_roles_text("vip, customer");
    CHECK(c.roles_text() == "vip, customer");
}

TEST_CASE("the simulator shows the engine's progress and awards log") {
    Preview p;
    walk_seed_journey(p);
    p.set_as_of(at("2026-01-09T00:00:00Z"));
    const Evaluation& e = p.evaluation();
    REQUIRE(e.ok);
    CHECK(e.report.steps[0].state == StepState::completed);
    CHECK(e.report.current_step == std::size_t{1});
    CHECK(e.view.items[0].state == "done");
    CHECK(e.view.items[1].state == "current");
    auto log = p.awards_log();
    REQUIRE(log.size() == 1);
    CHECK(log[0].key == "loyalty-journey:orders:1");
    CHECK(log[0].awarded_at == "2026-01-08T10:00:00Z");
    CHECK(log[0].rewards == "100 points");

    p.set_as_of(at("2026-02-01T00:00:00Z"));
    REQUIRE(p.evaluation().ok);
    CHECK(p.evaluation().report.completed);
    log = p.awards_log();
    REQUIRE(log.size() == 3);
    CHECK(log[1].key == "loyalty-journey:reviews:1");
    CHECK(log[1].pick == 1);
    CHECK(log[2].key == "loyalty-journey:referral:1");
    CHECK(log[2].awarded_at == "2026-01-20T10:00:00Z");

    // Off, the program shows progress but awards nothing, unless simulated as on.
    p.set_simulate_as_active(false);
    CHECK(p.evaluation().report.completed);
    CHECK(p.awards_log().empty());
    p.set_simulate_as_active(true);
    CHECK(p.awards_log().size() == 3);
}

#ifdef STEPWISE_CLI
TEST_CASE("a simulated history gives the same report bytes as stepwise eval") {
    Preview p;
    walk_seed_journey(p);
    p.program.set("/rules/reward_expiry_days", 30);
    p.program.set("/rules/refund_hold_days", 1);
    p.program.add_reward(2, RewardType::store_credit);
    for (const char* t : {"2026-01-01T00:00:00Z", "2026-01-06T00:00:00Z", "2026-01-09T10:00:00Z", "2026-01-12T10:00:00Z",
                          "2026-01-21T10:00:00Z", "2026-03-01T00:00:00Z"}) {
        p.set_as_of(at(t));
        INFO("as of " << t);
        REQUIRE(p.evaluation().ok);
        CHECK(cli("eval", p) == p.evaluation().report_json + "\n");
        CHECK(cli("view", p) == p.evaluation().view_json + "\n");
    }
    // Tiers too: the seed's spend tiers with the customer above.
    REQUIRE_FALSE(p.program.load_json(slurp(std::string(STEPWISE_EXAMPLES_DIR) + "/tiers-program.json")));
    REQUIRE(p.program.valid());
    p.set_as_of(at("2026-03-01T00:00:00Z"));
    REQUIRE(p.evaluation().ok);
    CHECK(cli("eval", p) == p.evaluation().report_json + "\n");
}
#endif

TEST_CASE("state_json carries everything the page needs, with the engine's bytes") {
    Preview p;
    walk_seed_journey(p);
    p.set_as_of(at("2026-01-15T00:00:00Z"));
    Doc s = Doc::parse(p.state_json());
    CHECK(s["valid"] == true);
    CHECK(s["as_of"] == "2026-01-15T00:00:00Z");
    CHECK(s["program"]["status"] == "inactive");
    CHECK(s["evaluated_program"]["status"] == "active");
    CHECK(s["report"].dump() == Doc::parse(p.evaluation().report_json).dump());
    CHECK(s["view"]["items"].size() == 3);
    CHECK(s["history"]["events"].size() == p.customer.event_count());
    auto before = p.revision();
    p.set_as_of(at("2026-01-16T00:00:00Z"));
    CHECK(p.revision() != before);

    p.program.set("/steps/0/target", 0);
    s = Doc::parse(p.state_json());
    CHECK(s["valid"] == false);
    CHECK(s["report"].is_null());
    CHECK(s["errors"][0]["pointer"] == "/steps/0/target");
}

TEST_CASE("the cohort funnel counts engine reports") {
    Preview p;
    p.load_example();
    Cohort cohort;
    cohort.generate(300, 7, at("2026-01-01T00:00:00Z"), 120);
    Cohort same;
    same.generate(300, 7, at("2026-01-01T00:00:00Z"), 120);
    CHECK(cohort.histories() == same.histories());  // deterministic

    const Funnel& f = cohort.funnel(p.program, at("2026-05-01T00:00:00Z"));
    REQUIRE(f.ok);
    CHECK(f.customers == 300);
    CHECK(f.rejected == 0);
    REQUIRE(f.rows.size() == 3);
    CHECK(f.rows[0].reached == 300);  // everyone stands at step 1 at least
    int standing = f.completed;
    for (std::size_t i = 0; i < f.rows.size(); ++i) {
        standing += f.rows[i].standing;
        if (i > 0) CHECK(f.rows[i].reached <= f.rows[i - 1].reached);
        if (i + 1 < f.rows.size()) CHECK(f.rows[i].reached - f.rows[i].standing == f.rows[i + 1].reached);
    }
    CHECK(standing == 300);
    CHECK(f.completed > 0);
    CHECK(f.rows[0].standing > 0);

    // Each count is what evaluate() says for that customer.
    Program program = *p.program.parsed().value;
    int at_step_1 = 0;
    for (const Doc& h : cohort.histories()) {
        Report r = evaluate(program, *parse_history(h.dump(), program).value, at("2026-05-01T00:00:00Z"));
        if (r.current_step == std::size_t{0}) ++at_step_1;
    }
    CHECK(at_step_1 == f.rows[0].standing);

    REQUIRE_FALSE(cohort.load_json(R"([{"customer":{"id":"1"},"events":[]},{"customer":{"id":"2"},"events":[{"id":"x"}]}])",
                                   "server"));
    const Funnel& g = cohort.funnel(p.program, at("2026-05-01T00:00:00Z"));
    CHECK(g.customers == 1);
    CHECK(g.rejected == 1);
    CHECK(cohort.source() == "server");
    Doc j = Doc::parse(funnel_json(g));
    CHECK(j["customers"] == 1);
    CHECK(j["rows"].size() == 3);
    CHECK(j["rows"][0]["standing"] == 1);
    CHECK(j["problems"][0].get<std::string>().rfind("customer 2: /events/0/", 0) == 0);
}
