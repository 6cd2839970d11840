// Admin routes over everyone: the ledger (JSON, summary, CSV), the platform
// jobs, the email outbox, background jobs and the customer list.
#include <limits>
#include <sstream>

#include "api_render.hpp"
#include "api_routes.hpp"
#include "internal.hpp"
#include "platform_jobs.hpp"

namespace stepwise::server::api {

void add_admin_routes(RouteTable& routes, Service& s) {
    // ---- ledger, outbox, jobs (admin)
    auto ledger_filter = [](const Request& req) {
        TransactionFilter f;
        f.customer_id = str_param(req, "customer_id");
        f.type = str_param(req, "type");
        f.from = time_param(req, "from");
        f.to = time_param(req, "to");
        f.limit = int_param(req, "limit", 100, 1, 1000);
        if (req.has_param("before_id"))
            f.before_id = int_param(req, "before_id", 0, 0, std::numeric_limits<std::int64_t>::max());
        return f;
    };
    routes.add("GET", "/v1/ledger", Access::admin, [&s, ledger_filter](const Request& req, Response& res, Ctx&) {
        send_json(res, 200, render(s.transactions(ledger_filter(req)), s).dump());
    });
    routes.add("GET", "/v1/ledger/summary", Access::admin,
               [&s, ledger_filter](const Request& req, Response& res, Ctx&) {
                   send_json(res, 200, render(s.ledger_summary(ledger_filter(req)), s).dump());
               });
    routes.add("GET", "/v1/ledger.csv", Access::admin, [&s, ledger_filter](const Request& req, Response& res, Ctx&) {
        std::ostringstream out;
        s.ledger_csv(ledger_filter(req), out);
        res.status = 200;
        res.set_header("Content-Disposition", "attachment; filename=\"stepwise-ledger.csv\"");
        res.set_content(out.str(), "text/csv; charset=utf-8");
    });
    // Reward codes being made in the stores; ?state=failed: what needs the merchant (platform_jobs.hpp).
    routes.add("POST", "/v1/platform-jobs/([0-9]+)/retry", Access::admin,
               [&s](const Request& req, Response& res, Ctx&) {
                   send_json(res, 200, platform::retry_job(s, path_int(req.matches[1])).dump());
               });
    routes.add("GET", "/v1/platform-jobs", Access::admin, [&s](const Request& req, Response& res, Ctx&) {
        send_json(
            res, 200,
            platform::list_jobs(s, str_param(req, "state").value_or(""), int_param(req, "limit", 100, 1, 1000)).dump());
    });
    routes.add("GET", "/v1/outbox/emails", Access::admin, [&s](const Request& req, Response& res, Ctx&) {
        bool pending = req.has_param("pending") ? bool_param(req, "pending") : true;
        send_json(res, 200, render(s.outbox(pending, int_param(req, "limit", 100, 1, 1000))).dump());
    });
    routes.add("POST", "/v1/outbox/emails/([0-9]+)/sent", Access::admin, [&s](const Request& req, Response& res, Ctx&) {
        json body = parse_body(req, true);
        Fields f(body, {"error"});
        auto error = f.str("error", false, 1000);
        f.done();
        send_json(res, 200, render(s.mark_sent(path_int(req.matches[1]), error)).dump());
    });
    routes.add("GET", "/v1/jobs", Access::admin,
               [&s](const Request&, Response& res, Ctx&) { send_json(res, 200, render(s.jobs()).dump()); });

    routes.add("GET", "/v1/customers", Access::admin, [&s](const Request& req, Response& res, Ctx&) {
        send_json(res, 200,
                  render(s.customers(str_param(req, "after").value_or(""), int_param(req, "limit", 100, 1, 1000),
                                     str_param(req, "q").value_or("")),
                         s)
                      .dump());
    });
}

}  // namespace stepwise::server::api
