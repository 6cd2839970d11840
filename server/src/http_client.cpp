#include "http_client.hpp"

#include <curl/curl.h>
#include <strings.h>

#include <memory>
#include <mutex>

namespace stepwise::server::outbound {

namespace {

// curl_global_init is not thread-safe: once per process, before any handle.
void global_init() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Sink {
    Response* res;
    std::size_t max_body;
    bool too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
    auto* sink = static_cast<Sink*>(user);
    const std::size_t len = size * n;
    if (sink->res->body.size() + len > sink->max_body) {
        sink->too_large = true;
        return 0;  // makes curl stop with CURLE_WRITE_ERROR
    }
    sink->res->body.append(data, len);
    return len;
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
    auto* res = static_cast<Response*>(user);
    const std::size_t len = size * n;
    std::string line(data, len);
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
    // A status line starts a new header block (after a redirect or a 100 Continue).
    if (line.rfind("HTTP/", 0) == 0) {
        res->headers.clear();
        return len;
    }
    const auto colon = line.find(':');
    if (colon == std::string::npos) return len;
    std::string value = line.substr(colon + 1);
    const auto first = value.find_first_not_of(" \t");
    value = first == std::string::npos ? "" : value.substr(first);
    res->headers.emplace_back(line.substr(0, colon), value);
    return len;
}

}  // namespace

std::string Response::header(const std::string& name) const {
    for (const auto& [k, v] : headers)
        if (strcasecmp(k.c_str(), name.c_str()) == 0) return v;
    return "";
}

Response send(const Request& req) {
    global_init();
    Response res;
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) {
        res.error = "cannot start an HTTP client (curl_easy_init)";
        return res;
    }
    CURL* h = curl.get();
    Sink sink{&res, req.max_body};
    curl_slist* list = nullptr;
    for (const auto& [k, v] : req.headers) list = curl_slist_append(list, (k + ": " + v).c_str());
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(list, curl_slist_free_all);
    char error[CURL_ERROR_SIZE] = {0};

    curl_easy_setopt(h, CURLOPT_URL, req.url.c_str());
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req.method.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM for DNS timeouts
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, req.connect_timeout_ms);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, req.timeout_ms);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");  // any encoding curl can decode
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &res);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "stepwise-server");
    if (!req.body.empty()) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, req.body.data());
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
    }
    if (!req.user.empty()) {
        curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
        curl_easy_setopt(h, CURLOPT_USERNAME, req.user.c_str());
        curl_easy_setopt(h, CURLOPT_PASSWORD, req.password.c_str());
    }
    const CURLcode rc = curl_easy_perform(h);
    if (rc != CURLE_OK) {
        res.status = 0;
        res.error = sink.too_large ? "answer larger than " + std::to_string(req.max_body) + " bytes"
                                   : std::string(error[0] ? error : curl_easy_strerror(rc));
        return res;
    }
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &res.status);
    return res;
}

std::string url_encode(const std::string& text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
            c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

}  // namespace stepwise::server::outbound
