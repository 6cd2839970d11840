// Shopify's app proxy forwards a storefront request to this server and signs
// what it adds: the shop, the time, and who is signed in. Checked here, that
// is enough to hand the shopper's browser a customer token (auth.hpp) without
// a store backend. The parameters come percent-decoded once by the HTTP layer
// ('+' as a space, as Shopify's own Rack parsing does), and the signature is
// computed over those decoded values.
#include "api_shopify_proxy.hpp"

#include <cctype>
#include <charconv>

#include "auth.hpp"
#include "connector_rest.hpp"
#include "internal.hpp"

namespace stepwise::server {

namespace {

using Params = std::multimap<std::string, std::string>;

std::optional<std::int64_t> unix_seconds(const std::string& text) {
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
    return v;
}

std::string lowercase(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

std::string app_proxy_signed_text(const Params& params) {
    // A multimap iterates keys in byte order and a key's values in the order sent.
    std::string out;
    for (auto it = params.begin(); it != params.end();) {
        const auto range = params.equal_range(it->first);
        if (it->first != "signature") {
            out += it->first;
            out += '=';
            for (auto v = range.first; v != range.second; ++v) {
                if (v != range.first) out += ',';
                out += v->second;
            }
        }
        it = range.second;
    }
    return out;
}

ProxyCheck check_app_proxy(const Params& params, const ShopifyProxyOptions& o, std::int64_t now) {
    ProxyCheck r;
    r.status = 401;
    if (params.count("signature") != 1) {
        r.why = "missing signature: this endpoint answers requests forwarded by Shopify's app proxy";
        return r;
    }
    const std::string expected = hmac_sha256_hex(o.shopify_secret, app_proxy_signed_text(params));
    if (!constant_time_equal(lowercase(params.find("signature")->second), expected)) {
        r.why = "invalid signature (is --shopify-secret the app's API secret?)";
        return r;
    }
    // Signed, but possibly recorded and replayed: only a fresh request counts.
    const auto ts = params.count("timestamp") == 1 ? unix_seconds(params.find("timestamp")->second) : std::nullopt;
    if (!ts || *ts < now - o.max_skew_seconds || *ts > now + o.max_skew_seconds) {
        r.why = "stale or missing timestamp: more than " + std::to_string(o.max_skew_seconds) + " s from this server's clock";
        return r;
    }
    // One app, many shops: another shop's customer ids are not this store's.
    if (!o.shop.empty() && (params.count("shop") != 1 || params.find("shop")->second != shopify_shop_host(o.shop))) {
        r.why = "signed for another shop than " + shopify_shop_host(o.shop) + " (--shopify-shop)";
        return r;
    }
    // A shopper may add her own `logged_in_customer_id` to the storefront URL;
    // Shopify then signs both values. Only a single one is Shopify's word.
    const std::size_t ids = params.count("logged_in_customer_id");
    if (ids > 1) {
        r.status = 400;
        r.why = "logged_in_customer_id is given more than once";
        return r;
    }
    const std::string id = ids == 1 ? params.find("logged_in_customer_id")->second : "";
    if (id.empty()) {
        r.why = "no customer is signed in on the storefront";
        return r;
    }
    if (!valid_customer_id(id)) {
        r.status = 400;
        r.why = "logged_in_customer_id is not a customer id";
        return r;
    }
    r.status = 200;
    r.customer_id = id;
    return r;
}

ProxyAnswer proxy_token_answer(const Params& params, const ShopifyProxyOptions& o) {
    const auto error = [](int status, const std::string& message) {
        return ProxyAnswer{status, errors_json(Errors{{"", message}})};
    };
    if (o.shopify_secret.empty()) return error(404, "Shopify is not connected (serve --shopify-secret)");
    if (o.store_secret.empty()) return error(503, "customer tokens are disabled on this server (serve --store-secret)");
    const std::int64_t now = now_ms() / 1000;
    const ProxyCheck check = check_app_proxy(params, o, now);
    if (check.customer_id.empty()) return error(check.status, check.why);
    const std::int64_t expiry = now + o.token_ttl_seconds;
    const json body{{"customer_id", check.customer_id},
                    {"token", mint_customer_token(check.customer_id, expiry, o.store_secret)},
                    {"expires_at", iso(expiry * 1000)}};
    return ProxyAnswer{200, body.dump()};
}

}  // namespace stepwise::server
