// The REST API: its route families (api_*_routes.cpp) on the route table, and
// what holds for every request: CORS, static files, the checks before routing
// and the JSON shape of the HTTP layer's own answers.
#include "api.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <set>

#include "api_routes.hpp"
#include "http/router.hpp"
#include "static_files.hpp"
#include "text.hpp"

namespace stepwise::server {

using api::send_error;
using http::Request;
using http::Response;

Api::Api(Service& service, ApiOptions options) : s_(service), o_(std::move(options)) {}

void Api::mount(http::Router& svr) {
    api::RouteTable routes(svr, o_);
    api::add_program_routes(routes, s_);
    api::add_customer_routes(routes, s_, o_);
    api::add_admin_routes(routes, s_);
    if (o_.demo) api::add_demo_routes(routes, s_, o_);

    // CORS: pages on the listed origins may call /v1/* and load
    // the widget's files (module scripts and fetch() are CORS requests).
    if (!o_.cors_origins.empty()) {
        const bool any = std::find(o_.cors_origins.begin(), o_.cors_origins.end(), "*") != o_.cors_origins.end();
        const std::set<std::string> allowed(o_.cors_origins.begin(), o_.cors_origins.end());
        svr.Options("/v1/.*", [](const Request&, Response& res) { res.status = 204; });
        svr.set_post_routing_handler([any, allowed](const Request& req, Response& res) {
            // The answer depends on Origin: caches must keep one per origin.
            if (!any) res.set_header("Vary", "Origin");
            const std::string origin = req.get_header_value("Origin");
            if (!any && !allowed.count(origin)) return;
            res.set_header("Access-Control-Allow-Origin", any ? "*" : origin);
            if (req.path.rfind("/v1/", 0) != 0) return;
            res.set_header("Access-Control-Allow-Headers", "Authorization, X-Customer-Token, Content-Type");
            res.set_header("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS");
            res.set_header("Access-Control-Max-Age", "600");
        });
    }

    // Static files (static_files.hpp: ETags, caching, precompressed forms)
    if (!o_.web_dir.empty()) {
        if (!std::filesystem::is_directory(o_.web_dir)) {
            spdlog::warn("--web {}: not a directory; not serving files", o_.web_dir);
        } else {
            auto files = std::make_shared<StaticFiles>(o_.web_dir);
            // Every path but /v1/*, so a file never shadows the API (routes
            // added later are all under /v1/); GET routes answer HEAD too.
            svr.Get("/(?!v1/).*", [files](const Request& req, Response& res) {
                if (!files->serve(req, res)) res.status = 404;
            });
        }
    }

    // Before any route or file: what every request must be, checked once here
    // rather than endpoint by endpoint. (Framing, sizes and timeouts are the
    // HTTP layer's: server/src/http.)
    svr.set_pre_routing_handler([](const Request& req, Response& res) {
        using R = http::Router::HandlerResponse;
        auto refuse = [&](const std::string& message) {
            send_error(res, 400, "", message);
            return R::Handled;
        };
        // The path and query as decoded: "%00" must never reach a file name
        // ("/index.html%00.png" would be index.html served as an image) and
        // "%ff" never the database.
        if (const char* why = text_problem(req.path)) return refuse(std::string("the path ") + why);
        for (const auto& [name, value] : req.params) {
            if (const char* why = text_problem(name)) return refuse(std::string("a query parameter name ") + why);
            if (const char* why = text_problem(value))
                return refuse("query parameter " + printable_utf8(name) + ": " + why);
        }
        return R::Unhandled;
    });

    // Answers the router or the HTTP layer made without a JSON body (no route,
    // a limit, a timeout, bad framing; the layer says why in plain text): the
    // same JSON error shape as everything else.
    svr.set_error_handler([](const Request&, Response& res) {
        using R = http::Router::HandlerResponse;
        if (!res.body.empty() && res.get_header_value("Content-Type").rfind("text/plain", 0) != 0) return R::Unhandled;
        std::string message = res.body;
        if (message.empty()) {
            switch (res.status) {
                case 404: message = "no such endpoint"; break;
                case 405: message = "method not allowed"; break;
                case 400: message = "bad request"; break;
                default: message = "error " + std::to_string(res.status);
            }
        }
        send_error(res, res.status, "", message);
        return R::Handled;
    });
    svr.set_exception_handler([](const Request& req, Response& res, std::exception_ptr ep) {
        try {
            if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
            spdlog::error("{} {}: {}", req.method, req.path, e.what());
        } catch (...) {
        }
        send_error(res, 500, "", "internal error");
    });
    if (o_.access_log)
        svr.set_logger([](const Request& req, const Response& res) {
            spdlog::info("{} {} {} {}", req.remote_addr, req.method, req.path, res.status);
        });
}

}  // namespace stepwise::server

