// A small open-addressing set of strings that numbers its keys in insertion
// order (0, 1, 2, ...), for grouping events by id. Only lookups, never
// iteration, so results cannot depend on hash order.
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

namespace stepwise::detail {

class StringIndex {
public:
    explicit StringIndex(std::size_t expected) {
        std::size_t size = 16;
        while (size < expected * 2) size <<= 1;
        slots_.assign(size, Slot{});
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

    static std::uint32_t hash(std::string_view key) {
        std::uint64_t h = 1469598103934665603ull;  // FNV-1a
        for (unsigned char c : key) h = (h ^ c) * 1099511628211ull;
        return static_cast<std::uint32_t>(h ^ (h >> 32));
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
