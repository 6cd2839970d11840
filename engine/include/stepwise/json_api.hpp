// JSON text in, JSON text out: the one pipeline that every binding calls (the
// command line, WebAssembly, the admin preview). Each call parses its inputs
// with the engine's codec, evaluates, and returns the result document or the
// input that failed with every problem under its JSON Pointer. Nothing
// throws, so a binding stays usable after bad input.
#pragma once
#include <string>
#include <string_view>

#include "stepwise/error.hpp"

namespace stepwise::json_api {

struct Reply {
    std::string json;  // the result document, when ok()
    // When it failed: "program", "history", "cart", "as_of", "issued" or "clawed".
    std::string input;
    Errors errors;
    bool ok() const { return input.empty(); }
    // {"input":"history","errors":[{"pointer":...,"message":...}]}
    std::string failure_json() const;
};

// as_of: an RFC 3339 UTC time ("2026-06-01T00:00:00Z"). Award key lists
// (issued, clawed): a JSON array of non-empty strings; "" means none.
Reply validate_program(std::string_view program);
Reply evaluate(std::string_view program, std::string_view history, std::string_view as_of);
Reply view_model(std::string_view program, std::string_view history, std::string_view as_of);
Reply project(std::string_view program, std::string_view history, std::string_view as_of, std::string_view cart);
Reply newly_due(std::string_view program, std::string_view history, std::string_view as_of,
                std::string_view issued_keys, std::string_view clawed_keys);

}  // namespace stepwise::json_api
