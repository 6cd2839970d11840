// Reward codes in WooCommerce as coupons (REST API v3). WooCommerce matches
// coupon codes without regard to case and refuses a second coupon with the
// same code (woocommerce_rest_coupon_code_already_exists).
#include <strings.h>

#include <algorithm>
#include <cctype>

#include "credit_coupons.hpp"
#include "platform_codes.hpp"

namespace stepwise::server::platform {

namespace {

constexpr const char* kNeeds = "a REST API key with Read/Write access (--woocommerce-key, --woocommerce-key-secret)";

// The coupon's id when one has this code; a failed outcome or "" otherwise.
std::pair<std::optional<Outcome>, std::string> lookup(const RestClient& c, const CodeOptions& o, const std::string& code) {
    const outbound::Response res =
        store_request(c, "GET", c.base + "/wp-json/wc/v3/coupons?code=" + outbound::url_encode(code), "", o.timeout_ms);
    if (res.status != 200) return {http_failure("WooCommerce", kNeeds, res), ""};
    const json list = json::parse(res.body, nullptr, false);
    if (list.is_array())
        for (const json& coupon : list)
            if (coupon.is_object() && strcasecmp(coupon.value("code", std::string()).c_str(), code.c_str()) == 0 &&
                coupon.contains("id"))
                return {std::nullopt, coupon["id"].dump()};
    return {std::nullopt, ""};
}

// "2026-03-01T10:00:00Z" -> "2026-03-01T10:00:00" (date_expires_gmt has no zone letter).
std::string gmt(const std::string& iso) { return iso.size() >= 19 ? iso.substr(0, 19) : iso; }

Outcome create(const RestClient& c, const CodeOptions& o, const Job& job) {
    const json& p = job.payload;
    const std::string code = p.value("code", std::string()), type = p.value("type", std::string());
    if (job.customer_email.empty())
        return Outcome::again("customer " + job.customer_id +
                              " has no email address: WooCommerce restricts the coupon to it (PUT /v1/customers/" +
                              job.customer_id + " with an email)");
    if (job.attempts > 0) {  // an earlier attempt may have made it before its answer was lost
        auto [stop, id] = lookup(c, o, code);
        if (stop) return *stop;
        if (!id.empty()) return Outcome::ok(id);
    }
    json coupon{{"code", code},
                {"description", p.value("title", code)},
                {"usage_limit", 1},
                {"usage_limit_per_user", 1},
                {"individual_use", false},
                {"email_restrictions", {job.customer_email}}};
    if (p.contains("expires_at") && p["expires_at"].is_string()) coupon["date_expires_gmt"] = gmt(p["expires_at"]);
    if (type == "discount_amount") {
        coupon["discount_type"] = "fixed_cart";
        coupon["amount"] = p.value("amount", std::string());
    } else if (type == "discount_percent") {
        coupon["discount_type"] = "percent";
        coupon["amount"] = std::to_string(p.value("percent", 0));
    } else if (type == "free_shipping") {
        coupon["discount_type"] = "fixed_cart";
        coupon["amount"] = "0";
        coupon["free_shipping"] = true;
    } else if (type == "free_gift") {
        const std::string product = p.value("product_id", std::string());
        if (product.empty() || product.size() > 18 ||
            !std::all_of(product.begin(), product.end(), [](unsigned char ch) { return std::isdigit(ch) != 0; }))
            return Outcome::refused("free gift product " + product + " is not a WooCommerce product id (a number)");
        coupon["discount_type"] = "percent";
        coupon["amount"] = "100";
        coupon["product_ids"] = {std::stoll(product)};
        coupon["limit_usage_to_x_items"] = 1;  // one gift, however many are in the cart
    } else {
        return Outcome::refused("reward type " + type + " has no WooCommerce coupon");
    }
    const outbound::Response res = store_request(c, "POST", c.base + "/wp-json/wc/v3/coupons", coupon.dump(), o.timeout_ms);
    const json body = json::parse(res.body, nullptr, false);
    if (res.status == 400 && body.is_object() && body.value("code", std::string()) == "woocommerce_rest_coupon_code_already_exists") {
        auto [stop, id] = lookup(c, o, code);  // made by an attempt whose answer was lost
        if (stop) return *stop;
        if (!id.empty()) return Outcome::ok(id);
        return Outcome::refused("WooCommerce says coupon " + code + " exists but does not list it");
    }
    if (res.status != 200 && res.status != 201) return http_failure("WooCommerce", kNeeds, res);
    if (!body.is_object() || !body.contains("id")) return Outcome::again("WooCommerce answered without the coupon's id");
    return Outcome::ok(body["id"].dump());
}

// A coupon WooCommerce must no longer take (a credit coupon that expired or
// whose order was undone, a revoked reward's code): found by its code and
// deleted for good. None found,
// or a 404 after an attempt whose answer was lost, is done too.
Outcome remove(const RestClient& c, const CodeOptions& o, const Job& job) {
    auto [stop, id] = lookup(c, o, job.payload.value("code", std::string()));
    if (stop) return *stop;
    if (id.empty()) return Outcome::ok("none");
    const outbound::Response res = store_request(
        c, "DELETE", c.base + "/wp-json/wc/v3/coupons/" + outbound::url_encode(id) + "?force=true", "", o.timeout_ms);
    if (res.status == 404) return Outcome::ok("none");
    if (res.status != 200) return http_failure("WooCommerce", kNeeds, res);
    return Outcome::ok(id);
}

}  // namespace

// A credit coupon (kind credit_coupon) is made as a discount_amount reward's code is.
Handler woocommerce_codes(const PlatformApis& apis, const CodeOptions& options) {
    const RestClient client = rest_client(apis, "woocommerce");
    return [client, options](const Job& job) {
        return job.kind == kCreditCouponDelete || job.kind == kDeactivateCode ? remove(client, options, job)
                                                                               : create(client, options, job);
    };
}

}  // namespace stepwise::server::platform
