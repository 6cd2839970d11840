// The points ledger: the one place its rows are written. A customer's points
// balance is the balance_after of their last row; an earned row keeps what is
// left of it (remaining), so spending and expiry take the soonest-expiring
// points first and the balance always equals the sum of what remains.
#include <algorithm>

#include "internal.hpp"

namespace stepwise::server {

namespace {

const char* const kPointsInsert =
    "INSERT INTO points_ledger (customer_id, at, type, points, balance_after, remaining, requested, expires_at, "
    "award_key, program_id, redemption_key, note)";


}  // namespace

std::int64_t Service::Impl::points_balance(Tx& tx, const std::string& customer_id) {
    auto row = tx.c.one("SELECT balance_after FROM points_ledger WHERE customer_id = ? ORDER BY id DESC LIMIT 1",
                        {customer_id});
    return row ? row->i64(0) : 0;
}

void Service::Impl::append_points(Tx& tx, const std::string& customer_id, const std::vector<PointsEntry>& entries,
                                  std::int64_t now) {
    if (entries.empty()) return;
    std::int64_t bal = points_balance(tx, customer_id);
    std::vector<db::Params> rows;
    rows.reserve(entries.size());
    for (const PointsEntry& e : entries) {
        bal += e.points;
        // Callers never let a balance leave [0, kMaxPoints]: a bug, not data.
        if (bal < 0 || bal > kMaxPoints) throw db::DbError("points balance out of range", false, db::Failure::internal);
        rows.push_back({customer_id, now, e.type, e.points, bal,
                        e.type == "earned" ? db::Value(e.points) : db::null(), db::opt(e.requested),
                        db::opt(e.expires_at), db::text_or_null(e.award_key), db::text_or_null(e.program_id),
                        db::text_or_null(e.redemption_key), e.note});
    }
    tx.c.insert_rows(kPointsInsert, rows);
}

std::int64_t Service::Impl::take_points(Tx& tx, const std::string& customer_id, std::int64_t amount,
                                        const std::string& prefer_award_key) {
    std::int64_t left = amount;
    auto rows = tx.c.query(
        "SELECT id, remaining FROM points_ledger WHERE customer_id = ? AND remaining > 0 "
        "ORDER BY CASE WHEN award_key = ? THEN 0 ELSE 1 END, CASE WHEN expires_at IS NULL THEN 1 ELSE 0 END, "
        "expires_at, id",
        {customer_id, prefer_award_key});
    for (const auto& r : rows) {
        if (left <= 0) break;
        const std::int64_t take = std::min(left, r.i64(1));
        tx.c.exec("UPDATE points_ledger SET remaining = remaining - ? WHERE id = ?", {take, r.i64(0)});
        left -= take;
    }
    return amount - left;
}

void Service::Impl::reverse_points(Tx& tx, const std::string& customer_id, const std::string& award_key,
                                   const std::string& program_id, std::int64_t now) {
    // What the award still counts for: earned minus what of it expired.
    auto row = tx.c.one(
        "SELECT COALESCE(SUM(points), 0) FROM points_ledger WHERE customer_id = ? AND award_key = ? AND "
        "type IN ('earned', 'expired')",
        {customer_id, award_key});
    const std::int64_t owed = row ? row->i64(0) : 0;
    if (owed <= 0) return;
    const std::int64_t bal = points_balance(tx, customer_id);
    const std::int64_t taken = take_points(tx, customer_id, std::min(owed, bal), award_key);
    PointsEntry e;
    e.customer_id = customer_id;
    e.type = "reversed";
    e.points = -taken;
    e.award_key = award_key;
    e.program_id = program_id;
    e.note = "Points reversed (claw-back of " + award_key + ")";
    if (taken < owed) {
        // Already spent: the balance stays at zero and the row says what was not taken back.
        e.requested = owed;
        e.note += "; not taken back: " + std::to_string(owed - taken) + " (already spent)";
    }
    append_points(tx, customer_id, {e}, now);
}

std::int64_t Service::Impl::sweep_points(const std::atomic<bool>* stop) {
    std::int64_t work = 0;
    while (!(stop && stop->load())) {
        const std::int64_t now = now_ms();
        std::vector<std::pair<std::string, std::int64_t>> lots;  // customer, row id
        s.impl_->store->read([&](Tx& tx) {
            tx.c.each("SELECT customer_id, id FROM points_ledger WHERE remaining > 0 AND expires_at IS NOT NULL AND "
                      "expires_at <= ? ORDER BY id LIMIT 200",
                      {now}, [&](const db::RowView& r) {
                          lots.emplace_back(r.str(0), r.i64(1));
                          return true;
                      });
        });
        if (lots.empty()) break;
        std::sort(lots.begin(), lots.end());  // lock order: by customer
        s.impl_->store->write([&](Tx& tx) {
            std::string locked;
            for (const auto& [cid, id] : lots) {
                if (cid != locked) tx.lock_customer(cid), locked = cid;
                auto lot = tx.c.one("SELECT remaining, award_key, program_id FROM points_ledger WHERE id = ? AND "
                                    "remaining > 0",
                                    {id});
                if (!lot) continue;
                tx.c.exec("UPDATE points_ledger SET remaining = 0 WHERE id = ?", {id});
                PointsEntry e;
                e.customer_id = cid;
                e.type = "expired";
                e.points = -lot->i64(0);
                e.award_key = lot->str(1);
                e.program_id = lot->str(2);
                e.note = "Points expired (unspent " + std::to_string(lot->i64(0)) + ")";
                append_points(tx, cid, {e}, now);
            }
        });
        work += static_cast<std::int64_t>(lots.size());
    }
    return work;
}

}  // namespace stepwise::server
