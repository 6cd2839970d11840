// The points ledger: the one place its rows are written. A customer's points
// balance is the balance_after of their last row; an earned row keeps what is
// left of it (remaining), so spending and expiry take the soonest-expiring
// points first and the balance always equals the sum of what remains.
#include <algorithm>

#include "internal.hpp"
#include "points_table.hpp"

namespace stepwise::server {

std::int64_t Service::Impl::points_balance(Tx& tx, const std::string& customer_id) {
    return points_table::balance(tx.c, customer_id);
}

void Service::Impl::append_points(Tx& tx, const std::string& customer_id, const std::vector<PointsEntry>& entries,
                                  std::int64_t now) {
    if (entries.empty()) return;
    std::int64_t bal = points_balance(tx, customer_id);
    std::vector<points_table::NewRow> rows;
    rows.reserve(entries.size());
    for (const PointsEntry& e : entries) {
        bal += e.points;
        // Callers never let a balance leave [0, kMaxPoints]: a bug, not data.
        if (bal < 0 || bal > kMaxPoints) throw db::DbError("points balance out of range", false, db::Failure::internal);
        rows.push_back({&e, bal});
    }
    points_table::insert(tx.c, customer_id, rows, now);
}

std::int64_t Service::Impl::take_points(Tx& tx, const std::string& customer_id, std::int64_t amount,
                                        const std::string& prefer_award_key) {
    std::int64_t left = amount;
    for (const points_table::OpenLot& lot : points_table::open_lots(tx.c, customer_id, prefer_award_key)) {
        if (left <= 0) break;
        const std::int64_t take = std::min(left, lot.remaining);
        points_table::take_from_lot(tx.c, lot.id, take);
        left -= take;
    }
    return amount - left;
}

void Service::Impl::reverse_points(Tx& tx, const std::string& customer_id, const std::string& award_key,
                                   const std::string& program_id, std::int64_t now) {
    // What the award still counts for: earned minus what of it expired.
    const std::int64_t owed = points_table::award_points_left(tx.c, customer_id, award_key);
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
            lots.clear();
            for (const points_table::OpenLot& lot : points_table::expired_lots(tx.c, now, 200))
                lots.emplace_back(lot.customer_id, lot.id);
        });
        if (lots.empty()) break;
        std::sort(lots.begin(), lots.end());  // lock order: by customer
        s.impl_->store->write([&](Tx& tx) {
            std::string locked;
            for (const auto& [cid, id] : lots) {
                if (cid != locked) tx.lock_customer(cid), locked = cid;
                auto lot = points_table::open_lot(tx.c, id);
                if (!lot) continue;
                points_table::empty_lot(tx.c, id);
                PointsEntry e;
                e.customer_id = cid;
                e.type = "expired";
                e.points = -lot->remaining;
                e.award_key = lot->award_key;
                e.program_id = lot->program_id;
                e.note = "Points expired (unspent " + std::to_string(lot->remaining) + ")";
                append_points(tx, cid, {e}, now);
            }
        });
        work += static_cast<std::int64_t>(lots.size());
    }
    return work;
}

}  // namespace stepwise::server
