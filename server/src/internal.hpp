// Shared by the service's implementation files; not part of the public API.
#pragma once
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "server_json.hpp"
#include "stepwise/server/service.hpp"
#include "read_cache.hpp"
#include "store.hpp"
#include "webhook_outbox_table.hpp"

namespace stepwise::server {

// A stored program, parsed once and cached until programs_rev changes.
struct ProgramEntry {
    std::string id;
    std::int64_t version = 0, position = 0, created_at = 0, updated_at = 0;
    std::optional<std::int64_t> deleted_at;
    Program program;
    std::string doc;            // the engine's program_json (canonical form)
    bool needs_items = false;   // categories or min_order.quantity read order items
    bool active() const { return !deleted_at && program.status == Status::active; }
};

struct ProgramSet {
    std::int64_t rev = -1;
    std::vector<std::shared_ptr<const ProgramEntry>> list;  // by position
    const ProgramEntry* find(const std::string& id) const {
        for (const auto& e : list)
            if (e->id == id) return e.get();
        return nullptr;
    }
    bool any_needs_items() const {
        for (const auto& e : list)
            if (e->active() && e->needs_items) return true;
        return false;
    }
};

struct CustomerRow {
    std::string id;
    std::vector<std::string> roles;
    std::optional<std::string> email, name;
    Money balance = 0;
    std::int64_t rev = 0;
    std::optional<std::int64_t> wake_at;
};

// Manual awards the customer holds, as the engine's `grant` events, so that
// progress shows a hand-awarded step as done (native and WebAssembly alike).
// One award at a time for rows of a wider kind (StoredAward), without copying them.
void append_grant(const AwardRow& award, std::vector<Event>& events);
void append_grants(const std::vector<AwardRow>& awards, std::vector<Event>& events);

// One ledger row to write. `source` says what moved the money: "engine",
// "manual", "choice" (an award's credit), "claw-back", "expiry", "redemption".
struct LedgerEntry {
    std::string customer_id, type, note, memo, award_key, program_id, source = "manual", order_id;
    Money amount = 0;
    std::string status = "posted";
    std::optional<Time> expires_at;
    std::optional<Money> requested, owed;
};

// The most a balance holds, in minor units (1,000,000,000,000.00 in a
// two-decimal currency): balances, and any sum of fewer than 92,000 of them,
// stay inside 64 bits (docs/server.md, "Limits"; Service::wallet_adjust
// bounds each wallet credit at 1% of it).
// The source of ledger rows that record what the shopper did in Shopify's
// store credit account: they came from there and are not mirrored back.
inline constexpr const char* kFromShopifyCredit = "shopify-store-credit";

inline constexpr Money kMaxBalance = 100'000'000'000'000;
// The most points a customer holds (the points ledger's balance): awards
// past it add what fits, so balances and their sums never leave 64 bits.
inline constexpr std::int64_t kMaxPoints = 100'000'000'000'000;

// One reward of an award to issue (Service::Impl::issue_rewards).
struct RewardToIssue {
    const ProgramEntry* entry = nullptr;
    const Step* step = nullptr;
    std::string award_key;
    Reward reward;
    std::optional<Time> expires_at;
    std::string memo, source, order_id;
};

// What it became: `reward` carries what was really credited (store credit
// and points capped by kMaxBalance / kMaxPoints), `not_credited` the rest.
struct IssuedReward {
    Reward reward;
    std::string code;
    std::optional<std::int64_t> ledger_id;
    std::optional<Money> balance_after;  // store credit: the balance after its credit
    std::int64_t not_credited = 0;       // minor units, or points
};

// One points ledger row to write (points_ledger.cpp). `type`: earned, spent,
// expired or reversed; `points` signed; an earned row keeps `remaining`.
struct PointsEntry {
    std::string customer_id, type, note, award_key, program_id, redemption_key;
    std::int64_t points = 0;
    std::optional<std::int64_t> requested;  // what was asked when less moved (cap, reversal)
    std::optional<Time> expires_at;
};

// Redemption rewards are issued under this program id, with award keys
// "@points:OPTION:N" (N counts the customer's redemptions of that option).
// '@' is never in a program id, so no program's key can be one of these.
inline constexpr const char* kPointsProgramId = "@points";

// Redemption options (points_options.cpp; PointsOption is in results.hpp).
// The stored options, by position, without removed ones.
std::vector<PointsOption> load_points_options(Tx& tx, int digits);
// One option by id; `removed` says whether it was taken off the list.
std::optional<PointsOption> load_points_option(Tx& tx, const std::string& id, int digits, bool& removed);
json points_option_json(const PointsOption& o, int digits);

// What issuing awards reads of each customer once (load_facts), kept
// current in memory as a batch credits the wallet.
struct CustomerFact {
    std::optional<std::string> email, name;  // email: absent when empty
    Money balance = 0;
    bool owes = false;  // a claw-back waits for later credit (ledger.owed > 0)
};
using CustomerFacts = std::unordered_map<std::string, CustomerFact>;

// One customer's due awards of one program (Service::Impl::issue_awards takes
// many, of many customers, and writes them in multi-row statements).
struct AwardSet {
    std::string customer_id;
    const ProgramEntry* entry = nullptr;
    const std::vector<Award>* awards = nullptr;
    const Report* report = nullptr;
};

// One customer's rewards to issue (Service::Impl::issue_rewards).
struct RewardGroup {
    std::string customer_id;
    std::vector<RewardToIssue> list;
};

// What evaluating one customer decided (before applying it).
struct CustomerPlan {
    struct ProgramDue {
        const ProgramEntry* entry = nullptr;
        Report report;
        Due due;
    };
    std::vector<ProgramDue> programs;
    std::optional<std::int64_t> wake_at;
};


struct Service::Impl {
    Service& s;
    std::unique_ptr<Store> store;  // declared first: it outlives everything below
    std::shared_ptr<Hooks> hooks;
    Program currency_program;  // carries the store currency for parse_history
    std::string instance_id;   // job leases

