// Helpers for building programs and histories in tests.
#pragma once
#include <string>

#include "stepwise/stepwise.hpp"

namespace test {

inline stepwise::Program program(const std::string& json) {
    auto r = stepwise::parse_program(json);
    if (!r.ok()) throw std::runtime_error("bad test program: " + r.errors.front().to_string());
    return *r.value;
}

inline stepwise::History history(const std::string& json, const stepwise::Program& p) {
    auto r = stepwise::parse_history(json, p);
    if (!r.ok()) throw std::runtime_error("bad test history: " + r.errors.front().to_string());
    return *r.value;
}

inline stepwise::Time at(const char* text) { return *stepwise::parse_time(text); }

}  // namespace test
