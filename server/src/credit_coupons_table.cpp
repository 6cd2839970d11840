#include "credit_coupons_table.hpp"

namespace stepwise::server::credit_coupons_table {
namespace {

// "SELECT " + kCouponColumns + " WHERE ...", read by coupon_from_row.
constexpr const char* kCouponColumns =
    "cc.id, cc.code, cc.amount, cc.state, cc.created_at, cc.expires_at, cc.closed_at, cc.order_id, cc.used_amount, "
    "j.state, cc.client_key FROM credit_coupons cc LEFT JOIN platform_jobs j ON j.job_key = cc.job_key";

Coupon coupon_from_row(const db::RowView& r) {
    Coupon c;
    c.id = r.i64(0);
    c.code = r.str(1);
    c.amount = r.i64(2);
    c.state = r.str(3);
    c.created_at = r.i64(4);
    c.expires_at = r.i64(5);
    c.closed_at = r.opt_i64(6);
    c.order_id = r.str(7);
    c.used_amount = r.opt_i64(8);
    c.job_state = r.str(9);
    c.client_key = r.str(10);
    return c;
}

std::vector<Coupon> coupons(db::Conn& c, const char* where, const db::Params& params) {
    std::vector<Coupon> out;
    c.each(std::string("SELECT ") + kCouponColumns + where, params, [&](const db::RowView& r) {
        out.push_back(coupon_from_row(r));
        return true;
    });
    return out;
}

Held held_from_row(const db::RowView& r) { return {r.i64(0), r.str(1), r.i64(2), r.str(3)}; }

}  // namespace

std::vector<Coupon> newest_of_customer(db::Conn& c, const std::string& customer_id) {
    return coupons(c, " WHERE cc.customer_id = ? ORDER BY cc.id DESC LIMIT 100", {customer_id});
}

std::optional<Coupon> by_code(db::Conn& c, const std::string& code) {
    std::vector<Coupon> found = coupons(c, " WHERE cc.code = ?", {code});  // code is UNIQUE
    if (found.empty()) return std::nullopt;
    return std::move(found.front());
}

std::int64_t held_by_customer(db::Conn& c, const std::string& customer_id) {
    auto row = c.one(
        "SELECT COALESCE(SUM(cc.amount), 0) FROM credit_coupons cc LEFT JOIN platform_jobs j ON j.job_key = cc.job_key "
        "WHERE cc.customer_id = ? AND cc.state = 'open' AND (j.state IS NULL OR j.state <> 'failed')",
        {customer_id});
    return row ? row->i64(0) : 0;
}

std::optional<Requested> of_client_key(db::Conn& c, const std::string& customer_id, const std::string& client_key) {
    auto row = c.one("SELECT code, amount FROM credit_coupons WHERE customer_id = ? AND client_key = ?",
                     {customer_id, client_key});
    if (!row) return std::nullopt;
    return Requested{row->str(0), row->i64(1)};
}

void insert(db::Conn& c, const NewCoupon& n) {
    c.exec("INSERT INTO credit_coupons (customer_id, client_key, code, amount, state, job_key, created_at, "
           "expires_at) VALUES (?, ?, ?, ?, 'open', ?, ?, ?)",
           {n.customer_id, n.client_key, n.code, n.amount, n.job_key, n.created_at, n.expires_at});
}

std::optional<Held> usable_by_code(db::Conn& c, const std::string& code) {
    auto row = c.one("SELECT id, customer_id, amount, code FROM credit_coupons WHERE UPPER(code) = UPPER(?) "
                     "AND state IN ('open', 'expired')",
                     {code});
    if (!row) return std::nullopt;
    return held_from_row(*row);
}

std::vector<Held> used_by_order(db::Conn& c, const std::string& order_id) {
    std::vector<Held> out;
    c.each("SELECT id, customer_id, used_amount, code FROM credit_coupons WHERE order_id = ? AND "
           "state = 'used' ORDER BY id",
           {order_id}, [&](const db::RowView& r) {
               out.push_back(held_from_row(r));
               return true;
           });
    return out;
}

std::vector<std::pair<std::string, std::int64_t>> open_expiring_by(db::Conn& c, std::int64_t at) {
    std::vector<std::pair<std::string, std::int64_t>> out;
    c.each("SELECT customer_id, id FROM credit_coupons WHERE state = 'open' AND expires_at <= ? ORDER BY id "
           "LIMIT 200",
           {at}, [&](const db::RowView& r) {
               out.emplace_back(r.str(0), r.i64(1));
               return true;
           });
    return out;
}

std::optional<CodeAndJob> open_by_id(db::Conn& c, std::int64_t id) {
    auto row = c.one("SELECT code, job_key FROM credit_coupons WHERE id = ? AND state = 'open'", {id});
    if (!row) return std::nullopt;
    return CodeAndJob{row->str(0), row->str(1)};
}

bool mark_used(db::Conn& c, std::int64_t id, const std::string& order_id, std::int64_t used_amount, std::int64_t at) {
    return c.exec("UPDATE credit_coupons SET state = 'used', order_id = ?, used_amount = ?, closed_at = ? "
                  "WHERE id = ? AND state IN ('open', 'expired')",
                  {order_id, used_amount, at, id}) == 1;
}

void set_ledger_id(db::Conn& c, std::int64_t id, std::int64_t ledger_id) {
    c.exec("UPDATE credit_coupons SET ledger_id = ? WHERE id = ?", {ledger_id, id});
}

bool mark_returned(db::Conn& c, std::int64_t id, std::int64_t at) {
    return c.exec("UPDATE credit_coupons SET state = 'returned', closed_at = ? WHERE id = ? AND state = 'used'",
                  {at, id}) == 1;
}

void mark_expired(db::Conn& c, std::int64_t id, std::int64_t at) {
    c.exec("UPDATE credit_coupons SET state = 'expired', closed_at = ? WHERE id = ?", {at, id});
}

}  // namespace stepwise::server::credit_coupons_table
