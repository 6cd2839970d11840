#include "stepwise/tz.hpp"

#include <cctype>

namespace stepwise {

namespace {

struct Cursor {
    std::string_view s;
    std::size_t pos = 0;
    bool done() const { return pos >= s.size(); }
    char peek() const { return done() ? '\0' : s[pos]; }
};

bool fail(std::string* why, const char* message) {
    if (why) *why = message;
    return false;
}

// A zone abbreviation: three or more letters, or <...> with letters, digits, + and -.
bool parse_name(Cursor& c, std::string* why) {
    if (c.peek() == '<') {
        std::size_t start = ++c.pos;
        while (!c.done() && (std::isalnum(static_cast<unsigned char>(c.peek())) || c.peek() == '+' || c.peek() == '-'))
            ++c.pos;
        if (c.peek() != '>' || c.pos - start < 3) return fail(why, "a quoted zone name must be <...> with at least 3 characters");
        ++c.pos;
        return true;
    }
    std::size_t start = c.pos;
    while (!c.done() && std::isalpha(static_cast<unsigned char>(c.peek()))) ++c.pos;
    if (c.pos - start < 3) return fail(why, "a zone name needs at least 3 letters, as in \"EST5EDT\" or \"UTC0\"");
    return true;
}

// [+-]hh[:mm[:ss]] as seconds; hours up to max_hours.
bool parse_clock(Cursor& c, int max_hours, std::int64_t& out, std::string* why) {
    int sign = 1;
    if (c.peek() == '+' || c.peek() == '-') sign = c.s[c.pos++] == '-' ? -1 : 1;
    std::int64_t parts[3] = {0, 0, 0};
    for (int part = 0; part < 3; ++part) {
        if (part > 0) {
            if (c.peek() != ':') break;
            ++c.pos;
        }
        int digits = 0;
        while (!c.done() && std::isdigit(static_cast<unsigned char>(c.peek())) && digits < 3) {
            parts[part] = parts[part] * 10 + (c.s[c.pos++] - '0');
            ++digits;
        }
        if (digits == 0) return fail(why, "expected a time offset such as 5, -1 or 5:30");
    }
    if (parts[0] > max_hours || parts[1] > 59 || parts[2] > 59) return fail(why, "time offset out of range");
    out = sign * (parts[0] * 3600 + parts[1] * 60 + parts[2]);
    return true;
}

bool parse_number(Cursor& c, int lo, int hi, int& out) {
    int digits = 0;
    out = 0;
    while (!c.done() && std::isdigit(static_cast<unsigned char>(c.peek())) && digits < 4) {
        out = out * 10 + (c.s[c.pos++] - '0');
        ++digits;
    }
    return digits > 0 && out >= lo && out <= hi;
}

bool parse_transition(Cursor& c, TzTransitionRule& rule, std::string* why) {
    if (c.peek() == 'J') {
        ++c.pos;
        rule.form = TzTransitionRule::Form::julian_no_leap;
        if (!parse_number(c, 1, 365, rule.day)) return fail(why, "Jn needs a day from 1 to 365");
    } else if (c.peek() == 'M') {
        ++c.pos;
        rule.form = TzTransitionRule::Form::month_week_day;
        if (!parse_number(c, 1, 12, rule.month) || c.peek() != '.') return fail(why, "Mm.w.d needs a month 1-12");
        ++c.pos;
        if (!parse_number(c, 1, 5, rule.week) || c.peek() != '.') return fail(why, "Mm.w.d needs a week 1-5");
        ++c.pos;
        if (!parse_number(c, 0, 6, rule.day)) return fail(why, "Mm.w.d needs a weekday 0-6");
    } else {
        rule.form = TzTransitionRule::Form::zero_based;
        if (!parse_number(c, 0, 365, rule.day)) return fail(why, "expected a DST rule such as M3.2.0, J60 or 59");
    }
    rule.time_seconds = 7200;
    if (c.peek() == '/') {
        ++c.pos;
        if (!parse_clock(c, 167, rule.time_seconds, why)) return false;
    }
    return true;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

bool is_leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// Local wall-clock seconds (since the epoch) at which `rule` fires in `year`.
std::int64_t transition_local_seconds(const TzTransitionRule& rule, std::int64_t year) {
    std::int64_t jan1 = days_from_civil(year, 1, 1);
    std::int64_t day = 0;
    switch (rule.form) {
        case TzTransitionRule::Form::julian_no_leap:
            day = jan1 + rule.day - 1 + (is_leap(year) && rule.day >= 60 ? 1 : 0);
            break;
        case TzTransitionRule::Form::zero_based:
            day = jan1 + rule.day;
            break;
        case TzTransitionRule::Form::month_week_day: {
            std::int64_t first = days_from_civil(year, rule.month, 1);
            std::int64_t weekday_of_first = floor_div(first + 4, 7) * -7 + first + 4;  // 1970-01-01 was a Thursday
            std::int64_t d = first + (rule.day - weekday_of_first + 7) % 7 + (rule.week - 1) * 7;
            int next_month = rule.month == 12 ? 1 : rule.month + 1;
            std::int64_t month_end = days_from_civil(rule.month == 12 ? year + 1 : year, next_month, 1);
            while (d >= month_end) d -= 7;  // week 5 means the last such weekday
            day = d;
            break;
        }
    }
    return day * 86400 + rule.time_seconds;
}

std::int64_t local_year(std::int64_t local_seconds) {
    std::int64_t y;
    int m, d;
    civil_from_days(floor_div(local_seconds, 86400), y, m, d);
    return y;
}

}  // namespace

std::int64_t TzRule::offset_at(Time t) const {
    if (!has_dst) return std_offset;
    std::int64_t utc = floor_div(t, 1000);
    std::int64_t year = local_year(utc + std_offset);
    // The start is written in standard time, the end in daylight time.
    std::int64_t start = transition_local_seconds(dst_start, year) - std_offset;
    std::int64_t end = transition_local_seconds(dst_end, year) - dst_offset;
    bool in_dst = start < end ? (utc >= start && utc < end) : !(utc >= end && utc < start);
    return in_dst ? dst_offset : std_offset;
}

Time TzRule::to_utc(Time local) const {
    Time by_std = local - std_offset * 1000;
    if (!has_dst) return by_std;
    Time by_dst = local - dst_offset * 1000;
    bool std_fits = offset_at(by_std) == std_offset;
    bool dst_fits = offset_at(by_dst) == dst_offset;
    if (std_fits && dst_fits) return by_std < by_dst ? by_std : by_dst;
    if (std_fits) return by_std;
    if (dst_fits) return by_dst;
    // A gap: the wall time never happens; answer the instant the clocks jump.
    Time lo = by_std < by_dst ? by_std : by_dst, hi = by_std < by_dst ? by_dst : by_std;
    std::int64_t year = local_year(floor_div(local, 1000));
    for (std::int64_t y = year - 1; y <= year + 1; ++y) {
        Time start = (transition_local_seconds(dst_start, y) - std_offset) * 1000;
        Time end = (transition_local_seconds(dst_end, y) - dst_offset) * 1000;
        if (start >= lo && start <= hi) return start;
        if (end >= lo && end <= hi) return end;
    }
    return hi;
}

std::optional<TzRule> parse_tz(std::string_view text, std::string* why) {
    TzRule rule;
    rule.text = std::string(text);
    Cursor c{text};
    std::int64_t posix_offset = 0;
    if (!parse_name(c, why) || !parse_clock(c, 24, posix_offset, why)) return std::nullopt;
    rule.std_offset = -posix_offset;  // POSIX counts hours west of Greenwich
    if (c.done()) return rule;
    if (!parse_name(c, why)) return std::nullopt;
    rule.has_dst = true;
    rule.dst_offset = rule.std_offset + 3600;
    if (c.peek() != ',' && !c.done()) {
        if (!parse_clock(c, 24, posix_offset, why)) return std::nullopt;
        rule.dst_offset = -posix_offset;
    }
    if (c.peek() != ',') {
        fail(why, "a daylight-saving zone needs its rule, as in EST5EDT,M3.2.0,M11.1.0");
        return std::nullopt;
    }
    ++c.pos;
    if (!parse_transition(c, rule.dst_start, why)) return std::nullopt;
    if (c.peek() != ',') {
        fail(why, "expected ',' and the end of daylight saving time");
        return std::nullopt;
    }
    ++c.pos;
    if (!parse_transition(c, rule.dst_end, why)) return std::nullopt;
    if (!c.done()) {
        fail(why, "unexpected text after the end of the rule");
        return std::nullopt;
    }
    return rule;
}

}  // namespace stepwise
