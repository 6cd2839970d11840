// Outbound HTTP(S), the one client for talking to other services (webhooks,
// platform REST and GraphQL APIs). libcurl does the work: TLS with the
// system's certificate store, HTTP/1.1 and 2, proxies from the environment
// and timeouts.
#pragma once
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace stepwise::server::outbound {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
    std::string method = "GET";
    std::string url;
    Headers headers;
    std::string body;                  // sent when not empty
    std::string user, password;        // HTTP basic auth when `user` is set
    long connect_timeout_ms = 10000;
    long timeout_ms = 30000;           // the whole exchange
    std::size_t max_body = 64u << 20;  // a longer answer is an error, not a memory blow-up
};

struct Response {
    long status = 0;     // 0: no HTTP answer (see error)
    Headers headers;     // as received, names in their own case
    std::string body;
    std::string error;   // transport failure (DNS, connect, TLS, timeout, too large), "" otherwise
    // The first header of that name (case-insensitive), "" when absent.
    std::string header(const std::string& name) const;
};

// Sends one request and waits for the answer. Never throws for network
// failures: they come back in Response::error.
Response send(const Request& request);

// "a b&c" -> "a%20b%26c", for query values.
std::string url_encode(const std::string& text);

}  // namespace stepwise::server::outbound
