#include "auth.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <charconv>

namespace stepwise::server {

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
         data.size(), out, &len);
    static const char hex[] = "0123456789abcdef";
    std::string s;
    s.reserve(len * 2);
    for (unsigned int i = 0; i < len; ++i) {
        s += hex[out[i] >> 4];
        s += hex[out[i] & 15];
    }
    return s;
}

std::string hmac_sha256_base64(std::string_view key, std::string_view data) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
         data.size(), mac, &len);
    unsigned char out[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
    const int n = EVP_EncodeBlock(out, mac, static_cast<int>(len));
    return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string mint_customer_token(const std::string& customer_id, std::int64_t expiry_unix, const std::string& secret) {
    const std::string payload = customer_id + "." + std::to_string(expiry_unix);
    return payload + "." + hmac_sha256_hex(secret, payload);
}

TokenCheck verify_customer_token(std::string_view token, const std::string& secret, std::int64_t now_unix,
                                 std::int64_t leeway_seconds) {
    TokenCheck r;
    if (secret.empty()) {
        r.why = "customer tokens are not enabled on this server (no --store-secret)";
        return r;
    }
    if (token.size() > 512) {
        r.why = "token too long";
        return r;
    }
    // Split from the right: the customer id may itself contain dots.
    auto last = token.rfind('.');
    if (last == std::string_view::npos || last == 0) {
        r.why = "malformed token";
        return r;
    }
    auto mid = token.rfind('.', last - 1);
    if (mid == std::string_view::npos || mid == 0) {
        r.why = "malformed token";
        return r;
    }
    std::string_view customer = token.substr(0, mid);
    std::string_view expiry_text = token.substr(mid + 1, last - mid - 1);
    std::string_view mac = token.substr(last + 1);
    std::int64_t expiry = 0;
    auto [p, ec] = std::from_chars(expiry_text.data(), expiry_text.data() + expiry_text.size(), expiry);
    if (ec != std::errc() || p != expiry_text.data() + expiry_text.size() || expiry_text.empty()) {
        r.why = "malformed token expiry";
        return r;
    }
    const std::string expected = hmac_sha256_hex(secret, token.substr(0, last));
    if (!constant_time_equal(expected, mac)) {
        r.why = "bad token signature";
        return r;
    }
    if (expiry + leeway_seconds < now_unix) {
        r.why = "token expired";
        return r;
    }
    r.customer_id = std::string(customer);
    return r;
}

}  // namespace stepwise::server
