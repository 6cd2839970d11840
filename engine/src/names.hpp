// Enum <-> JSON name tables, shared by the codec and the report writer.
#pragma once
#include <optional>
#include <string_view>

#include "stepwise/history.hpp"
#include "stepwise/program.hpp"
#include "stepwise/report.hpp"

namespace stepwise::names {

std::optional<ProgramKind> program_kind(std::string_view);
std::optional<Status> status(std::string_view);
std::optional<Metric> metric(std::string_view);
std::optional<SpendBasis> spend_basis(std::string_view);
std::optional<WindowKind> window_kind(std::string_view);
std::optional<RewardType> reward_type(std::string_view);
std::optional<EventType> event_type(std::string_view);

// "a", "b" or "c": the list of allowed names for error messages.
const char* allowed_program_kinds();
const char* allowed_statuses();
const char* allowed_metrics();
const char* allowed_spend_bases();
const char* allowed_window_kinds();
const char* allowed_reward_types();
const char* allowed_event_types();

}  // namespace stepwise::names
