// The Embind surface: names only, conversions live in api.cpp.
#include <emscripten/bind.h>

#include "api.hpp"

EMSCRIPTEN_BINDINGS(stepwise) {
    using namespace stepwise::wasm;
    emscripten::function("validateProgram", &validate_program);
    emscripten::function("evaluate", &evaluate);
    emscripten::function("viewModel", &view_model);
    emscripten::function("project", &project);
    emscripten::function("newlyDue", &newly_due);
    emscripten::function("version", &version);
}
