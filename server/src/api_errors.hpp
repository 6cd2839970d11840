// What every route answers when a handler fails (ServiceError, database
// errors, anything else), and the admin-key check: one copy for every route.
// Independent of the HTTP library: the template below needs only req.method,
// req.path, res.status, res.set_header and res.set_content.
#pragma once
#include <exception>
#include <string>

#include "server_json.hpp"
#include "stepwise/error.hpp"

namespace stepwise::server {

// The error list as a JSON body. Messages may quote input (a JSON parse error
// shows the bytes it read): they are made valid UTF-8, so the body is valid JSON.
std::string error_body(Errors errors);

struct ErrorAnswer {
    int status = 500;
    std::string body;          // the error list as JSON, valid UTF-8
    bool retry_after = false;  // a 503 worth retrying: send Retry-After
};

// The answer for an exception a handler threw (logged with `what_for`, e.g. "GET /v1/x"):
// ServiceError -> its status and errors (and current_version on a version conflict);
// db::DbError -> 503 when trying again can work, 422 for data the database refuses, else 500;
// anything else -> 500 "internal error".
ErrorAnswer error_answer(std::exception_ptr error, const std::string& what_for);

// `Authorization: Bearer <admin_key>`, compared in constant time; never true without a key.
bool admin_authorized(const std::string& authorization, const std::string& admin_key);

inline constexpr const char* kNeedsAdminKey = "this endpoint needs the admin key (Authorization: Bearer <key>)";

// Runs fn(); an exception becomes error_answer's response.
template <class Req, class Res, class F>
void answer_errors(const Req& req, Res& res, F&& fn) {
    try {
        fn();
    } catch (...) {
        const ErrorAnswer a = error_answer(std::current_exception(), std::string(req.method) + " " + std::string(req.path));
        if (a.retry_after) res.set_header("Retry-After", "1");
        res.status = a.status;
        res.set_content(a.body, "application/json");
    }
}

}  // namespace stepwise::server
