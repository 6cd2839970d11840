// What a progress read loads for one customer (history, recorded awards),
// kept between reads while the customer's `rev` stays the same. Every write
// transaction that locks a customer bumps that rev when it ends (store.cpp),
// so a cached snapshot is never used after a write, in this process or in
// another one on the same PostgreSQL database: a read checks the rev with one
// indexed query and loads again when it moved. Reports are not cached, only
// the rows: a report depends on the time it is asked for.
#pragma once
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "stepwise/history.hpp"

namespace stepwise::server {

// An awards row, as the service reads it (service.cpp award_from_row).
struct AwardRow {
    std::string key, program_id, step_id, state, source;
    std::int64_t occurrence = 0, awarded_at = 0;
    std::optional<std::int64_t> clawed_back_at;
};

// An award as a report shows it: the row, the program version that issued
// it, its real expiry and its ledger row.
struct StoredAward : AwardRow {
    std::int64_t program_version = 0;
    std::optional<std::int64_t> expires_at, transaction_id;
};

struct CustomerSnapshot {
    std::int64_t rev = 0;
    bool exists = false;
    bool with_items = false;       // events carry their line items
    History history;               // events, and a grant for each manual award
    std::vector<StoredAward> awards;  // every program's, in key order
};

// A bounded map (least recently used out first), safe across threads.
class ReadCache {
public:
    explicit ReadCache(std::size_t capacity) : capacity_(capacity) {}

    // The snapshot at `rev` (with items when asked), or null.
    std::shared_ptr<const CustomerSnapshot> find(const std::string& customer_id, std::int64_t rev, bool items);
    void keep(const std::string& customer_id, std::shared_ptr<const CustomerSnapshot> snapshot);
    std::size_t capacity() const { return capacity_; }

private:
    using Order = std::list<std::string>;
    struct Entry {
        std::shared_ptr<const CustomerSnapshot> snapshot;
        Order::iterator at;
    };
    std::size_t capacity_;
    std::mutex m_;
    Order order_;  // most recently used first
    std::unordered_map<std::string, Entry> entries_;
};

}  // namespace stepwise::server
