// The demo store's backend (serve --demo): what a real store's backend does
// with its secrets (sign a shopper in, report a checkout or a review), so the
// demo pages work without one. Never on in production.
#include <atomic>

#include "api_routes.hpp"
#include "auth.hpp"
#include "internal.hpp"

namespace stepwise::server::api {

void add_demo_routes(RouteTable& routes, Service& s, const ApiOptions& o) {
    // Short order numbers for demo checkouts, as shoppers expect them: a
    // counter that starts at the seconds since 2026 when the server starts,
    // so a restart continues above the numbers already used (unless a run
    // averaged more than one order a second, which a demo does not).
    auto demo_id = [] {
        static std::atomic<std::int64_t> last{now_ms() / 1000 - 1767225600};
        return std::to_string(++last);
    };
    routes.add("GET", "/v1/demo/customers", Access::open, [&s](const Request&, Response& res, Ctx&) {
        json out = json::array();
        for (const CustomerRecord& c : s.customers("", 50).customers)
            out.push_back({{"id", c.id}, {"name", c.name.value_or(c.id)}});
        send_json(res, 200, json{{"customers", out}}.dump());
    });
    routes.add("POST", "/v1/demo/token", Access::open, [&s, &o](const Request& req, Response& res, Ctx&) {
        json body = parse_body(req);
        Fields f(body, {"customer_id"});
        auto id = f.str("customer_id", true, 128);
        f.done();
        if (!valid_customer_id(*id) || !s.customer(*id)) bad(404, "/customer_id", "no such customer");
        const std::int64_t expiry = now_ms() / 1000 + 12 * 3600;
        send_json(res, 200,
                  json{{"customer_id", *id}, {"token", mint_customer_token(*id, expiry, o.store_secret)}}.dump());
    });
    // A checkout: the cart becomes a completed order event, now.
    routes.add("POST", "/v1/demo/orders", Access::any_customer,
               [&s, demo_id](const Request& req, Response& res, Ctx& ctx) {
                   json body = parse_body(req);
                   Fields f(body, {"subtotal", "tax", "shipping", "total", "wallet_paid", "items"});
                   f.done();
                   const std::string order_id = demo_id();
                   json event = body;
                   event["customer_id"] = *ctx.customer;
                   event["id"] = "demo-order-" + order_id;
                   event["type"] = "order";
                   event["at"] = iso(now_ms());
                   event["order_id"] = order_id;
                   event["status"] = "completed";
                   json out = ingest_reply(s, event);
                   out["order_id"] = order_id;
                   send_json(res, 200, out.dump());
               });
    routes.add("POST", "/v1/demo/reviews", Access::any_customer,
               [&s, demo_id](const Request& req, Response& res, Ctx& ctx) {
                   json body = parse_body(req);
                   Fields f(body, {"product_id"});
                   auto product = f.str("product_id", false, 64);
                   f.done();
                   json event{{"customer_id", *ctx.customer},
                              {"id", "demo-review-" + demo_id()},
                              {"type", "review"},
                              {"at", iso(now_ms())}};
                   if (product) event["product_id"] = *product;
                   send_json(res, 200, ingest_reply(s, event).dump());
               });
}

}  // namespace stepwise::server::api
