// The REST API's route table: who may call a route (Access), what the caller
// proved (Ctx), and one place that turns a handler's failure into its answer.
// The families of routes (api_*_routes.cpp) each add theirs to it.
#pragma once
#include <functional>
#include <optional>
#include <string>

#include "server_json.hpp"
#include "api.hpp"
#include "api_request.hpp"

namespace stepwise::http {
class Router;
}

namespace stepwise::server::api {

enum class Access {
    open,          // anyone
    admin,         // the admin key
    any_customer,  // the admin key or any valid customer token
    self,          // the admin key or the token of the customer in the path (its first capture)
};

struct Ctx {
    bool admin = false;
    std::optional<std::string> customer;  // from a valid customer token
    std::string subject;                  // the customer in the path (Access::self)
};

using Handler = std::function<void(const Request&, Response&, Ctx&)>;

class RouteTable {
public:
    RouteTable(http::Router& router, const ApiOptions& options) : router_(router), o_(options) {}
    // method: GET, POST, PUT or DELETE; pattern: a regular expression of the path.
    void add(const char* method, const std::string& pattern, Access access, Handler fn);

private:
    http::Router& router_;
    const ApiOptions& o_;  // lives as long as the Api that mounts the routes
};

// A customer's path; its capture is the customer id (Access::self).
inline const std::string kCustomerPath = "/v1/customers/([^/]+)";

// The families, one file each.
void add_program_routes(RouteTable& routes, Service& s);                        // health, events, programs, milestones
void add_customer_routes(RouteTable& routes, Service& s, const ApiOptions& o);  // a customer's records and actions
void add_admin_routes(RouteTable& routes, Service& s);                          // ledger, outbox, jobs, customer list
void add_demo_routes(RouteTable& routes, Service& s, const ApiOptions& o);      // serve --demo only

// POST /v1/events's reply for a body of events; the demo checkout answers with it too.
json ingest_reply(Service& s, const json& body);

}  // namespace stepwise::server::api
