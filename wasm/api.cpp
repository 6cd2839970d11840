#include "api.hpp"

#include <optional>
#include <set>

#include "stepwise/stepwise.hpp"

namespace stepwise::wasm {

namespace {

[[gnu::noinline]] std::string failure(const char* input, const Errors& errors) {
    // errors_json is {"errors":[...]}; prefix the input that failed.
    return std::string("{\"input\":\"") + input + "\"," + errors_json(errors).substr(1);
}

struct Loaded {
    Program program;
    History history;
    Time as_of = 0;
};

// Parses the three inputs every call shares; on failure `error` holds the reply.
// Kept out of line: inlined into each entry point it would cost the module
// several kilobytes.
[[gnu::noinline]] std::optional<Loaded> load(const std::string& program, const std::string& history, const std::string& as_of,
                           std::string& error) {
    auto p = parse_program(program);
    if (!p.ok()) {
        error = failure("program", p.errors);
        return std::nullopt;
    }
    auto t = parse_as_of(as_of);
    if (!t.ok()) {
        error = failure("as_of", t.errors);
        return std::nullopt;
    }
    auto h = parse_history(history, *p.value);
    if (!h.ok()) {
        error = failure("history", h.errors);
        return std::nullopt;
    }
    return Loaded{std::move(*p.value), std::move(*h.value), *t.value};
}

// A JSON array of award keys, read with the engine's own parser.
std::optional<std::set<std::string>> keys(const std::string& text, std::string& error) {
    std::set<std::string> out;
    if (text.empty()) return out;
    // Reuse the history codec's strictness by wrapping the keys as roles.
    Program any;
    auto h = parse_history("{\"customer\":{\"id\":\"k\",\"roles\":" + text + "},\"events\":[]}", any);
    if (!h.ok()) {
        error = failure("keys", {{"", "must be a JSON array of non-empty award keys"}});
        return std::nullopt;
    }
    out.insert(h.value->customer.roles.begin(), h.value->customer.roles.end());
    return out;
}

}  // namespace

std::string validate_program(const std::string& program) {
    auto p = parse_program(program);
    if (!p.ok()) return failure("program", p.errors);
    return "{\"ok\":true,\"program\":" + program_json(*p.value) + "}";
}

std::string evaluate(const std::string& program, const std::string& history, const std::string& as_of) {
    std::string error;
    auto l = load(program, history, as_of, error);
    if (!l) return error;
    return report_json(l->program, stepwise::evaluate(l->program, l->history, l->as_of));
}

std::string view_model(const std::string& program, const std::string& history, const std::string& as_of) {
    std::string error;
    auto l = load(program, history, as_of, error);
    if (!l) return error;
    Report r = stepwise::evaluate(l->program, l->history, l->as_of);
    return view_model_json(stepwise::view_model(l->program, r));
}

std::string project(const std::string& program, const std::string& history, const std::string& as_of,
                    const std::string& cart) {
    std::string error;
    auto l = load(program, history, as_of, error);
    if (!l) return error;
    auto c = parse_cart(cart, l->program);
    if (!c.ok()) return failure("cart", c.errors);
    return projection_json(l->program, stepwise::project(l->program, l->history, l->as_of, *c.value));
}

std::string newly_due(const std::string& program, const std::string& history, const std::string& as_of,
                      const std::string& issued_keys, const std::string& clawed_keys) {
    std::string error;
    auto l = load(program, history, as_of, error);
    if (!l) return error;
    auto issued = keys(issued_keys, error);
    if (!issued) return error;
    auto clawed = keys(clawed_keys, error);
    if (!clawed) return error;
    Report r = stepwise::evaluate(l->program, l->history, l->as_of);
    return due_json(l->program, stepwise::newly_due(r, *issued, *clawed));
}

std::string version() { return "0.1.0"; }

}  // namespace stepwise::wasm
