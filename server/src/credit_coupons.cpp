// Credit coupons (credit_coupons.hpp): asking for one, listing them, the
// orders that use them and the sweep that lets unused ones expire. Every
// change is made under the coupon customer's lock, and each state change is a
// conditional UPDATE, so a retried request, a second webhook delivery or a
// later state of the same order moves no money twice.
#include "credit_coupons.hpp"

#include <algorithm>

#include "credit_coupons_table.hpp"
#include "internal.hpp"
#include "platform_jobs.hpp"

namespace stepwise::server {

namespace {

// Ledger rows of coupons: the debit when used, the credit when its order is undone.
constexpr const char* kCouponDebit = "Credit Coupon";
constexpr const char* kCouponReturned = "Credit Coupon Returned";

// An open coupon is pending until WooCommerce made it, then active; failed
// when the outbox gave up (its hold is released; GET /v1/platform-jobs says why).
std::string shown_state(const std::string& stored, const std::string& job) {
    if (stored != "open") return stored;
    return job == "done" ? "active" : job == "failed" ? "failed" : "pending";
}

CreditCoupon coupon_from(const credit_coupons_table::Coupon& row, const Service& s) {
    CreditCoupon c;
    c.id = row.id;
    c.code = row.code;
    c.amount = row.amount;
    c.currency = s.currency();
    c.state = shown_state(row.state, row.job_state);
    c.created_at = row.created_at;
    c.expires_at = row.expires_at;
    c.idempotency_key = row.client_key;
    c.closed_at = row.closed_at;
    if (!row.order_id.empty()) c.order_id = row.order_id;
    c.used_amount = row.used_amount;
    return c;
}

// WooCommerce statuses of an order that did not (or no longer) happen.
bool undone(const std::string& status) {
    return status == "cancelled" || status == "refunded" || status == "failed" || status == "trash";
}

void queue_delete(Tx& tx, const std::string& customer_id, const std::string& code, std::int64_t now) {
    const std::string p = platform::kCreditCouponPlatform;
    tx.c.insert_rows(platform::kJobInsert,
                     {platform::job_row(p, platform::kCreditCouponDelete,
                                        p + ":" + platform::kCreditCouponDelete + ":" + code, customer_id, "",
                                        json{{"code", code}}, now)},
                     platform::kJobInsertTail);
}

}  // namespace

bool Service::credit_coupons_on() const {
    return std::find(o_.code_platforms.begin(), o_.code_platforms.end(), platform::kCreditCouponPlatform) !=
           o_.code_platforms.end();
}

Money Service::Impl::held_credit(Tx& tx, const std::string& customer_id) {
    return credit_coupons_table::held_by_customer(tx.c, customer_id);
}

CreditCoupons Service::credit_coupons(const std::string& customer_id) {
    return impl_->store->read([&](Tx& tx) {
        CreditCoupons out;
        out.customer_id = customer_id;
        out.enabled = credit_coupons_on();
        out.currency = currency();
        out.balance = impl_->balance(tx, customer_id);
        out.held = impl_->held_credit(tx, customer_id);
        out.available = std::max<Money>(0, out.balance - out.held);
        out.expiry_days = o_.credit_coupon_days;
        for (const auto& row : credit_coupons_table::newest_of_customer(tx.c, customer_id))
            out.coupons.push_back(coupon_from(row, *this));
        return out;
    });
}

CreditCouponRequest Service::request_credit_coupon(const std::string& customer_id, Money amount, const std::string& key) {
    if (!credit_coupons_on())
        throw ServiceError(409, "", "credit coupons are off: they need serve --codes-in woocommerce");
    if (!client_key_ok(key))
        throw ServiceError(422, "/idempotency_key", "must be 1-" + std::to_string(kMaxClientKey) +
                                                        " printable characters without spaces, the same on every retry");
    if (amount <= 0) throw ServiceError(422, "/amount", "must be a positive integer amount in minor units (2500 = " +
                                                            money(2500) + ")");
    return impl_->store->write([&](Tx& tx) {
        const std::int64_t now = now_ms();
        tx.lock_customer(customer_id);
        auto answer = [&](const std::string& code, bool replayed) {
            CreditCouponRequest out;
            if (auto row = credit_coupons_table::by_code(tx.c, code)) out.coupon = coupon_from(*row, *this);
            out.available = std::max<Money>(0, impl_->balance(tx, customer_id) - impl_->held_credit(tx, customer_id));
            out.replayed = replayed;
            return out;
        };
        // A retry of a request already made: the same coupon, nothing held twice.
        if (auto done = credit_coupons_table::of_client_key(tx.c, customer_id, key)) {
            if (done->amount != amount)
                throw ServiceError(409, "/idempotency_key",
                                   "this key asked for a coupon of " + std::to_string(done->amount) +
                                       "; use a new key for a new coupon");
            return answer(done->code, true);
        }
        auto customer = impl_->load_customer(tx, customer_id);
        if (!customer) throw ServiceError(404, "", "no such customer");
        if (!customer->email || customer->email->empty())
            throw ServiceError(409, "", "customer " + customer_id +
                                            " has no email address: the coupon is restricted to it (PUT /v1/customers/" +
                                            customer_id + " with an email)");
        const Money held = impl_->held_credit(tx, customer_id);
        const Money available = std::max<Money>(0, customer->balance - held);
        if (amount > available)
            throw ServiceError(409, "/amount",
                               "exceeds the available credit: " + money(available) + " (balance " +
                                   money(customer->balance) + ", " + money(held) + " held by open coupons)");
        const std::string code = random_code();
        const std::int64_t expires_at = now + static_cast<std::int64_t>(o_.credit_coupon_days * 86400000.0);
        const std::string p = platform::kCreditCouponPlatform;
        const std::string job_key = p + ":" + platform::kCreditCoupon + ":" + code;
        credit_coupons_table::insert(tx.c, {customer_id, key, code, amount, job_key, now, expires_at});
        // The coupon is a fixed_cart discount: the same request as a discount_amount reward's code.
        json payload{{"code", code},
                     {"type", to_string(RewardType::discount_amount)},
                     {"amount", format_money(amount, digits())},
                     {"title", "Store credit " + money(amount) + " (" + code + ")"},
                     {"starts_at", iso(now)},
                     {"expires_at", iso(expires_at)}};
        tx.c.insert_rows(platform::kJobInsert,
                         {platform::job_row(p, platform::kCreditCoupon, job_key, customer_id, "", payload, now)},
                         platform::kJobInsertTail);
        return answer(code, false);
    });
}

void Service::Impl::settle_credit_coupons(Tx& tx, const OrderState& state, std::int64_t now) {
    std::string locked = state.customer_id;  // the order's customer is locked already (none for a guest)
    auto lock = [&](const std::string& cid) {
        if (cid != locked && cid != state.customer_id) tx.lock_customer(cid), locked = cid;
    };
    if (!undone(state.status)) {
        for (std::size_t i = 0; i < state.codes.size(); ++i) {
            const std::string& code = state.codes[i];
            if (code.empty() || code.size() > 255) continue;
            auto row = credit_coupons_table::usable_by_code(tx.c, code);
            if (!row) continue;
            const std::string cid = row->customer_id;
            lock(cid);
            const Money held = row->amount;
            // What the order discounted, never more than was held; unknown: all of it.
            Money take = i < state.code_discounts.size() ? std::min(held, state.code_discounts[i]) : held;
            // Held credit can still leave the balance (credit expiry): the debit
            // takes what is there, so no balance goes below zero.
            take = std::min(take, balance(tx, cid));
            if (!credit_coupons_table::mark_used(tx.c, row->id, state.order_id, take, now)) continue;
            if (take <= 0) continue;
            LedgerEntry d;
            d.customer_id = cid;
            d.type = kCouponDebit;
            d.note = std::string(kCouponDebit) + " " + row->code + ", order " + state.order_id;
            d.amount = take;
            d.source = "credit-coupon";
            d.order_id = state.order_id;
            const std::int64_t id = debit(tx, d, std::nullopt, now);
            credit_coupons_table::set_ledger_id(tx.c, row->id, id);
        }
        return;
    }
    // The order did not happen after all: what it took comes back, once, and
    // the coupon (which WooCommerce may make usable again) is deleted.
    for (const auto& r : credit_coupons_table::used_by_order(tx.c, state.order_id)) {
        const std::string cid = r.customer_id;
        lock(cid);
        if (!credit_coupons_table::mark_returned(tx.c, r.id, now)) continue;
        queue_delete(tx, cid, r.code, now);
        if (r.amount <= 0) continue;
        LedgerEntry c;
        c.customer_id = cid;
        c.type = kCouponReturned;
        c.note = std::string(kCouponReturned) + " " + r.code + ", order " + state.order_id + " " + state.status;
        c.amount = r.amount;
        c.source = "credit-coupon";
        c.order_id = state.order_id;
        credit(tx, c, now);
    }
}

void Service::settle_guest_coupons(const OrderState& state) {
    if (state.order_id.empty() || state.order_id.size() > 64) return;
    impl_->store->write([&](Tx& tx) {
        tx.lock_customer("order:" + state.order_id);  // as put_order_state locks an order
        impl_->settle_credit_coupons(tx, state, now_ms());
    });
}

std::int64_t Service::Impl::sweep_credit_coupons(const std::atomic<bool>* stop) {
    std::int64_t work = 0;
    while (!(stop && stop->load())) {
        const std::int64_t now = now_ms();
        std::vector<std::pair<std::string, std::int64_t>> rows =  // customer, coupon id
            store_of(s).read([&](Tx& tx) { return credit_coupons_table::open_expiring_by(tx.c, now); });
        if (rows.empty()) break;
        std::sort(rows.begin(), rows.end());
        store_of(s).write([&](Tx& tx) {
            std::string locked;
            for (const auto& [cid, id] : rows) {
                if (cid != locked) tx.lock_customer(cid), locked = cid;
                auto row = credit_coupons_table::open_by_id(tx.c, id);
                if (!row) continue;
                credit_coupons_table::mark_expired(tx.c, id, now);
                // Not made yet and not being sent: never made now. One in flight is
                // left to finish; the deletion waits for it (platform_jobs.hpp, UndoKind).
                tx.c.exec("UPDATE platform_jobs SET state = 'failed', last_error = ?, done_at = ? WHERE job_key = ? AND "
                          "state = 'pending' AND next_attempt_at <= ?",
                          {std::string("the credit coupon expired before WooCommerce made it"), now, row->job_key, now});
                queue_delete(tx, cid, row->code, now);
            }
        });
        work += static_cast<std::int64_t>(rows.size());
    }
    return work;
}

}  // namespace stepwise::server
