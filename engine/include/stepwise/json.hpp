// The JSON codec around the typed engine (nlohmann/json inside, strings at the
// edge). Parsing never throws: every problem comes back with its JSON Pointer.
#pragma once
#include <string>
#include <string_view>

#include "stepwise/evaluate.hpp"
#include "stepwise/view_model.hpp"

namespace stepwise {

// Documents deeper than this or larger than kMaxDocumentBytes are refused
// before parsing, so hostile input cannot exhaust the stack or memory.
constexpr int kMaxJsonDepth = 32;
constexpr std::size_t kMaxDocumentBytes = 64u << 20;
// How deeply the text's arrays and objects nest (outside strings), counting
// stops past `limit`: the check above, for other JSON readers (the server's).
int json_nesting_depth(std::string_view text, int limit = kMaxJsonDepth);

Result<Program> parse_program(std::string_view json);
// The history needs the program for its currency (minor-unit digits).
Result<History> parse_history(std::string_view json, const Program& program);
Result<Cart> parse_cart(std::string_view json, const Program& program);
Result<Time> parse_as_of(std::string_view text);
// One reward on its own, in the program's shape (a manual award, a points
// option, a stored grant), read and checked as in a program; `digits` are the
// currency's. reward_json writes it back as a program does.
Result<Reward> parse_reward(std::string_view json, int digits);
std::string reward_json(const Reward& reward, int digits);

// Serializers produce compact JSON with a fixed key order: identical bytes on
// every platform. Money is printed as decimal strings, percentages from tenths.
std::string report_json(const Program& program, const Report& report);
std::string projection_json(const Program& program, const Projection& projection);
std::string due_json(const Program& program, const Due& due);
std::string view_model_json(const ViewModel& view);
std::string errors_json(const Errors& errors);
std::string program_json(const Program& program);

}  // namespace stepwise
