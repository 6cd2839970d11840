// POSIX TZ rules ("EST5EDT,M3.2.0,M11.1.0"): a self-contained, deterministic
// stand-in for a time zone database, so that calendar boundaries in a program's
// local time are the same bytes natively and in WebAssembly.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "stepwise/time.hpp"

namespace stepwise {

struct TzTransitionRule {
    enum class Form { julian_no_leap, zero_based, month_week_day } form = Form::month_week_day;
    int day = 0;    // Jn: 1-365; n: 0-365; Mm.w.d: weekday 0 (Sunday) - 6
    int month = 0;  // Mm.w.d only: 1-12
    int week = 0;   // Mm.w.d only: 1-5, 5 meaning the last
    std::int64_t time_seconds = 7200;  // local wall time of the change, may be negative
};

struct TzRule {
    std::string text = "UTC0";        // as written in the program
    std::int64_t std_offset = 0;      // seconds to add to UTC for standard time
    bool has_dst = false;
    std::int64_t dst_offset = 0;      // seconds to add to UTC during DST
    TzTransitionRule dst_start, dst_end;

    // Seconds to add to UTC to get local wall time at instant t.
    std::int64_t offset_at(Time t) const;
    // The first instant whose local wall time is at or after `local` (given as
    // milliseconds of local wall time since the epoch). Inside a DST gap that is
    // the moment the clocks jump; inside an overlap, the earlier instant.
    Time to_utc(Time local) const;
};

// Parses a POSIX TZ string; on failure returns nullopt and sets `why`.
std::optional<TzRule> parse_tz(std::string_view text, std::string* why = nullptr);

}  // namespace stepwise
