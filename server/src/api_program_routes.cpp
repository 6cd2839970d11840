// Routes of programs and events: health, the API's description, events in,
// programs (versions, diffs, restore, activation) and the milestones list.
#include <limits>

#include "api_render.hpp"
#include "api_routes.hpp"
#include "internal.hpp"
#include "openapi.hpp"

namespace stepwise::server::api {

json ingest_reply(Service& s, const json& body) {
    return render(s.ingest(impl_of(s).parse_events(body)), s);
}

void add_program_routes(RouteTable& routes, Service& s) {
    // ---- open
    routes.add("GET", "/v1/health", Access::open, [&s](const Request&, Response& res, Ctx&) {
        json j{{"status", "ok"},
               {"database", store_of(s).dialect() == db::Dialect::sqlite ? "sqlite" : "postgresql"},
               {"schema_version", schema_version()},
               {"currency", s.currency()}};
        send_json(res, 200, j.dump());
    });
    routes.add("GET", "/v1/openapi.json", Access::open,
               [](const Request&, Response& res, Ctx&) { send_json(res, 200, openapi_json()); });

    routes.add("POST", "/v1/events", Access::admin, [&s](const Request& req, Response& res, Ctx&) {
        send_json(res, 200, ingest_reply(s, parse_body(req)).dump());
    });

    // ---- programs
    routes.add("GET", "/v1/programs", Access::admin, [&s](const Request& req, Response& res, Ctx&) {
        send_json(res, 200, render(s.list_programs(bool_param(req, "include_deleted"))).dump());
    });
    routes.add("POST", "/v1/programs", Access::admin, [&s](const Request& req, Response& res, Ctx&) {
        parse_body(req);  // syntax, size and depth first, with readable errors
        send_json(res, 201, render(s.create_program(req.body, bool_param(req, "retroactive"))).dump());
    });
    routes.add("GET", "/v1/programs/([^/]+)", Access::any_customer, [&s](const Request& req, Response& res, Ctx& ctx) {
        auto doc = s.program_doc(req.matches[1], !ctx.admin);
        if (!doc) return send_error(res, 404, "", "no such program");
        res.set_header("ETag", "\"" + std::to_string(doc->version) + "\"");
        send_json(res, 200, doc->doc);
    });
    routes.add("PUT", "/v1/programs/([^/]+)", Access::admin, [&s](const Request& req, Response& res, Ctx&) {
        parse_body(req);
        send_json(res, 200,
                  render(s.update_program(req.matches[1], req.body, bool_param(req, "retroactive"), if_match(req))).dump());
    });
    routes.add("GET", "/v1/programs/([^/]+)/versions", Access::admin, [&s](const Request& req, Response& res, Ctx&) {
        send_json(res, 200, render(s.program_versions(req.matches[1])).dump());
    });
    routes.add("GET", "/v1/programs/([^/]+)/versions/([0-9]+)", Access::admin,
               [&s](const Request& req, Response& res, Ctx&) {
                   send_json(res, 200, s.program_version_doc(req.matches[1], path_int(req.matches[2])));
               });
    routes.add("POST", "/v1/programs/([^/]+)/versions/([0-9]+)/restore", Access::admin,
               [&s](const Request& req, Response& res, Ctx&) {
                   send_json(res, 200,
                             render(s.restore_program_version(req.matches[1], path_int(req.matches[2]), if_match(req))).dump());
               });
    routes.add("GET", "/v1/programs/([^/]+)/diff", Access::admin, [&s](const Request& req, Response& res, Ctx&) {
        const std::int64_t max = std::numeric_limits<std::int64_t>::max();
        if (!req.has_param("from")) bad(400, "", "query parameter from: the version to compare from is required");
        std::optional<std::int64_t> to;
        if (req.has_param("to")) to = int_param(req, "to", 0, 1, max);
        send_json(res, 200, render(s.program_diff(req.matches[1], int_param(req, "from", 0, 1, max), to)).dump());
    });
    routes.add("DELETE", "/v1/programs/([^/]+)", Access::admin, [&s](const Request& req, Response& res, Ctx&) {
        s.delete_program(req.matches[1]);
        res.status = 204;
    });
    for (const bool activate : {true, false}) {
        routes.add("POST", std::string("/v1/programs/([^/]+)/") + (activate ? "activate" : "deactivate"), Access::admin,
                   [&s, activate](const Request& req, Response& res, Ctx&) {
                       json body = parse_body(req, true);
                       Fields f(body, {"retroactive"});
                       bool retro = f.boolean("retroactive").value_or(bool_param(req, "retroactive"));
                       f.done();
                       send_json(res, 200, render(s.set_program_status(req.matches[1], activate, retro)).dump());
                   });
    }
    routes.add("GET", "/v1/milestones", Access::any_customer, [&s](const Request& req, Response& res, Ctx& ctx) {
        send_json(res, 200, render(s.milestones(str_param(req, "program_id"), !ctx.admin), s).dump());
    });
}

}  // namespace stepwise::server::api
