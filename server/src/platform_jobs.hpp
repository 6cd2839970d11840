// The platform outbox (table platform_jobs): work a connected store must do
// because Stepwise issued something, such as creating a reward's discount
// code. A row is written in the transaction that issues the reward, so no
// work is lost; `serve` claims due rows, hands each to its platform's handler
// (platform_codes.hpp) and records what happened: done (with the platform's
// id), again later (backoff, or the platform's Retry-After), or failed (the
// platform refused for good, or retries ran out), visible in
// GET /v1/platform-jobs. Exactly once rests on job_key (UNIQUE) and on each
// handler looking its work up before doing it again.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "server_json.hpp"
#include "db.hpp"
#include "http_client.hpp"

namespace stepwise::server {

class Service;
class Tx;

namespace platform {

using json = nlohmann::json;

// What a job asks of its platform. A customer's store_credit jobs run one at a
// time in the order the ledger wrote them (a claw-back's debit never overtakes
// its credit, and a retry's lookup sees no later movement of theirs).
inline constexpr const char* kDiscountCode = "discount_code";
inline constexpr const char* kStoreCredit = "store_credit";
// A revoked reward's code (claw-back) is switched off in the store.
inline constexpr const char* kDeactivateCode = "code_deactivate";

// Jobs that undo what another made (a code switched off, a coupon deleted):
// the key is the creation's key with the undoing kind, and the job waits while
// that creation is pending (also while it is being sent), so it never looks
// for the work before it exists.
struct UndoKind {
    const char* undo;
    const char* creation;
};
extern const UndoKind kUndoKinds[2];

// INSERT head and tail for Conn::insert_rows (a row from job_row); a job
// already written for its key is left as it is.
extern const char* const kJobInsert;
extern const char* const kJobInsertTail;
db::Params job_row(const std::string& platform, const std::string& kind, const std::string& job_key,
                   const std::string& customer_id, const std::string& award_key, const json& payload, std::int64_t now);

struct Job {
    std::int64_t id = 0, attempts = 0;  // attempts made before this one
    std::string platform, kind, job_key, customer_id, award_key;
    std::string customer_email;  // "" when the customer has none
    json payload;
    // When an earlier attempt was first sent (its claim): the platform may have
    // done the work since, though no answer said so. Unset on the first attempt.
    std::optional<std::int64_t> started_at;
};

struct Outcome {
    enum Kind { done, retry, failed } kind = failed;
    std::string ref;           // done: the platform's id of what it made
    std::string error;         // retry / failed: what went wrong; done: what the merchant should know
    std::int64_t wait_ms = -1; // retry: the platform's Retry-After; -1 = the outbox's backoff
    static Outcome ok(std::string ref, std::string note = "") { return {done, std::move(ref), std::move(note), -1}; }
    static Outcome again(std::string error, std::int64_t wait_ms = -1) { return {retry, "", std::move(error), wait_ms}; }
    static Outcome refused(std::string error) { return {failed, "", std::move(error), -1}; }
};

// What a failed HTTP exchange means: no answer, 429 (Retry-After) and 5xx
// are tried again; 401/403 name the credentials and permission to check;
// other 4xx are final. `who` is "Shopify" or "WooCommerce", `needs` the
// permission, e.g. "an Admin API token with write_discounts".
Outcome http_failure(const std::string& who, const std::string& needs, const outbound::Response& res);

using Handler = std::function<Outcome(const Job&)>;

struct WorkerOptions {
    // By (platform, kind); jobs of others wait.
    std::map<std::pair<std::string, std::string>, Handler> handlers;
    std::int64_t claim_ms = 65000;            // longer than one attempt (its requests' timeouts)
    std::int64_t max_attempts = 12;
};

class Worker {
public:
    Worker(Service& service, WorkerOptions options, const std::atomic<bool>& stop);
    ~Worker();  // lets the job in flight finish
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;
    // One pass over the due jobs; returns how many it finished (done or failed).
    std::int64_t run_due();

private:
    void run();
    Service& service_;
    WorkerOptions o_;
    const std::atomic<bool>& stop_;
    std::mutex m_;
    std::condition_variable cv_;
    std::thread thread_;
};

// GET /v1/platform-jobs: the newest first, of one state ("" = any).
json list_jobs(Service& service, const std::string& state, std::int64_t limit);

// POST /v1/platform-jobs/{id}/retry: a failed job, once its cause is fixed
// (credentials, a permission, the customer's email), is due again now with a
// fresh run of attempts. It keeps counting as tried, so the handler looks its
// work up before doing it again. 404 for no such job, 409 unless failed.
json retry_job(Service& service, std::int64_t id);

}  // namespace platform
}  // namespace stepwise::server
