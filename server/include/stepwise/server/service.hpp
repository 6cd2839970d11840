// The awarding service: stores events, programs, awards and the wallet ledger,
// and asks the engine (stepwise::evaluate / newly_due) what is due. It never
// computes progress itself. The HTTP API (api.hpp) and the command line are
// thin layers over this class; a backend can link `stepwise::server` and call
// it directly, with its own Hooks.
#pragma once
#include <atomic>
#include <functional>
#include <iosfwd>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "stepwise/server/hooks.hpp"
#include "stepwise/server/results.hpp"
#include "stepwise/stepwise.hpp"

namespace stepwise::server {

struct ServiceOptions {
    std::string db_url = "sqlite:stepwise.db";  // sqlite:PATH | postgresql://...
    std::string currency = "USD";               // the store's currency: wallet and every program
    std::string store_secret;                   // signs webhooks (and customer tokens, in the API)
    std::string wallet_url;                     // link in reward emails
    bool notify_email = true;                   // write reward emails to the outbox
    // Optional webhooks (empty = off). should_award is called synchronously
    // inside the awarding transaction; the others go through a durable outbox.
    std::string webhook_should_award, webhook_awarded, webhook_clawed_back, webhook_spend_recalculated,
        webhook_expired;
    int should_award_timeout_ms = 2000;
    bool should_award_on_error = true;  // award when the should_award webhook fails
    // The webhooks belong to the store, not to one process: `serve` saves its
    // webhook options in the database (true), and every other command (recalculate,
    // award, sweep) runs with the saved ones (false), so no path skips a hook.
    bool save_webhook_settings = false;
    // Platforms ("shopify", "woocommerce") in which discount rewards become
    // real codes (platform_jobs.hpp): saved by `serve`, read by every other
    // command as the webhooks are, so every path queues the same work.
    std::vector<std::string> code_platforms;
    // Platforms ("shopify") whose store credit accounts mirror every wallet
    // movement but expiry (platform_credit.hpp); saved and read the same way.
    std::vector<std::string> credit_platforms;
    // Days a wallet-credit coupon stays usable before its hold is released
    // (credit coupons need "woocommerce" in code_platforms).
    double credit_coupon_days = 30;
    std::size_t max_batch = 256;        // SQLite group commit
    std::size_t pool_size = 16;         // PostgreSQL connections
    bool migrate = true;
    // Customers whose loaded history and awards progress reads keep in memory
    // (checked against the customer's version on every read); 0 = off.
    std::size_t read_cache_customers = 10000;
};

// A 4xx the caller should see: status and the engine-style error list.
struct ServiceError : std::runtime_error {
    int status;
    Errors errors;
    ServiceError(int status_, Errors errors_)
        : std::runtime_error(errors_.empty() ? "error" : errors_.front().to_string()), status(status_),
          errors(std::move(errors_)) {}
    ServiceError(int status_, std::string pointer, std::string message)
        : ServiceError(status_, Errors{{std::move(pointer), std::move(message)}}) {}
    // A version conflict (409 on a program edit): the version stored now.
    std::optional<std::int64_t> current_version;
};

// A program's stored document (the engine's canonical JSON) and its version.
struct ProgramDoc {
    std::string doc;
    std::int64_t version = 0;
};

struct IncomingEvent {
    std::string customer_id;
    std::optional<std::vector<std::string>> roles;  // replaces the customer's roles when given
    Event event;                                     // validated by the engine's codec
    std::string items_json;                          // the order's items as sent ("" when none)
};

// An order's whole current state, as a platform reports it (PUT /v1/orders/{id},
// the connectors). The server stores it and records only the difference as events.
struct OrderRefund {
    std::string id;
    Time at = 0;
    Money amount = 0;                              // money given back
    std::optional<Money> subtotal, tax, shipping;  // its split, when the platform says
};

struct OrderState {
    std::string order_id, customer_id, status;
    Time placed_at = 0, updated_at = 0;
    Money subtotal = 0, tax = 0, shipping = 0, total = 0, wallet_paid = 0;
    std::vector<Item> items;
    std::vector<OrderRefund> refunds;
    std::vector<std::string> codes;  // discount codes the order used (connectors): their rewards become redeemed
    // What codes[i] took off the order (WooCommerce: discount + discount_tax);
    // shorter than codes when the platform does not say.
    std::vector<Money> code_discounts;
    std::string referral_code;       // the referral code it carries (connectors: a cart attribute, order meta)
};

// A movement the shopper made in the platform's own store credit account:
// credit spent at its checkout (amount < 0) or given back by a refund or
// cancellation (amount > 0), in minor units; `id` is the platform's
// transaction id, recorded once.
struct PlatformCreditMove {
    std::string id, event;
    Money amount = 0;
};

struct IngestOutcome {
    struct Status {
        std::string customer_id, event_id, status;  // "accepted" | "duplicate"
    };
    std::vector<Status> events;
    std::vector<IssuedAward> awards;
    std::vector<AppliedClawback> clawbacks;
};

// A platform's webhook delivery, recorded so that a redelivery is answered at once.
struct WebhookDelivery {
    std::string platform, id, topic, outcome = "processed";
};

struct OrderOutcome {
    std::string order_id;
    // "created", "updated", "unchanged" (nothing new), "stale" (older than what is
    // stored: nothing changes), "waiting" (a refund for an order not seen yet).
    std::string result;
    std::vector<std::string> event_ids;  // the events recorded, deterministic ids
    IngestOutcome ingest;
};

struct RecalcStats {
    std::int64_t customers = 0, total = 0, awards = 0, clawbacks = 0;
    bool finished = false, resumed = false;
};

struct RecalcOptions {
    std::string job_id = "recalculate-all";
    bool restart = false;                  // ignore a saved checkpoint
    std::optional<std::string> program_id; // only this program (retroactive jobs)
    std::size_t chunk = 0;                 // customers per transaction (0 = store default)
    unsigned threads = 0;                  // evaluation threads (0 = hardware)
    std::size_t max_chunks = 0;            // stop after this many chunks (0 = run to the end)
};

struct TransactionFilter {
    std::optional<std::string> type;
    std::optional<Time> from, to;
    std::optional<std::string> customer_id;
    std::int64_t limit = 100;
    std::optional<std::int64_t> before_id;  // paging: rows with id < before_id
    bool shopper_view = false;              // a customer's own token: no internal memos
};

class Service {
public:
    explicit Service(ServiceOptions options);
    ~Service();
    Service(const Service&) = delete;
    Service& operator=(const Service&) = delete;

