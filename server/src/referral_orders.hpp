// Referrals counted from orders (docs/widget.md, "Referral links"): an order
// that carries a customer's referral code, as a cart attribute / order meta
// (OrderState::referral_code) or as a discount code it used, records a
// `referral` event (purchased) for that customer, once per order. Codes are
// remembered when the shopper is shown them (GET /v1/customers/{id}/referral):
// the code is an HMAC and cannot be turned back into a customer.
#pragma once
#include <cstdint>
#include <string>

#include "internal.hpp"

namespace stepwise::server {

void remember_referral_code(Tx& tx, const std::string& code, const std::string& customer_id, std::int64_t now);

// Records the referral the order carries, if any, for its referrer (never the buyer).
void count_referral(Service::Impl& impl, Tx& tx, const OrderState& state, std::int64_t now, IngestOutcome& out);

}  // namespace stepwise::server
