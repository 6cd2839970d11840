// Reading a platform's REST API (Shopify Admin, WooCommerce): its address and
// credentials, and GET with the retry rules both platforms document (429 with
// Retry-After, 5xx and network failures with backoff; 401/403/404 are final).
// Used by reconciliation (reconcile.cpp) and the product-category lookup.
#pragma once
#include <atomic>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "http_client.hpp"

namespace stepwise::server {

// The REST credentials of the connected platforms ("" = not given).
struct PlatformApis {
    std::string shopify_shop;   // my-store.myshopify.com, or a base URL (https://..., http://127.0.0.1:PORT in tests)
    std::string shopify_token;  // Admin API access token (X-Shopify-Access-Token)
    std::string woocommerce_url, woocommerce_key, woocommerce_secret;  // site URL, consumer key and secret
    bool shopify() const { return !shopify_shop.empty() && !shopify_token.empty(); }
    bool woocommerce() const { return !woocommerce_url.empty() && !woocommerce_key.empty() && !woocommerce_secret.empty(); }
};

// A platform answer that retrying cannot fix (or retries ran out).
struct PlatformError : std::runtime_error {
    long status;  // the HTTP status, 0 for a network failure
    PlatformError(long status_, const std::string& what) : std::runtime_error(what), status(status_) {}
};

struct RetryPolicy {
    int max_attempts = 6;
    double base_seconds = 0.5;       // backoff for 5xx and network errors: 0.5, 1, 2, 4, ... s
    double max_wait_seconds = 60;    // longest wait, whatever Retry-After says
    long timeout_ms = 30000;         // each request
};

struct RestClient {
    std::string platform;     // "shopify" | "woocommerce" (messages, credentials)
    std::string base;         // "https://my-store.myshopify.com", no trailing slash
    std::string token;        // Shopify
    std::string user, password;  // WooCommerce basic auth
    RetryPolicy retry;
    std::int64_t retries = 0;  // waits so far (429s, 5xx, network errors)

    // GET `url` (absolute, under `base`) with the credentials; retries as the
    // policy says. Throws PlatformError for a final failure; `stop` ends the waits.
    outbound::Response get(const std::string& url, const std::atomic<bool>* stop = nullptr);
};

// One request to the store of `client` with its credentials, no retries (the
// platform outbox, platform_jobs.hpp, retries with its own backoff).
outbound::Response store_request(const RestClient& client, const std::string& method, const std::string& url,
                                 const std::string& body, long timeout_ms);

// "my-store.myshopify.com" -> "https://my-store.myshopify.com"; a URL keeps its
// scheme. Plain http is refused except on this machine (127.0.0.1, localhost):
// the credentials travel with every request. Throws std::invalid_argument.
std::string platform_base_url(const std::string& given, const char* option);

// The host a Shopify shop is known by in its webhooks and app proxy requests
// ("my-store.myshopify.com"), from --shopify-shop as given (host or URL), lower case.
std::string shopify_shop_host(const std::string& shop);

// The client of "shopify" or "woocommerce" with its credentials from `apis`.
RestClient rest_client(const PlatformApis& apis, const std::string& platform);

}  // namespace stepwise::server