    void set_hooks(std::shared_ptr<Hooks> hooks);
    const ServiceOptions& options() const { return o_; }
    const std::string& currency() const { return o_.currency; }
    int digits() const { return digits_; }
    std::string money(Money m) const { return format_money(m, digits_); }

    // ---- events
    // Turns a request body (JSON text: one event, or {"events":[...]}) into
    // validated events; problems come back as ServiceError (400 when it is not
    // JSON, 422 with JSON Pointers).
    std::vector<IncomingEvent> parse_events(const std::string& body) const;
    // Stores the events (duplicates by customer + event id are ignored) and,
    // in the same transaction, re-evaluates each customer who got a new event
    // and issues what the engine says is newly due.
    IngestOutcome ingest(std::vector<IncomingEvent> events);
    // Bulk load of historical events (NDJSON, one event per line, same shape as
    // POST /v1/events) without evaluation; run recalculate --all afterwards.
    std::int64_t import_events(std::istream& in, const std::function<void(std::int64_t)>& progress);

    // ---- orders as platforms report them (order_state.cpp)
    // Reads a PUT /v1/orders/{id} body (errors: ServiceError 422 with pointers).
    OrderState parse_order_state(const std::string& order_id, const std::string& body) const;
    // Compares with the stored state and records the difference as events
    // (the first state an `order`, a status change an `order_status`, changed
    // amounts an edit, each new refund a `refund`), then evaluates, in one transaction.
    // `delivery`: the platform's webhook delivery, recorded in the same transaction.
    OrderOutcome put_order_state(OrderState state, const WebhookDelivery* delivery = nullptr);
    // Remembers the referral code a customer was shown, so that orders carrying it count for them.
    void remember_referral_code(const std::string& customer_id, const std::string& code);
    // A refund reported on its own (Shopify refunds/create): added to its order's
    // state, or kept until the order arrives.
    OrderOutcome add_order_refund(const std::string& order_id, const OrderRefund& refund,
                                  const WebhookDelivery* delivery = nullptr);
    // Webhook deliveries by the platform's delivery id (connectors.cpp).
    bool delivery_seen(const std::string& platform, const std::string& delivery_id);
    void record_delivery(const std::string& platform, const std::string& delivery_id, const std::string& topic,
                         const std::string& outcome);
    DeliveryCounts delivery_counts();
    // A platform's privacy erasure: name, email, order lines and email bodies go;
    // amounts stay for accounting, under the opaque customer id.
    void redact_customer(const std::string& customer_id);
    // ---- connectors, issue 11 (connectors.cpp)
    // Shopify shop/redact: every customer's personal data (as redact_customer), and every export.
    std::int64_t redact_all_customers();
    // A data request (Shopify customers/data_request): the customer's record, events,
    // awards, ledger rows and rewards as they are now, stored for the admin to fetch.
    // `request`: the platform's request as JSON text, kept in the export.
    CustomerExport create_customer_export(const std::string& platform, const std::string& customer_id,
                                          const std::string& request);
    std::vector<CustomerExport> customer_exports();            // newest first, without the data
    std::optional<std::string> customer_export(std::int64_t id);  // the whole export (JSON), if any
    // Adds `n` to a connector's failure counter (shown by delivery_counts).
    void count_connector_event(const std::string& platform, const std::string& name, std::int64_t n = 1);

