#include "names.hpp"

#include <array>
#include <utility>

namespace stepwise {

namespace {

// Each table lists the enum's JSON names in enum order.
constexpr std::array<const char*, 2> kKinds{"journey", "tiers"};
constexpr std::array<const char*, 2> kStatuses{"active", "inactive"};
constexpr std::array<const char*, 6> kMetrics{"orders", "spend", "points", "reviews", "referrals", "subscription_cycles"};
constexpr std::array<const char*, 4> kBases{"subtotal", "subtotal_tax", "subtotal_shipping", "total"};
constexpr std::array<const char*, 3> kWindows{"lifetime", "rolling_days", "calendar_months"};
constexpr std::array<const char*, 6> kRewards{"points", "store_credit", "discount_amount", "discount_percent", "free_shipping", "free_gift"};
constexpr std::array<const char*, 8> kEvents{"order",  "order_status",         "refund", "review",
                                             "referral", "points", "subscription_renewal", "grant"};
constexpr std::array<const char*, 3> kStepStates{"completed", "active", "locked"};

template <class Enum, std::size_t N>
std::optional<Enum> lookup(const std::array<const char*, N>& table, std::string_view name) {
    for (std::size_t i = 0; i < N; ++i)
        if (name == table[i]) return static_cast<Enum>(i);
    return std::nullopt;
}

}  // namespace

const char* to_string(ProgramKind v) { return kKinds[static_cast<std::size_t>(v)]; }
const char* to_string(Status v) { return kStatuses[static_cast<std::size_t>(v)]; }
const char* to_string(Metric v) { return kMetrics[static_cast<std::size_t>(v)]; }
const char* to_string(SpendBasis v) { return kBases[static_cast<std::size_t>(v)]; }
const char* to_string(WindowKind v) { return kWindows[static_cast<std::size_t>(v)]; }
const char* to_string(RewardType v) { return kRewards[static_cast<std::size_t>(v)]; }
const char* to_string(EventType v) { return kEvents[static_cast<std::size_t>(v)]; }
const char* to_string(StepState v) { return kStepStates[static_cast<std::size_t>(v)]; }

namespace names {

std::optional<ProgramKind> program_kind(std::string_view s) { return lookup<ProgramKind>(kKinds, s); }
std::optional<Status> status(std::string_view s) { return lookup<Status>(kStatuses, s); }
std::optional<Metric> metric(std::string_view s) { return lookup<Metric>(kMetrics, s); }
std::optional<SpendBasis> spend_basis(std::string_view s) { return lookup<SpendBasis>(kBases, s); }
std::optional<WindowKind> window_kind(std::string_view s) { return lookup<WindowKind>(kWindows, s); }
std::optional<RewardType> reward_type(std::string_view s) { return lookup<RewardType>(kRewards, s); }
std::optional<EventType> event_type(std::string_view s) { return lookup<EventType>(kEvents, s); }

}  // namespace names

std::optional<EventType> event_type_from_string(std::string_view s) { return names::event_type(s); }

namespace names {

const char* allowed_program_kinds() { return "one of \"journey\", \"tiers\""; }
const char* allowed_statuses() { return "one of \"active\", \"inactive\""; }
const char* allowed_metrics() {
    return "one of \"orders\", \"spend\", \"points\", \"reviews\", \"referrals\", \"subscription_cycles\"";
}
const char* allowed_spend_bases() {
    return "one of \"subtotal\", \"subtotal_tax\", \"subtotal_shipping\", \"total\"";
}
const char* allowed_window_kinds() { return "one of \"lifetime\", \"rolling_days\", \"calendar_months\""; }
const char* allowed_reward_types() {
    return "one of \"points\", \"store_credit\", \"discount_amount\", \"discount_percent\", \"free_shipping\", "
           "\"free_gift\"";
}
const char* allowed_event_types() {
    return "one of \"order\", \"order_status\", \"refund\", \"review\", \"referral\", \"points\", "
           "\"subscription_renewal\", \"grant\"";
}

}  // namespace names
}  // namespace stepwise
