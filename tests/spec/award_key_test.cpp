// Award keys (docs/contract.md R-AWARD-KEY): written and read by one codec.
#include <catch2/catch.hpp>

#include "stepwise/award_key.hpp"

using namespace stepwise;

TEST_CASE("award keys: program, step and occurrence joined by ':'", "[R-AWARD-KEY]") {
    CHECK(award_key("spend", "gold", 1) == "spend:gold:1");
    CHECK(award_key("spend", "loop", 12) == "spend:loop:12");
    CHECK(award_key("spend", "loop", 2, true) == "spend:loop:m2");
}

TEST_CASE("award keys read back what award_key wrote, and nothing else", "[R-AWARD-KEY]") {
    for (bool manual : {false, true})
        for (int n : {1, 9, 10, 10000, 999999999}) {
            const auto key = award_key("loyalty-journey", "s_2.b", n, manual);
            const auto parsed = parse_award_key(key);
            REQUIRE(parsed);
            CHECK(parsed->program_id == "loyalty-journey");
            CHECK(parsed->step_id == "s_2.b");
            CHECK(parsed->occurrence == n);
            CHECK(parsed->manual_extra == manual);
            CHECK(award_key(*parsed) == key);
        }
    for (const char* bad : {"", "spend", "spend:gold", ":gold:1", "spend::1", "spend:gold:", "spend:gold:0", "spend:gold:01",
                            "spend:gold:m", "spend:gold:1x", "spend:gold:-1", "spend:gold:1234567890", "spend:gold:m0", "a:b:c:1"})
        CHECK_FALSE(parse_award_key(bad));
}
