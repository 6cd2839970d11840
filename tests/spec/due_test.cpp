// newly_due: what the awarding server still has to issue or claw back.
#include "support.hpp"

using namespace stepwise;
using namespace ut;

namespace {

Report clawback_report() {
    Program p = seed_tiers();
    p.rules.clawback_on_refund = true;
    History h = history({order("e1", "2026-03-01T15:00:00Z", "1001", 8000), order("e2", "2026-03-10T18:30:00Z", "1002", 15000),
                         order("e3", "2026-04-02T12:00:00Z", "1003", 29000), refund("e4", "2026-05-05T00:00:00Z", "1003", 3000),
                         order("e5", "2026-05-20T00:00:00Z", "1004", 2500)});
    return eval(p, h, "2026-06-01T00:00:00Z");
}

std::vector<std::string> keys(const std::vector<Award>& awards) {
    std::vector<std::string> out;
    for (const Award& a : awards) out.push_back(a.key);
    return out;
}

}  // namespace

TEST_CASE("with nothing issued, every award and claw-back is due", "[due][R-AWARD-KEY][R-CLAWBACK]") {
    Report r = clawback_report();
    Due d = newly_due(r, {}, {});
    CHECK(keys(d.awards) == award_keys(r));
    REQUIRE(d.clawbacks.size() == 1);
    CHECK(d.clawbacks[0].key == "spend:gold:1");
}

TEST_CASE("issued keys are skipped", "[due][R-AWARD-KEY]") {
    Report r = clawback_report();
    Due d = newly_due(r, {"spend:first-steps:1", "spend:silver:1", "spend:gold:1"}, {"spend:gold:1"});
    CHECK(keys(d.awards) == std::vector<std::string>{"spend:gold:2"});
    CHECK(d.clawbacks.empty());
    Due none = newly_due(r, {"spend:first-steps:1", "spend:silver:1", "spend:gold:1", "spend:gold:2"}, {"spend:gold:1"});
    CHECK(none.awards.empty());
    CHECK(none.clawbacks.empty());
}

TEST_CASE("an award earned and clawed back in one evaluation is issued, then clawed back",
          "[due][R-AWARD-KEY][R-CLAWBACK]") {
    Report r = clawback_report();
    Due d = newly_due(r, {"spend:first-steps:1", "spend:silver:1"}, {});
    CHECK(keys(d.awards) == std::vector<std::string>{"spend:gold:1", "spend:gold:2"});
    REQUIRE(d.clawbacks.size() == 1);
    CHECK(d.clawbacks[0].key == "spend:gold:1");
}

TEST_CASE("re-evaluating the same history yields no second award", "[due][R-AWARD-KEY]") {
    Program p = seed_tiers();
    History h = history({order("a", "2026-01-01T00:00:00Z", "1", 52000)});
    Report first = eval(p, h, "2026-02-01T00:00:00Z");
    std::set<std::string> issued;
    for (const std::string& k : award_keys(first)) issued.insert(k);
    Report again = eval(p, h, "2026-03-01T00:00:00Z");
    CHECK(newly_due(again, issued, {}).awards.empty());
    h.events.push_back(order("b", "2026-02-15T00:00:00Z", "2", 50000));
    Due later = newly_due(eval(p, h, "2026-03-01T00:00:00Z"), issued, {});
    CHECK(keys(later.awards) == std::vector<std::string>{"spend:loyalty-loop:1"});
}

TEST_CASE("due_json lists the awards and claw-backs", "[due][R-AWARD-KEY][R-CLAWBACK]") {
    Program p = seed_tiers();
    p.rules.clawback_on_refund = true;
    Report r = clawback_report();
    json doc = json::parse(due_json(p, newly_due(r, {}, {})));
    CHECK(doc.is_object());
    CHECK(doc.dump().find("spend:gold:2") != std::string::npos);
}
