// A small open-addressing set of strings that numbers its keys in insertion
// order (0, 1, 2, ...), for grouping events by id. Only lookups, never
// iteration, so results cannot depend on hash order.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace stepwise::detail {

class StringIndex {
public:
    StringIndex() { reset(0); }
    explicit StringIndex(std::size_t expected) { reset(expected); }

    // Empties the index for about `expected` keys, keeping its memory when it
    // is big enough (evaluations reuse one index: docs/benchmarks.md).
    void reset(std::size_t expected) {
        std::size_t size = 16;
        while (size < expected * 2) size <<= 1;
        if (slots_.size() < size || slots_.size() > size * 8)
            slots_.assign(size, Slot{});
        else
            std::fill(slots_.begin(), slots_.end(), Slot{});
        keys_.clear();
        keys_.reserve(expected);
    }

    // The number of `key`; `inserted` tells whether it is new.
    std::uint32_t insert(std::string_view key, bool& inserted) {
        if (keys_.size() * 2 >= slots_.size()) grow();
        std::uint32_t h = hash(key);
        std::size_t mask = slots_.size() - 1;
        for (std::size_t i = h & mask;; i = (i + 1) & mask) {
            Slot& s = slots_[i];
            if (s.number == 0) {
                keys_.push_back(key);
                s = Slot{h, static_cast<std::uint32_t>(keys_.size())};
                inserted = true;
                return s.number - 1;
            }
            if (s.hash == h && keys_[s.number - 1] == key) {
                inserted = false;
                return s.number - 1;
            }
        }
    }

    // The number of `key`, or UINT32_MAX when absent.
    std::uint32_t find(std::string_view key) const {
        std::uint32_t h = hash(key);
        std::size_t mask = slots_.size() - 1;
        for (std::size_t i = h & mask;; i = (i + 1) & mask) {
            const Slot& s = slots_[i];
            if (s.number == 0) return UINT32_MAX;
            if (s.hash == h && keys_[s.number - 1] == key) return s.number - 1;
        }
    }

private:
    struct Slot {
        std::uint32_t hash = 0;
        std::uint32_t number = 0;  // key number + 1; 0 = empty
    };

    // Eight bytes a step (ids are mostly 10-40 characters). The value only
    // places keys in slots, so it may differ by byte order without changing a result.
    static std::uint32_t hash(std::string_view key) {
        constexpr std::uint64_t kMix = 0x9E3779B97F4A7C15ull;
        std::uint64_t h = key.size() * kMix;
        std::size_t i = 0;
        for (; i + 8 <= key.size(); i += 8) {
            std::uint64_t w;
            std::memcpy(&w, key.data() + i, 8);
            h = (h ^ w) * kMix;
            h ^= h >> 29;
        }
        // The last eight bytes (overlapping the words before) when there are
        // eight; a variable-length memcpy would be a call.
        std::uint64_t tail = 0;
        if (i < key.size() && key.size() >= 8)
            std::memcpy(&tail, key.data() + key.size() - 8, 8);
        else
            for (; i < key.size(); ++i) tail = (tail << 8) | static_cast<unsigned char>(key[i]);
        h = (h ^ tail) * kMix;
        h = (h ^ (h >> 33)) * 0xFF51AFD7ED558CCDull;  // spreads every bit into the low ones
        return static_cast<std::uint32_t>(h ^ (h >> 33));
    }

    void grow() {
        std::vector<Slot> old(slots_.size() * 2);
        old.swap(slots_);
        std::size_t mask = slots_.size() - 1;
        for (const Slot& s : old) {
            if (s.number == 0) continue;
            std::size_t i = s.hash & mask;
            while (slots_[i].number != 0) i = (i + 1) & mask;
            slots_[i] = s;
        }
    }

    std::vector<Slot> slots_;
    std::vector<std::string_view> keys_;
};

}  // namespace stepwise::detail
