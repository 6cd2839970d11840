// POSIX TZ rules: offsets, transitions, local midnight to UTC (gaps, overlaps).
#include <cstdlib>
#include <ctime>
#include <random>

#include "support.hpp"

using namespace stepwise;
using ut::T;

namespace {

TzRule tz(const char* text) {
    std::string why;
    auto r = parse_tz(text, &why);
    INFO(text << ": " << why);
    REQUIRE(r.has_value());
    return *r;
}

// Local wall time as milliseconds since the epoch, from a UTC-formatted literal.
Time local(const char* wall) { return T(wall); }

}  // namespace

TEST_CASE("UTC0 has no offset", "[tz][R-TIER-SPEND]") {
    TzRule utc = tz("UTC0");
    CHECK(utc.offset_at(0) == 0);
    CHECK(utc.offset_at(T("2026-07-01T00:00:00Z")) == 0);
    CHECK(utc.to_utc(local("2026-11-01T00:00:00Z")) == T("2026-11-01T00:00:00Z"));
    CHECK(TzRule{}.offset_at(T("2026-07-01T00:00:00Z")) == 0);  // the default rule is UTC0
}

TEST_CASE("US Eastern: offsets and transitions", "[tz][R-TIER-SPEND]") {
    TzRule ny = tz("EST5EDT,M3.2.0,M11.1.0");
    CHECK(ny.has_dst);
    CHECK(ny.std_offset == -5 * 3600);
    CHECK(ny.dst_offset == -4 * 3600);
    CHECK(ny.offset_at(T("2026-01-15T12:00:00Z")) == -18000);
    CHECK(ny.offset_at(T("2026-07-01T12:00:00Z")) == -14400);
    // Spring forward: 2026-03-08 02:00 EST = 07:00Z.
    CHECK(ny.offset_at(T("2026-03-08T06:59:59.999Z")) == -18000);
    CHECK(ny.offset_at(T("2026-03-08T07:00:00Z")) == -14400);
    // Fall back: 2026-11-01 02:00 EDT = 06:00Z.
    CHECK(ny.offset_at(T("2026-11-01T05:59:59.999Z")) == -14400);
    CHECK(ny.offset_at(T("2026-11-01T06:00:00Z")) == -18000);
}

TEST_CASE("US Eastern: local midnight of month starts", "[tz][R-TIER-SPEND]") {
    TzRule ny = tz("EST5EDT,M3.2.0,M11.1.0");
    CHECK(ny.to_utc(local("2026-11-01T00:00:00Z")) == T("2026-11-01T04:00:00Z"));  // still EDT
    CHECK(ny.to_utc(local("2026-12-01T00:00:00Z")) == T("2026-12-01T05:00:00Z"));
    CHECK(ny.to_utc(local("2025-07-01T00:00:00Z")) == T("2025-07-01T04:00:00Z"));
    CHECK(ny.to_utc(local("2026-02-01T00:00:00Z")) == T("2026-02-01T05:00:00Z"));
    CHECK(ny.to_utc(local("2026-03-01T00:00:00Z")) == T("2026-03-01T05:00:00Z"));
    CHECK(ny.to_utc(local("2026-04-01T00:00:00Z")) == T("2026-04-01T04:00:00Z"));
}

TEST_CASE("to_utc: a time in a DST gap is the moment the clocks jump", "[tz][R-TIER-SPEND]") {
    TzRule ny = tz("EST5EDT,M3.2.0,M11.1.0");
    CHECK(ny.to_utc(local("2026-03-08T02:00:00Z")) == T("2026-03-08T07:00:00Z"));
    CHECK(ny.to_utc(local("2026-03-08T02:30:00Z")) == T("2026-03-08T07:00:00Z"));
    CHECK(ny.to_utc(local("2026-03-08T03:00:00Z")) == T("2026-03-08T07:00:00Z"));
    CHECK(ny.to_utc(local("2026-03-08T01:59:59Z")) == T("2026-03-08T06:59:59Z"));
    // A zone whose summer time starts at midnight on 1 March: the month starts at the jump.
    TzRule edge = tz("XST3XDT,J60/0,J305/1");
    CHECK(edge.to_utc(local("2026-03-01T00:00:00Z")) == T("2026-03-01T03:00:00Z"));
    CHECK(edge.offset_at(T("2026-03-01T02:59:59Z")) == -3 * 3600);
    CHECK(edge.offset_at(T("2026-03-01T03:00:00Z")) == -2 * 3600);
    // Southern rules with the jump at midnight: local midnight of Sunday 4 October 2026 does not exist.
    TzRule jump = tz("XST3XDT,M10.1.0/0,M2.3.0/0");
    CHECK(jump.to_utc(local("2026-10-04T00:00:00Z")) == T("2026-10-04T03:00:00Z"));
}

TEST_CASE("to_utc: a time in an overlap is the earlier instant", "[tz][R-TIER-SPEND]") {
    TzRule ny = tz("EST5EDT,M3.2.0,M11.1.0");
    CHECK(ny.to_utc(local("2026-11-01T01:30:00Z")) == T("2026-11-01T05:30:00Z"));
    CHECK(ny.to_utc(local("2026-11-01T01:00:00Z")) == T("2026-11-01T05:00:00Z"));
    CHECK(ny.to_utc(local("2026-11-01T02:00:00Z")) == T("2026-11-01T07:00:00Z"));
    // Midnight happens twice on 1 November in this zone: the first one counts.
    TzRule edge = tz("XST3XDT,J60/0,J305/1");
    CHECK(edge.to_utc(local("2026-11-01T00:00:00Z")) == T("2026-11-01T02:00:00Z"));
    CHECK(edge.offset_at(T("2026-11-01T02:59:59Z")) == -2 * 3600);
    CHECK(edge.offset_at(T("2026-11-01T03:00:00Z")) == -3 * 3600);
}

