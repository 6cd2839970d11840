// The suite as an index of docs/contract.md: every rule id defined there (**R-...**) has a test
// tagged with it, and every test names at least one rule that exists, so that
// `stepwise_spec_tests "[R-MONEY]"` runs exactly the tests of one rule.
#include <map>
#include <set>
#include <string>

#include "support.hpp"

#ifndef STEPWISE_CONTRACT_MD
#error "STEPWISE_CONTRACT_MD must name docs/contract.md"
#endif

namespace {

// The ids the contract defines: each appears in bold where its rule is stated.
std::set<std::string> contract_rules(const std::string& text) {
    std::set<std::string> ids;
    for (std::size_t at = text.find("**R-"); at != std::string::npos; at = text.find("**R-", at + 2)) {
        std::size_t end = text.find("**", at + 2);
        if (end == std::string::npos) break;
        ids.insert(text.substr(at + 2, end - at - 2));
        at = end;
    }
    return ids;
}

bool is_rule_tag(const std::string& tag) { return tag.rfind("R-", 0) == 0; }

}  // namespace

TEST_CASE("every rule of the contract has a test, and every test names a rule of the contract", "[contract]") {
    const std::string text = ut::read_text(STEPWISE_CONTRACT_MD);
    INFO("read " << STEPWISE_CONTRACT_MD);
    REQUIRE_FALSE(text.empty());
    const std::set<std::string> rules = contract_rules(text);
    CHECK(rules.count("R-MONEY") == 1);  // the reader finds ids at all
    CHECK(rules.size() >= 30);

    std::map<std::string, int> tests_of;
    for (const std::string& id : rules) tests_of[id] = 0;
    for (const Catch::TestCase& test : Catch::getRegistryHub().getTestCaseRegistry().getAllTests()) {
        bool names_a_rule = false;
        bool is_index = false;
        for (const std::string& tag : test.tags) {
            is_index = is_index || tag == "contract";
            if (!is_rule_tag(tag)) continue;
            names_a_rule = true;
            INFO(test.lineInfo.file << ":" << test.lineInfo.line << " \"" << test.name << "\" is tagged [" << tag << "]");
            CHECK(rules.count(tag) == 1);  // a misspelt or removed rule id
            ++tests_of[tag];
        }
        if (is_index) continue;
        INFO(test.lineInfo.file << ":" << test.lineInfo.line << " \"" << test.name << "\"");
        CHECK(names_a_rule);
    }
    for (const auto& [id, count] : tests_of) {
        INFO(id << " is defined in docs/contract.md but no test is tagged [" << id << "]");
        CHECK(count > 0);
    }
}
