#include "stepwise/json_api.hpp"

#include <optional>
#include <set>

#include "stepwise/stepwise.hpp"

namespace stepwise::json_api {

namespace {

Reply failed(const char* input, Errors errors) {
    Reply r;
    r.input = input;
    r.errors = std::move(errors);
    return r;
}

Reply done(std::string json) {
    Reply r;
    r.json = std::move(json);
    return r;
}

struct Loaded {
    Program program;
    History history;
    Time as_of = 0;
};

// The three inputs every evaluation shares; on failure `error` is the reply.
// Out of line: inlined into each call it would cost the WebAssembly module
// several kilobytes.
[[gnu::noinline]] std::optional<Loaded> load(std::string_view program, std::string_view history,
                                             std::string_view as_of, Reply& error) {
    auto p = parse_program(program);
    if (!p.ok()) {
        error = failed("program", std::move(p.errors));
        return std::nullopt;
    }
    auto t = parse_as_of(as_of);
    if (!t.ok()) {
        error = failed("as_of", std::move(t.errors));
        return std::nullopt;
    }
    auto h = parse_history(history, *p.value);
    if (!h.ok()) {
        error = failed("history", std::move(h.errors));
        return std::nullopt;
    }
    return Loaded{std::move(*p.value), std::move(*h.value), *t.value};
}

// A JSON array of award keys, read as strictly as the history codec reads a
// customer's roles (non-empty strings), by wrapping it as one.
std::optional<std::set<std::string>> keys(const char* input, std::string_view text, Reply& error) {
    std::set<std::string> out;
    if (text.empty()) return out;
    Program any;
    std::string wrapped = "{\"customer\":{\"id\":\"k\",\"roles\":";
    wrapped.append(text).append("},\"events\":[]}");
    auto h = parse_history(wrapped, any);
    if (!h.ok()) {
        error = failed(input, {{"", "must be a JSON array of non-empty award keys"}});
        return std::nullopt;
    }
    out.insert(h.value->customer.roles.begin(), h.value->customer.roles.end());
    return out;
}

}  // namespace

std::string Reply::failure_json() const {
    // errors_json is {"errors":[...]}; the input that failed goes first.
    return std::string("{\"input\":\"") + input + "\"," + errors_json(errors).substr(1);
}

Reply validate_program(std::string_view program) {
    auto p = parse_program(program);
    if (!p.ok()) return failed("program", std::move(p.errors));
    return done(program_json(*p.value));
}

Reply evaluate(std::string_view program, std::string_view history, std::string_view as_of) {
    Reply error;
    auto l = load(program, history, as_of, error);
    if (!l) return error;
    return done(report_json(l->program, stepwise::evaluate(l->program, l->history, l->as_of)));
}

Reply view_model(std::string_view program, std::string_view history, std::string_view as_of) {
    Reply error;
    auto l = load(program, history, as_of, error);
    if (!l) return error;
    Report r = stepwise::evaluate(l->program, l->history, l->as_of);
    return done(view_model_json(stepwise::view_model(l->program, r)));
}

Reply project(std::string_view program, std::string_view history, std::string_view as_of, std::string_view cart) {
    Reply error;
    auto l = load(program, history, as_of, error);
    if (!l) return error;
    auto c = parse_cart(cart, l->program);
    if (!c.ok()) return failed("cart", std::move(c.errors));
    return done(projection_json(l->program, stepwise::project(l->program, l->history, l->as_of, *c.value)));
}

Reply newly_due(std::string_view program, std::string_view history, std::string_view as_of,
                std::string_view issued_keys, std::string_view clawed_keys) {
    Reply error;
    auto l = load(program, history, as_of, error);
    if (!l) return error;
    auto issued = keys("issued", issued_keys, error);
    if (!issued) return error;
    auto clawed = keys("clawed", clawed_keys, error);
    if (!clawed) return error;
    Report r = stepwise::evaluate(l->program, l->history, l->as_of);
    return done(due_json(l->program, stepwise::newly_due(r, *issued, *clawed)));
}

}  // namespace stepwise::json_api
