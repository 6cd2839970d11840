// Product categories for platforms whose order payloads have none
// (WooCommerce): looked up through the store's REST API
// (GET /wp-json/wc/v3/products/{id} -> categories[].slug) and cached in the
// database, so that a webhook answer stays fast and a category rule sees the
// same categories on every path (webhook, reconciliation).
#pragma once
#include <atomic>
#include <string>
#include <vector>

#include "connector_rest.hpp"
#include "server_json.hpp"
#include "stepwise/server/service.hpp"

namespace stepwise::server {

struct CategoryLookup {
    std::vector<std::string> failed;  // products whose categories could not be had (the order goes in without them)
    std::int64_t requests = 0;        // REST calls made (the rest came from the cache)
};

// How long a product's categories are trusted, and how long a failed lookup
// waits before it is tried again (the cache keeps an outage from slowing every webhook).
inline constexpr std::int64_t kCategoryTtlMs = 6LL * 3600 * 1000;
inline constexpr std::int64_t kCategoryRetryMs = 5LL * 60 * 1000;

// Sets each item's categories from its product (`product_ids[i]` for
// state.items[i]; "" = none). On a failure the last categories known for the
// product are used when there are any; otherwise the item has none, the failure
// is logged and counted (GET /v1/connectors/deliveries).
CategoryLookup add_woocommerce_categories(Service& service, RestClient& client, OrderState& state,
                                          const std::vector<std::string>& product_ids,
                                          const std::atomic<bool>* stop = nullptr);

}  // namespace stepwise::server
