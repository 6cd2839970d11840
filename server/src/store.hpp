// Transactions over either database, with the concurrency model each needs.
//
// SQLite has one writer. Store::write hands the work to a single writer
// thread that groups every job waiting in its queue into one transaction (each
// job in its own SAVEPOINT, so one failing job does not undo the others) and
// commits once: one fsync for many events, which is where throughput comes
// from with synchronous=FULL. Callers return only after that commit.
//
// PostgreSQL runs each job in its own transaction on a pooled connection;
// jobs that touch a customer take pg_advisory_xact_lock on it first (Tx::
// lock_customer), which serializes one customer's updates across threads and
// across server processes. Deadlocks and serialization failures are retried.
//
// Reads run in read-only snapshot transactions on pooled connections.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "db.hpp"

namespace stepwise::server {

// Wall clock in milliseconds since the epoch.
std::int64_t now_ms();

class Tx {
public:
    Tx(db::Conn& conn, bool write) : c(conn), write(write) {}
    db::Conn& c;
    const bool write;

    db::Dialect dialect() const { return c.dialect(); }
    bool pg() const { return c.dialect() == db::Dialect::postgres; }

    // Serializes work on one customer (PostgreSQL: transaction-scoped advisory
    // lock; SQLite: the single writer already does). Lock several customers in
    // sorted order to avoid deadlocks.
    void lock_customer(const std::string& customer_id);

    // Ends a write job: every customer it locked gets `rev` + 1, the version a
    // cached read snapshot is checked against (read_cache.hpp). Called by the
    // store before it commits the job.
    void bump_locked();
    std::vector<std::string> locked;

    // Runs after the transaction commits (never if it rolls back).
    void after_commit(std::function<void()> fn) { callbacks.push_back(std::move(fn)); }
    std::vector<std::function<void()>> callbacks;
};

struct StoreOptions {
    std::size_t max_batch = 256;     // SQLite group commit: jobs per transaction
    std::size_t pool_size = 16;      // PostgreSQL connections per process
    int busy_timeout_ms = 30000;     // SQLite
    bool migrate = true;
    int migrate_to = 0;              // 0: the newest version; else stop there (`migrate --to`)
};

class Store {
public:
    virtual ~Store() = default;
    // "sqlite:PATH" (or a plain path), "postgresql://..." / "postgres://...".
    static std::unique_ptr<Store> open(const std::string& url, const StoreOptions& options = {});

    virtual db::Dialect dialect() const = 0;
    virtual std::string describe() const = 0;

    // Runs `fn` in a write transaction and returns once it is durable. `fn`
    // may run more than once (retries), so it must keep its side effects inside
    // the transaction (use Tx::after_commit for the rest).
    template <class F>
    auto write(F&& fn) {
        using R = decltype(fn(std::declval<Tx&>()));
        if constexpr (std::is_void_v<R>) {
            run_write([&](Tx& t) { fn(t); });
        } else {
            std::optional<R> out;
            run_write([&](Tx& t) { out = fn(t); });
            return std::move(*out);
        }
    }
    // A read-only snapshot.
    template <class F>
    auto read(F&& fn) {
        using R = decltype(fn(std::declval<Tx&>()));
        if constexpr (std::is_void_v<R>) {
            run_read([&](Tx& t) { fn(t); });
        } else {
            std::optional<R> out;
            run_read([&](Tx& t) { out = fn(t); });
            return std::move(*out);
        }
    }
    // Runs `fn` in its own transaction on a dedicated connection, bypassing
    // group commit (bulk jobs: import, recalculate).
    template <class F>
    auto bulk(F&& fn) {
        using R = decltype(fn(std::declval<Tx&>()));
        if constexpr (std::is_void_v<R>) {
            run_bulk([&](Tx& t) { fn(t); });
        } else {
            std::optional<R> out;
            run_bulk([&](Tx& t) { out = fn(t); });
            return std::move(*out);
        }
    }

protected:
    virtual void run_write(const std::function<void(Tx&)>& fn) = 0;
    virtual void run_read(const std::function<void(Tx&)>& fn) = 0;
    virtual void run_bulk(const std::function<void(Tx&)>& fn) = 0;
};

// Applies the schema migrations this build knows, or those up to `up_to` when it
// is above 0 (idempotent; safe with several processes starting together).
void migrate(db::Conn& conn, int up_to = 0);
int schema_version();

}  // namespace stepwise::server
