// Money is an integer count of the currency's minor units (cents for USD).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stepwise {

using Money = std::int64_t;

// The largest amount any single input may carry (10^15 minor units). Keeping
// inputs below it lets every sum and percentage stay inside int64.
constexpr Money kMaxAmount = 1'000'000'000'000'000;

// Minor-unit digits of an ISO 4217 code: 0 for JPY/KRW/..., 3 for BHD/KWD/...,
// 2 otherwise.
int currency_digits(std::string_view code);

// Parses a non-negative decimal ("312.5", "312.50", "312") with at most
// `digits` decimals and at most kMaxAmount minor units.
std::optional<Money> parse_money(std::string_view text, int digits);

// Formats minor units with exactly `digits` decimals ("312.50", "-3.00").
std::string format_money(Money amount, int digits);

// Saturating addition for sums of many inputs (never overflows).
Money saturating_add(Money a, Money b);

// floor(1000 * part / whole) / 10 as an integer count of tenths of a percent,
// capped at 1000 (100.0%). Exact 128-bit integer division: no overflow, no floats.
std::int64_t percent_tenths(std::int64_t part, std::int64_t whole);

// Prints tenths of a percent as the contract's JSON number: "62.5", "100", "0".
std::string format_percent_tenths(std::int64_t tenths);

}  // namespace stepwise
