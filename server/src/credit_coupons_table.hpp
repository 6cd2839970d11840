// The credit coupons table: every statement on it and its row mapping (a
// repository, docs/server.md, "Code layout"). A coupon holds wallet credit
// while WooCommerce makes it (credit_coupons.hpp); the services decide what is
// held, used or given back, this file only reads and writes the rows.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "db.hpp"

namespace stepwise::server::credit_coupons_table {

// A coupon with the state of the platform job that makes it ("" without one).
// `order_id` "" until an order used it.
struct Coupon {
    std::int64_t id = 0, amount = 0, created_at = 0, expires_at = 0;
    std::string code, state, job_state, client_key, order_id;
    std::optional<std::int64_t> closed_at, used_amount;
};

// A customer's newest 100 coupons, newest first.
std::vector<Coupon> newest_of_customer(db::Conn& c, const std::string& customer_id);
std::optional<Coupon> by_code(db::Conn& c, const std::string& code);

// What the customer's open coupons hold, those whose job failed aside.
std::int64_t held_by_customer(db::Conn& c, const std::string& customer_id);

// The coupon a request with this key made before: its code and amount.
struct Requested {
    std::string code;
    std::int64_t amount = 0;
};
std::optional<Requested> of_client_key(db::Conn& c, const std::string& customer_id, const std::string& client_key);

// A new open coupon, made by the platform job `job_key`.
struct NewCoupon {
    std::string customer_id, client_key, code;
    std::int64_t amount = 0;
    std::string job_key;
    std::int64_t created_at = 0, expires_at = 0;
};
void insert(db::Conn& c, const NewCoupon& n);

// A coupon an order uses or gave back: `amount` is what it holds (usable)
// or what its order took (used).
struct Held {
    std::int64_t id = 0;
    std::string customer_id;
    std::int64_t amount = 0;
    std::string code;
};
// The open or expired coupon of a code, in any case.
std::optional<Held> usable_by_code(db::Conn& c, const std::string& code);
// The coupons an order used, by id.
std::vector<Held> used_by_order(db::Conn& c, const std::string& order_id);

// (customer, coupon id) of open coupons expired at `at`, the first 200 by id.
std::vector<std::pair<std::string, std::int64_t>> open_expiring_by(db::Conn& c, std::int64_t at);
// An open coupon's code and job key, or nothing when it is no longer open.
struct CodeAndJob {
    std::string code, job_key;
};
std::optional<CodeAndJob> open_by_id(db::Conn& c, std::int64_t id);

// State changes; the conditional ones say whether the row changed, so a second
// delivery of the same order moves nothing.
bool mark_used(db::Conn& c, std::int64_t id, const std::string& order_id, std::int64_t used_amount, std::int64_t at);
void set_ledger_id(db::Conn& c, std::int64_t id, std::int64_t ledger_id);
bool mark_returned(db::Conn& c, std::int64_t id, std::int64_t at);
void mark_expired(db::Conn& c, std::int64_t id, std::int64_t at);

}  // namespace stepwise::server::credit_coupons_table
