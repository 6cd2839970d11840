#include "http/message.hpp"

#include <strings.h>

namespace stepwise::http {

bool CaseInsensitiveLess::operator()(const std::string& a, const std::string& b) const {
    return strcasecmp(a.c_str(), b.c_str()) < 0;
}

namespace {

template <class Map>
std::string nth_value(const Map& m, const std::string& key, std::size_t i) {
    auto range = m.equal_range(key);
    for (auto it = range.first; it != range.second; ++it, --i)
        if (i == 0) return it->second;
    return "";
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

bool Request::has_header(const std::string& name) const { return headers.count(name) > 0; }
std::string Request::get_header_value(const std::string& name, std::size_t i) const { return nth_value(headers, name, i); }
std::size_t Request::get_header_value_count(const std::string& name) const { return headers.count(name); }
void Request::set_header(const std::string& name, const std::string& value) { headers.emplace(name, value); }
bool Request::has_param(const std::string& name) const { return params.count(name) > 0; }
std::string Request::get_param_value(const std::string& name, std::size_t i) const { return nth_value(params, name, i); }
std::size_t Request::get_param_value_count(const std::string& name) const { return params.count(name); }

bool Response::has_header(const std::string& name) const { return headers.count(name) > 0; }
std::string Response::get_header_value(const std::string& name, std::size_t i) const { return nth_value(headers, name, i); }
void Response::set_header(const std::string& name, const std::string& value) { headers.emplace(name, value); }
void Response::set_content(std::string content, const std::string& content_type) {
    body = std::move(content);
    headers.erase("Content-Type");
    headers.emplace("Content-Type", content_type);
}

std::string percent_decode(std::string_view s, bool plus_is_space) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '%' && i + 2 < s.size()) {
            const int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out.push_back(static_cast<char>(hi * 16 + lo));
                i += 2;
                continue;
            }
        }
        out.push_back(plus_is_space && c == '+' ? ' ' : c);
    }
    return out;
}

Params parse_query(std::string_view query) {
    Params out;
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (pair.empty()) continue;
        const std::size_t eq = pair.find('=');
        std::string key = percent_decode(pair.substr(0, eq), true);
        std::string value = eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1), true);
        out.emplace(std::move(key), std::move(value));
    }
    return out;
}

}  // namespace stepwise::http