    std::mutex programs_m;
    std::shared_ptr<const ProgramSet> programs;
    std::unique_ptr<ReadCache> read_cache;  // progress reads (read_cache.hpp)

    explicit Impl(Service& service) : s(service) {}

    // Request bodies already read as JSON (the API, imports, stored order states).
    std::vector<IncomingEvent> parse_events(const json& body) const;
    OrderState parse_order_state(const std::string& order_id, const json& body) const;
    std::vector<PointsOption> set_points_options(const json& body);

    std::shared_ptr<const ProgramSet> load_programs(Tx& tx);
    void bump_programs_rev(Tx& tx);

    std::optional<CustomerRow> load_customer(Tx& tx, const std::string& id);
    // Creates the customer if missing; sets roles when given. True if roles changed.
    bool ensure_customer(Tx& tx, const std::string& id, const std::optional<std::vector<std::string>>& roles,
                         std::int64_t now);

    // Evaluates (pure: engine calls only) and decides what is due.
    CustomerPlan plan(const ProgramSet& ps, const History& h, const std::vector<AwardRow>& awards, std::int64_t now,
                      const std::optional<std::string>& only_program) const;
    // Applies a plan inside the write transaction (exactly once by award key).
    void apply(Tx& tx, const std::string& customer_id, CustomerPlan& plan, std::int64_t now, IngestOutcome& out);
    // Stores events[idx] (all of customer `cid`, already locked) and issues what
    // becomes due: the one ingestion path (events API, order states, connectors).
    void ingest_customer(Tx& tx, const std::string& cid, const std::vector<IncomingEvent>& events,
                         const std::vector<std::size_t>& idx, std::int64_t now, IngestOutcome& out);
    // Loads, plans and applies for one customer.
    void process_customer(Tx& tx, const std::string& customer_id, std::int64_t now, const std::string& trigger_event,
                          const std::string& trigger_order, bool spend_hook, IngestOutcome& out,
                          const std::optional<std::string>& only_program = std::nullopt);

