// Reward codes in Shopify through the Admin GraphQL API. GraphQL answers 200
// with `userErrors` (the input was refused) or top-level `errors` (THROTTLED
// when the cost bucket is empty, ACCESS_DENIED without the scope).
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

#include "platform_codes.hpp"

namespace stepwise::server::platform {

namespace {

constexpr const char* kNeeds = "an Admin API access token with the write_discounts scope (--shopify-token)";

const char* const kLookup = "query codeDiscountNodeByCode($code: String!) { codeDiscountNodeByCode(code: $code) { id } }";
const char* const kBasic =
    "mutation discountCodeBasicCreate($basicCodeDiscount: DiscountCodeBasicInput!) { "
    "discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) { codeDiscountNode { id } "
    "userErrors { field code message } } }";
const char* const kFreeShipping =
    "mutation discountCodeFreeShippingCreate($freeShippingCodeDiscount: DiscountCodeFreeShippingInput!) { "
    "discountCodeFreeShippingCreate(freeShippingCodeDiscount: $freeShippingCodeDiscount) { codeDiscountNode { id } "
    "userErrors { field code message } } }";

bool digits_only(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

// Shopify names customers and products by global ids; the connector stores the numeric part.
std::string gid(const std::string& type, const std::string& id) {
    if (id.rfind("gid://shopify/" + type + "/", 0) == 0) return id;
    return digits_only(id) ? "gid://shopify/" + type + "/" + id : "";
}

struct Answer {
    json data;                 // "data" of the answer
    std::optional<Outcome> stop;  // set when the exchange failed (the outcome to record)
};

Answer graphql(const RestClient& c, const CodeOptions& o, const char* query, const json& variables) {
    const std::string url = c.base + "/admin/api/" + o.shopify_version + "/graphql.json";
    const outbound::Response res =
        store_request(c, "POST", url, json{{"query", query}, {"variables", variables}}.dump(), o.timeout_ms);
    Answer a;
    if (res.status != 200) {
        a.stop = http_failure("Shopify", kNeeds, res);
        return a;
    }
    json body = json::parse(res.body, nullptr, false);
    if (!body.is_object()) {
        a.stop = Outcome::again("Shopify answered 200 without JSON");
        return a;
    }
    if (auto errors = body.find("errors"); errors != body.end() && !errors->empty()) {
        std::string text, code;
        for (const json& e : errors->is_array() ? *errors : json::array({*errors})) {
            if (e.is_object()) {
                text += (text.empty() ? "" : "; ") + e.value("message", std::string());
                if (e.contains("extensions") && e["extensions"].is_object())
                    code = e["extensions"].value("code", code);
            } else if (e.is_string()) {
                text += (text.empty() ? "" : "; ") + e.get<std::string>();
            }
        }
        if (code == "THROTTLED") {
            // The bucket refills at restoreRate points a second: wait for what this query costs.
            std::int64_t wait = 2000;
            if (auto cost = body.find("extensions"); cost != body.end() && cost->is_object() && cost->contains("cost")) {
                const json& k = (*cost)["cost"];
                const json ts = k.value("throttleStatus", json::object());
                const double need = k.value("requestedQueryCost", 10.0) - ts.value("currentlyAvailable", 0.0);
                const double rate = ts.value("restoreRate", 50.0);
                if (rate > 0 && need > 0) wait = static_cast<std::int64_t>(need / rate * 1000) + 100;
            }
            a.stop = Outcome::again("Shopify throttled the request (THROTTLED)", wait);
        } else if (code == "ACCESS_DENIED") {
            a.stop = Outcome::refused("Shopify denied access (ACCESS_DENIED): the app needs " + std::string(kNeeds) + "; " + text);
        } else if (code == "INTERNAL_SERVER_ERROR") {
            a.stop = Outcome::again("Shopify: " + text);
        } else {
            a.stop = Outcome::refused("Shopify refused the request: " + text);
        }
        return a;
    }
    a.data = body.value("data", json::object());
    return a;
}

// The discount's id when the code exists already; a failed outcome or "" otherwise.
std::pair<std::optional<Outcome>, std::string> lookup(const RestClient& c, const CodeOptions& o, const std::string& code) {
    Answer a = graphql(c, o, kLookup, {{"code", code}});
    if (a.stop) return {a.stop, ""};
    const json node = a.data.value("codeDiscountNodeByCode", json());
    return {std::nullopt, node.is_object() ? node.value("id", std::string()) : ""};
}

Outcome create(const RestClient& c, const CodeOptions& o, const Job& job) {
    const json& p = job.payload;
    const std::string code = p.value("code", std::string()), type = p.value("type", std::string());
    const std::string customer = gid("Customer", job.customer_id);
    if (customer.empty())
        return Outcome::refused("customer " + job.customer_id +
                                " is not a Shopify customer id (a number, or gid://shopify/Customer/...): the code "
                                "cannot be restricted to them");
    if (job.attempts > 0) {  // an earlier attempt may have made it before its answer was lost
        auto [stop, id] = lookup(c, o, code);
        if (stop) return *stop;
        if (!id.empty()) return Outcome::ok(id);
    }
    json input{{"title", p.value("title", code)},
               {"code", code},
               {"startsAt", p.value("starts_at", std::string())},
               {"endsAt", p.contains("expires_at") ? p["expires_at"] : json()},
               {"usageLimit", 1},
               {"appliesOncePerCustomer", true},
               {"context", {{"customers", {{"add", {customer}}}}}}};
    const char* mutation = kBasic;
    std::string field = "discountCodeBasicCreate", var = "basicCodeDiscount";
    if (type == "free_shipping") {
        mutation = kFreeShipping;
        field = "discountCodeFreeShippingCreate";
        var = "freeShippingCodeDiscount";
        input["destination"] = {{"all", true}};
    } else if (type == "discount_amount") {
        input["customerGets"] = {{"value", {{"discountAmount", {{"amount", p.value("amount", std::string())},
                                                                 {"appliesOnEachItem", false}}}}},
                                 {"items", {{"all", true}}}};
    } else if (type == "discount_percent") {
        input["customerGets"] = {{"value", {{"percentage", p.value("percent", 0) / 100.0}}}, {"items", {{"all", true}}}};
    } else if (type == "free_gift") {
        const std::string product = gid("Product", p.value("product_id", std::string()));
        if (product.empty())
            return Outcome::refused("free gift product " + p.value("product_id", std::string()) +
                                    " is not a Shopify product id (a number, or gid://shopify/Product/...)");
        input["customerGets"] = {{"value", {{"percentage", 1.0}}},
                                 {"items", {{"products", {{"productsToAdd", {product}}}}}}};
    } else {
        return Outcome::refused("reward type " + type + " has no Shopify discount code");
    }
    Answer a = graphql(c, o, mutation, {{var, input}});
    if (a.stop) return *a.stop;
    const json result = a.data.value(field, json::object());
    const json errors = result.is_object() ? result.value("userErrors", json::array()) : json::array();
    if (errors.is_array() && !errors.empty()) {
        bool taken = false;
        std::string text;
        for (const json& e : errors) {
            if (!e.is_object()) continue;
            if (e.value("code", std::string()) == "TAKEN") taken = true;
            text += (text.empty() ? "" : "; ") + e.value("message", std::string());
        }
        if (taken) {  // made by an attempt whose answer was lost: find it, never make another
            auto [stop, id] = lookup(c, o, code);
            if (stop) return *stop;
            if (!id.empty()) return Outcome::ok(id);
        }
        return Outcome::refused("Shopify refused the discount code " + code + ": " + text);
    }
    const json node = result.is_object() ? result.value("codeDiscountNode", json()) : json();
    if (!node.is_object() || !node.contains("id")) return Outcome::again("Shopify answered without the discount's id");
    return Outcome::ok(node["id"].get<std::string>());
}

}  // namespace

Handler shopify_codes(const PlatformApis& apis, const CodeOptions& options) {
    const RestClient client = rest_client(apis, "shopify");
    return [client, options](const Job& job) { return create(client, options, job); };
}

}  // namespace stepwise::server::platform
