// The points ledger, the redemptions and their options: every statement on them and
// their row mapping (a repository, docs/server.md "Code layout"). A customer's
// points balance is the balance_after of their last row; which lots a debit
// takes, caps and reversals are decided in points_ledger.cpp, the only caller
// of the ledger's writes.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "db.hpp"
#include "internal.hpp"  // PointsEntry

namespace stepwise::server::points_table {

// ---- the points ledger

// The balance after the customer's last row; 0 without rows.
std::int64_t balance(db::Conn& c, const std::string& customer_id);
// One row to write: the movement and the balance after it. An earned row
// keeps all of its points as remaining.
struct NewRow {
    const PointsEntry* entry = nullptr;
    std::int64_t balance_after = 0;
};
void insert(db::Conn& c, const std::string& customer_id, const std::vector<NewRow>& rows, std::int64_t now);

// An earned row with points left.
struct OpenLot {
    std::int64_t id = 0;
    std::int64_t remaining = 0;
    std::string customer_id, award_key, program_id;
};
// A customer's open lots in the order a debit takes them: `prefer_award_key`'s
// first, then the soonest to expire, points that never expire last, then by id.
std::vector<OpenLot> open_lots(db::Conn& c, const std::string& customer_id, const std::string& prefer_award_key);
void take_from_lot(db::Conn& c, std::int64_t id, std::int64_t points);
// Up to `limit` lots of any customer whose expiry is at or before `now`, by id
// (id, customer; the rest unread).
std::vector<OpenLot> expired_lots(db::Conn& c, std::int64_t now, std::int64_t limit);
// The lot, if it still has points left.
std::optional<OpenLot> open_lot(db::Conn& c, std::int64_t id);
void empty_lot(db::Conn& c, std::int64_t id);
// What an award's points still count for: earned minus what of them expired.
std::int64_t award_points_left(db::Conn& c, const std::string& customer_id, const std::string& award_key);

// Up to `limit` rows newest first, below `before_id` when set.
std::vector<PointsMove> history(db::Conn& c, const std::string& customer_id, std::int64_t limit,
                                std::optional<std::int64_t> before_id);
// Up to `limit` open lots that expire, soonest first.
std::vector<ExpiringPoints> expiring(db::Conn& c, const std::string& customer_id, std::int64_t limit);

// ---- redemptions (one per client key and customer: the key makes a retry safe)

struct Redemption {
    std::string option_id;
    std::int64_t points = 0;
    std::string award_key;
    std::int64_t created_at = 0;
};
std::optional<Redemption> find_redemption(db::Conn& c, const std::string& customer_id, const std::string& client_key);
std::int64_t redemptions_of_option(db::Conn& c, const std::string& customer_id, const std::string& option_id);
void insert_redemption(db::Conn& c, const std::string& customer_id, const std::string& client_key, const Redemption& r);

// ---- redemption options (stored as their JSON documents; a removed option's row stays)

// The current options' documents, in the merchant's order.
std::vector<std::string> option_docs(db::Conn& c);
struct OptionDoc {
    std::string doc;
    bool removed = false;
};
std::optional<OptionDoc> option_doc(db::Conn& c, const std::string& id);
// Replaces the list whole: what `docs` (id, document, in order) no longer names is marked removed.
void replace_options(db::Conn& c, const std::vector<std::pair<std::string, std::string>>& docs, std::int64_t now);

}  // namespace stepwise::server::points_table
