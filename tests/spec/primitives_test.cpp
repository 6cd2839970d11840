// Money, time and percent primitives: the integer math both builds share.
#include <catch2/catch.hpp>

#include "stepwise/stepwise.hpp"

using namespace stepwise;

TEST_CASE("money parses with at most the currency's decimals", "[money][R-MONEY]") {
    CHECK(parse_money("312.50", 2) == 31250);
    CHECK(parse_money("312.5", 2) == 31250);
    CHECK(parse_money("312", 2) == 31200);
    CHECK(parse_money("0.01", 2) == 1);
    CHECK(parse_money("1500", 0) == 1500);
    CHECK(parse_money("1.234", 3) == 1234);
    CHECK_FALSE(parse_money("3.125", 2));
    CHECK_FALSE(parse_money("-1.00", 2));
    CHECK_FALSE(parse_money("1.", 2));
    CHECK_FALSE(parse_money(".5", 2));
    CHECK_FALSE(parse_money("", 2));
    CHECK_FALSE(parse_money("1e3", 2));
    CHECK_FALSE(parse_money("99999999999999999999999", 2));
    CHECK(parse_money("10000000000000.00", 2) == kMaxAmount);
    CHECK_FALSE(parse_money("10000000000000.01", 2));
}

TEST_CASE("money formats with exactly the currency's decimals", "[money][R-MONEY]") {
    CHECK(format_money(31250, 2) == "312.50");
    CHECK(format_money(5, 2) == "0.05");
    CHECK(format_money(0, 2) == "0.00");
    CHECK(format_money(-300, 2) == "-3.00");
    CHECK(format_money(1500, 0) == "1500");
    CHECK(format_money(1, 3) == "0.001");
    CHECK(format_money(INT64_MIN, 2) == "-92233720368547758.08");
    CHECK(currency_digits("JPY") == 0);
    CHECK(currency_digits("KWD") == 3);
    CHECK(currency_digits("USD") == 2);
}

TEST_CASE("percent is floored to tenths with integers only", "[percent][R-PCT]") {
    CHECK(percent_tenths(31250, 50000) == 625);
    CHECK(format_percent_tenths(625) == "62.5");
    CHECK(percent_tenths(1, 3) == 333);
    CHECK(percent_tenths(2, 3) == 666);  // floored, not rounded
    CHECK(percent_tenths(5, 5) == 1000);
    CHECK(percent_tenths(7, 5) == 1000);  // capped
    CHECK(percent_tenths(0, 5) == 0);
    CHECK(format_percent_tenths(1000) == "100");
    CHECK(format_percent_tenths(0) == "0");
    // Huge values do not overflow.
    CHECK(percent_tenths(kMaxAmount * 99 + 1, kMaxAmount * 100) == 990);
}

TEST_CASE("times round-trip, with milliseconds only when set", "[time][R-TIME]") {
    auto t = parse_time("2026-03-15T10:22:00Z");
    REQUIRE(t);
    CHECK(*t == 1773570120000);
    CHECK(format_time(*t) == "2026-03-15T10:22:00Z");
    CHECK(format_time(*parse_time("2026-03-15T10:22:00.123Z")) == "2026-03-15T10:22:00.123Z");
    CHECK(format_time(*parse_time("2026-03-15T10:22:00.123456789Z")) == "2026-03-15T10:22:00.123Z");
    CHECK(format_time(*parse_time("1969-12-31T23:59:59Z")) == "1969-12-31T23:59:59Z");
    CHECK(format_time(*parse_time("2024-02-29T00:00:00Z")) == "2024-02-29T00:00:00Z");
    CHECK_FALSE(parse_time("2026-02-29T00:00:00Z"));
    CHECK_FALSE(parse_time("2026-03-15T10:22:00+01:00"));
    CHECK_FALSE(parse_time("2026-03-15 10:22:00Z"));
    CHECK_FALSE(parse_time("2026-03-15T24:00:00Z"));
    CHECK_FALSE(parse_time("2026-03-15T10:22:00"));
    CHECK_FALSE(parse_time(""));
}

TEST_CASE("POSIX TZ rules give US Eastern offsets across DST", "[tz][R-TIER-SPEND]") {
    auto tz = parse_tz("EST5EDT,M3.2.0,M11.1.0");
    REQUIRE(tz);
    // 2026: DST from Sunday 8 March 07:00Z to Sunday 1 November 06:00Z.
    CHECK(tz->offset_at(*parse_time("2026-03-08T06:59:59Z")) == -5 * 3600);
    CHECK(tz->offset_at(*parse_time("2026-03-08T07:00:00Z")) == -4 * 3600);
    CHECK(tz->offset_at(*parse_time("2026-11-01T05:59:59Z")) == -4 * 3600);
    CHECK(tz->offset_at(*parse_time("2026-11-01T06:00:00Z")) == -5 * 3600);
    // Local midnight on 1 April 2026 (EDT) is 04:00Z; on 1 December (EST) 05:00Z.
    CHECK(format_time(tz->to_utc(days_from_civil(2026, 4, 1) * kMillisPerDay)) == "2026-04-01T04:00:00Z");
    CHECK(format_time(tz->to_utc(days_from_civil(2026, 12, 1) * kMillisPerDay)) == "2026-12-01T05:00:00Z");
}

TEST_CASE("POSIX TZ rules: southern hemisphere, gaps and bad input", "[tz][R-TIER-SPEND]") {
    auto sydney = parse_tz("AEST-10AEDT,M10.1.0,M4.1.0/3");
    REQUIRE(sydney);
    CHECK(sydney->offset_at(*parse_time("2026-01-15T00:00:00Z")) == 11 * 3600);
    CHECK(sydney->offset_at(*parse_time("2026-07-15T00:00:00Z")) == 10 * 3600);
    auto india = parse_tz("<+0530>-5:30");
    REQUIRE(india);
    CHECK(india->offset_at(0) == 5 * 3600 + 30 * 60);
    // A zone whose clocks jump at midnight: local midnight does not exist, the
    // answer is the instant of the jump.
    auto jump = parse_tz("XST3XDT,M10.1.0/0,M2.3.0/0");
    REQUIRE(jump);
    Time local = days_from_civil(2026, 10, 4) * kMillisPerDay;  // Sunday 4 Oct 2026
    CHECK(format_time(jump->to_utc(local)) == "2026-10-04T03:00:00Z");
    std::string why;
    CHECK_FALSE(parse_tz("EST5EDT", &why));
    CHECK(why.find("rule") != std::string::npos);
    CHECK_FALSE(parse_tz("E5"));
    CHECK_FALSE(parse_tz("EST5EDT,M13.1.0,M11.1.0"));
    CHECK_FALSE(parse_tz(""));
}
