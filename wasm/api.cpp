// Each call is the engine's JSON pipeline (stepwise/json_api.hpp), its reply
// as one string: the result, or the failure document.
#include "api.hpp"

#include "stepwise/json_api.hpp"

namespace stepwise::wasm {

namespace {

std::string text(const json_api::Reply& r) { return r.ok() ? r.json : r.failure_json(); }

}  // namespace

std::string validate_program(const std::string& program) {
    json_api::Reply r = json_api::validate_program(program);
    return r.ok() ? "{\"ok\":true,\"program\":" + r.json + "}" : r.failure_json();
}

std::string evaluate(const std::string& program, const std::string& history, const std::string& as_of) {
    return text(json_api::evaluate(program, history, as_of));
}

std::string view_model(const std::string& program, const std::string& history, const std::string& as_of) {
    return text(json_api::view_model(program, history, as_of));
}

std::string project(const std::string& program, const std::string& history, const std::string& as_of,
                    const std::string& cart) {
    return text(json_api::project(program, history, as_of, cart));
}

std::string newly_due(const std::string& program, const std::string& history, const std::string& as_of,
                      const std::string& issued_keys, const std::string& clawed_keys) {
    return text(json_api::newly_due(program, history, as_of, issued_keys, clawed_keys));
}

std::string version() { return "0.1.0"; }

}  // namespace stepwise::wasm
