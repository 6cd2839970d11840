#include "stepwise/money.hpp"

#include <array>
#include <limits>

namespace stepwise {

int currency_digits(std::string_view code) {
    // ISO 4217 minor units for the currencies that do not use two decimals.
    static constexpr std::array<std::string_view, 17> zero{
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG",
        "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"};
    static constexpr std::array<std::string_view, 7> three{"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"};
    for (auto c : zero)
        if (c == code) return 0;
    for (auto c : three)
        if (c == code) return 3;
    return 2;
}

std::optional<Money> parse_money(std::string_view text, int digits) {
    std::size_t i = 0;
    Money whole = 0;
    std::size_t whole_digits = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
        if (whole > kMaxAmount) return std::nullopt;  // stop before overflow
        whole = whole * 10 + (text[i] - '0');
        ++i, ++whole_digits;
    }
    if (whole_digits == 0) return std::nullopt;
    Money fraction = 0;
    int fraction_digits = 0;
    if (i < text.size() && text[i] == '.') {
        ++i;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            if (fraction_digits == digits) return std::nullopt;
            fraction = fraction * 10 + (text[i] - '0');
            ++i, ++fraction_digits;
        }
        if (fraction_digits == 0) return std::nullopt;
    }
    if (i != text.size()) return std::nullopt;
    for (int d = fraction_digits; d < digits; ++d) fraction *= 10;
    Money scale = 1;
    for (int d = 0; d < digits; ++d) scale *= 10;
    if (whole > kMaxAmount / scale) return std::nullopt;
    Money value = whole * scale + fraction;
    if (value > kMaxAmount) return std::nullopt;
    return value;
}

std::string format_money(Money amount, int digits) {
    bool negative = amount < 0;
    // Work on the unsigned magnitude so INT64_MIN cannot overflow.
    std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(amount) : static_cast<std::uint64_t>(amount);
    std::string out;
    int produced = 0;
    do {
        if (digits > 0 && produced == digits) out.push_back('.');
        out.push_back(static_cast<char>('0' + magnitude % 10));
        magnitude /= 10;
        ++produced;
    } while (magnitude > 0 || produced <= digits);
    if (negative) out.push_back('-');
    return std::string(out.rbegin(), out.rend());
}

Money saturating_add(Money a, Money b) {
    constexpr Money hi = std::numeric_limits<Money>::max();
    constexpr Money lo = std::numeric_limits<Money>::min();
    if (b > 0 && a > hi - b) return hi;
    if (b < 0 && a < lo - b) return lo;
    return a + b;
}

std::int64_t percent_tenths(std::int64_t part, std::int64_t whole) {
    if (whole <= 0) return 1000;
    if (part <= 0) return 0;
    if (part >= whole) return 1000;
    // Exact over the whole int64 range: 1000 * part fits in 128 bits, which
    // g++ and clang (also for wasm32) provide as an integer type.
    __extension__ using Wide = unsigned __int128;
    auto tenths = static_cast<std::int64_t>(Wide(static_cast<std::uint64_t>(part)) * 1000 / static_cast<std::uint64_t>(whole));
    return tenths > 1000 ? 1000 : tenths;
}

std::string format_percent_tenths(std::int64_t tenths) {
    std::string out = std::to_string(tenths / 10);
    if (tenths % 10 != 0) {
        out.push_back('.');
        out.push_back(static_cast<char>('0' + tenths % 10));
    }
    return out;
}

}  // namespace stepwise
