// Times: UTC ISO-8601 with Z, integer milliseconds, years 0001-9999.
#include <random>

#include "support.hpp"

using namespace stepwise;

TEST_CASE("civil dates convert to day numbers and back", "[time][R-TIME]") {
    CHECK(days_from_civil(1970, 1, 1) == 0);
    CHECK(days_from_civil(1970, 1, 2) == 1);
    CHECK(days_from_civil(1969, 12, 31) == -1);
    CHECK(days_from_civil(2000, 3, 1) == 11017);
    CHECK(days_from_civil(2026, 3, 15) == 20527);
    for (std::int64_t d = days_from_civil(1, 1, 1); d <= days_from_civil(9999, 12, 31); d += 97) {
        std::int64_t y;
        int m, day;
        civil_from_days(d, y, m, day);
        INFO(d << " -> " << y << "-" << m << "-" << day);
        CHECK(days_from_civil(y, m, day) == d);
    }
}

TEST_CASE("parse_time reads UTC times with an optional fraction", "[time][R-TIME]") {
    CHECK(parse_time("1970-01-01T00:00:00Z") == Time{0});
    CHECK(parse_time("2026-03-15T10:22:00Z") == Time{(20527LL * 86400 + 10 * 3600 + 22 * 60) * 1000});
    CHECK(parse_time("1970-01-01T00:00:00.250Z") == Time{250});
    CHECK(parse_time("1970-01-01T00:00:00.1Z") == Time{100});
    CHECK(parse_time("1970-01-01T00:00:00.07Z") == Time{70});
    CHECK(parse_time("1970-01-01T00:00:01.000Z") == Time{1000});
    // Finer fractions are cut to the millisecond.
    CHECK(parse_time("1970-01-01T00:00:00.7899Z") == Time{789});
    CHECK(parse_time("1970-01-01T00:00:00.123456789Z") == Time{123});
    CHECK(parse_time("1969-12-31T23:59:59Z") == Time{-1000});
    CHECK(parse_time("2024-02-29T00:00:00Z").has_value());
    CHECK(parse_time("2000-02-29T00:00:00Z").has_value());
    CHECK(parse_time("0001-01-01T00:00:00Z").has_value());
    CHECK(parse_time("9999-12-31T23:59:59.999Z").has_value());
}

TEST_CASE("parse_time refuses everything else", "[time][R-TIME]") {
    for (const char* bad :
         {"", "2026-03-15T10:22:00", "2026-03-15T10:22:00+00:00", "2026-03-15T10:22:00+02:00", "2026-03-15 10:22:00Z",
          "2026-03-15", "2026-02-30T00:00:00Z", "2026-02-29T00:00:00Z", "1900-02-29T00:00:00Z",
          "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-01-00T00:00:00Z", "2026-04-31T00:00:00Z",
          "2026-03-15T24:00:00Z", "2026-03-15T10:60:00Z", "2026-03-15T10:22:61Z", "0000-01-01T00:00:00Z",
          "10000-01-01T00:00:00Z", "-2026-03-15T10:22:00Z", "2026-3-15T10:22:00Z", "2026-03-15T10:22Z",
          "2026-03-15T10:22:00.Z", "2026-03-15T10:22:00ZZ", " 2026-03-15T10:22:00Z", "2026-03-15T10:22:00Z ",
          "20260315T102200Z", "yesterday", "1e10"}) {
        INFO("'" << bad << "'");
        CHECK_FALSE(parse_time(bad).has_value());
    }
}

TEST_CASE("format_time prints milliseconds only when set", "[time][R-TIME]") {
    CHECK(format_time(0) == "1970-01-01T00:00:00Z");
    CHECK(format_time(250) == "1970-01-01T00:00:00.250Z");
    CHECK(format_time(7) == "1970-01-01T00:00:00.007Z");
    CHECK(format_time(-1000) == "1969-12-31T23:59:59Z");
    CHECK(format_time(-1) == "1969-12-31T23:59:59.999Z");
    CHECK(format_time(*parse_time("2026-03-15T10:22:00Z")) == "2026-03-15T10:22:00Z");
    CHECK(format_time(*parse_time("2026-02-03T04:05:06.7899Z")) == "2026-02-03T04:05:06.789Z");
    CHECK(format_time(*parse_time("2026-03-15T10:22:00.123456789Z")) == "2026-03-15T10:22:00.123Z");
}

TEST_CASE("times round-trip through text across the whole year range", "[time][R-TIME]") {
    const Time lo = *parse_time("0001-01-01T00:00:00Z");
    const Time hi = *parse_time("9999-12-31T23:59:59.999Z");
    std::mt19937_64 rng(99);
    for (int i = 0; i < 5000; ++i) {
        Time t = lo + static_cast<Time>(rng() % static_cast<std::uint64_t>(hi - lo + 1));
        if (i % 2) t -= t % 1000;
        auto text = format_time(t);
        INFO(t << " " << text);
        CHECK(parse_time(text) == t);
    }
    CHECK(parse_time(format_time(lo)) == lo);
    CHECK(parse_time(format_time(hi)) == hi);
}

TEST_CASE("parse_as_of follows parse_time", "[time][R-TIME]") {
    CHECK(parse_as_of("2026-06-01T00:00:00Z").ok());
    CHECK(*parse_as_of("2026-06-01T00:00:00.5Z").value == *parse_time("2026-06-01T00:00:00.500Z"));
    auto bad = parse_as_of("2026-06-01");
    CHECK_FALSE(bad.ok());
    CHECK_FALSE(bad.errors.empty());
}