    void issue_award(Tx& tx, const std::string& customer_id, const ProgramEntry& e, const Award& a,
                     const Report* report, const std::string& source, const std::string& memo, std::int64_t now,
                     IngestOutcome& out);
    // Several awards of one program at once, in multi-row statements.
    void issue_awards(Tx& tx, const std::string& customer_id, const ProgramEntry& e, const std::vector<Award>& awards,
                      const Report* report, const std::string& source, const std::string& memo, std::int64_t now,
                      IngestOutcome& out);
    // The awards of many customers and programs (a recalculation's batch), each
    // table's rows in the order set by set issuing would write them.
    void issue_awards(Tx& tx, const std::vector<AwardSet>& sets, const std::string& source, const std::string& memo,
                      std::int64_t now, IngestOutcome& out);
    // Email, name, balance and whether a claw-back is owed, of each customer (ids locked).
    CustomerFacts load_facts(Tx& tx, const std::vector<std::string>& ids);
    void apply_clawback(Tx& tx, const std::string& customer_id, const ProgramEntry& e, const Clawback& c,
                        std::int64_t now, IngestOutcome& out);
    // Reward records (and the wallet credits of store credit), in list order.
    std::vector<IssuedReward> issue_rewards(Tx& tx, const std::string& customer_id,
                                            const std::vector<RewardToIssue>& list, std::int64_t now);
    // Those of many customers at once (`facts` from load_facts, kept current), one result list per group.
    std::vector<std::vector<IssuedReward>> issue_rewards(Tx& tx, const std::vector<RewardGroup>& groups,
                                                         CustomerFacts& facts, std::int64_t now);
    // The platform jobs that create issued discount codes in the stores
    // (platform_jobs.hpp), added to `jobs` for the caller to insert.
    void queue_codes(const std::string& customer_id, const std::vector<RewardToIssue>& list,
                     const std::vector<IssuedReward>& issued, std::int64_t now, std::vector<db::Params>& jobs);
    IssuedReward issue_reward(Tx& tx, const std::string& customer_id, const RewardToIssue& r, std::int64_t now);
    // Ledger movements, all through insert_ledger. credit/debit keep
    // customers.balance == sum(remaining); a credit first pays what is owed.
    std::int64_t insert_ledger(Tx& tx, const LedgerEntry& entry, Money balance_after, std::int64_t now);
    // The platform jobs that mirror ledger rows into the stores' store credit
    // accounts (platform_credit.hpp), in the rows' transaction.
    void queue_credit_mirror(Tx& tx, const std::vector<std::pair<std::int64_t, const LedgerEntry*>>& rows,
                             std::int64_t now);
    // `entry.amount` becomes what was credited (an award's credit is capped by kMaxBalance).
    std::int64_t credit(Tx& tx, LedgerEntry& entry, std::int64_t now);
    struct Credited {
        std::int64_t id = 0;
        Money amount = 0, balance_after = 0;
    };
    // Award credits of one or many customers, in order: the rows credit() would
    // write, in one balance update per customer and multi-row ledger inserts.
    std::vector<Credited> credit_awards(Tx& tx, std::vector<LedgerEntry>& entries, CustomerFacts& facts,
                                        std::int64_t now);
    void cap_award_credit(LedgerEntry& entry, Money balance_before) const;
    // `entry.amount` is the positive amount taken.
    std::int64_t debit(Tx& tx, LedgerEntry entry, std::optional<std::int64_t> prefer_ledger_id, std::int64_t now);
    // A claw-back the balance cannot cover: recorded as owed, nothing moves.
    std::int64_t record_uncollected(Tx& tx, LedgerEntry entry, std::int64_t now);
    void collect_owed(Tx& tx, const std::string& customer_id, std::int64_t now);
    Money balance(Tx& tx, const std::string& customer_id);

    // Points ledger (points_ledger.cpp): the balance is the last row's balance_after.
    std::int64_t points_balance(Tx& tx, const std::string& customer_id);
    // Appends rows of one customer in one statement, each with its balance after.
    void append_points(Tx& tx, const std::string& customer_id, const std::vector<PointsEntry>& rows, std::int64_t now);
    // Takes up to `amount` from the open earned rows (the award's own first,
    // then the soonest to expire); returns what it took.
    std::int64_t take_points(Tx& tx, const std::string& customer_id, std::int64_t amount,
                             const std::string& prefer_award_key);
    // A claw-back of an award's points: what is left of them, never below zero.
    void reverse_points(Tx& tx, const std::string& customer_id, const std::string& award_key,
                        const std::string& program_id, std::int64_t now);
    // Earned points past their expiry: an `expired` row for what is unspent.
    std::int64_t sweep_points(const std::atomic<bool>* stop);

