#include "static_files.hpp"

#include <openssl/evp.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <vector>

#include "http/router.hpp"

namespace stepwise::server {

namespace {

// Files above this are read on every request rather than kept in memory, and
// the cache stops growing at the total (a web directory of a few widget
// builds is far below both).
constexpr std::size_t max_cached_file = 16u << 20;
constexpr std::size_t max_cached_total = 256u << 20;

constexpr const char* cache_immutable = "public, max-age=31536000, immutable";
// Revalidate every time (a 304 when the ETag still matches): the stable
// names (index.html, the widget's entry file) must show a new build at once.
constexpr const char* cache_revalidate = "no-cache";

std::string sha256_hex(const std::string& data) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
    static const char* digits = "0123456789abcdef";
    std::string out;
    out.reserve(len * 2);
    for (unsigned int i = 0; i < len; ++i) {
        out.push_back(digits[md[i] >> 4]);
        out.push_back(digits[md[i] & 15]);
    }
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// "br;q=0.5" -> {"br", 0.5}; q is 1 when absent and -1 when unreadable (the
// item is then ignored).
std::pair<std::string, double> coding_and_q(std::string_view item) {
    const std::size_t semi = item.find(';');
    std::string coding = lower(trim(item.substr(0, semi)));
    double q = 1;
    std::string_view params = semi == std::string_view::npos ? std::string_view() : item.substr(semi + 1);
    while (!params.empty()) {
        const std::size_t next = params.find(';');
        const std::string p = lower(trim(params.substr(0, next)));
        params = next == std::string_view::npos ? std::string_view() : params.substr(next + 1);
        if (p.rfind("q=", 0) != 0) continue;
        char* end = nullptr;
        q = std::strtod(p.c_str() + 2, &end);
        if (end == p.c_str() + 2 || *end != '\0' || q < 0 || q > 1) q = -1;
    }
    return {coding == "x-gzip" ? "gzip" : coding, q};
}

std::string content_type(const std::string& file) {
    std::string type = http::mime_type(file, {{"md", "text/markdown"}});
    if (type.rfind("text/", 0) == 0) type += "; charset=utf-8";
    return type;
}

std::string base_name(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::string choose_encoding(std::string_view accept_encoding, bool have_br, bool have_gzip) {
    double br = -1, gzip = -1, identity = -1, star = -1;
    while (!accept_encoding.empty()) {
        const std::size_t comma = accept_encoding.find(',');
        const auto [coding, q] = coding_and_q(accept_encoding.substr(0, comma));
        accept_encoding = comma == std::string_view::npos ? std::string_view() : accept_encoding.substr(comma + 1);
        if (q < 0) continue;
        double* slot = coding == "br" ? &br : coding == "gzip" ? &gzip : coding == "identity" ? &identity
                                                                        : coding == "*" ? &star : nullptr;
        if (slot) *slot = std::max(*slot, q);
    }
    // Codings not named take "*"'s q. Identity, always the fallback, competes
    // only with the q it is given ("gzip;q=0.5, identity" asks for identity).
    if (br < 0) br = star < 0 ? 0 : star;
    if (gzip < 0) gzip = star < 0 ? 0 : star;
    if (identity < 0) identity = star < 0 ? 0 : star;
    if (!have_br) br = 0;
    if (!have_gzip) gzip = 0;
    const double best = std::max(br, gzip);
    // A compressed form is smaller: it wins ties with identity.
    if (best <= 0 || best < identity) return "";
    return br >= gzip ? "br" : "gzip";
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
    if (trim(if_none_match) == "*") return true;
    auto opaque = [](std::string_view tag) {
        tag = trim(tag);
        if (tag.rfind("W/", 0) == 0) tag.remove_prefix(2);
        return tag;
    };
    const std::string_view mine = opaque(etag);
    std::size_t i = 0;
    while (i < if_none_match.size()) {
        const std::size_t open = if_none_match.find('"', i);
        if (open == std::string_view::npos) break;
        const std::size_t close = if_none_match.find('"', open + 1);
        if (close == std::string_view::npos) break;
        if (if_none_match.substr(open, close - open + 1) == mine) return true;
        i = close + 1;
    }
    return false;
}

bool content_hashed_name(std::string_view file_name, std::string_view content_sha256_hex) {
    // name.<hex>.ext: every dot-separated part but the first and the last may be the hash.
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
        const std::size_t dot = file_name.find('.', start);
        parts.push_back(file_name.substr(start, dot - start));
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    for (std::size_t i = 1; i + 1 < parts.size(); ++i) {
        const std::string_view p = parts[i];
        if (p.size() < 8 || p.size() > content_sha256_hex.size()) continue;
        if (!std::all_of(p.begin(), p.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }))
            continue;
        if (content_sha256_hex.compare(0, p.size(), p) == 0) return true;
    }
    return false;
}

StaticFiles::StaticFiles(std::string root) : root_(std::move(root)) {
    while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
}

std::shared_ptr<const StaticFiles::Representation> StaticFiles::load(const std::string& file, Stamp* stamp_out) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return nullptr;
    const Stamp stamp{static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec,
                      static_cast<std::int64_t>(st.st_size)};
    if (stamp_out) *stamp_out = stamp;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (auto it = cache_.find(file); it != cache_.end() && it->second.stamp == stamp) return it->second.rep;
    }
    // Read and hash outside the lock: other files keep being served meanwhile.
    std::ifstream in(file, std::ios::binary);
    if (!in) return nullptr;
    auto rep = std::make_shared<Representation>();
    rep->bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) return nullptr;
    rep->sha256_hex = sha256_hex(rep->bytes);
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = cache_.find(file);
    if (it != cache_.end()) {
        cached_bytes_ -= it->second.rep->bytes.size();
        cache_.erase(it);
    }
    if (rep->bytes.size() <= max_cached_file && cached_bytes_ + rep->bytes.size() <= max_cached_total) {
        cached_bytes_ += rep->bytes.size();
        cache_.emplace(file, Cached{stamp, rep});
    }
    return rep;
}

