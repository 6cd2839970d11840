// The rewards table: every statement on it and its row mapping (a repository,
// docs/server.md, "Code layout"). The services decide what to issue, when a
// reward lapses and what its state becomes; this file only reads and writes
// the rows.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "db.hpp"
#include "stepwise/program.hpp"
#include "stepwise/server/results.hpp"

namespace stepwise::server::rewards_table {

// One reward to store. Its type says which columns hold it (points, amount,
// percent, the gift's product and name); `code` "" for none.
struct NewReward {
    std::string customer_id, award_key, program_id, step_id;
    Reward reward;
    std::string code;
    std::optional<std::int64_t> ledger_id;
    std::string state;
    std::int64_t issued_at = 0;
    std::optional<std::int64_t> expires_at;
};

// Stores the rows, many to a statement (db::Conn::insert_rows).
void insert(db::Conn& c, const std::vector<NewReward>& rows);

// A customer's rewards as the API lists them, in the order they were issued.
std::vector<RewardRecord> of_customer(db::Conn& c, const std::string& customer_id);
// The first reward of one award, or nothing.
std::optional<RewardRecord> first_of_award(db::Conn& c, const std::string& customer_id, const std::string& award_key);
// The rewards of the awards the customer's unread award, redemption and
// picked notices tell of, in the order they were issued.
std::vector<RewardRecord> of_unread_notices(db::Conn& c, const std::string& customer_id);
// (award key, ledger id) of a customer's rewards that moved money, in the
// order they were issued.
std::vector<std::pair<std::string, std::int64_t>> ledger_ids_of_customer(db::Conn& c, const std::string& customer_id);

// One reward's state and type, or nothing when the customer has no such reward.
struct StateAndType {
    std::string state, type;
};
std::optional<StateAndType> state_of(db::Conn& c, const std::string& customer_id, std::int64_t reward_id);

// What an award's store credit rewards really credited: the ledger row's
// amount (0 without one) and its id.
struct Credited {
    std::int64_t amount = 0;
    std::optional<std::int64_t> ledger_id;
};
std::vector<Credited> store_credit_of_award(db::Conn& c, const std::string& customer_id, const std::string& award_key);
// The codes of an award's issued rewards.
std::vector<std::string> issued_codes_of_award(db::Conn& c, const std::string& customer_id, const std::string& award_key);
// The issued reward that holds a ledger credit, or nothing.
std::optional<std::int64_t> issued_of_ledger(db::Conn& c, std::int64_t ledger_id);

// Issued rewards other than store credit whose expiry is at or before `at`,
// the first `limit` by id.
struct Lapsed {
    std::int64_t id = 0;
    std::string customer_id, award_key, program_id, type;
};
std::vector<Lapsed> issued_expiring_by(db::Conn& c, std::int64_t at, int limit);

// State changes; each touches only rows still issued (see the statements).
void mark_redeemed(db::Conn& c, std::int64_t reward_id, std::int64_t at);  // any state: the caller checked it
void mark_code_redeemed(db::Conn& c, const std::string& code, std::int64_t at);  // codes match in any case
void mark_award_revoked(db::Conn& c, const std::string& customer_id, const std::string& award_key);
void mark_expired(db::Conn& c, std::int64_t reward_id);
void mark_ledger_expired(db::Conn& c, std::int64_t ledger_id);

}  // namespace stepwise::server::rewards_table