    // Credit coupons (credit_coupons.cpp). What open coupons hold from the balance.
    Money held_credit(Tx& tx, const std::string& customer_id);
    // An order's state: the credit coupons it used are debited (once), and
    // given back when the order is cancelled or refunded.
    void settle_credit_coupons(Tx& tx, const OrderState& state, std::int64_t now);
    // A Shopify order with --credit-in shopify: a job that reads what the
    // shopper spent of the store credit account (platform_credit_sync.cpp).
    void queue_credit_sync(Tx& tx, const OrderState& state, std::int64_t now);
    // Coupons past their expiry, unused: hold released, deletion queued.
    std::int64_t sweep_credit_coupons(const std::atomic<bool>* stop);

    // kind: award, redemption, choice or picked (the widget words each kind in the shopper's language).
    void add_notice(Tx& tx, const std::string& customer_id, const std::string& award_key, const char* kind,
                    const std::string& message, std::int64_t now);
    // A webhook_outbox row (its columns as enqueue_webhook writes them).
    static webhook_outbox_table::NewWebhook webhook_row(const std::string& event, const std::string& url,
                                                        const json& payload, std::int64_t now);
    void enqueue_webhook(Tx& tx, const std::string& event, const std::string& url, const json& payload,
                         std::int64_t now);
    bool call_should_award(const AwardContext& ctx);
    // The awarded / expired hooks and webhooks, the same on every path (API,
    // command line, jobs, choices).
    // With `batch`, the webhook row is added there for the caller to insert.
    void notify_awarded(Tx& tx, const IssuedAward& award, std::int64_t now,
                        std::vector<webhook_outbox_table::NewWebhook>* batch = nullptr);
    void notify_expired(Tx& tx, const ExpiredReward& expired, std::int64_t now);

    // `not_credited`: what a cap kept back from `r` (minor units or points), said too.
    std::string reward_sentence(const Reward& r, const std::string& code, std::optional<Time> expires_at,
                                std::int64_t not_credited = 0) const;
    std::string money_text(Money m) const;  // "$15.00", "€15.00", "15.00 CHF"
};

// What the rest of server/src reaches inside a Service (the public header
// keeps the database out of sight).
struct ServiceInternals {
    static Service::Impl& impl(Service& s) { return *s.impl_; }
};
inline Service::Impl& impl_of(Service& s) { return ServiceInternals::impl(s); }
inline Store& store_of(Service& s) { return *impl_of(s).store; }

// JSON text given to a public Service method; not JSON is a ServiceError(400).
json json_text(const std::string& text);

// Row <-> typed values.
// A customer as the API lists it: id, name, email, roles, balance.
CustomerRecord customer_record(const CustomerRow& c);
json reward_to_json(const Reward& r, int digits);
// One award: the API's answer and the milestone.awarded webhook's payload (awarding.cpp).
json award_json(const IssuedAward& a, const Service& s);
std::optional<Reward> reward_from_json(const json& j, int digits);
std::string event_type_name(EventType t);
std::vector<std::string> roles_from_json(const std::string& text);
std::string roles_to_json(const std::vector<std::string>& roles);
std::string iso(std::int64_t ms);
std::optional<std::int64_t> opt_iso_value(const db::RowView& r, std::size_t i);

// Ledger type of the debit that takes expired credit back (the breakage).
inline constexpr const char* kCreditExpired = "Credit Expired";

// Customer ids: 1-128 characters of A-Z a-z 0-9 and _ . - @ + : (they appear in URLs and tokens).
bool valid_customer_id(const std::string& id);

// A client's idempotency key (points redemptions, credit coupons): 1-128
// printable ASCII characters without spaces, the same on every retry.
inline constexpr std::size_t kMaxClientKey = 128;
bool client_key_ok(const std::string& key);

// A new discount code, "SW-XXXXX-XXXXX" (no 0/O/1/I), from a secure random source.
std::string random_code();

}  // namespace stepwise::server
