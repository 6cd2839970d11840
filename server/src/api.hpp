// The REST API over Service: its routes on the HTTP layer's router
// (server/src/http, Boost.Beast). See docs/api.md.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace stepwise::http {
class Router;
}

namespace stepwise::server {

class Service;

struct ApiOptions {
    std::string admin_key;     // Authorization: Bearer <admin_key>
    std::string store_secret;  // verifies X-Customer-Token
    std::string web_dir;       // static files at / (optional)
    std::vector<std::string> cors_origins;  // pages allowed to call and load files (or "*"); none: no CORS
    int token_leeway_seconds = 60;
    bool access_log = false;
    // The demo store's backend calls (/v1/demo/*): sign in as any customer
    // and place orders without a store. Never on in production.
    bool demo = false;
    // serve --referral-url: the store's referral link with {code}; empty: no link, the code only
    std::string referral_url;
};

class Api {
public:
    Api(Service& service, ApiOptions options);
    void mount(http::Router& router);

private:
    Service& s_;
    ApiOptions o_;
};

}  // namespace stepwise::server
