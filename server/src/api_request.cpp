// Reading requests: bodies, their fields and query parameters, each problem a
// 4xx with the pointer or parameter it concerns (api_request.hpp).
#include "api_request.hpp"

#include <charconv>
#include <climits>

#include "api_errors.hpp"
#include "internal.hpp"
#include "text.hpp"

namespace stepwise::server::api {

void send_json(Response& res, int status, const std::string& body) {
    res.status = status;
    res.set_content(body, "application/json");
}

void send_errors(Response& res, int status, const Errors& errors) {
    send_json(res, status, error_body(errors));
}

void send_error(Response& res, int status, const std::string& pointer, const std::string& message) {
    send_errors(res, status, Errors{{pointer, message}});
}

void bad(int status, const std::string& pointer, const std::string& message) {
    throw BadRequest{status, Errors{{pointer, message}}};
}

json parse_body(const Request& req, bool allow_empty) {
    const std::string ct = req.get_header_value("Content-Type");
    // JSON is read whatever the Content-Type says (curl -d sends a form type),
    // except multipart uploads, which are surely not JSON.
    if (ct.rfind("multipart/", 0) == 0) bad(415, "", "Content-Type must be application/json");
    if (req.body.empty() || req.body.find_first_not_of(" \t\r\n") == std::string::npos) {
        if (allow_empty) return json::object();
        bad(400, "", "request body is empty; expected JSON");
    }
    if (json_nesting_depth(req.body) > kMaxJsonDepth)
        bad(400, "", "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    try {
        json body = json::parse(req.body);
        // The parser has refused invalid UTF-8 already; \u0000 it accepts.
        if (Errors why = json_text_problems(body); !why.empty()) throw BadRequest{422, std::move(why)};
        return body;
    } catch (const json::parse_error& e) {
        std::string what = e.what();
        auto p = what.find("parse error");
        bad(400, "", "invalid JSON: " + (p == std::string::npos ? what : what.substr(p)));
    } catch (const json::exception& e) {  // e.g. a number too large for a double
        std::string what = e.what();
        auto p = what.find("] ");
        bad(400, "", "invalid JSON: " + (p == std::string::npos ? what : what.substr(p + 2)));
    }
}

Fields::Fields(const json& j, std::initializer_list<const char*> allowed) : j_(j) {
    if (!j.is_object()) bad(422, "", "must be a JSON object");
    for (auto it = j.begin(); it != j.end(); ++it) {
        bool ok = false;
        for (const char* a : allowed)
            if (it.key() == a) ok = true;
        if (!ok) errors_.push_back({"/" + it.key(), "unknown field"});
    }
}
std::optional<std::string> Fields::str(const char* key, bool required, std::size_t max) {
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) {
        if (required) errors_.push_back({std::string("/") + key, "is required"});
        return std::nullopt;
    }
    if (!it->is_string()) {
        errors_.push_back({std::string("/") + key, "must be a string"});
        return std::nullopt;
    }
    if (it->get_ref<const std::string&>().size() > max) {
        errors_.push_back({std::string("/") + key, "must be at most " + std::to_string(max) + " characters"});
        return std::nullopt;
    }
    return it->get<std::string>();
}
// A JSON integer (not 25.0, not "25"), as money in minor units is sent.
std::optional<std::int64_t> Fields::integer(const char* key, bool required) {
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) {
        if (required) errors_.push_back({std::string("/") + key, "is required"});
        return std::nullopt;
    }
    if (!it->is_number_integer() || (it->is_number_unsigned() && it->get<std::uint64_t>() > INT64_MAX)) {
        errors_.push_back({std::string("/") + key, "must be an integer"});
        return std::nullopt;
    }
    return it->get<std::int64_t>();
}
std::optional<bool> Fields::boolean(const char* key) {
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return std::nullopt;
    if (!it->is_boolean()) {
        errors_.push_back({std::string("/") + key, "must be true or false"});
        return std::nullopt;
    }
    return it->get<bool>();
}
std::optional<std::vector<std::string>> Fields::strings(const char* key) {
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return std::nullopt;
    if (!it->is_array()) {
        errors_.push_back({std::string("/") + key, "must be an array of strings"});
        return std::nullopt;
    }
    std::vector<std::string> out;
    for (std::size_t i = 0; i < it->size(); ++i) {
        if (!(*it)[i].is_string())
            errors_.push_back({std::string("/") + key + "/" + std::to_string(i), "must be a string"});
        else
            out.push_back((*it)[i].get<std::string>());
    }
    return out;
}
std::optional<std::vector<std::int64_t>> Fields::integers(const char* key, bool required, std::size_t max_items) {
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) {
        if (required) errors_.push_back({std::string("/") + key, "is required"});
        return std::nullopt;
    }
    if (!it->is_array()) {
        errors_.push_back({std::string("/") + key, "must be an array of integers"});
        return std::nullopt;
    }
    if (it->size() > max_items) {
        errors_.push_back({std::string("/") + key, "at most " + std::to_string(max_items) + " items"});
        return std::nullopt;
    }
    std::vector<std::int64_t> out;
    for (std::size_t i = 0; i < it->size(); ++i) {
        const json& v = (*it)[i];
        if (!v.is_number_integer() || v.get<std::int64_t>() < 0 || v.get<std::int64_t>() > (1LL << 53))
            errors_.push_back({std::string("/") + key + "/" + std::to_string(i), "must be a non-negative integer"});
        else
            out.push_back(v.get<std::int64_t>());
    }
    return out;
}
void Fields::done() {
    if (!errors_.empty()) throw BadRequest{422, errors_};
}

