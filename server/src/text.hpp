// Text from a request must be something both databases store byte for byte:
// valid UTF-8 without NUL. PostgreSQL refuses invalid UTF-8 and would cut a
// string at NUL (two event ids "e\0a" and "e\0b" would become one), SQLite
// keeps both; so such text is refused at the door, the same on both.
#pragma once
#include <string>
#include <string_view>

#include "server_json.hpp"
#include "stepwise/server/service.hpp"

namespace stepwise::server {

// Why `s` cannot be stored ("must be valid UTF-8", "must not contain NUL"),
// or nullptr when it can.
const char* text_problem(std::string_view s);

// `s` with each byte that is not part of valid UTF-8 replaced by U+FFFD, for
// messages that quote input (an error body must itself be valid JSON).
std::string printable_utf8(std::string_view s);

// Every string in `j`, values and member names, checked with text_problem;
// each problem comes back with its JSON Pointer (under `pointer`). At most
// `max` problems.
Errors json_text_problems(const json& j, const std::string& pointer = "", std::size_t max = 20);

}  // namespace stepwise::server