    // ---- programs
    std::vector<ProgramSummary> list_programs(bool include_deleted = false);
    std::optional<ProgramDoc> program_doc(const std::string& id, bool only_active);
    // A program without "status" is created inactive; "retroactive": true in the
    // document works as the `retroactive` argument. Answers carry "warnings"
    // (order statuses no connector sends).
    ProgramSaved create_program(const std::string& doc, bool retroactive);
    // `if_version`: the version the caller edited; another stored now is a 409
    // (ServiceError::current_version says which), so no edit is lost silently.
    ProgramSaved update_program(const std::string& id, const std::string& doc, bool retroactive,
                                std::optional<std::int64_t> if_version = std::nullopt);
    ProgramSaved set_program_status(const std::string& id, bool active, bool retroactive);
    void delete_program(const std::string& id);
    // Every stored version, newest first; one version's document; the changes
    // between two versions (JSON Pointers); a new version with an old one's content.
    ProgramVersions program_versions(const std::string& id);
    std::string program_version_doc(const std::string& id, std::int64_t version);
    ProgramDiff program_diff(const std::string& id, std::int64_t from, std::optional<std::int64_t> to);
    ProgramSaved restore_program_version(const std::string& id, std::int64_t version,
                                         std::optional<std::int64_t> if_version = std::nullopt);
    // `shopper_view`: only active milestones of active programs (customer tokens).
    std::vector<Milestone> milestones(const std::optional<std::string>& program_id, bool shopper_view = false);

    // ---- customers
    UpsertedCustomer upsert_customer(const std::string& id, const std::optional<std::vector<std::string>>& roles,
                                     const std::optional<std::string>& email, const std::optional<std::string>& name);
    // The engine's report for one program (compact JSON, the contract's shape),
    // with transaction ids added to earned milestones. `kind` picks the default
    // program when `program_id` is absent.
    std::string progress(const std::string& customer_id, const std::optional<std::string>& program_id,
                         std::optional<ProgramKind> kind, std::optional<Time> as_of, bool shopper_view = false);
    std::string all_progress(const std::string& customer_id, std::optional<Time> as_of);
    // What the storefront widget draws, decided by this engine (compact JSON):
    // {"program_id", "as_of", "view_model", "report"}, the engine's view model
    // and report of the customer's history, byte for byte what the WebAssembly
    // engine gives for the program document and /history at that time. As of
    // `as_of`, else this server's clock (the one awards are decided by).
    // `shopper_view`: active programs only, like program_doc.
    std::string view(const std::string& customer_id, const std::string& program_id, std::optional<Time> as_of,
                     bool shopper_view = false);
    std::string history_json(const std::string& customer_id);
    IssuedAward manual_award(const std::string& customer_id, const std::optional<std::string>& program_id,
                             const std::string& step_id, const std::string& note, const std::string& source);

