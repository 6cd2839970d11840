// WooCommerce's order webhooks translated into the order-state API's terms.
// Only translation lives here; docs/connect-woocommerce.md documents every field.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "server_json.hpp"
#include "stepwise/server/service.hpp"

namespace stepwise::server::woocommerce {

// "2017-03-22T19:28:02" (WooCommerce's *_gmt fields: UTC without a zone) as milliseconds.
std::optional<Time> parse_gmt(const std::string& text);

// The order of an order.* webhook (the REST API's order). Empty for a guest
// (customer_id 0), with `why` set. `deleted`: an order.deleted delivery.
std::optional<OrderState> order_state(const json& order, int digits, bool deleted, std::string& why);

// A guest order's coupons (order id, status, time, codes and what each
// discounted; no customer), so that credit coupons a shopper used without
// signing in are still debited (credit_coupons.hpp). Empty without coupons.
std::optional<OrderState> guest_coupons(const json& order, int digits, bool deleted);

// The product id of each line item, in the order of order_state's items ("" when
// absent): WooCommerce keeps categories on products (connector_categories.hpp).
std::vector<std::string> product_ids(const json& order);

}  // namespace stepwise::server::woocommerce