std::optional<Time> time_param(const Request& req, const char* name) {
    if (!req.has_param(name)) return std::nullopt;
    auto t = parse_time(req.get_param_value(name));
    if (!t) bad(400, "", std::string("query parameter ") + name + ": must be a UTC time like 2026-03-15T10:22:00Z");
    return t;
}

std::optional<std::string> str_param(const Request& req, const char* name) {
    if (!req.has_param(name)) return std::nullopt;
    std::string v = req.get_param_value(name);
    if (v.empty() || v.size() > 200)
        bad(400, "", std::string("query parameter ") + name + ": must be 1-200 characters");
    return v;
}

bool bool_param(const Request& req, const char* name) {
    if (!req.has_param(name)) return false;
    std::string v = req.get_param_value(name);
    if (v == "true" || v == "1" || v.empty()) return true;
    if (v == "false" || v == "0") return false;
    bad(400, "", std::string("query parameter ") + name + ": must be true or false");
}

std::int64_t int_param(const Request& req, const char* name, std::int64_t def, std::int64_t lo, std::int64_t hi) {
    if (!req.has_param(name)) return def;
    const std::string v = req.get_param_value(name);
    std::int64_t out = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec != std::errc() || p != v.data() + v.size() || out < lo || out > hi)
        bad(400, "",
            std::string("query parameter ") + name + ": must be an integer from " + std::to_string(lo) + " to " +
                std::to_string(hi));
    return out;
}

std::int64_t path_int(const std::string& text) {
    std::int64_t out = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (ec != std::errc() || p != text.data() + text.size()) bad(404, "", "not found");
    return out;
}

// The version a client edits, from `If-Match: "3"` (the ETag of GET /v1/programs/{id});
// none (or `*`) means "whatever is stored".
std::optional<std::int64_t> if_match(const Request& req) {
    if (!req.has_header("If-Match")) return std::nullopt;
    std::string v = req.get_header_value("If-Match");
    if (v == "*") return std::nullopt;
    if (v.rfind("W/", 0) == 0) v = v.substr(2);
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    std::int64_t out = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec != std::errc() || p != v.data() + v.size() || out < 1)
        bad(400, "", "If-Match: must be a program version as GET gives it in ETag, e.g. \"3\"");
    return out;
}

}  // namespace stepwise::server::api
