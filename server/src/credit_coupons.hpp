// Wallet credit as one-time WooCommerce coupons (WooCommerce has no store
// credit of its own; docs/rewards-at-checkout.md). The shopper asks for a
// coupon of an amount; that amount is held from the available balance
// (balance - open holds) while the platform outbox makes the coupon. The
// ledger debits only when an order using the code arrives, what the order
// discounted and no more than was held; the rest is released. A coupon that
// expires unused releases its hold and is deleted in WooCommerce; one whose
// order is cancelled or refunded gives its debit back as a credit, once.
#pragma once

namespace stepwise::server::platform {

// Platform job kinds (platform_jobs.hpp): make the coupon, delete it.
inline constexpr const char* kCreditCoupon = "credit_coupon";
inline constexpr const char* kCreditCouponDelete = "credit_coupon_delete";
// The only platform without store credit of its own.
inline constexpr const char* kCreditCouponPlatform = "woocommerce";

}  // namespace stepwise::server::platform
