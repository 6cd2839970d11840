// libFuzzer target over what the server does with a request's bytes before
// any database: the HTTP layer's parsing and framing rules (Beast's parser
// with the server's limits, the extra Transfer-Encoding rule, decoding of the
// path and query), pipelined requests, routing by regex, the text rules for
// path and query (UTF-8, no NUL) and, for a body, the event ingestion's JSON
// reading: nlohmann's parser, the text rules over every string, and the
// engine's history parser with the events as POST /v1/events hands them on.
// The input is raw bytes as a client would send them.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "http/framing.hpp"
#include "http/router.hpp"
#include "stepwise/stepwise.hpp"
#include "text.hpp"

namespace {

using json = nlohmann::json;

const stepwise::http::Router& router() {
    static const stepwise::http::Router r = [] {
        stepwise::http::Router rt;
        rt.Get("/v1/customers/([^/]+)/wallet", [](const auto& req, auto& res) { res.set_content(req.matches[1], "text/plain"); });
        rt.Post("/v1/events", [](const auto& req, auto& res) { res.set_content(req.body.substr(0, 16), "text/plain"); });
        rt.set_error_handler([](const auto&, auto& res) {
            res.set_content("error", "text/plain");
            return stepwise::http::Router::HandlerResponse::Handled;
        });
        return rt;
    }();
    return r;
}

const stepwise::Program& currency_program() {
    static const stepwise::Program p = [] {
        auto parsed = stepwise::parse_program(
            R"({"id":"fuzz","name":"Fuzz","kind":"tiers","currency":"USD","steps":[{"id":"a","name":"A","target":"10.00","rewards":[{"type":"store_credit","amount":"1.00"}]}]})");
        return parsed.ok() ? *parsed.value : stepwise::Program{};
    }();
    return p;
}

// Nesting deeper than the API allows (32) is refused before parsing there.
bool too_deep(std::string_view s) {
    int depth = 0;
    bool in_string = false, escape = false;
    for (char c : s) {
        if (in_string) {
            if (escape) escape = false;
            else if (c == '\\') escape = true;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            if (++depth > 32) return true;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return false;
}

void ingest_body(const std::string& body) {
    if (too_deep(body)) return;
    json j = json::parse(body, nullptr, false);
    if (j.is_discarded()) return;
    if (!stepwise::server::json_text_problems(j).empty()) return;
    if (!j.is_object()) return;
    json events = j.contains("events") ? j["events"] : json::array({j});
    if (!events.is_array()) return;
    json history = {{"customer", {{"id", "fuzz"}}}, {"events", json::array()}};
    for (auto& e : events) {
        if (!e.is_object()) continue;
        e.erase("customer_id");
        e.erase("customer_roles");
        history["events"].push_back(e);
    }
    auto parsed = stepwise::parse_history(history.dump(), currency_program());
    if (!parsed.ok()) (void)stepwise::errors_json(parsed.errors);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    stepwise::http::Limits limits;
    limits.max_header_bytes = 4096;  // small limits, so inputs reach them
    limits.max_body_bytes = 16 * 1024;
    for (int n = 0; n < 4 && !input.empty(); ++n) {  // pipelined requests
        auto parsed = stepwise::http::parse_request(input, limits);
        if (!parsed.request) break;
        auto& req = *parsed.request;
        bool text_ok = stepwise::server::text_problem(req.path) == nullptr;
        for (const auto& [k, v] : req.params)
            text_ok = text_ok && !stepwise::server::text_problem(k) && !stepwise::server::text_problem(v);
        stepwise::http::Response res;
        router().handle(req, res);
        if (text_ok && !req.body.empty()) ingest_body(req.body);
        if (parsed.consumed == 0 || parsed.consumed > input.size()) break;
        input.remove_prefix(parsed.consumed);
    }
    return 0;
}
