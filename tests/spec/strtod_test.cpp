// engine/src/platform/wasm_strtod.cpp (the engine's strtod in WebAssembly) must decide "finite or
// overflow" and where the number ends exactly as the platform's strtod.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <random>
#include <string>

extern "C" double stepwise_wasm_strtod(const char* text, char** end);

TEST_CASE("the WebAssembly strtod agrees with the platform on overflow and extent", "[strtod][R-DETERMINISM]") {
    std::mt19937_64 rng(42);
    const std::string near = "17976931348623158079372897140530341507993413271003782693617377898044496829276475094664901797";
    int cases = 0;
    auto agree = [&](const std::string& text) {
        char* end_platform = nullptr;
        char* end_ours = nullptr;
        double platform = std::strtod(text.c_str(), &end_platform);
        double ours = stepwise_wasm_strtod(text.c_str(), &end_ours);
        INFO(text);
        CHECK(std::isfinite(platform) == std::isfinite(ours));
        CHECK(end_platform - text.c_str() == end_ours - text.c_str());
        ++cases;
    };
    for (const char* fixed : {"1e309", "1e308", "-1e400", "1.7976931348623157e308", "1.7976931348623158e308",
                              "1.7976931348623159e308", "0.0e99999", "1e-400", "2.5", "-0.0", "123.456e-7"})
        agree(fixed);
    for (int i = 0; i < 20000; ++i) {
        std::string digits = near.substr(0, 1 + rng() % near.size());
        digits.back() = static_cast<char>('0' + rng() % 10);
        int mode = static_cast<int>(rng() % 3);
        if (mode == 0) agree(digits.substr(0, 1) + "." + digits.substr(1) + "e308");
        if (mode == 1) agree(digits + "e" + std::to_string(309 - static_cast<int>(digits.size()) + static_cast<int>(rng() % 3) - 1));
        if (mode == 2) agree("0." + digits + "e" + std::to_string(308 + static_cast<int>(rng() % 3)));
    }
    CHECK(cases > 20000);
}