bool StaticFiles::serve(const http::Request& req, http::Response& res) {
    if (req.path.empty() || req.path.front() != '/') return false;
    std::string rel = req.path.substr(1);
    if (!http::safe_relative_path(rel)) return false;
    if (rel.empty() || rel.back() == '/') rel += "index.html";
    const std::string file = root_ + "/" + rel;

    Stamp stamp;
    const auto identity = load(file, &stamp);
    if (!identity) return false;
    // A variant older than its file is left over from an earlier build: never sent.
    auto variant = [&](const char* suffix) -> std::shared_ptr<const Representation> {
        Stamp vs;
        auto rep = load(file + suffix, &vs);
        return rep && vs.mtime_ns >= stamp.mtime_ns ? rep : nullptr;
    };
    const auto br = variant(".br");
    const auto gz = variant(".gz");
    const std::string coding = choose_encoding(req.get_header_value("Accept-Encoding"), br != nullptr, gz != nullptr);
    const auto& rep = coding == "br" ? br : coding == "gzip" ? gz : identity;

    // The ETag names the bytes sent: each coding has its own (RFC 9110, 8.8.3).
    const std::string etag = "\"" + rep->sha256_hex.substr(0, 32) + "\"";
    res.set_header("ETag", etag);
    res.set_header("Cache-Control",
                   content_hashed_name(base_name(file), identity->sha256_hex) ? cache_immutable : cache_revalidate);
    res.set_header("Vary", "Accept-Encoding");
    res.set_header("X-Content-Type-Options", "nosniff");
    if (!coding.empty()) res.set_header("Content-Encoding", coding == "br" ? "br" : "gzip");
    res.headers.erase("Content-Type");
    res.set_header("Content-Type", content_type(file));
    if (req.has_header("If-None-Match") && etag_matches(req.get_header_value("If-None-Match"), etag)) {
        res.status = 304;
        return true;
    }
    res.status = 200;
    res.body = rep->bytes;
    return true;
}

}  // namespace stepwise::server
