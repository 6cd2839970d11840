// engine/src/platform/wasm_printf.cpp (the module's sprintf family) must print
// integers, characters and strings exactly as the platform's printf: random
// conversions with every flag, width, precision and length, and truncation.
#include <catch2/catch.hpp>

#include <climits>
#include <cstdarg>
#include <cstdio>
#include <random>
#include <string>

#include "../common/seeded_random.hpp"

extern "C" int stepwise_vformat(char* buffer, std::size_t capacity, const char* format, va_list args);

namespace {

int ours(char* buffer, std::size_t capacity, const char* format, ...) {
    va_list a;
    va_start(a, format);
    int n = stepwise_vformat(buffer, capacity, format, a);
    va_end(a);
    return n;
}

template <class... Args>
void agree(std::size_t capacity, const std::string& format, Args... args) {
    char platform[128] = {}, mine[128] = {};
    int expected = std::snprintf(platform, capacity, format.c_str(), args...);
    int got = ours(mine, capacity, format.c_str(), args...);
    INFO(format << " capacity " << capacity);
    REQUIRE(got == expected);
    REQUIRE(std::string(mine, capacity ? std::min<std::size_t>(capacity, sizeof mine) : 0) ==
            std::string(platform, capacity ? std::min<std::size_t>(capacity, sizeof platform) : 0));
}

}  // namespace

TEST_CASE("the WebAssembly sprintf agrees with the platform on integers, characters and strings", "[printf][R-DETERMINISM]") {
    std::mt19937_64 rng(20261203);
    const char* flags[] = {"", "-", "0", "+", " ", "#", "-0", "+0", "- ", "#0", "#-", "0+ "};
    const std::int64_t edges[] = {0, 1, -1, 7, 8, 9, 10, 15, 16, 255, 256, -128, 127, 32767, -32768, 65535,
                                  INT_MAX, INT_MIN, LLONG_MAX, LLONG_MIN, 1234567890123LL};
    int cases = 0;
    for (int i = 0; i < 20000; ++i) {
        std::string spec = "%";
        spec += flags[test::draw(rng, 0, 11)];
        if (test::draw(rng, 0, 1)) spec += std::to_string(test::draw(rng, 0, 14));
        switch (test::draw(rng, 0, 3)) {
        case 0: spec += "." + std::to_string(test::draw(rng, 0, 12)); break;
        case 1: spec += "."; break;  // precision 0
        default: break;              // none
        }
        const std::size_t capacity = test::draw(rng, 0, 5) == 0 ? static_cast<std::size_t>(test::draw(rng, 0, 6)) : 128;
        const std::string around = test::draw(rng, 0, 1) ? "<" : "";
        std::int64_t value = test::draw(rng, 0, 1) ? edges[test::draw(rng, 0, 20)]
                                                    : static_cast<std::int64_t>(rng()) >> test::draw(rng, 0, 63);
        const char conversions[] = "diuxXo";
        const char conversion = conversions[test::draw(rng, 0, 5)];
        switch (test::draw(rng, 0, 4)) {
        case 0: agree(capacity, around + spec + conversion + around, static_cast<int>(value)); break;
        case 1: agree(capacity, around + spec + "l" + conversion, static_cast<long>(value)); break;
        case 2: agree(capacity, around + spec + "ll" + conversion, static_cast<long long>(value)); break;
        case 3: agree(capacity, spec + "hh" + conversion + around, static_cast<int>(value)); break;
        default: agree(capacity, spec + "h" + conversion, static_cast<int>(value)); break;
        }
        ++cases;
    }
    for (const char* format : {"%s", "%10s", "%-10s|", "%.3s", "%8.2s", "%-8.0s|", "100%% %s"}) {
        agree(128, format, "text");
        ++cases;
    }
    for (const char* format : {"%c", "%5c", "%-3c|", "<U+%.4X>", "%.2hhX"}) agree(128, format, 0x41);
    agree(128, "%zu|%5zx", std::size_t{12345}, std::size_t{255});
    agree(128, "<U+%.4X>", 0x1f);
    agree(4, "<U+%.4X>", 0x7);
    agree(128, "%s|%5d|%-5x|%c", "a", 42, 255, 'z');
    agree(128, "%*d|%-*d|%.*d", 6, 42, 6, 42, 4, 7);
    CHECK(cases > 20000);
}

TEST_CASE("the WebAssembly sprintf prints pointers as musl does and skips floating point", "[printf][R-DETERMINISM]") {
    char buffer[64];
    ours(buffer, sizeof buffer, "%p", reinterpret_cast<void*>(std::uintptr_t{0xabc}));
    CHECK(std::string(buffer) == "0x" + std::string(2 * sizeof(void*) - 3, '0') + "abc");
    ours(buffer, sizeof buffer, "%p", nullptr);
    CHECK(std::string(buffer) == std::string(2 * sizeof(void*), '0'));
    CHECK(ours(buffer, sizeof buffer, "a%fb%Lgc%d", 1.5, static_cast<long double>(2.5), 3) == 4);
    CHECK(std::string(buffer) == "abc3");
}
