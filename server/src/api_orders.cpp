// HTTP for orders as platforms report them: the order-state API (any
// platform, admin key) and Shopify's webhooks (signed with the app's secret).
// Both end in Service::put_order_state / add_order_refund: one path, no second
// copy of any rule.
#include "api_orders.hpp"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include "auth.hpp"
#include "connector_shopify.hpp"
#include "connector_woocommerce.hpp"
#include "internal.hpp"

namespace stepwise::server {

namespace {

using httplib::Request;
using httplib::Response;

void send(Response& res, int status, const json& body) {
    res.status = status;
    res.set_content(body.dump(), "application/json");
}

void send_error(Response& res, int status, const std::string& message) {
    res.status = status;
    res.set_content(errors_json(Errors{{"", message}}), "application/json");
}

// Runs a handler with the answers every endpoint gives for the service's errors.
template <class F>
void guarded(const Request& req, Response& res, F&& fn) {
    try {
        fn();
    } catch (const ServiceError& e) {
        res.status = e.status;
        res.set_content(errors_json(e.errors), "application/json");
    } catch (const db::DbError& e) {
        spdlog::error("{} {}: database error: {}", req.method, req.path, e.what());
        send_error(res, 503, "database unavailable, try again");
    } catch (const std::exception& e) {
        spdlog::error("{} {}: {}", req.method, req.path, e.what());
        send_error(res, 500, "internal error");
    }
}

json outcome_json(const OrderOutcome& o, const Service& s) {
    json awards = json::array(), clawbacks = json::array();
    for (const IssuedAward& a : o.ingest.awards)
        awards.push_back({{"key", a.key}, {"program_id", a.program_id}, {"milestone_id", a.step_id}, {"state", a.state},
                          {"store_credit", s.money(a.store_credit)}});
    for (const AppliedClawback& c : o.ingest.clawbacks)
        clawbacks.push_back({{"key", c.key}, {"amount", s.money(c.amount)}, {"collected", c.collected}});
    return json{{"order_id", o.order_id}, {"result", o.result}, {"events", o.event_ids}, {"awards", awards},
                {"clawbacks", clawbacks}};
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
void shopify_delivery(Service& s, const std::string& topic, const json& body, const WebhookDelivery& d, json& reply) {
    const int digits = s.digits();
    if (topic.rfind("orders/", 0) == 0) {
        std::string why;
        auto state = shopify::order_state(body, digits, why);
        if (!state) {
            reply["status"] = "skipped";
            reply["why"] = why;
            return;
        }
        reply.update(outcome_json(s.put_order_state(*state, &d), s));
        reply["status"] = "processed";
    } else if (topic == "refunds/create") {
        const std::string order = body.contains("order_id") ? body["order_id"].dump() : "";
        OrderRefund r = shopify::refund(body, digits);
        if (r.id.empty() || order.empty() || order == "null") throw ServiceError(422, "/order_id", "a refund names its order");
        reply.update(outcome_json(s.add_order_refund(order, r, &d), s));
        reply["status"] = "processed";
    } else if (topic == "customers/create" || topic == "customers/update") {
        const std::string id = body.contains("id") ? body["id"].dump() : "";
        std::string name = body.value("first_name", json("")).is_string() ? body.value("first_name", "") : "";
        const std::string last = body.value("last_name", json("")).is_string() ? body.value("last_name", "") : "";
        if (!last.empty()) name += (name.empty() ? "" : " ") + last;
        const json email = body.value("email", json());
        s.upsert_customer(id, std::nullopt, email.is_string() ? std::optional<std::string>(email.get<std::string>()) : std::nullopt,
                          name.empty() ? std::nullopt : std::optional<std::string>(name));
        reply["status"] = "processed";
    } else if (topic == "customers/redact") {
        const json c = body.value("customer", json::object());
        const std::string id = c.contains("id") ? c["id"].dump() : "";
        if (valid_customer_id(id)) s.redact_customer(id);
        reply["status"] = "processed";
    } else if (topic == "customers/data_request" || topic == "shop/redact" || topic == "app/uninstalled") {
        // Recorded (GET /v1/connectors/deliveries); the merchant answers data
        // requests from the customer's records (GET /v1/customers/{id}/...).
        reply["status"] = "recorded";
    } else {
        reply["status"] = "ignored";
    }
}

}  // namespace

void mount_order_routes(httplib::Server& svr, Service& s, const OrderRouteOptions& o) {
    // PUT /v1/orders/{order_id}: an order's whole current state (admin).
    svr.Put("/v1/orders/([^/]+)", [&s, o](const Request& req, Response& res) {
        const std::string auth = req.get_header_value("Authorization");
        if (o.admin_key.empty() || auth.rfind("Bearer ", 0) != 0 || !constant_time_equal(auth.substr(7), o.admin_key))
            return send_error(res, 401, "this endpoint needs the admin key (Authorization: Bearer <key>)");
        guarded(req, res, [&] {
            auto body = parse_json(req, res);
            if (!body) return;
            OrderOutcome out = s.put_order_state(s.parse_order_state(req.matches[1], *body));
            send(res, out.result == "created" ? 201 : 200, outcome_json(out, s));
        });
    });

    // POST /v1/connectors/shopify/webhooks: verified on the raw body before
    // anything is parsed; duplicates answered from the record of deliveries.
    svr.Post("/v1/connectors/shopify/webhooks", [&s, o](const Request& req, Response& res) {
        if (o.shopify_secret.empty()) return send_error(res, 404, "Shopify is not connected (serve --shopify-secret)");
        const std::string mac = req.get_header_value("X-Shopify-Hmac-Sha256");
        if (mac.empty() || !constant_time_equal(mac, hmac_sha256_base64(o.shopify_secret, req.body)))
            return send_error(res, 401, "invalid or missing X-Shopify-Hmac-Sha256");
        guarded(req, res, [&] {
            const std::string topic = req.get_header_value("X-Shopify-Topic");
            std::string delivery = req.get_header_value("X-Shopify-Webhook-Id");
            if (delivery.empty()) delivery = req.get_header_value("X-Shopify-Event-Id");
            if (!delivery.empty() && s.delivery_seen("shopify", delivery))
                return send(res, 200, json{{"status", "duplicate"}, {"topic", topic}});
            auto body = parse_json(req, res);
            if (!body) return;
            json reply{{"topic", topic}};
            const WebhookDelivery d{"shopify", delivery, topic};
            shopify_delivery(s, topic, *body, d, reply);
            // Orders and refunds recorded their delivery with their changes; the rest here.
            if (!delivery.empty() && !reply.contains("result"))
                s.record_delivery("shopify", delivery, topic, reply["status"].get<std::string>());
            send(res, 200, reply);
        });
    });

    // POST /v1/connectors/woocommerce/webhooks: the body is the order as it is
    // now (WooCommerce coalesces deliveries), so the order-state path fits it.
    svr.Post("/v1/connectors/woocommerce/webhooks", [&s, o](const Request& req, Response& res) {
        if (o.woocommerce_secret.empty())
            return send_error(res, 404, "WooCommerce is not connected (serve --woocommerce-secret)");
        // WooCommerce pings a new webhook with a form body, unsigned: answer it.
        if (req.body.rfind("webhook_id=", 0) == 0 && !req.has_header("X-WC-Webhook-Signature"))
            return send(res, 200, json{{"status", "ping"}});
        const std::string mac = req.get_header_value("X-WC-Webhook-Signature");
        if (mac.empty() || !constant_time_equal(mac, hmac_sha256_base64(o.woocommerce_secret, req.body)))
            return send_error(res, 401, "invalid or missing X-WC-Webhook-Signature");
        guarded(req, res, [&] {
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
                if (state) {
                    reply.update(outcome_json(s.put_order_state(*state, &d), s));
                    reply["status"] = "processed";
                } else {
                    reply["status"] = "skipped";
                    reply["why"] = why;
                }
            } else {
                reply["status"] = "ignored";
            }
            if (!delivery.empty() && !reply.contains("result"))
                s.record_delivery("woocommerce", delivery, topic, reply["status"].get<std::string>());
            send(res, 200, reply);
        });
    });

    svr.Get("/v1/connectors/deliveries", [&s, o](const Request& req, Response& res) {
        const std::string auth = req.get_header_value("Authorization");
        if (o.admin_key.empty() || auth.rfind("Bearer ", 0) != 0 || !constant_time_equal(auth.substr(7), o.admin_key))
            return send_error(res, 401, "this endpoint needs the admin key (Authorization: Bearer <key>)");
        guarded(req, res, [&] { send(res, 200, s.delivery_counts()); });
    });
}

}  // namespace stepwise::server
