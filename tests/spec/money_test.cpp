// Money: integer minor units, decimal strings at the edge, integer percentages.
#include <cstdint>
#include <limits>
#include <random>

#include "support.hpp"

using namespace stepwise;

TEST_CASE("currency digits follow ISO 4217 minor units", "[money][R-MONEY]") {
    CHECK(currency_digits("USD") == 2);
    CHECK(currency_digits("EUR") == 2);
    CHECK(currency_digits("GBP") == 2);
    for (const char* zero : {"BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND",
                             "VUV", "XAF", "XOF", "XPF"}) {
        INFO(zero);
        CHECK(currency_digits(zero) == 0);
    }
    for (const char* three : {"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"}) {
        INFO(three);
        CHECK(currency_digits(three) == 3);
    }
    CHECK(currency_digits("XYZ") == 2);  // unknown codes: two decimals
}

TEST_CASE("parse_money accepts non-negative decimals with at most the currency's decimals", "[money][R-MONEY]") {
    CHECK(parse_money("312.50", 2) == Money{31250});
    CHECK(parse_money("312.5", 2) == Money{31250});
    CHECK(parse_money("312", 2) == Money{31200});
    CHECK(parse_money("0", 2) == Money{0});
    CHECK(parse_money("0.00", 2) == Money{0});
    CHECK(parse_money("0.01", 2) == Money{1});
    CHECK(parse_money("10500", 0) == Money{10500});
    CHECK(parse_money("12.345", 3) == Money{12345});
    CHECK(parse_money("12.3", 3) == Money{12300});
}

TEST_CASE("parse_money refuses malformed amounts", "[money][R-MONEY]") {
    for (const char* bad : {"", "3.125", "-1", "-0.01", "1e3", "1E3", " 1", "1 ", "1,00", "abc", "0x10", "1.2.3", "NaN",
                            "inf", "١٢", "1.", ".5"}) {
        INFO("'" << bad << "'");
        CHECK_FALSE(parse_money(bad, 2).has_value());
    }
    CHECK_FALSE(parse_money("10.5", 0).has_value());   // JPY has no decimals
    CHECK_FALSE(parse_money("1.2345", 3).has_value());  // KWD has three
}

TEST_CASE("parse_money caps amounts at 10^15 minor units", "[money][R-MONEY]") {
    CHECK(parse_money("10000000000000.00", 2) == kMaxAmount);
    CHECK_FALSE(parse_money("10000000000000.01", 2).has_value());
    CHECK(parse_money("1000000000000000", 0) == kMaxAmount);
    CHECK_FALSE(parse_money("1000000000000001", 0).has_value());
    CHECK_FALSE(parse_money("99999999999999999999999999999999", 2).has_value());
    CHECK_FALSE(parse_money(std::string(5000, '9'), 2).has_value());
}

TEST_CASE("format_money prints exactly the currency's decimals", "[money][R-MONEY]") {
    CHECK(format_money(31250, 2) == "312.50");
    CHECK(format_money(0, 2) == "0.00");
    CHECK(format_money(5, 2) == "0.05");
    CHECK(format_money(-300, 2) == "-3.00");
    CHECK(format_money(-5, 2) == "-0.05");
    CHECK(format_money(10500, 0) == "10500");
    CHECK(format_money(0, 0) == "0");
    CHECK(format_money(12345, 3) == "12.345");
    CHECK(format_money(7, 3) == "0.007");
    CHECK(format_money(kMaxAmount, 2) == "10000000000000.00");
    CHECK(format_money(1, 3) == "0.001");
    CHECK(format_money(INT64_MIN, 2) == "-92233720368547758.08");  // the sign and the digits of the one unnegatable value
}

TEST_CASE("money round-trips through text", "[money][R-MONEY]") {
    std::mt19937_64 rng(20260315);
    for (int digits : {0, 2, 3}) {
        for (int i = 0; i < 2000; ++i) {
            Money m = static_cast<Money>(rng() % static_cast<std::uint64_t>(kMaxAmount + 1));
            if (i % 3 == 0) m %= 100000;
            auto text = format_money(m, digits);
            INFO(text << " digits " << digits);
            CHECK(parse_money(text, digits) == m);
        }
    }
}

