// What every route of the REST API reads and answers with: the JSON body, its
// fields read strictly, query parameters, and the JSON replies. A problem with
// the request throws BadRequest, which the route table answers (api_routes.hpp).
#pragma once
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "http/message.hpp"
#include "stepwise/error.hpp"
#include "server_json.hpp"
#include "stepwise/server/service.hpp"
#include "stepwise/time.hpp"

namespace stepwise::server::api {

using http::Request;
using http::Response;

// A readable 4xx for a request that is not what the endpoint takes.
struct BadRequest {
    int status;
    Errors errors;
};
[[noreturn]] void bad(int status, const std::string& pointer, const std::string& message);

void send_json(Response& res, int status, const std::string& body);
void send_errors(Response& res, int status, const Errors& errors);
void send_error(Response& res, int status, const std::string& pointer, const std::string& message);

// The body as JSON: size, depth, syntax and text checked, each with a readable error.
json parse_body(const Request& req, bool allow_empty = false);

// Strict reading of small request objects: unknown fields and wrong types are
// errors, collected, then thrown together by done().
class Fields {
public:
    Fields(const json& j, std::initializer_list<const char*> allowed);
    std::optional<std::string> str(const char* key, bool required = false, std::size_t max = 1000);
    std::optional<std::int64_t> integer(const char* key, bool required);  // a JSON integer, as money in minor units
    std::optional<bool> boolean(const char* key);
    std::optional<std::vector<std::string>> strings(const char* key);
    std::optional<std::vector<std::int64_t>> integers(const char* key, bool required, std::size_t max_items);
    void done();

private:
    const json& j_;
    Errors errors_;
};

std::optional<Time> time_param(const Request& req, const char* name);
std::optional<std::string> str_param(const Request& req, const char* name);
bool bool_param(const Request& req, const char* name);
std::int64_t int_param(const Request& req, const char* name, std::int64_t def, std::int64_t lo, std::int64_t hi);
std::int64_t path_int(const std::string& text);  // a path segment's number, else 404
// The version a client edits, from `If-Match: "3"` (the ETag of GET /v1/programs/{id});
// none (or `*`) means "whatever is stored".
std::optional<std::int64_t> if_match(const Request& req);

}  // namespace stepwise::server::api
