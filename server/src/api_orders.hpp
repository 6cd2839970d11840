// Routes for orders reported by platforms: PUT /v1/orders/{id}, the platform
// connectors' webhook endpoints, their deliveries and data exports (api_orders.cpp).
#pragma once
#include <string>

#include "connector_rest.hpp"

namespace stepwise::http {
class Router;
}

namespace stepwise::server {

class Service;

struct OrderRouteOptions {
    std::string admin_key;       // the order-state API and the deliveries report
    std::string shopify_secret;  // verifies X-Shopify-Hmac-Sha256; empty = Shopify not connected
    std::string woocommerce_secret;  // verifies X-WC-Webhook-Signature; empty = not connected
    // REST credentials: WooCommerce's give order items their product categories;
    // Shopify's shop names the only shop whose shop/redact is obeyed.
    PlatformApis apis;
};

void mount_order_routes(http::Router& router, Service& service, const OrderRouteOptions& options);

}  // namespace stepwise::server
