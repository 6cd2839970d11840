// Errors are values: every public entry point reports problems as a list of
// (JSON Pointer, message) pairs instead of throwing.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stepwise {

struct Error {
    std::string pointer;  // JSON Pointer into the input ("" for the whole document)
    std::string message;  // what is wrong, in plain words
    std::string to_string() const { return (pointer.empty() ? "/" : pointer) + ": " + message; }
};

using Errors = std::vector<Error>;

// `base` + "/" + `key` as a JSON Pointer (RFC 6901: "~" and "/" escaped).
std::string pointer_append(const std::string& base, std::string_view key);

// A value or the list of reasons there is none.
template <class T>
struct Result {
    std::optional<T> value;
    Errors errors;
    bool ok() const { return value.has_value() && errors.empty(); }
};

}  // namespace stepwise
