// Admin keys and store-signed customer tokens (OpenSSL, libssl-dev: the
// system's audited HMAC-SHA256 and constant-time comparison).
//
// Customer token: "<customer_id>.<expiry_unix>.<hex HMAC-SHA256(store_secret,
// customer_id + "." + expiry_unix)>". The store's backend mints it for the
// logged-in customer; the widget sends it as X-Customer-Token.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stepwise::server {

std::string hmac_sha256_hex(std::string_view key, std::string_view data);
// As platforms sign webhooks (Shopify, WooCommerce): base64 of the raw MAC.
std::string hmac_sha256_base64(std::string_view key, std::string_view data);
bool constant_time_equal(std::string_view a, std::string_view b);

std::string mint_customer_token(const std::string& customer_id, std::int64_t expiry_unix, const std::string& secret);

struct TokenCheck {
    std::optional<std::string> customer_id;  // set when valid
    std::string why;                         // otherwise, what is wrong
};
// `leeway_seconds` tolerates clock skew between the store and this server.
TokenCheck verify_customer_token(std::string_view token, const std::string& secret, std::int64_t now_unix,
                                 std::int64_t leeway_seconds = 60);

}  // namespace stepwise::server
