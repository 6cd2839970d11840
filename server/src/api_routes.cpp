#include "api_routes.hpp"

#include <stdexcept>

#include "api_errors.hpp"
#include "auth.hpp"
#include "http/router.hpp"
#include "internal.hpp"

namespace stepwise::server::api {

namespace {

bool authorize(const ApiOptions& o, const Request& req, Response& res, Access access, Ctx& ctx) {
    if (access == Access::open) return true;
    const std::string auth = req.get_header_value("Authorization");
    if (!auth.empty()) {
        if (admin_authorized(auth, o.admin_key)) {
            ctx.admin = true;
            return true;
        }
        send_error(res, 401, "", "invalid admin key");
        return false;
    }
    if (access == Access::admin) {
        send_error(res, 401, "", kNeedsAdminKey);
        return false;
    }
    const std::string token = req.get_header_value("X-Customer-Token");
    if (token.empty()) {
        send_error(res, 401, "", "send a customer token (X-Customer-Token) or the admin key");
        return false;
    }
    auto check = verify_customer_token(token, o.store_secret, now_ms() / 1000, o.token_leeway_seconds);
    if (!check.customer_id) {
        send_error(res, 401, "", "invalid customer token: " + check.why);
        return false;
    }
    ctx.customer = check.customer_id;
    if (access == Access::self && *ctx.customer != ctx.subject) {
        send_error(res, 403, "", "this token is for another customer");
        return false;
    }
    return true;
}

}  // namespace

void RouteTable::add(const char* method, const std::string& pattern, Access access, Handler fn) {
    // The table is gone once mounted; the options live in the Api.
    auto handler = [o = &o_, access, fn = std::move(fn)](const Request& req, Response& res) {
        answer_errors(req, res, [&] {
            Ctx ctx;
            try {
                if (access == Access::self) {
                    ctx.subject = req.matches.size() > 1 ? std::string(req.matches[1]) : "";
                    if (!valid_customer_id(ctx.subject)) {
                        send_error(res, 404, "",
                                   "no such customer (ids are 1-128 characters of A-Z a-z 0-9 _ . - @ + :)");
                        return;
                    }
                }
                if (!authorize(*o, req, res, access, ctx)) return;
                fn(req, res, ctx);
            } catch (const BadRequest& e) {
                send_errors(res, e.status, e.errors);
            }
        });
    };
    const std::string m = method;
    if (m == "GET")
        router_.Get(pattern, handler);
    else if (m == "POST")
        router_.Post(pattern, handler);
    else if (m == "PUT")
        router_.Put(pattern, handler);
    else if (m == "DELETE")
        router_.Delete(pattern, handler);
    else
        throw std::logic_error("RouteTable::add: no method " + m);
}

}  // namespace stepwise::server::api
