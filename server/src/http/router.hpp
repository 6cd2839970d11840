// Which handler answers a request: routes by method and regex (a full match
// over the decoded path, as cpp-httplib did), static files under mount points,
// and the hooks around them (pre-routing, post-routing, errors, exceptions).
// The router is plain code with no sockets; http::Server calls handle() on a
// worker thread, and finish_error() on an I/O thread for the errors the
// connection layer answers itself (timeouts, limits, framing). So the
// pre/post-routing and error handlers must be quick and must not block.
#pragma once
#include <exception>
#include <functional>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "http/message.hpp"

namespace stepwise::http {

class Router {
public:
    enum class HandlerResponse { Handled, Unhandled };
    using Handler = std::function<void(const Request&, Response&)>;
    using HandlerWithResponse = std::function<HandlerResponse(const Request&, Response&)>;
    using ExceptionHandler = std::function<void(const Request&, Response&, std::exception_ptr)>;
    using Logger = std::function<void(const Request&, const Response&)>;

    Router& Get(const std::string& pattern, Handler handler);
    Router& Post(const std::string& pattern, Handler handler);
    Router& Put(const std::string& pattern, Handler handler);
    Router& Patch(const std::string& pattern, Handler handler);
    Router& Delete(const std::string& pattern, Handler handler);
    Router& Options(const std::string& pattern, Handler handler);

    void set_pre_routing_handler(HandlerWithResponse handler) { pre_routing_ = std::move(handler); }
    void set_post_routing_handler(Handler handler) { post_routing_ = std::move(handler); }
    // Called for every status >= 400 (routes' own errors included; it can
    // leave a body it finds already written).
    void set_error_handler(HandlerWithResponse handler) { error_ = std::move(handler); }
    void set_exception_handler(ExceptionHandler handler) { exception_ = std::move(handler); }
    void set_logger(Logger logger) { logger_ = std::move(logger); }

    // Files under `dir` answer GET and HEAD for paths under `mount`, before any
    // route. False when `dir` is not a directory.
    bool set_mount_point(const std::string& mount, const std::string& dir);
    void set_file_extension_and_mimetype_mapping(const std::string& ext, const std::string& mime);

    // The whole answer to a complete request (routes, files, hooks).
    void handle(Request& req, Response& res) const;
    // An error the connection layer decided (res.status set): the error and
    // post-routing handlers shape it like every other answer.
    void finish_error(const Request& req, Response& res) const;

private:
    struct Route {
        std::regex pattern;
        Handler handler;
    };
    Router& add(const std::string& method, const std::string& pattern, Handler handler);
    bool serve_file(const Request& req, Response& res) const;
    void finish(const Request& req, Response& res) const;

    std::map<std::string, std::vector<Route>> routes_;
    std::vector<std::pair<std::string, std::string>> mounts_;  // url prefix, directory
    std::map<std::string, std::string> mime_;
    HandlerWithResponse pre_routing_, error_;
    Handler post_routing_;
    ExceptionHandler exception_;
    Logger logger_;
};

// The Content-Type for a file name by its extension (application/octet-stream
// when unknown); `extra` overrides the built-in table.
std::string mime_type(const std::string& file, const std::map<std::string, std::string>& extra = {});

// A path below a mount point that may be opened: no "..", NUL or backslash.
bool safe_relative_path(const std::string& path);

}  // namespace stepwise::http