TEST_CASE("southern hemisphere rules wrap around the new year", "[tz][R-TIER-SPEND]") {
    TzRule syd = tz("AEST-10AEDT,M10.1.0,M4.1.0/3");
    CHECK(syd.offset_at(T("2026-01-15T00:00:00Z")) == 11 * 3600);
    CHECK(syd.offset_at(T("2026-07-15T00:00:00Z")) == 10 * 3600);
    CHECK(syd.offset_at(T("2026-10-03T15:59:59Z")) == 10 * 3600);
    CHECK(syd.offset_at(T("2026-10-03T16:00:00Z")) == 11 * 3600);
    CHECK(syd.offset_at(T("2026-04-04T15:59:59Z")) == 11 * 3600);
    CHECK(syd.offset_at(T("2026-04-04T16:00:00Z")) == 10 * 3600);
}

TEST_CASE("Julian day forms: Jn skips 29 February, n counts it", "[tz][R-TIER-SPEND]") {
    TzRule zero_based = tz("ABC3DEF,59/0,304/0");  // day 59 is 29 Feb in a leap year
    CHECK(zero_based.offset_at(T("2024-02-29T02:59:59Z")) == -3 * 3600);
    CHECK(zero_based.offset_at(T("2024-02-29T03:00:00Z")) == -2 * 3600);
    TzRule julian = tz("ABC3DEF,J60/0,J305/0");  // J60 is always 1 March
    CHECK(julian.offset_at(T("2024-02-29T03:00:00Z")) == -3 * 3600);
    CHECK(julian.offset_at(T("2024-03-01T03:00:00Z")) == -2 * 3600);
}

TEST_CASE("fixed offsets with minutes and quoted names", "[tz][R-TIER-SPEND]") {
    CHECK(tz("IST-5:30").offset_at(T("2026-01-01T00:00:00Z")) == 19800);
    CHECK(tz("<+0545>-5:45").offset_at(T("2026-01-01T00:00:00Z")) == 20700);
    CHECK(tz("<-03>3").offset_at(T("2026-01-01T00:00:00Z")) == -10800);
    CHECK(tz("<+0530>-5:30").offset_at(0) == 19800);
    CHECK_FALSE(tz("<-03>3").has_dst);
}

TEST_CASE("parse_tz refuses what is not a POSIX TZ rule", "[tz][R-TIER-SPEND][R-PROGRAM-VALID]") {
    for (const char* bad : {"", "America/New_York", "Mars/Olympus", "EST", "5", "EST5EDT,M13.1.0,M11.1.0",
                            "EST5EDT,M3.6.0,M11.1.0", "EST5EDT,M3.2.7,M11.1.0", "EST5EDT,M3.2.0", "EST5EDT,J0/2,J100",
                            "EST5EDT,366,100", "ES5", "EST5EDT,M3.2.0,M11.1.0,extra", "EST5EDT,M3.2.0/,M11.1.0", "EST5EDT",
                            "E5"}) {
        std::string why;
        INFO("'" << bad << "'");
        CHECK_FALSE(parse_tz(bad, &why).has_value());
        CHECK_FALSE(why.empty());
    }
    std::string why;
    parse_tz("EST5EDT", &why);
    CHECK(why.find("rule") != std::string::npos);  // a summer-time name without its rule says so
}

#ifndef __EMSCRIPTEN__  // needs the host C library's POSIX TZ support
TEST_CASE("offset_at agrees with the C library's POSIX TZ handling", "[tz][oracle][R-TIER-SPEND][R-DETERMINISM]") {
    const char* rules[] = {"EST5EDT,M3.2.0,M11.1.0", "AEST-10AEDT,M10.1.0,M4.1.0/3", "XST3XDT,J60/0,J305/1",
                           "ABC3DEF,59/0,304/0", "CET-1CEST,M3.5.0,M10.5.0/3", "IST-5:30", "UTC0",
                           "NZST-12NZDT,M9.5.0,M4.1.0/3"};
    const char* saved = std::getenv("TZ");
    std::string saved_tz = saved ? saved : "";
    std::mt19937_64 rng(42);
    for (const char* rule : rules) {
        TzRule ours = tz(rule);
        setenv("TZ", rule, 1);
        tzset();
        for (int i = 0; i < 3000; ++i) {
            // 1971..2099, whole seconds, with extra samples right around transitions.
            std::int64_t secs = 31536000 + static_cast<std::int64_t>(rng() % 4039000000ULL);
            std::time_t tt = static_cast<std::time_t>(secs);
            std::tm parts{};
            localtime_r(&tt, &parts);
            INFO(rule << " at " << format_time(secs * 1000));
            CHECK(ours.offset_at(secs * 1000) == parts.tm_gmtoff);
        }
    }
    if (saved)
        setenv("TZ", saved_tz.c_str(), 1);
    else
        unsetenv("TZ");
    tzset();
}
#endif

TEST_CASE("to_utc inverts local time except in overlaps, where it picks the earlier instant", "[tz][R-TIER-SPEND]") {
    TzRule ny = tz("EST5EDT,M3.2.0,M11.1.0");
    std::mt19937_64 rng(1234);
    const Time start = T("2020-01-01T00:00:00Z");
    for (int i = 0; i < 20000; ++i) {
        Time t = start + static_cast<Time>(rng() % (10ULL * 366 * 86400000ULL));
        Time wall = t + ny.offset_at(t) * 1000;
        Time back = ny.to_utc(wall);
        INFO(format_time(t));
        CHECK(back + ny.offset_at(back) * 1000 == wall);
        CHECK((back == t || back == t - 3600 * 1000));
    }
}
