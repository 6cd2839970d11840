// Display data computed once by the engine so that the storefront widget and
// the admin preview draw the same numbers and never do their own math.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "stepwise/evaluate.hpp"

namespace stepwise {

struct ViewItem {
    std::string id, label, description;
    Metric metric = Metric::orders;
    std::string state;         // journey: done/current/locked; tiers: earned/next/upcoming/inactive
    std::int64_t pct_tenths = 0;
    std::string value, target, remaining;  // metric's form: "3" or "312.50"
    const std::vector<Reward>* rewards = nullptr;
    std::optional<int> pick;
    bool repeating = false;
    int times_earned = 0;
    std::optional<Time> completed_at;
};

struct ViewModel {
    std::string program_id, program_name, currency;
    int digits = 2;
    ProgramKind kind = ProgramKind::journey;
    bool eligible = true, ended = false, completed = false;
    std::int64_t overall_pct_tenths = 0;
    std::optional<std::size_t> current;   // journey: active step; tiers: next milestone
    std::vector<ViewItem> items;
};

// `program` must outlive the view model (items point at its rewards).
ViewModel view_model(const Program& program, const Report& report);

}  // namespace stepwise
