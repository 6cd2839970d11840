// Reward codes in Shopify through the Admin GraphQL API (shopify_graphql.hpp).
#include "platform_codes.hpp"
#include "shopify_graphql.hpp"

#include <algorithm>

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

const char* const kDeactivate =
    "mutation discountCodeDeactivate($id: ID!) { discountCodeDeactivate(id: $id) { codeDiscountNode { id } "
    "userErrors { field code message } } }";

GraphqlAnswer graphql(const RestClient& c, const CodeOptions& o, const char* query, const json& variables) {
    return shopify_graphql(c, o.timeout_ms, o.shopify_version, kNeeds, query, variables);
}

// The discount's id when the code exists already; a failed outcome or "" otherwise.
std::pair<std::optional<Outcome>, std::string> lookup(const RestClient& c, const CodeOptions& o, const std::string& code) {
    GraphqlAnswer a = graphql(c, o, kLookup, {{"code", code}});
    if (a.stop) return {a.stop, ""};
    const json node = a.data.value("codeDiscountNodeByCode", json());
    return {std::nullopt, node.is_object() ? node.value("id", std::string()) : ""};
}

Outcome create(const RestClient& c, const CodeOptions& o, const Job& job) {
    const json& p = job.payload;
    const std::string code = p.value("code", std::string()), type = p.value("type", std::string());
    const std::string customer = shopify_gid("Customer", job.customer_id);
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
        const std::string product = shopify_gid("Product", p.value("product_id", std::string()));
        if (product.empty())
            return Outcome::refused("free gift product " + p.value("product_id", std::string()) +
                                    " is not a Shopify product id (a number, or gid://shopify/Product/...)");
        input["customerGets"] = {{"value", {{"percentage", 1.0}}},
                                 {"items", {{"products", {{"productsToAdd", {product}}}}}}};
    } else {
        return Outcome::refused("reward type " + type + " has no Shopify discount code");
    }
    GraphqlAnswer a = graphql(c, o, mutation, {{var, input}});
    if (a.stop) return *a.stop;
    const json result = a.data.value(field, json::object());
    const json errors = result.is_object() ? result.value("userErrors", json::array()) : json::array();
    if (errors.is_array() && !errors.empty()) {
        std::vector<std::string> codes;
        const std::string text = user_error_text(errors, &codes);
        const bool taken = std::find(codes.begin(), codes.end(), "TAKEN") != codes.end();
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

// A revoked reward's code: found by its code and deactivated (doing it twice
// is harmless). A code the store never made has nothing to switch off.
Outcome deactivate(const RestClient& c, const CodeOptions& o, const Job& job) {
    const std::string code = job.payload.value("code", std::string());
    auto [stop, id] = lookup(c, o, code);
    if (stop) return *stop;
    if (id.empty()) return Outcome::ok("none");
    GraphqlAnswer a = graphql(c, o, kDeactivate, {{"id", id}});
    if (a.stop) return *a.stop;
    const json result = a.data.value("discountCodeDeactivate", json::object());
    const json errors = result.is_object() ? result.value("userErrors", json::array()) : json::array();
    if (errors.is_array() && !errors.empty())
        return Outcome::refused("Shopify refused to deactivate the discount code " + code + ": " + user_error_text(errors));
    return Outcome::ok(id);
}

}  // namespace

Handler shopify_codes(const PlatformApis& apis, const CodeOptions& options) {
    const RestClient client = rest_client(apis, "shopify");
    return [client, options](const Job& job) {
        return job.kind == kDeactivateCode ? deactivate(client, options, job) : create(client, options, job);
    };
}

}  // namespace stepwise::server::platform
