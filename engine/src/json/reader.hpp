// Reading JSON values (a Document from nlohmann's SAX parser) into typed
// fields while collecting errors with their JSON Pointers. Nothing here throws:
// every access checks the type first, which also keeps the WebAssembly build
// (-fno-exceptions) safe.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "document.hpp"
#include "stepwise/error.hpp"
#include "stepwise/money.hpp"
#include "stepwise/time.hpp"

namespace stepwise::detail {

using Json = Node;

// Appends one reference token to a JSON Pointer, escaping '~' and '/'.
std::string pointer_to(const std::string& base, std::string_view key);
std::string pointer_to(const std::string& base, std::size_t index);

// Refuses text that is too large, too deep, or not JSON; otherwise parses it.
std::optional<Document> parse_document(std::string_view text, Errors& errors);

class Reader {
public:
    explicit Reader(Errors& errors) : errors_(errors) {}

    void error(const std::string& pointer, std::string message) { errors_.push_back({pointer, std::move(message)}); }

    // True if `value` is an object; reports every key not in `allowed`.
    bool object(const Json& value, const std::string& at, std::initializer_list<std::string_view> allowed);
    bool array(const Json& value, const std::string& at);

    // Field readers: return nullopt when absent (reported if `required`) or wrong.
    const Json* field(const Json& obj, std::string_view key, const std::string& at, bool required);
    std::optional<std::string> string(const Json& obj, std::string_view key, const std::string& at, bool required,
                                      bool non_empty = true);
    std::optional<bool> boolean(const Json& obj, std::string_view key, const std::string& at);
    std::optional<std::int64_t> integer(const Json& obj, std::string_view key, const std::string& at, bool required,
                                        std::int64_t lo, std::int64_t hi);
    std::optional<Money> money(const Json& obj, std::string_view key, const std::string& at, bool required, int digits);
    std::optional<Time> time(const Json& obj, std::string_view key, const std::string& at, bool required);
    std::optional<std::vector<std::string>> strings(const Json& obj, std::string_view key, const std::string& at);

    // Value-level readers (the pointer names the value itself).
    std::optional<std::int64_t> integer_value(const Json& v, const std::string& at, std::int64_t lo, std::int64_t hi);
    std::optional<Money> money_value(const Json& v, const std::string& at, int digits);

private:
    Errors& errors_;
};

}  // namespace stepwise::detail
