// The REST API over Service (cpp-httplib, libcpp-httplib-dev: a small,
// dependency-free HTTP/1.1 server with a thread pool, enough for a loopback
// service behind the store's reverse proxy). See docs/api.md.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace httplib {
class Server;
}

namespace stepwise::server {

class Service;

struct ApiOptions {
    std::string admin_key;     // Authorization: Bearer <admin_key>
    std::string store_secret;  // verifies X-Customer-Token
    std::string web_dir;       // static files at / (optional)
    std::vector<std::string> cors_origins;  // pages allowed to call and load files (or "*"); none: no CORS
    std::size_t max_body = 1u << 20;
    int token_leeway_seconds = 60;
    bool access_log = false;
    // The demo store's backend calls (/v1/demo/*): sign in as any customer
    // and place orders without a store. Never on in production.
    bool demo = false;
};

class Api {
public:
    Api(Service& service, ApiOptions options);
    void mount(httplib::Server& server);

private:
    Service& s_;
    ApiOptions o_;
};

}  // namespace stepwise::server