    // ---- wallet, rewards, choices, notices, email outbox
    Wallet wallet(const std::string& customer_id);
    Transactions transactions(const TransactionFilter& filter);
    // A merchant's credit (optionally expiring, e.g. a goodwill credit for a week) or debit.
    LedgerRow wallet_adjust(const std::string& customer_id, const std::string& type, const std::string& amount,
                            const std::string& note, std::optional<Time> expires_at = std::nullopt);
    void ledger_csv(const TransactionFilter& filter, std::ostream& out);
    // Totals for accounting over the rows the filter selects (limit and
    // paging ignored): per type, credited, debited, breakage (expired credit),
    // claw-backs not collected; and the liability now (customers' balances).
    LedgerSummary ledger_summary(const TransactionFilter& filter);
    // Points that buy something (docs/points.md): the merchant's options,
    // a customer's balance and history, and redeeming an option exactly once
    // per client key (201 the first time, `replayed` after).
    std::vector<PointsOption> points_options();
    // `body`: JSON text {"options": [...]}; the whole list is replaced.
    std::vector<PointsOption> set_points_options(const std::string& body);
    PointsView points(const std::string& customer_id, std::int64_t limit, std::optional<std::int64_t> before_id);
    PointsRedemption redeem_points(const std::string& customer_id, const std::string& option_id, const std::string& key);
    // Wallet credit as one-time WooCommerce coupons (credit_coupons.hpp): a
    // customer's coupons with their states and the available credit, and a
    // new coupon of `amount` minor units held from it, once per client key.
    CreditCoupons credit_coupons(const std::string& customer_id);
    CreditCouponRequest request_credit_coupon(const std::string& customer_id, Money amount, const std::string& key);
    bool credit_coupons_on() const;
    // A guest order (no customer): only the credit coupons it used are settled.
    void settle_guest_coupons(const OrderState& state);
    // What the shopper spent of (or got back into) the Shopify store credit
    // account, as wallet ledger rows, each transaction once
    // (platform_credit_sync.cpp); returns what it did, for the job's record.
    std::string record_platform_credit(const std::string& customer_id, const std::vector<PlatformCreditMove>& moves);
    Rewards rewards(const std::string& customer_id);
    RedeemedReward redeem_reward(const std::string& customer_id, std::int64_t reward_id);
    Choices choices(const std::string& customer_id);
    Picked pick(const std::string& customer_id, std::int64_t choice_id, const std::vector<int>& picks);
    Notices notices(const std::string& customer_id);
    // Marks notices read; returns how many were unread.
    std::int64_t ack_notices(const std::string& customer_id, const std::vector<std::int64_t>& ids);
    std::vector<OutboxEmail> outbox(bool pending_only, std::int64_t limit);
    SentMark mark_sent(std::int64_t id, const std::optional<std::string>& error);
    std::vector<JobRecord> jobs();
    // Customers in id order after `after` (a page of at most `limit`), for the
    // admin list and the demo store's sign-in menu.
    // `prefix` (optional) keeps the customers whose id, name or email starts with it.
    CustomerPage customers(const std::string& after, std::int64_t limit, const std::string& prefix = "");
    // One customer as listed there, if there is such a customer.
    std::optional<CustomerRecord> customer(const std::string& id);

    // ---- recalculation and background work
    RecalcStats recalculate_customer(const std::string& customer_id);
    // Every customer, in id order, in checkpointed chunks: interrupt (stop flag,
    // or kill -9) and run again to resume; award keys make it exactly-once.
    RecalcStats recalculate_all(const RecalcOptions& options,
                                const std::function<void(const RecalcStats&)>& progress,
                                const std::atomic<bool>* stop);
    // Expires store credit and rewards past their expiry, re-evaluates customers
    // whose pending orders are now due, and runs retroactive jobs. Returns work done.
    std::int64_t tick(const std::atomic<bool>* stop = nullptr);
    // Sends webhook outbox rows that are due; returns how many were delivered.
    std::int64_t deliver_webhooks();
    // True when any webhook URL is set (given, or saved by `serve`).
    bool has_webhooks() const;

    // Internal, used by the implementation files (server/src/internal.hpp):
    // the database and everything else the service keeps.
    struct Impl;

private:
    friend struct ServiceInternals;
    void sync_webhook_settings();
    ServiceOptions o_;
    int digits_ = 2;
    std::unique_ptr<Impl> impl_;
};

}  // namespace stepwise::server
