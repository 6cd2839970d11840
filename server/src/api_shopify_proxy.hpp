// GET /v1/connectors/shopify/proxy/token: the storefront's customer token,
// asked through the shop's app proxy (https://{shop}/apps/stepwise/token), so
// that a Shopify theme needs no backend of its own to sign one.
// Shopify forwards the request with `shop`, `path_prefix`, `timestamp`,
// `logged_in_customer_id` and a `signature` over all of them (api_shopify_proxy.cpp).
#pragma once
#include "server_json.hpp"
#include <cstdint>
#include <map>
#include <string>

namespace stepwise::server {

struct ShopifyProxyOptions {
    std::string shopify_secret;  // the app's shared secret (serve --shopify-secret); empty = Shopify not connected
    std::string store_secret;    // signs the customer tokens answered (serve --store-secret)
    std::int64_t token_ttl_seconds = 3600;
    std::int64_t max_skew_seconds = 90;  // a `timestamp` further from now is refused (replays)
    std::string shop;  // --shopify-shop (my-store.myshopify.com or its URL): when set, another shop's requests are refused
};

// What Shopify signs: every parameter but `signature`, sorted by key, each as
// `key=value` with a repeated key's values joined by ",", concatenated.
// `params` are the decoded query parameters, a repeated key's values in order.
std::string app_proxy_signed_text(const std::multimap<std::string, std::string>& params);

struct ProxyCheck {
    std::string customer_id;  // set when the request is genuine and a customer is signed in
    int status = 0;           // otherwise the answer's status (401, 400) ...
    std::string why;          // ... and what is wrong
};
ProxyCheck check_app_proxy(const std::multimap<std::string, std::string>& params, const ShopifyProxyOptions& options,
                           std::int64_t now_unix);

// The whole answer to one request: status and JSON body (errors as everywhere).
struct ProxyAnswer {
    int status = 200;
    std::string body;
};
ProxyAnswer proxy_token_answer(const std::multimap<std::string, std::string>& params, const ShopifyProxyOptions& options);

// The route, on any router with cpp-httplib's names (Get, req.params as a
// multimap decoded once, res.status, set_header, set_content).
template <class Router>
void mount_shopify_proxy(Router& router, const ShopifyProxyOptions& options) {
    router.Get("/v1/connectors/shopify/proxy/token", [options](const auto& req, auto& res) {
        const ProxyAnswer a = proxy_token_answer(req.params, options);
        res.status = a.status;
        // One shopper's token: neither Shopify's proxy nor the browser may keep it (nor an error).
        res.set_header("Cache-Control", "no-store");
        res.set_content(a.body, "application/json");
    });
}

}  // namespace stepwise::server
