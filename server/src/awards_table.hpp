// The awards table: every statement on it and its row mapping, the first of
// the server's repositories (docs/server.md, "Code layout"). The services
// decide what to award and when; this file only reads and writes the rows.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "db.hpp"
#include "read_cache.hpp"  // AwardRow, StoredAward

namespace stepwise::server::awards_table {

// One award to store. `state`: issued, vetoed or pending_choice.
struct NewAward {
    std::string customer_id, key, program_id, step_id;
    std::int64_t occurrence = 0, awarded_at = 0;
    std::optional<std::int64_t> expires_at;
    std::int64_t issued_at = 0;
    std::string source, state;
    std::string note;  // the merchant's memo of a manual award, "" when none
    std::int64_t program_version = 0;
};

// Stores the rows whose (customer, key) is new; an award key already stored is
// left as it is (exactly once). Returns the (customer, key) pairs stored.
std::set<std::pair<std::string, std::string>> insert_new(db::Conn& c, const std::vector<NewAward>& rows);

// A customer's awards, every program's.
std::vector<AwardRow> of_customer(db::Conn& c, const std::string& customer_id);
// The same with the program version and expiry, in key order (reports).
std::vector<StoredAward> stored_of_customer(db::Conn& c, const std::string& customer_id);
// The awards of the customers in (after, upto], for a recalculation's chunk.
void of_customers(db::Conn& c, const std::string& after, const std::string& upto,
                  const std::function<void(std::string_view customer_id, AwardRow&& award)>& fn);
// One customer's awards of one step: key, occurrence, state (manual awards).
std::vector<AwardRow> of_step(db::Conn& c, const std::string& customer_id, const std::string& program_id,
                              const std::string& step_id);
// An award not clawed back yet, or nothing.
std::optional<AwardRow> live(db::Conn& c, const std::string& customer_id, const std::string& key);
// One award by key, clawed back or not.
std::optional<AwardRow> find(db::Conn& c, const std::string& customer_id, const std::string& key);

// Marks a live award clawed back at `at`; false when it was not live.
bool mark_clawed_back(db::Conn& c, const std::string& customer_id, const std::string& key, std::int64_t at);
// A pending choice picked: the award becomes issued, with its expiry.
void mark_chosen(db::Conn& c, const std::string& customer_id, const std::string& key,
                 std::optional<std::int64_t> expires_at);

// Awards a program has issued (vetoed ones do not count), one or all programs.
std::int64_t issued_count(db::Conn& c, const std::string& program_id);
std::map<std::string, std::int64_t> issued_counts(db::Conn& c);

}  // namespace stepwise::server::awards_table
