// The WebAssembly API: coarse calls, JSON text in, JSON text out, one call per
// evaluation (an Embind crossing costs ~200 ns; a report is one string).
// Success returns exactly what the native CLI prints (without its newline);
// failure returns {"input":"program"|"history"|"cart"|"as_of"|"issued"|"clawed","errors":[...]}.
// Nothing throws: the module keeps working after bad input.
#pragma once
#include <string>

namespace stepwise::wasm {

std::string validate_program(const std::string& program);
std::string evaluate(const std::string& program, const std::string& history, const std::string& as_of);
std::string view_model(const std::string& program, const std::string& history, const std::string& as_of);
std::string project(const std::string& program, const std::string& history, const std::string& as_of,
                    const std::string& cart);
std::string newly_due(const std::string& program, const std::string& history, const std::string& as_of,
                      const std::string& issued_keys, const std::string& clawed_keys);
std::string version();

}  // namespace stepwise::wasm
