// Routes of one customer: the admin's actions on a customer (upsert, manual
// award, recalculation, wallet adjustments, redeeming), and what a customer's
// token reads and does (progress, history, wallet, referral, points, credit
// coupons, rewards, choices, notices).
#include <algorithm>
#include <limits>

#include "api_render.hpp"
#include "api_routes.hpp"
#include "internal.hpp"
#include "referral.hpp"

namespace stepwise::server::api {

void add_customer_routes(RouteTable& routes, Service& s, const ApiOptions& o) {
    // ---- customers (admin)
    routes.add("PUT", kCustomerPath, Access::admin, [&s](const Request& req, Response& res, Ctx&) {
        json body = parse_body(req);
        Fields f(body, {"roles", "email", "name"});
        auto roles = f.strings("roles");
        auto email = f.str("email", false, 320);
        auto name = f.str("name", false, 200);
        f.done();
        std::string id = req.matches[1];
        if (!valid_customer_id(id)) bad(404, "", "no such customer");
        send_json(res, 200, render(s.upsert_customer(id, roles, email, name), s).dump());
    });
    routes.add("POST", kCustomerPath + "/milestone-progress/award", Access::self,
               [&s](const Request& req, Response& res, Ctx& ctx) {
                   if (!ctx.admin) bad(403, "", "manual awards need the admin key");
                   json body = parse_body(req);
                   // The seed's integer milestone ids are looked up like the string ones.
                   if (body.is_object() && body.contains("milestone_id") && body["milestone_id"].is_number_unsigned())
                       body["milestone_id"] = std::to_string(body["milestone_id"].get<std::uint64_t>());
                   Fields f(body, {"milestone_id", "program_id", "note"});
                   auto milestone = f.str("milestone_id", true, 64);
                   auto program = f.str("program_id", false, 64);
                   auto note = f.str("note", false, 500);
                   f.done();
                   auto a = s.manual_award(ctx.subject, program, *milestone, note.value_or("Manual award via API"),
                                           "manual");
                   send_json(res, 201, render(a, s).dump());
               });
    routes.add("POST", kCustomerPath + "/recalculate", Access::self, [&s](const Request&, Response& res, Ctx& ctx) {
        if (!ctx.admin) bad(403, "", "recalculation needs the admin key");
        auto st = s.recalculate_customer(ctx.subject);
        send_json(res, 200,
                  json{{"customer_id", ctx.subject}, {"awards", st.awards}, {"clawbacks", st.clawbacks}}.dump());
    });
    routes.add("POST", kCustomerPath + "/wallet/transactions", Access::self,
               [&s](const Request& req, Response& res, Ctx& ctx) {
                   if (!ctx.admin) bad(403, "", "wallet adjustments need the admin key");
                   json body = parse_body(req);
                   Fields f(body, {"type", "amount", "note", "expires_at"});
                   auto type = f.str("type", true, 10);
                   auto amount = f.str("amount", true, 40);
                   auto note = f.str("note", false, 500);
                   auto expires_text = f.str("expires_at", false, 40);
                   f.done();
                   std::optional<Time> expires_at;
                   if (expires_text && !(expires_at = parse_time(*expires_text)))
                       bad(422, "/expires_at", "must be a UTC time like 2026-03-15T10:22:00Z");
                   send_json(res, 201,
                             render(s.wallet_adjust(ctx.subject, *type, *amount, note.value_or(""), expires_at), s).dump());
               });
    routes.add("POST", kCustomerPath + "/rewards/([0-9]+)/redeem", Access::self,
               [&s](const Request& req, Response& res, Ctx& ctx) {
                   if (!ctx.admin) bad(403, "", "redeeming needs the admin key");
                   send_json(res, 200, render(s.redeem_reward(ctx.subject, path_int(req.matches[2]))).dump());
               });

    // ---- customers (own record or admin)
    routes.add("GET", kCustomerPath + "/milestone-progress", Access::self,
               [&s](const Request& req, Response& res, Ctx& ctx) {
                   send_json(res, 200,
                             s.progress(ctx.subject, str_param(req, "program_id"), ProgramKind::tiers,
                                        time_param(req, "as_of"), !ctx.admin));
               });
    routes.add("GET", kCustomerPath + "/journey", Access::self, [&s](const Request& req, Response& res, Ctx& ctx) {
        send_json(res, 200,
                  s.progress(ctx.subject, str_param(req, "program_id"), ProgramKind::journey, time_param(req, "as_of"),
                             !ctx.admin));
    });
    // What the storefront widget draws (its first view needs no engine download).
    routes.add("GET", kCustomerPath + "/view", Access::self, [&s](const Request& req, Response& res, Ctx& ctx) {
        auto program = str_param(req, "program_id");
        if (!program) bad(400, "", "query parameter program_id: the program to show is required");
        send_json(res, 200, s.view(ctx.subject, *program, time_param(req, "as_of"), !ctx.admin));
    });
    routes.add("GET", kCustomerPath + "/progress", Access::self, [&s](const Request& req, Response& res, Ctx& ctx) {
        send_json(res, 200, s.all_progress(ctx.subject, time_param(req, "as_of")));
    });
    routes.add("GET", kCustomerPath + "/history", Access::self,
               [&s](const Request&, Response& res, Ctx& ctx) { send_json(res, 200, s.history_json(ctx.subject)); });
    routes.add("GET", kCustomerPath + "/wallet", Access::self,
               [&s](const Request&, Response& res, Ctx& ctx) { send_json(res, 200, render(s.wallet(ctx.subject), s).dump()); });
    // The customer's own referral code and link (referral.hpp), remembered so
    // that an order carrying the code finds its referrer (referral_orders.hpp).
    routes.add("GET", kCustomerPath + "/referral", Access::self, [&s, &o](const Request&, Response& res, Ctx& ctx) {
        const std::string code = referral_code(o.store_secret, ctx.subject);
        s.remember_referral_code(ctx.subject, code);
        send_json(res, 200,
                  json{{"customer_id", ctx.subject},
                       {"code", code},
                       {"url", o.referral_url.empty() ? json(nullptr) : json(referral_url(o.referral_url, code))}}
                      .dump());
    });
    routes.add("GET", kCustomerPath + "/wallet/transactions", Access::self,
               [&s](const Request& req, Response& res, Ctx& ctx) {
                   TransactionFilter f;
                   f.customer_id = ctx.subject;
                   f.shopper_view = !ctx.admin;
                   f.type = str_param(req, "type");
                   f.from = time_param(req, "from");
                   f.to = time_param(req, "to");
                   f.limit = int_param(req, "limit", 100, 1, 1000);
                   if (req.has_param("before_id"))
                       f.before_id = int_param(req, "before_id", 0, 0, std::numeric_limits<std::int64_t>::max());
                   send_json(res, 200, render(s.transactions(f), s).dump());
               });
    // ---- points that buy something (docs/points.md)
    routes.add("GET", "/v1/points/options", Access::admin,
               [&s](const Request&, Response& res, Ctx&) { send_json(res, 200, render(s.points_options(), s).dump()); });
    routes.add("PUT", "/v1/points/options", Access::admin, [&s](const Request& req, Response& res, Ctx&) {
        send_json(res, 200, render(impl_of(s).set_points_options(parse_body(req)), s).dump());
    });
    routes.add("GET", kCustomerPath + "/points", Access::self, [&s](const Request& req, Response& res, Ctx& ctx) {
        std::optional<std::int64_t> before;
        if (req.has_param("before_id"))
            before = int_param(req, "before_id", 0, 0, std::numeric_limits<std::int64_t>::max());
        send_json(res, 200, render(s.points(ctx.subject, int_param(req, "limit", 50, 1, 500), before), s).dump());
    });
    routes.add("POST", kCustomerPath + "/points/redemptions", Access::self,
               [&s](const Request& req, Response& res, Ctx& ctx) {
                   json body = parse_body(req);
                   Fields f(body, {"option", "key"});
                   auto option = f.str("option", true, 64);
                   auto key = f.str("key", true, 128);
                   f.done();
                   const PointsRedemption r = s.redeem_points(ctx.subject, *option, *key);
                   send_json(res, r.replayed ? 200 : 201, render(r, s).dump());
               });
    // ---- wallet credit as WooCommerce coupons (credit_coupons.hpp)
    routes.add("GET", kCustomerPath + "/credit-coupons", Access::self, [&s](const Request&, Response& res, Ctx& ctx) {
        send_json(res, 200, render(s.credit_coupons(ctx.subject), s).dump());
    });
    routes.add("POST", kCustomerPath + "/credit-coupons", Access::self,
               [&s](const Request& req, Response& res, Ctx& ctx) {
                   json body = parse_body(req);
                   Fields f(body, {"amount", "idempotency_key"});
                   auto amount = f.integer("amount", true);
                   auto key = f.str("idempotency_key", true, kMaxClientKey);
                   f.done();
                   const CreditCouponRequest r = s.request_credit_coupon(ctx.subject, *amount, *key);
                   send_json(res, r.replayed ? 200 : 201, render(r, s).dump());
               });
    routes.add("GET", kCustomerPath + "/rewards", Access::self,
               [&s](const Request&, Response& res, Ctx& ctx) { send_json(res, 200, render(s.rewards(ctx.subject), s).dump()); });
    routes.add("GET", kCustomerPath + "/choices", Access::self,
               [&s](const Request&, Response& res, Ctx& ctx) { send_json(res, 200, render(s.choices(ctx.subject)).dump()); });
    routes.add("POST", kCustomerPath + "/choices/([0-9]+)", Access::self,
               [&s](const Request& req, Response& res, Ctx& ctx) {
                   json body = parse_body(req);
                   Fields f(body, {"picks"});
                   auto picks = f.integers("picks", true, 100);
                   f.done();
                   std::vector<int> p;
                   for (auto v : *picks) p.push_back(static_cast<int>(std::min<std::int64_t>(v, 1 << 20)));
                   send_json(res, 200, render(s.pick(ctx.subject, path_int(req.matches[2]), p), s).dump());
               });
    routes.add("GET", kCustomerPath + "/notices", Access::self,
               [&s](const Request&, Response& res, Ctx& ctx) { send_json(res, 200, render(s.notices(ctx.subject), s).dump()); });
    routes.add("POST", kCustomerPath + "/notices/delivered", Access::self,
               [&s](const Request& req, Response& res, Ctx& ctx) {
                   json body = parse_body(req);
                   Fields f(body, {"ids"});
                   auto ids = f.integers("ids", true, 1000);
                   f.done();
                   send_json(res, 200, render_delivered(s.ack_notices(ctx.subject, *ids)).dump());
               });
}

}  // namespace stepwise::server::api
