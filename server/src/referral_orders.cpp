#include "referral_orders.hpp"

#include <optional>

namespace stepwise::server {

void remember_referral_code(Tx& tx, const std::string& code, const std::string& customer_id, std::int64_t now) {
    tx.c.exec("INSERT INTO referral_codes (code, customer_id, created_at) VALUES (?, ?, ?) ON CONFLICT (code) DO NOTHING",
              {code, customer_id, now});
}

void Service::remember_referral_code(const std::string& customer_id, const std::string& code) {
    // Known codes need no write (the common case: every widget view asks).
    const bool known = impl_->store->read([&](Tx& tx) { return tx.c.one("SELECT 1 FROM referral_codes WHERE code = ?", {code}).has_value(); });
    if (!known) impl_->store->write([&](Tx& tx) { stepwise::server::remember_referral_code(tx, code, customer_id, now_ms()); });
}

namespace {

// The referring customer of the first code that is a known referral code.
std::optional<std::string> referrer_of(Tx& tx, const OrderState& state) {
    std::vector<const std::string*> candidates{&state.referral_code};
    for (const std::string& c : state.codes) candidates.push_back(&c);
    for (const std::string* code : candidates) {
        // Referral codes are 16 base32 characters; platforms may change their case (WooCommerce lowers coupons).
        if (code->size() != 16) continue;
        if (auto row = tx.c.one("SELECT customer_id FROM referral_codes WHERE code = UPPER(?)", {*code})) return row->str(0);
    }
    return std::nullopt;
}

}  // namespace

void count_referral(Service::Impl& impl, Tx& tx, const OrderState& state, std::int64_t now, IngestOutcome& out) {
    const auto referrer = referrer_of(tx, state);
    if (!referrer || *referrer == state.customer_id) return;  // nobody refers themselves
    tx.lock_customer(*referrer);
    IncomingEvent e;
    e.customer_id = *referrer;
    e.event.id = "referral:" + state.order_id;  // one per order, however often the order is delivered
    e.event.type = EventType::referral;
    e.event.at = state.placed_at;
    e.event.referee_id = state.customer_id;
    e.event.purchased = true;
    IngestOutcome mine;
    mine.events.resize(1);
    impl.ingest_customer(tx, *referrer, {e}, {0}, now, mine);
    for (auto& a : mine.awards) out.awards.push_back(std::move(a));
    for (auto& c : mine.clawbacks) out.clawbacks.push_back(std::move(c));
}

}  // namespace stepwise::server
