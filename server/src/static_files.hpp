// The files of `--web DIR`, served for browsers that come back: the right
// Content-Type, an ETag per representation (If-None-Match -> 304), long-lived
// caching only for content-hashed names, and the precompressed variants a
// build wrote next to a file (file.br, file.gz) chosen by Accept-Encoding.
// Bytes and hashes stay in memory and are reread when a file's mtime or size
// changes, so edits show up without a restart. See docs/server.md, "Static files".
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace stepwise::server {

class StaticFiles {
public:
    explicit StaticFiles(std::string root);

    // Answers a GET or HEAD for req.path below the root (a directory's
    // index.html for ".../"). False when there is no such file (or the path
    // is not a safe one): the caller answers 404.
    bool serve(const http::Request& req, http::Response& res);

    // One encoded form of a file: its bytes and their ETag.
    struct Representation {
        std::string bytes;
        std::string sha256_hex;
    };

private:
    struct Stamp {
        std::int64_t mtime_ns = -1;
        std::int64_t size = -1;
        bool operator==(const Stamp& o) const { return mtime_ns == o.mtime_ns && size == o.size; }
    };
    struct Cached {
        Stamp stamp;
        std::shared_ptr<const Representation> rep;
    };

    // The file's current bytes, from memory when its stamp is unchanged;
    // null when it is not a readable regular file.
    std::shared_ptr<const Representation> load(const std::string& file, Stamp* stamp_out = nullptr);

    std::string root_;
    std::mutex mutex_;
    std::map<std::string, Cached> cache_;
    std::size_t cached_bytes_ = 0;
};

// Which coding to send from those available ("br", "gzip"), for an
// Accept-Encoding value: the highest q above 0, br before gzip on a tie;
// "" for identity. (RFC 9110, 12.5.3: "*" stands for codings not named.)
std::string choose_encoding(std::string_view accept_encoding, bool have_br, bool have_gzip);

// Whether an If-None-Match value names `etag` (weak comparison, or "*").
bool etag_matches(std::string_view if_none_match, std::string_view etag);

// Whether a file name carries its own content hash ("name.<hex>.ext", the
// hex a prefix of the SHA-256 of `content`, at least 8 digits): such a file
// never changes under its name, so it may be cached for a year.
bool content_hashed_name(std::string_view file_name, std::string_view content_sha256_hex);

}  // namespace stepwise::server
