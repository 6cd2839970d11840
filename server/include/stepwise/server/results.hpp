// What the service answers, as plain values: amounts in minor units (Money),
// times in milliseconds (Time), absent fields as std::nullopt. The HTTP API
// renders each one as JSON (server/src/api_render.hpp); a backend that links
// `stepwise::server` reads the fields directly.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "stepwise/stepwise.hpp"

namespace stepwise::server {

// ---- wallet and its ledger

// Credit with an expiry that is not spent yet (the oldest is spent first).
struct ExpiringCredit {
    std::int64_t transaction_id = 0;
    Money amount = 0;
    Time expires_at = 0;
};

struct Wallet {
    std::string customer_id, currency;
    Money balance = 0;
    Money held = 0;       // held by open credit coupons
    Money available = 0;  // balance - held, never below zero
    bool credit_coupons = false;
    std::int64_t points = 0;
    std::vector<ExpiringCredit> expiring;
};

// One wallet ledger row. `memo` is the merchant's internal note (absent in a shopper's view).
struct LedgerRow {
    std::int64_t id = 0;
    std::string customer_id;
    Time at = 0;
    std::string type, note;
    std::optional<std::string> memo;
    Money amount = 0, balance_after = 0;
    std::string currency, status;
    std::optional<Money> requested;
    std::optional<Time> expires_at;
    std::optional<Money> remaining;
    std::optional<std::string> award_key, program_id, source, order_id;
    std::optional<Money> owed;  // a claw-back the balance could not cover (only when > 0)
};

// For accounting: which side of the ledger an amount is on.
inline const char* ledger_direction(Money amount) { return amount > 0 ? "credit" : amount < 0 ? "debit" : "none"; }

// A page of ledger rows, newest first; `next_before_id` when the page is full.
struct Transactions {
    std::vector<LedgerRow> rows;
    std::optional<std::int64_t> next_before_id;
};

// ---- rewards, choices, notices

// One issued reward record (GET .../rewards, notices, points redemptions).
struct RewardRecord {
    std::int64_t id = 0;
    std::string award_key, program_id, milestone_id, type, state;
    Time issued_at = 0;
    std::optional<std::int64_t> points;
    std::optional<Money> amount;
    std::optional<std::int64_t> percent;
    std::optional<std::string> product_id, code;
    std::optional<std::int64_t> transaction_id;
    std::optional<Time> expires_at, redeemed_at;
    std::optional<Time> earned_at;  // the award's own moment (issued_at: when it was credited)
    std::optional<std::string> name;
};

struct Rewards {
    std::string customer_id;
    std::vector<RewardRecord> rewards;
};

struct RedeemedReward {
    std::int64_t id = 0;
    Time redeemed_at = 0;
};

// An award waiting for the customer to pick `pick` of its options.
struct Choice {
    std::int64_t id = 0;
    std::string award_key, program_id, milestone_id;
    std::int64_t pick = 0;
    std::string options_json;  // the step's reward options, as stored (a JSON array)
    Time created_at = 0;
};

struct Choices {
    std::string customer_id;
    std::vector<Choice> choices;
};

// A reward given by a pick, with its discount code when it has one.
struct PickedReward {
    Reward reward;
    std::string code;
};

struct Picked {
    std::int64_t id = 0;
    std::vector<int> picked;  // option indexes, ascending
    std::vector<PickedReward> rewards;
};

// An unread notice. `rewards`: what its award gave (award, redemption and picked notices).
struct Notice {
    std::int64_t id = 0;
    std::string message;
    Time created_at = 0;
    std::optional<std::string> kind, award_key, program_id, milestone_id;
    std::optional<std::vector<RewardRecord>> rewards;
};

struct Notices {
    std::string customer_id;
    std::vector<Notice> notices;
};

// ---- points (docs/points.md)

// A merchant's redemption option: `points` buy `reward`.
struct PointsOption {
    std::string id, name;
    std::int64_t points = 0;
    Reward reward;
    int expiry_days = 0;  // 0: the reward never expires
    bool active = true;
};

// One points ledger row.
struct PointsMove {
    std::int64_t id = 0;
    Time at = 0;
    std::string type;
    std::int64_t points = 0, balance_after = 0;
    std::string note;
    std::optional<std::int64_t> remaining;
    std::optional<Time> expires_at;
    std::optional<std::string> award_key, redemption_key;
    std::optional<std::int64_t> requested;
};

struct ExpiringPoints {
    std::int64_t points = 0;
    Time expires_at = 0;
};

// An active option as one customer sees it.
struct PointsOffer {
    PointsOption option;
    bool affordable = false;
    std::int64_t missing = 0;  // points still needed
};

struct PointsView {
    std::string customer_id;
    std::int64_t balance = 0;
    std::vector<ExpiringPoints> expiring;  // soonest first, at most 20
    std::vector<PointsMove> history;       // newest first
    std::vector<PointsOffer> options;
    std::optional<std::int64_t> next_before_id;
};

struct PointsRedemption {
    std::string customer_id, key, option;
    std::int64_t points = 0;
    std::string award_key;
    std::optional<RewardRecord> reward;
    std::int64_t balance = 0;  // the points balance now
    Time created_at = 0;
    bool replayed = false;  // a retry of a redemption already made
};

// ---- credit coupons (docs/rewards-at-checkout.md)

struct CreditCoupon {
    std::int64_t id = 0;
    std::string code;
    Money amount = 0;
    std::string currency;
    std::string state;  // pending, active, failed, used, expired, ...
    Time created_at = 0, expires_at = 0;
    std::string idempotency_key;
    std::optional<Time> closed_at;
    std::optional<std::string> order_id;
    std::optional<Money> used_amount;
};

struct CreditCoupons {
    std::string customer_id;
    bool enabled = false;
    std::string currency;
    Money balance = 0, held = 0, available = 0;
    double expiry_days = 0;
    std::vector<CreditCoupon> coupons;  // newest first, at most 100
};

struct CreditCouponRequest {
    CreditCoupon coupon;
    Money available = 0;  // the credit left available after it
    bool replayed = false;
};

// ---- customers, ledger totals, email outbox, jobs (the admin's views)

struct CustomerRecord {
    std::string id;
    std::vector<std::string> roles;
    std::optional<std::string> email, name;
    Money balance = 0;
};

// A page in id order; `next_after` (the last id) when the page is full.
struct CustomerPage {
    std::vector<CustomerRecord> customers;
    std::optional<std::string> next_after;
};

struct UpsertedCustomer {
    CustomerRecord customer;
    std::string currency;
    std::size_t awards_issued = 0;  // awards a change of roles made due
};

// Totals for accounting over the ledger rows a filter selects.
struct LedgerSummary {
    struct ByType {
        std::string type;
        std::int64_t count = 0;
        Money amount = 0;  // credited - debited
    };
    std::string currency;
    std::int64_t transactions = 0;
    std::vector<ByType> by_type;  // by type name
    Money credited = 0, debited = 0;
    Money breakage = 0;                 // expired credit
    Money clawbacks_not_collected = 0;  // owed by claw-backs the balance could not cover
    Money outstanding_now = 0;          // the customers' balances now
    std::optional<Money> outstanding_at_to;
    std::optional<Time> from, to;
    std::optional<std::string> customer_id;
};

struct OutboxEmail {
    std::int64_t id = 0;
    std::string customer_id;
    std::optional<std::string> to;
    std::string subject, body;
    std::optional<std::string> award_key;
    Time created_at = 0;
    std::optional<Time> sent_at;
    std::int64_t attempts = 0;
    std::optional<std::string> last_error;
    std::optional<std::string> reason;  // why the built-in sender does not send it (docs/email.md)
    std::optional<Time> next_attempt_at;
};

struct SentMark {
    std::int64_t id = 0;
    bool sent = false;  // false: a failed attempt was recorded
};

// A recalculation job (recalculate --all, retroactive program changes).
struct JobRecord {
    std::string id, kind;
    std::optional<std::string> program_id;
    std::int64_t processed = 0, total = 0, awards = 0;
    Time started_at = 0, updated_at = 0;
    std::optional<Time> finished_at;
};

// ---- programs and milestones

// A program as listed: its current version and what it has awarded.
struct ProgramSummary {
    std::string id, name;
    ProgramKind kind = ProgramKind::tiers;
    Status status = Status::inactive;
    std::int64_t version = 0;
    std::size_t steps = 0;
    std::int64_t awards_issued = 0;
    Time created_at = 0, updated_at = 0;
    std::optional<Time> deleted_at;
};

// A program saved (created, updated, turned on or off, restored).
struct ProgramSaved {
    ProgramSummary program;
    std::optional<bool> retroactive;      // whether every customer is being evaluated again
    std::optional<Errors> warnings;       // what may not work as meant (JSON Pointers into the document)
    std::optional<std::int64_t> restored_from;  // restore: the version whose content it has
};

struct ProgramVersion {
    std::int64_t version = 0;
    Time created_at = 0;
    // From the stored document (absent when it no longer parses).
    std::optional<std::string> name;
    std::optional<Status> status;
    std::optional<std::size_t> steps;
};

struct ProgramVersions {
    std::string program_id;
    std::int64_t current_version = 0;
    std::vector<ProgramVersion> versions;  // newest first
};

// One change between two versions; `from` and `to` are JSON values as text.
struct ProgramChange {
    std::string pointer, op;  // op: add, remove, replace
    std::optional<std::string> from, to;
};

struct ProgramDiff {
    std::string program_id;
    std::int64_t from = 0, to = 0;
    std::vector<ProgramChange> changes;
};

// A step of a program as the milestone list shows it.
struct Milestone {
    std::string id;
    std::int64_t number = 0;  // counted over every program, so a number names one milestone
    std::string program_id;
    ProgramKind program_kind = ProgramKind::tiers;
    std::string name, description;
    Metric metric = Metric::spend;
    Money reward_amount = 0;  // the step's store credit
    std::vector<Reward> rewards;
    bool repeating = false, active = false;
    std::int64_t target = 0;  // minor units for spend, else a count
    std::optional<int> pick;  // a choice: how many of the rewards the customer picks
};

// ---- connectors (docs/connect-shopify.md, docs/connect-woocommerce.md)

struct DeliveryCounts {
    struct Delivery {
        std::string platform, topic, outcome;
        std::int64_t count = 0;
    };
    struct Counter {
        std::string platform, name;
        std::int64_t count = 0;
    };
    struct Watermark {
        std::string platform;
        Time updated_at = 0, saved_at = 0;  // the newest change reconcile read, and when
    };
    std::vector<Delivery> deliveries;
    std::vector<Counter> counters;
    std::vector<Watermark> reconcile_watermarks;
};

// A stored customer data export, without its data.
struct CustomerExport {
    std::int64_t id = 0;
    std::string platform, customer_id;
    Time created_at = 0;
};

}  // namespace stepwise::server
