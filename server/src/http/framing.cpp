#include "http/framing.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>

namespace stepwise::http {

namespace bhttp = boost::beast::http;

void configure(Parser& parser, const Limits& limits) {
    parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
    parser.body_limit(limits.max_body_bytes);
}

Refusal refusal_for(const boost::system::error_code& ec, const Limits& limits) {
    if (ec == bhttp::error::header_limit)
        return {431, "request head too large (limit " + std::to_string(limits.max_header_bytes / 1024) + " KiB)"};
    if (ec == bhttp::error::body_limit)
        return {413, "request body too large (limit " + std::to_string(limits.max_body_bytes >> 20) + " MiB)"};
    if (ec == bhttp::error::multiple_content_length) return {400, "conflicting Content-Length headers"};
    if (ec == bhttp::error::bad_content_length)
        return {400, "Content-Length must be one number of bytes, without Transfer-Encoding"};
    if (ec == bhttp::error::bad_transfer_encoding)
        return {400, "Transfer-Encoding: only chunked is supported, once, without Content-Length"};
    if (ec == bhttp::error::bad_chunk || ec == bhttp::error::bad_chunk_extension)
        return {400, "bad chunked body: " + ec.message()};
    return {400, "bad request: " + ec.message()};
}

std::optional<Refusal> check_head(const Parser& parser) {
    const auto& h = parser.get();
    std::size_t codings = 0;
    for (const auto& f : h) {
        if (f.name() != bhttp::field::transfer_encoding) continue;
        ++codings;
        if (!boost::beast::iequals(f.value(), "chunked"))
            return Refusal{400, "Transfer-Encoding: only chunked is supported, once, without Content-Length"};
    }
    if (codings > 1) return Refusal{400, "Transfer-Encoding: only chunked is supported, once, without Content-Length"};
    return std::nullopt;
}

std::optional<Refusal> assemble(Parser& parser, Request& out) {
    auto& m = parser.get();
    out.method = std::string(m.method_string());
    out.target = std::string(m.target());
    out.version = m.version() == 10 ? "HTTP/1.0" : "HTTP/1.1";
    for (const auto& f : m) out.headers.emplace(std::string(f.name_string()), std::string(f.value()));
    if (out.target.empty() || out.target.front() != '/') return Refusal{400, "the request target must be a path"};
    const std::size_t q = out.target.find('?');
    out.path = percent_decode(std::string_view(out.target).substr(0, q), false);
    if (q != std::string::npos) out.params = parse_query(std::string_view(out.target).substr(q + 1));
    out.body = std::move(m.body());
    return std::nullopt;
}

Parsed parse_request(std::string_view bytes, const Limits& limits) {
    Parsed out;
    Parser parser;
    configure(parser, limits);
    parser.eager(true);
    boost::system::error_code ec;
    bool head_checked = false;
    while (!parser.is_done()) {
        const std::size_t n = parser.put(boost::asio::buffer(bytes.data() + out.consumed, bytes.size() - out.consumed), ec);
        out.consumed += n;
        if (ec == bhttp::error::need_more) return out;
        if (ec) {
            out.refusal = refusal_for(ec, limits);
            return out;
        }
        if (parser.is_header_done() && !head_checked) {
            head_checked = true;
            if ((out.refusal = check_head(parser))) return out;
        }
        if (n == 0 && !parser.is_done()) return out;
    }
    Request req;
    if ((out.refusal = assemble(parser, req))) return out;
    out.request = std::move(req);
    return out;
}

}  // namespace stepwise::http
