// The request and response that route handlers see. The member names are the
// ones cpp-httplib used (method, path, headers, params, matches, body, ...), so
// route files only changed their includes when the server moved to Beast.
#pragma once
#include <cstddef>
#include <map>
#include <regex>
#include <string>
#include <string_view>

namespace stepwise::http {

// Header names compare without case (RFC 9110, 5.1).
struct CaseInsensitiveLess {
    bool operator()(const std::string& a, const std::string& b) const;
};

using Headers = std::multimap<std::string, std::string, CaseInsensitiveLess>;
// Query parameters, percent-decoded once; a repeated key keeps its values in order.
using Params = std::multimap<std::string, std::string>;

struct Request {
    std::string method;
    std::string target;  // as sent: path and query, not decoded
    std::string path;    // percent-decoded once
    std::string version = "HTTP/1.1";
    Headers headers;
    Params params;
    std::string body;
    std::smatch matches;  // the route's regex match over `path`
    std::string remote_addr;
    int remote_port = 0;

    bool has_header(const std::string& name) const;
    std::string get_header_value(const std::string& name, std::size_t i = 0) const;
    std::size_t get_header_value_count(const std::string& name) const;
    void set_header(const std::string& name, const std::string& value);
    bool has_param(const std::string& name) const;
    std::string get_param_value(const std::string& name, std::size_t i = 0) const;
    std::size_t get_param_value_count(const std::string& name) const;
};

struct Response {
    int status = -1;  // -1: not set by a handler (the router makes it 200)
    Headers headers;
    std::string body;

    bool has_header(const std::string& name) const;
    std::string get_header_value(const std::string& name, std::size_t i = 0) const;
    void set_header(const std::string& name, const std::string& value);
    void set_content(std::string content, const std::string& content_type);
};

// "%41" -> "A"; a '%' without two hex digits stays as it is. In queries '+'
// is a space (HTML forms), in paths it is a '+'.
std::string percent_decode(std::string_view s, bool plus_is_space);

// "a=1&b=%20&a=2" -> {a:1, a:2, b:" "}.
Params parse_query(std::string_view query);

}  // namespace stepwise::http
