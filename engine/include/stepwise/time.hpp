// Instants are integer milliseconds since 1970-01-01T00:00:00Z. No time zone
// database and no floating point: native and WebAssembly agree by construction.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stepwise {

using Time = std::int64_t;  // milliseconds since the Unix epoch, UTC

constexpr Time kMillisPerSecond = 1000;
constexpr Time kMillisPerDay = 86'400'000;

// Days since 1970-01-01 of a proleptic Gregorian date, and back.
std::int64_t days_from_civil(std::int64_t year, int month, int day);
void civil_from_days(std::int64_t days, std::int64_t& year, int& month, int& day);

// Parses "2026-03-15T10:22:00Z" with optional fractional seconds ("...:00.123Z").
// Years 0001-9999 only; anything else (offsets, missing Z, bad dates) is rejected.
std::optional<Time> parse_time(std::string_view text);

// Formats as "2026-03-15T10:22:00Z", adding ".123" only when milliseconds are set.
std::string format_time(Time t);

}  // namespace stepwise
