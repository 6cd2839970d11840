// The loyalty program as typed data: a sequential journey or a set of spend tiers.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "stepwise/error.hpp"
#include "stepwise/money.hpp"
#include "stepwise/time.hpp"
#include "stepwise/tz.hpp"

namespace stepwise {

enum class ProgramKind { journey, tiers };
enum class Status { active, inactive };
enum class Metric { orders, spend, points, reviews, referrals, subscription_cycles };
enum class SpendBasis { subtotal, subtotal_tax, subtotal_shipping, total };
enum class WindowKind { lifetime, rolling_days, calendar_months };
enum class RewardType { points, store_credit, discount_amount, discount_percent, free_shipping, free_gift };

inline constexpr std::size_t kMaxGiftName = 200;  // bytes of a free gift's display name

struct Reward {
    RewardType type = RewardType::points;
    std::int64_t points = 0;  // points
    Money amount = 0;         // store_credit, discount_amount (minor units)
    int percent = 0;          // discount_percent, 1-100
    std::string product_id;   // free_gift
    std::string name;         // free_gift: what the shopper is told they get; "" = the product id
};

struct Step {
    std::string id, name, description;
    Metric metric = Metric::orders;
    std::int64_t target = 0;         // a count, or minor units for spend
    std::vector<Reward> rewards;
    std::optional<int> pick;         // customer picks N of `rewards`; none = grant all
    bool repeating = false;          // tiers only
    Status status = Status::active;
};

struct Window {
    WindowKind kind = WindowKind::lifetime;
    int days = 0;    // rolling_days
    int months = 0;  // calendar_months
};

struct MinOrder {
    Money amount = 0;           // on the spend basis, before refunds
    std::int64_t quantity = 0;  // total item quantity; 0 = no requirement
};

// Which reviews count (both off by default: every review counts).
struct ReviewRules {
    bool require_purchase = false;  // only after an earlier order with an item whose sku is the product_id
    bool one_per_product = false;   // only the first review of each product
};

struct Rules {
    std::vector<std::string> order_statuses{"completed"};
    SpendBasis spend_basis = SpendBasis::subtotal;
    bool exclude_wallet_paid = true;
    Window window;
    std::vector<std::string> categories, roles;
    std::optional<MinOrder> min_order;
    int refund_hold_days = 0;
    bool clawback_on_refund = false;
    int reward_expiry_days = 0;
    ReviewRules reviews;
};

struct Program {
    std::string id, name;
    ProgramKind kind = ProgramKind::journey;
    Status status = Status::active;
    std::optional<Time> starts_at, ends_at;
    std::string currency = "USD";
    TzRule timezone;  // defaults to "UTC0"
    Rules rules;
    std::vector<Step> steps;

    int digits() const { return currency_digits(currency); }
};

// Limits that keep every computation bounded and inside int64.
constexpr std::size_t kMaxSteps = 100;
constexpr std::size_t kMaxIdLength = 64;

// Checks a program built in C++ against the contract (the JSON codec runs the
// same checks); pointers name the fields as they appear in the JSON form.
Errors validate(const Program& program);
// The checks validate(Program) makes of each of its rewards, under `at`.
Errors validate(const Reward& reward, const std::string& at = "");

const char* to_string(ProgramKind);
const char* to_string(Status);
const char* to_string(Metric);
const char* to_string(SpendBasis);
const char* to_string(WindowKind);
const char* to_string(RewardType);

}  // namespace stepwise
