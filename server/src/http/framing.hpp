// From bytes to a Request: the HTTP/1.1 parser (Boost.Beast's, strict, with
// header and body limits) plus the rules this server adds on where a body
// ends. One place for both, used by http::Server and by the fuzz target.
#pragma once
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace stepwise::http {

using Parser = boost::beast::http::request_parser<boost::beast::http::string_body>;

struct Limits {
    std::size_t max_header_bytes = 16 * 1024;  // request line and fields
    std::size_t max_body_bytes = 1u << 20;     // Content-Length or chunked, alike
};

// What the connection answers instead of routing, and why; the connection is
// always closed after it (the rest of the request is never read).
struct Refusal {
    int status;
    std::string message;
};

// A parser set to the limits.
void configure(Parser& parser, const Limits& limits);

// The answer to a parse error from Beast (431, 413 or 400).
Refusal refusal_for(const boost::system::error_code& ec, const Limits& limits);

// Framing rules on a parsed head that Beast accepts but this server does not:
// a transfer coding other than a single "chunked" (a proxy could read the body
// differently). Beast itself refuses two different Content-Lengths and
// Content-Length with Transfer-Encoding.
std::optional<Refusal> check_head(const Parser& parser);

// The Request of a complete message: path and query decoded once, headers.
// Fails (400) for a target that is not an origin-form path.
std::optional<Refusal> assemble(Parser& parser, Request& out);

// The whole path for bytes in memory (tests and the fuzz target): parse with
// the limits, check, assemble. `consumed` is how much of `bytes` the request
// used (pipelining).
struct Parsed {
    std::optional<Request> request;
    std::optional<Refusal> refusal;  // neither: the bytes are an incomplete request
    std::size_t consumed = 0;
};
Parsed parse_request(std::string_view bytes, const Limits& limits);

}  // namespace stepwise::http
