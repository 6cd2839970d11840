#include "connector_rest.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <thread>

namespace stepwise::server {

namespace {

// Waits in short slices so that a stop request is seen at once.
bool wait(double seconds, const std::atomic<bool>* stop) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < until) {
        if (stop && stop->load()) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

// Retry-After in seconds (Shopify sends fractions such as "2.0"); -1 when absent or unreadable.
double retry_after(const std::string& text) {
    if (text.empty()) return -1;
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || *end != '\0' || !std::isfinite(v) || v < 0) return -1;
    return v;
}

std::string excerpt(const std::string& body) {
    std::string out = body.substr(0, 200);
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    return out;
}

std::string final_message(const std::string& platform, long status, const std::string& body) {
    const std::string who = platform == "shopify" ? "Shopify" : "WooCommerce";
    const std::string creds = platform == "shopify" ? "--shopify-token (an Admin API access token with read_orders)"
                                                    : "--woocommerce-key and --woocommerce-key-secret (a REST API key with Read access)";
    switch (status) {
        case 401: return who + " refused the credentials (401 Unauthorized): check " + creds;
        case 403: return who + " denied access (403 Forbidden): the credentials lack a permission; check " + creds;
        case 404: return who + " has no such address (404 Not Found): check the store URL (" +
                         (platform == "shopify" ? std::string("--shopify-shop") : std::string("--woocommerce-url")) + ")";
        default: return who + " answered " + std::to_string(status) + ": " + excerpt(body);
    }
}

}  // namespace

outbound::Response RestClient::get(const std::string& url, const std::atomic<bool>* stop) {
    // Credentials go only to the store they belong to (a Link header could name another host).
    if (url.rfind(base + "/", 0) != 0) throw PlatformError(0, platform + ": refusing to follow " + url + " outside " + base);
    outbound::Request req;
    req.url = url;
    req.timeout_ms = retry.timeout_ms;
    req.headers.emplace_back("Accept", "application/json");
    if (!token.empty()) req.headers.emplace_back("X-Shopify-Access-Token", token);
    req.user = user;
    req.password = password;
    for (int attempt = 1;; ++attempt) {
        outbound::Response res = outbound::send(req);
        if (res.status >= 200 && res.status < 300) return res;
        const bool again = res.status == 0 || res.status == 429 || res.status >= 500;
        if (!again) throw PlatformError(res.status, final_message(platform, res.status, res.body));
        const std::string why = res.status == 0 ? res.error : "HTTP " + std::to_string(res.status);
        if (attempt >= retry.max_attempts)
            throw PlatformError(res.status, platform + ": giving up after " + std::to_string(attempt) + " attempts (" + why + ")");
        double seconds = retry.base_seconds * std::pow(2.0, attempt - 1);
        if (res.status == 429) {
            const double after = retry_after(res.header("Retry-After"));
            seconds = after >= 0 ? after : std::max(seconds, 1.0);
        }
        seconds = std::min(seconds, retry.max_wait_seconds);
        ++retries;
        spdlog::warn("{}: {} for {}; retrying in {:.1f} s (attempt {} of {})", platform, why, url, seconds, attempt + 1,
                     retry.max_attempts);
        if (!wait(seconds, stop)) throw PlatformError(0, platform + ": stopped while waiting to retry");
    }
}

outbound::Response store_request(const RestClient& c, const std::string& method, const std::string& url,
                                 const std::string& body, long timeout_ms) {
    outbound::Request req;
    req.method = method;
    req.url = url;
    req.timeout_ms = timeout_ms;
    req.connect_timeout_ms = std::min<long>(timeout_ms, 10000);
    req.headers.emplace_back("Accept", "application/json");
    if (!body.empty()) req.headers.emplace_back("Content-Type", "application/json");
    if (!c.token.empty()) req.headers.emplace_back("X-Shopify-Access-Token", c.token);
    req.user = c.user;
    req.password = c.password;
    req.body = body;
    return outbound::send(req);
}

std::string platform_base_url(const std::string& given, const char* option) {
    std::string url = given;
    while (!url.empty() && url.back() == '/') url.pop_back();
    if (url.find("://") == std::string::npos) url = "https://" + url;
    const bool https = url.rfind("https://", 0) == 0, plain = url.rfind("http://", 0) == 0;
    if (!https && !plain) throw std::invalid_argument(std::string(option) + ": must be a host name or an http(s) URL");
    const std::string host = url.substr(url.find("://") + 3);
    if (host.empty() || host.find_first_of(" ?#") != std::string::npos)
        throw std::invalid_argument(std::string(option) + ": must be a host name or an http(s) URL");
    if (plain && host.rfind("127.0.0.1", 0) != 0 && host.rfind("localhost", 0) != 0 && host.rfind("[::1]", 0) != 0)
        throw std::invalid_argument(std::string(option) + ": use https:// (the credentials go with every request)");
    return url;
}

std::string shopify_shop_host(const std::string& shop) {
    const auto scheme = shop.find("://");
    std::string host = shop.substr(scheme == std::string::npos ? 0 : scheme + 3);
    while (!host.empty() && host.back() == '/') host.pop_back();
    for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return host;
}

RestClient rest_client(const PlatformApis& apis, const std::string& platform) {
    const bool shopify = platform == "shopify";
    RestClient c;
    c.platform = platform;
    c.base = platform_base_url(shopify ? apis.shopify_shop : apis.woocommerce_url, shopify ? "--shopify-shop" : "--woocommerce-url");
    if (shopify) {
        c.token = apis.shopify_token;  // X-Shopify-Access-Token
    } else {
        c.user = apis.woocommerce_key;  // basic auth
        c.password = apis.woocommerce_secret;
    }
    return c;
}

}  // namespace stepwise::server
