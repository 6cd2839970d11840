// Reward discount codes in the connected stores: the platform outbox's
// handlers for kind "discount_code" (platform_jobs.hpp). Each attempt makes
// one code, single use and restricted to its customer, ending when the reward
// does; a retry first looks the code up, so a code the platform made before
// an answer was lost is found, not made twice (docs/rewards-at-checkout.md).
#pragma once
#include "server_json.hpp"
#include "connector_rest.hpp"
#include "platform_jobs.hpp"

namespace stepwise::server::platform {

struct CodeOptions {
    long timeout_ms = 30000;                // each request
    std::string shopify_version = "2025-10";  // Admin GraphQL API version
};

// Shopify Admin GraphQL: discountCodeBasicCreate (amount, percent, a free
// gift as 100% off its product) and discountCodeFreeShippingCreate, looked up
// with codeDiscountNodeByCode. Needs the write_discounts scope.
Handler shopify_codes(const PlatformApis& apis, const CodeOptions& options);

// WooCommerce REST v3: POST /wp-json/wc/v3/coupons, looked up with
// GET /wp-json/wc/v3/coupons?code=. Needs a key with Read/Write access.
Handler woocommerce_codes(const PlatformApis& apis, const CodeOptions& options);

}  // namespace stepwise::server::platform
