// Seeded draws that give the same numbers on every standard library.
// std::mt19937_64's output is fixed bit for bit by the standard, but
// std::uniform_int_distribution and std::shuffle are not: libstdc++ (native)
// and libc++ (Emscripten) turn the same stream into different cases. These
// use only the raw output, so a seed names the same case everywhere.
#pragma once
#include <cstdint>
#include <random>
#include <utility>

namespace test {

// A number in [lo, hi]; the modulo's slight bias does not matter for tests.
inline std::int64_t draw(std::mt19937_64& rng, std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(hi - lo + 1));
}

// Fisher-Yates over any random-access container.
template <class Container>
void shuffle(Container& c, std::mt19937_64& rng) {
    for (std::size_t i = c.size(); i > 1; --i) std::swap(c[i - 1], c[static_cast<std::size_t>(rng() % i)]);
}

}  // namespace test
