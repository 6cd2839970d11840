#include "rewards_table.hpp"

namespace stepwise::server::rewards_table {
namespace {

// A reward as the API lists it, with its award's moment: "SELECT " +
// kRecordColumns + " WHERE ...", read by record_from_row.
const char* const kRecordColumns =
    "r.id, r.award_key, r.program_id, r.step_id, r.type, r.points, r.amount, r.percent, r.product_id, r.code, "
    "r.ledger_id, r.state, r.issued_at, r.expires_at, r.redeemed_at, a.awarded_at, r.gift_name FROM rewards r "
    "LEFT JOIN awards a ON a.customer_id = r.customer_id AND a.award_key = r.award_key";

RewardRecord record_from_row(const db::RowView& r) {
    RewardRecord w;
    w.id = r.i64(0);
    w.award_key = r.str(1);
    w.program_id = r.str(2);
    w.milestone_id = r.str(3);
    w.type = r.str(4);
    if (!r.null(5)) w.points = r.i64(5);
    if (!r.null(6)) w.amount = r.i64(6);
    if (!r.null(7)) w.percent = r.i64(7);
    if (!r.null(8)) w.product_id = r.str(8);
    if (!r.null(9)) w.code = r.str(9);
    if (!r.null(10)) w.transaction_id = r.i64(10);
    w.state = r.str(11);
    w.issued_at = r.i64(12);
    if (!r.null(13)) w.expires_at = r.i64(13);
    if (!r.null(14)) w.redeemed_at = r.i64(14);
    if (!r.null(15)) w.earned_at = r.i64(15);
    if (!r.null(16)) w.name = r.str(16);
    return w;
}

std::vector<RewardRecord> records(db::Conn& c, const char* where, const db::Params& params) {
    std::vector<RewardRecord> out;
    c.each(std::string("SELECT ") + kRecordColumns + where, params, [&](const db::RowView& r) {
        out.push_back(record_from_row(r));
        return true;
    });
    return out;
}

// The columns a reward's type uses; the others stay null.
db::Params to_row(const NewReward& n) {
    const Reward& r = n.reward;
    return {n.customer_id, n.award_key, n.program_id, n.step_id, std::string(to_string(r.type)),
            r.type == RewardType::points ? db::Value(r.points) : db::null(),
            (r.type == RewardType::store_credit || r.type == RewardType::discount_amount) ? db::Value(r.amount)
                                                                                          : db::null(),
            r.type == RewardType::discount_percent ? db::Value(std::int64_t{r.percent}) : db::null(),
            r.type == RewardType::free_gift ? db::Value(r.product_id) : db::null(), db::text_or_null(n.code),
            db::opt(n.ledger_id), n.state, n.issued_at, db::opt(n.expires_at),
            r.type == RewardType::free_gift && !r.name.empty() ? db::Value(r.name) : db::null()};
}

}  // namespace

void insert(db::Conn& c, const std::vector<NewReward>& rows) {
    std::vector<db::Params> params;
    params.reserve(rows.size());
    for (const NewReward& n : rows) params.push_back(to_row(n));
    c.insert_rows("INSERT INTO rewards (customer_id, award_key, program_id, step_id, type, points, amount, percent, "
                  "product_id, code, ledger_id, state, issued_at, expires_at, gift_name)",
                  params);
}

std::vector<RewardRecord> of_customer(db::Conn& c, const std::string& customer_id) {
    return records(c, " WHERE r.customer_id = ? ORDER BY r.id", {customer_id});
}

std::optional<RewardRecord> first_of_award(db::Conn& c, const std::string& customer_id, const std::string& award_key) {
    std::optional<RewardRecord> out;
    c.each(std::string("SELECT ") + kRecordColumns + " WHERE r.customer_id = ? AND r.award_key = ?",
           {customer_id, award_key}, [&](const db::RowView& r) {
               out = record_from_row(r);
               return false;
           });
    return out;
}

std::vector<RewardRecord> of_unread_notices(db::Conn& c, const std::string& customer_id) {
    return records(c,
                   " WHERE r.customer_id = ? AND r.award_key IN (SELECT award_key FROM notices WHERE customer_id = ? "
                   "AND delivered_at IS NULL AND kind IN ('award', 'redemption', 'picked')) ORDER BY r.id",
                   {customer_id, customer_id});
}

std::vector<std::pair<std::string, std::int64_t>> ledger_ids_of_customer(db::Conn& c, const std::string& customer_id) {
    std::vector<std::pair<std::string, std::int64_t>> out;
    c.each("SELECT award_key, ledger_id FROM rewards WHERE customer_id = ? AND ledger_id IS NOT NULL ORDER BY id",
           {customer_id}, [&](const db::RowView& r) {
               out.emplace_back(r.str(0), r.i64(1));
               return true;
           });
    return out;
}

std::optional<StateAndType> state_of(db::Conn& c, const std::string& customer_id, std::int64_t reward_id) {
    auto row = c.one("SELECT state, type FROM rewards WHERE id = ? AND customer_id = ?", {reward_id, customer_id});
    if (!row) return std::nullopt;
    return StateAndType{row->str(0), row->str(1)};
}

std::vector<Credited> store_credit_of_award(db::Conn& c, const std::string& customer_id, const std::string& award_key) {
    std::vector<Credited> out;
    c.each("SELECT COALESCE(l.amount, 0), r.ledger_id FROM rewards r LEFT JOIN ledger l ON l.id = r.ledger_id "
           "WHERE r.customer_id = ? AND r.award_key = ? AND r.type = 'store_credit'",
           {customer_id, award_key}, [&](const db::RowView& r) {
               out.push_back({r.i64(0), r.opt_i64(1)});
               return true;
           });
    return out;
}

std::vector<std::string> issued_codes_of_award(db::Conn& c, const std::string& customer_id, const std::string& award_key) {
    std::vector<std::string> out;
    c.each("SELECT code FROM rewards WHERE customer_id = ? AND award_key = ? AND state = 'issued' AND code IS NOT NULL",
           {customer_id, award_key}, [&](const db::RowView& r) {
               out.push_back(r.str(0));
               return true;
           });
    return out;
}

std::optional<std::int64_t> issued_of_ledger(db::Conn& c, std::int64_t ledger_id) {
    auto row = c.one("SELECT id FROM rewards WHERE ledger_id = ? AND state = 'issued'", {ledger_id});
    if (!row) return std::nullopt;
    return row->i64(0);
}

std::vector<Lapsed> issued_expiring_by(db::Conn& c, std::int64_t at, int limit) {
    std::vector<Lapsed> out;
    c.each("SELECT id, customer_id, award_key, program_id, type FROM rewards WHERE state = 'issued' AND "
           "type <> 'store_credit' AND expires_at IS NOT NULL AND expires_at <= ? ORDER BY id LIMIT " +
               std::to_string(limit),
           {at}, [&](const db::RowView& r) {
               out.push_back({r.i64(0), r.str(1), r.str(2), r.str(3), r.str(4)});
               return true;
           });
    return out;
}

void mark_redeemed(db::Conn& c, std::int64_t reward_id, std::int64_t at) {
    c.exec("UPDATE rewards SET state = 'redeemed', redeemed_at = ? WHERE id = ?", {at, reward_id});
}

void mark_code_redeemed(db::Conn& c, const std::string& code, std::int64_t at) {
    c.exec("UPDATE rewards SET state = 'redeemed', redeemed_at = ? WHERE UPPER(code) = UPPER(?) AND code IS NOT NULL "
           "AND state = 'issued'",
           {at, code});
}

void mark_award_revoked(db::Conn& c, const std::string& customer_id, const std::string& award_key) {
    c.exec("UPDATE rewards SET state = 'revoked' WHERE customer_id = ? AND award_key = ? AND state = 'issued'",
           {customer_id, award_key});
}

void mark_expired(db::Conn& c, std::int64_t reward_id) {
    c.exec("UPDATE rewards SET state = 'expired' WHERE id = ? AND state = 'issued'", {reward_id});
}

void mark_ledger_expired(db::Conn& c, std::int64_t ledger_id) {
    c.exec("UPDATE rewards SET state = 'expired' WHERE ledger_id = ? AND state = 'issued'", {ledger_id});
}

}  // namespace stepwise::server::rewards_table