TEST_CASE("percent_tenths is floor(1000 * part / whole), capped at 1000", "[money][percent][R-PCT]") {
    CHECK(percent_tenths(31250, 50000) == 625);  // 312.50 of 500.00
    CHECK(percent_tenths(2, 3) == 666);          // 66.6, not 66.7
    CHECK(percent_tenths(1, 3) == 333);
    CHECK(percent_tenths(99999, 100000) == 999);  // never 100 before the target
    CHECK(percent_tenths(21000, 20000) == 1000);  // capped
    CHECK(percent_tenths(5, 5) == 1000);
    CHECK(percent_tenths(7, 5) == 1000);
    CHECK(percent_tenths(0, 3) == 0);
    CHECK(percent_tenths(52000, 100000) == 520);
    CHECK(percent_tenths(13333, 20000) == 666);
    CHECK(percent_tenths(33333, 80000) == 416);
}

TEST_CASE("percent_tenths does not overflow on huge values", "[money][percent][R-PCT]") {
    const std::int64_t big = std::numeric_limits<std::int64_t>::max();
    CHECK(percent_tenths(kMaxAmount, kMaxAmount) == 1000);
    CHECK(percent_tenths(kMaxAmount - 1, kMaxAmount) == 999);
    CHECK(percent_tenths(big, big) == 1000);
    // The largest value the engine divides: a journey's steps * target <= 100 * 10^15.
    CHECK(percent_tenths(99 * kMaxAmount + kMaxAmount / 2, 100 * kMaxAmount) == 995);
    CHECK(percent_tenths(100 * kMaxAmount - 1, 100 * kMaxAmount) == 999);
    CHECK(percent_tenths(kMaxAmount * 99 + 1, kMaxAmount * 100) == 990);
#ifdef __SIZEOF_INT128__
    __extension__ typedef __int128 Wide;  // a compiler extension, on purpose: the exact oracle
    std::mt19937_64 rng(7);
    for (int i = 0; i < 5000; ++i) {
        // Any whole up to 10^18 (ten times what the engine can produce).
        std::int64_t whole = static_cast<std::int64_t>(rng() % 1000000000000000000ULL) | 1;
        std::int64_t part = static_cast<std::int64_t>(rng() >> 1) % whole;
        // Compare with exact 128-bit arithmetic.
        Wide exact = (static_cast<Wide>(part) * 1000) / whole;
        INFO(part << " / " << whole);
        CHECK(percent_tenths(part, whole) == static_cast<std::int64_t>(exact));
    }
#endif
}

TEST_CASE("percent_tenths is exact over the whole int64 range, as its header promises", "[money][percent][R-PCT]") {
    // money.hpp: "Exact integer long division: no overflow". The engine itself never
    // divides by more than 10^17, so this only matters to other callers of the API.
    const std::int64_t big = std::numeric_limits<std::int64_t>::max();
    CHECK(percent_tenths(big / 2, big) == 499);
    CHECK(percent_tenths(big - 1, big) == 999);
    CHECK(percent_tenths(big / 1000 + 1, big) == 1);
    CHECK(percent_tenths(1866731140969929474LL, 1954788592644080565LL) == 954);
}

TEST_CASE("format_percent_tenths prints the contract's number", "[money][percent][R-PCT]") {
    CHECK(format_percent_tenths(625) == "62.5");
    CHECK(format_percent_tenths(1000) == "100");
    CHECK(format_percent_tenths(0) == "0");
    CHECK(format_percent_tenths(520) == "52");
    CHECK(format_percent_tenths(5) == "0.5");
    CHECK(format_percent_tenths(999) == "99.9");
    CHECK(format_percent_tenths(312) == "31.2");
}

TEST_CASE("saturating_add never overflows", "[money][R-MONEY]") {
    const Money big = std::numeric_limits<Money>::max();
    CHECK(saturating_add(2, 3) == 5);
    CHECK(saturating_add(big, 1) == big);
    CHECK(saturating_add(big, big) == big);
    CHECK(saturating_add(kMaxAmount, kMaxAmount) == 2 * kMaxAmount);
}
