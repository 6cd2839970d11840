#include "http/router.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>

namespace stepwise::http {

namespace {

const std::map<std::string, std::string>& builtin_mime() {
    static const std::map<std::string, std::string> m{
        {"css", "text/css"},          {"csv", "text/csv"},          {"txt", "text/plain"},
        {"html", "text/html"},        {"htm", "text/html"},         {"js", "text/javascript"},
        {"mjs", "text/javascript"},   {"json", "application/json"}, {"xml", "application/xml"},
        {"wasm", "application/wasm"}, {"pdf", "application/pdf"},   {"zip", "application/zip"},
        {"gz", "application/gzip"},   {"png", "image/png"},         {"jpg", "image/jpeg"},
        {"jpeg", "image/jpeg"},       {"gif", "image/gif"},         {"svg", "image/svg+xml"},
        {"webp", "image/webp"},       {"avif", "image/avif"},       {"ico", "image/x-icon"},
        {"woff", "font/woff"},        {"woff2", "font/woff2"},      {"ttf", "font/ttf"},
        {"otf", "font/otf"},          {"map", "application/json"},  {"webmanifest", "application/manifest+json"},
    };
    return m;
}

bool is_regular_file(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool is_directory(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace

std::string mime_type(const std::string& file, const std::map<std::string, std::string>& extra) {
    const std::size_t dot = file.rfind('.');
    const std::size_t slash = file.rfind('/');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "application/octet-stream";
    std::string ext = file.substr(dot + 1);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (auto it = extra.find(ext); it != extra.end()) return it->second;
    if (auto it = builtin_mime().find(ext); it != builtin_mime().end()) return it->second;
    return "application/octet-stream";
}

bool safe_relative_path(const std::string& path) {
    if (path.find('\0') != std::string::npos || path.find('\\') != std::string::npos) return false;
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t end = std::min(path.find('/', start), path.size());
        if (path.compare(start, end - start, "..") == 0) return false;
        start = end + 1;
    }
    return true;
}

Router& Router::add(const std::string& method, const std::string& pattern, Handler handler) {
    routes_[method].push_back(Route{std::regex(pattern), std::move(handler)});
    return *this;
}

Router& Router::Get(const std::string& p, Handler h) { return add("GET", p, std::move(h)); }
Router& Router::Post(const std::string& p, Handler h) { return add("POST", p, std::move(h)); }
Router& Router::Put(const std::string& p, Handler h) { return add("PUT", p, std::move(h)); }
Router& Router::Patch(const std::string& p, Handler h) { return add("PATCH", p, std::move(h)); }
Router& Router::Delete(const std::string& p, Handler h) { return add("DELETE", p, std::move(h)); }
Router& Router::Options(const std::string& p, Handler h) { return add("OPTIONS", p, std::move(h)); }

bool Router::set_mount_point(const std::string& mount, const std::string& dir) {
    if (!is_directory(dir)) return false;
    std::string prefix = mount;
    if (prefix.empty() || prefix.back() != '/') prefix += '/';
    std::string base = dir;
    if (!base.empty() && base.back() == '/') base.pop_back();
    mounts_.emplace_back(prefix, base);
    return true;
}

void Router::set_file_extension_and_mimetype_mapping(const std::string& ext, const std::string& mime) {
    mime_[ext] = mime;
}

bool Router::serve_file(const Request& req, Response& res) const {
    for (const auto& [prefix, dir] : mounts_) {
        if (req.path.compare(0, prefix.size(), prefix) != 0) continue;
        std::string rel = req.path.substr(prefix.size());
        if (!safe_relative_path(rel)) return false;
        if (rel.empty() || rel.back() == '/') rel += "index.html";
        const std::string file = dir + "/" + rel;
        if (!is_regular_file(file)) continue;
        std::ifstream in(file, std::ios::binary);
        if (!in) continue;
        std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        res.status = 200;
        res.set_content(std::move(data), mime_type(file, mime_));
        return true;
    }
    return false;
}

void Router::handle(Request& req, Response& res) const {
    try {
        if (pre_routing_ && pre_routing_(req, res) == HandlerResponse::Handled) return finish(req, res);
        const bool head = req.method == "HEAD";
        if ((req.method == "GET" || head) && serve_file(req, res)) return finish(req, res);
        const auto table = routes_.find(head ? "GET" : req.method);
        bool matched = false;
        if (table != routes_.end()) {
            for (const Route& r : table->second) {
                if (!std::regex_match(req.path, req.matches, r.pattern)) continue;
                matched = true;
                r.handler(req, res);
                break;
            }
        }
        if (!matched) res.status = 404;
    } catch (...) {
        res = Response{};
        res.status = 500;
        if (exception_) {
            try {
                exception_(req, res, std::current_exception());
            } catch (...) {
                res.status = 500;
            }
        }
    }
    finish(req, res);
}

void Router::finish_error(const Request& req, Response& res) const { finish(req, res); }

void Router::finish(const Request& req, Response& res) const {
    try {
        if (res.status == -1) res.status = 200;
        if (res.status >= 400 && error_) error_(req, res);
        if (post_routing_) post_routing_(req, res);
        if (logger_) logger_(req, res);
    } catch (...) {
        res.status = 500;
    }
}

}  // namespace stepwise::http
