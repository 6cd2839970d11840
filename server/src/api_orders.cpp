// HTTP for orders as platforms report them: the order-state API (any
// platform, admin key) and the platforms' webhooks (signed with their secrets).
// Both end in Service::put_order_state / add_order_refund: one path, no second
// copy of any rule.
#include "api_orders.hpp"

#include <spdlog/spdlog.h>

#include "api_errors.hpp"
#include "api_render.hpp"
#include "auth.hpp"
#include "connector_categories.hpp"
#include "connector_fields.hpp"
#include "connector_shopify.hpp"
#include "connector_woocommerce.hpp"
#include "http/router.hpp"
#include "internal.hpp"

namespace stepwise::server {

namespace {

using http::Request;
using http::Response;

void send(Response& res, int status, const json& body) {
    res.status = status;
    res.set_content(body.dump(), "application/json");
}

void send_error(Response& res, int status, const std::string& message) {
    res.status = status;
    res.set_content(errors_json(Errors{{"", message}}), "application/json");
}

std::optional<json> parse_json(const Request& req, Response& res) {
    json j = json::parse(req.body, nullptr, false);
    if (j.is_discarded()) {
        send_error(res, 400, "invalid JSON");
        return std::nullopt;
    }
    return j;
}

// Shopify's topics, and what each becomes.
void shopify_delivery(Service& s, const OrderRouteOptions& o, const std::string& topic, const json& body,
                      const WebhookDelivery& d, json& reply) {
    const int digits = s.digits();
    const auto field = [&](const json& obj, const char* key) {
        return obj.is_object() ? connector::id_text(obj.value(key, json())) : std::string();
    };
    if (topic.rfind("orders/", 0) == 0) {
        std::string why;
        auto state = shopify::order_state(body, digits, why);
        if (!state) {
            reply["status"] = "skipped";
            reply["why"] = why;
            return;
        }
        reply.update(render(s.put_order_state(*state, &d), s));
        reply["status"] = "processed";
    } else if (topic == "refunds/create") {
        const std::string order = field(body, "order_id");
        OrderRefund r = shopify::refund(body, digits);
        if (r.id.empty() || order.empty()) throw ServiceError(422, "/order_id", "a refund names its order");
        reply.update(render(s.add_order_refund(order, r, &d), s));
        reply["status"] = "processed";
    } else if (topic == "customers/create" || topic == "customers/update") {
        const std::string id = field(body, "id");
        std::string name = connector::text_of(body, "first_name");
        const std::string last = connector::text_of(body, "last_name");
        if (!last.empty()) name += (name.empty() ? "" : " ") + last;
        const std::string email = connector::text_of(body, "email");
        s.upsert_customer(id, std::nullopt, email.empty() ? std::nullopt : std::optional<std::string>(email),
                          name.empty() ? std::nullopt : std::optional<std::string>(name));
        reply["status"] = "processed";
    } else if (topic == "customers/redact") {
        const std::string id = field(body.value("customer", json::object()), "id");
        if (valid_customer_id(id)) s.redact_customer(id);
        reply["status"] = "processed";
    } else if (topic == "customers/data_request") {
        // Stored for the merchant to fetch and send on (GET /v1/connectors/exports/{id}).
        const std::string id = field(body.value("customer", json::object()), "id");
        if (!valid_customer_id(id)) {
            reply["status"] = "skipped";
            reply["why"] = "no customer id";
            return;
        }
        reply["export"] = render(s.create_customer_export("shopify", id, body.dump()));
        reply["status"] = "processed";
    } else if (topic == "shop/redact") {
        // One database serves one shop: every customer in it. When the shop is
        // configured, another shop's request is not obeyed.
        const std::string domain = connector::text_of(body, "shop_domain");
        if (!o.apis.shopify_shop.empty() && domain != shopify_shop_host(o.apis.shopify_shop)) {
            reply["status"] = "ignored";
            reply["why"] = "shop_domain is not --shopify-shop";
            return;
        }
        reply["customers_redacted"] = s.redact_all_customers();
        reply["status"] = "processed";
    } else if (topic == "app/uninstalled") {
        reply["status"] = "recorded";  // counted in GET /v1/connectors/deliveries
    } else {
        reply["status"] = "ignored";
    }
}

}  // namespace

void mount_order_routes(http::Router& svr, Service& s, const OrderRouteOptions& o) {
    std::optional<RestClient> woo_rest;
    if (o.apis.woocommerce()) {
        woo_rest = rest_client(o.apis, "woocommerce");
        woo_rest->retry.max_attempts = 1;
        woo_rest->retry.timeout_ms = 3000;
    }
    // Admin routes: the key, then the handler with the API's error answers.
    auto admin = [o](auto handler) {
        return [o, handler](const Request& req, Response& res) {
            if (!admin_authorized(req.get_header_value("Authorization"), o.admin_key))
                return send_error(res, 401, kNeedsAdminKey);
            answer_errors(req, res, [&] { handler(req, res); });
        };
    };

    // PUT /v1/orders/{order_id}: an order's whole current state (admin).
    svr.Put("/v1/orders/([^/]+)", admin([&s](const Request& req, Response& res) {
        auto body = parse_json(req, res);
        if (!body) return;
        OrderOutcome out = s.put_order_state(impl_of(s).parse_order_state(req.matches[1], *body));
        send(res, out.result == "created" ? 201 : 200, render(out, s));
    }));

    // POST /v1/connectors/shopify/webhooks: verified on the raw body before
    // anything is parsed; duplicates answered from the record of deliveries.
    svr.Post("/v1/connectors/shopify/webhooks", [&s, o](const Request& req, Response& res) {
        if (o.shopify_secret.empty()) return send_error(res, 404, "Shopify is not connected (serve --shopify-secret)");
        const std::string mac = req.get_header_value("X-Shopify-Hmac-Sha256");
        if (mac.empty() || !constant_time_equal(mac, hmac_sha256_base64(o.shopify_secret, req.body)))
            return send_error(res, 401, "invalid or missing X-Shopify-Hmac-Sha256");
        answer_errors(req, res, [&] {
            const std::string topic = req.get_header_value("X-Shopify-Topic");
            std::string delivery = req.get_header_value("X-Shopify-Webhook-Id");
            if (delivery.empty()) delivery = req.get_header_value("X-Shopify-Event-Id");
            if (!delivery.empty() && s.delivery_seen("shopify", delivery))
                return send(res, 200, json{{"status", "duplicate"}, {"topic", topic}});
            auto body = parse_json(req, res);
            if (!body) return;
            json reply{{"topic", topic}};
            const WebhookDelivery d{"shopify", delivery, topic};
            shopify_delivery(s, o, topic, *body, d, reply);
            // Orders and refunds recorded their delivery with their changes; the rest here.
            if (!delivery.empty() && !reply.contains("result"))
                s.record_delivery("shopify", delivery, topic, reply["status"].get<std::string>());
            send(res, 200, reply);
        });
    });

    // POST /v1/connectors/woocommerce/webhooks: the body is the order as it is
    // now (WooCommerce coalesces deliveries), so the order-state path fits it.
    svr.Post("/v1/connectors/woocommerce/webhooks", [&s, o, woo_rest](const Request& req, Response& res) {
        if (o.woocommerce_secret.empty())
            return send_error(res, 404, "WooCommerce is not connected (serve --woocommerce-secret)");
        // WooCommerce pings a new webhook with a form body, unsigned: answer it.
        if (req.body.rfind("webhook_id=", 0) == 0 && !req.has_header("X-WC-Webhook-Signature"))
            return send(res, 200, json{{"status", "ping"}});
        const std::string mac = req.get_header_value("X-WC-Webhook-Signature");
        if (mac.empty() || !constant_time_equal(mac, hmac_sha256_base64(o.woocommerce_secret, req.body)))
            return send_error(res, 401, "invalid or missing X-WC-Webhook-Signature");
        answer_errors(req, res, [&] {
            const std::string topic = req.get_header_value("X-WC-Webhook-Topic");
            const std::string delivery = req.get_header_value("X-WC-Webhook-Delivery-ID");
            if (!delivery.empty() && s.delivery_seen("woocommerce", delivery))
                return send(res, 200, json{{"status", "duplicate"}, {"topic", topic}});
            json reply{{"topic", topic}};
            if (topic == "order.created" || topic == "order.updated" || topic == "order.deleted" || topic == "order.restored") {
                auto body = parse_json(req, res);
                if (!body) return;
                std::string why;
                auto state = woocommerce::order_state(*body, s.digits(), topic == "order.deleted", why);
                const WebhookDelivery d{"woocommerce", delivery, topic};
                if (state && woo_rest) {
                    // Categories from the store's products (cached): one quick try, so the answer stays fast.
                    RestClient client = *woo_rest;
                    const CategoryLookup looked = add_woocommerce_categories(s, client, *state, woocommerce::product_ids(*body));
                    if (!looked.failed.empty()) reply["categories_missing"] = looked.failed;
                }
                if (state) {
                    reply.update(render(s.put_order_state(*state, &d), s));
                    reply["status"] = "processed";
                } else {
                    reply["status"] = "skipped";
                    reply["why"] = why;
                    if (auto guest = woocommerce::guest_coupons(*body, s.digits(), topic == "order.deleted"))
                        s.settle_guest_coupons(*guest);
                }
            } else {
                reply["status"] = "ignored";
            }
            if (!delivery.empty() && !reply.contains("result"))
                s.record_delivery("woocommerce", delivery, topic, reply["status"].get<std::string>());
            send(res, 200, reply);
        });
    });

    svr.Get("/v1/connectors/deliveries",
            admin([&s](const Request&, Response& res) { send(res, 200, render(s.delivery_counts())); }));

    // Customer data exports (Shopify customers/data_request), for the merchant to send on.
    svr.Get("/v1/connectors/exports", admin([&s](const Request&, Response& res) { send(res, 200, render(s.customer_exports())); }));
    svr.Get("/v1/connectors/exports/([0-9]{1,18})", admin([&s](const Request& req, Response& res) {
        auto data = s.customer_export(std::stoll(req.matches[1]));
        if (!data) return send_error(res, 404, "no such export (a customers/redact or shop/redact erases them)");
        res.status = 200;
        res.set_content(*data, "application/json");
    }));
}

}  // namespace stepwise::server
