// A small SQL connection interface with two implementations: SQLite (the C
// API, embedded default) and PostgreSQL (libpqxx). Every query in the server
// is written once with `?` placeholders; the PostgreSQL side rewrites them to
// $1, $2, ... when it prepares the statement. Dialect differences are limited to
// the DDL (see schema.cpp) and to a handful of helpers in Tx.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace stepwise::server::db {

enum class Dialect { sqlite, postgres };

using Value = std::variant<std::monostate, std::int64_t, std::string>;
using Params = std::vector<Value>;

inline Value null() { return std::monostate{}; }
inline Value opt(const std::optional<std::int64_t>& v) { return v ? Value(*v) : null(); }
inline Value opt(const std::optional<std::string>& v) { return v ? Value(*v) : null(); }
// Optional text kept as "" in the server's structs: NULL in the database.
inline Value text_or_null(const std::string& v) { return v.empty() ? null() : Value(v); }

// What a database failure means for whoever asked. The store retries
// `transient` ones at once (SQLITE_BUSY, PostgreSQL deadlock / serialization
// failure); a client is told to try again (503) only for `unavailable` ones,
// which time can fix (busy, lost connection, too many connections, shutdown).
// `bad_data` never succeeds on retry (a constraint, a number out of range,
// text the database refuses): 422. `internal` is our bug: 500.
enum class Failure { unavailable, bad_data, internal };

struct DbError : std::runtime_error {
    bool transient = false;
    Failure failure = Failure::unavailable;
    std::string reason;  // for bad_data: what was wrong, safe to show a client
    DbError(const std::string& what, bool transient_ = false, Failure failure_ = Failure::unavailable,
            std::string reason_ = "")
        : std::runtime_error(what), transient(transient_), failure(failure_), reason(std::move(reason_)) {}
};

// A SUM that does not fit in 64 bits (PostgreSQL's SUM over BIGINT is NUMERIC
// and never overflows, SQLite's fails): bad data, never a silent 0 or a 503.
extern const char* const kTotalTooLarge;
[[noreturn]] void throw_out_of_range(std::string_view text);

// One row while a query is being stepped; valid only inside the callback.
class RowView {
public:
    virtual ~RowView() = default;
    virtual std::size_t size() const = 0;
    virtual bool null(std::size_t i) const = 0;
    virtual std::int64_t i64(std::size_t i) const = 0;     // 0 when null
    virtual std::string_view text(std::size_t i) const = 0; // "" when null
    std::string str(std::size_t i) const { return std::string(text(i)); }
    std::optional<std::int64_t> opt_i64(std::size_t i) const {
        return null(i) ? std::nullopt : std::optional<std::int64_t>(i64(i));
    }
    std::optional<std::string> opt_str(std::size_t i) const {
        return null(i) ? std::nullopt : std::optional<std::string>(str(i));
    }
};

// A materialized row (for small results).
class Row : public RowView {
public:
    std::vector<Value> v;
    std::size_t size() const override { return v.size(); }
    bool null(std::size_t i) const override { return std::holds_alternative<std::monostate>(v.at(i)); }
    std::int64_t i64(std::size_t i) const override;
    std::string_view text(std::size_t i) const override;
};
using Rows = std::vector<Row>;

class Conn {
public:
    virtual ~Conn() = default;
    virtual Dialect dialect() const = 0;
    // Streams rows to `fn`; return false from `fn` to stop early.
    virtual void each(const std::string& sql, const Params& params, const std::function<bool(const RowView&)>& fn) = 0;
    // Runs a statement, returns the number of rows it changed.
    virtual std::int64_t exec(const std::string& sql, const Params& params = {}) = 0;
    // Several statements without parameters (DDL).
    virtual void script(const std::string& sql) = 0;

    virtual void begin(bool write) = 0;
    virtual void commit() = 0;
    virtual void rollback() = 0;  // never throws
    virtual void savepoint(const char* name) = 0;
    virtual void release(const char* name) = 0;
    virtual void rollback_to(const char* name) = 0;

    Rows query(const std::string& sql, const Params& params = {});
    std::optional<Row> one(const std::string& sql, const Params& params = {});

    // Many rows in few round trips: `head` is "INSERT INTO t (a, b)", every
    // row has one value per column, `tail` follows the VALUES list (ON CONFLICT,
    // RETURNING; `fn` gets each returned row, in no promised order). One
    // multi-row VALUES statement per chunk of up to kInsertChunk rows, then
    // halving chunks for the rest, so a handful of statement shapes (each
    // prepared once per connection) serve any count. Returns the rows changed
    // (or returned, with `fn`). The same SQL on both databases, so both store
    // the same rows; see docs/benchmarks.md for why not COPY or unnest.
    static constexpr std::size_t kInsertChunk = 256;
    std::int64_t insert_rows(const std::string& head, const std::vector<Params>& rows, const std::string& tail = "",
                             const std::function<bool(const RowView&)>& fn = nullptr);
    // `head` ending in "IN": runs head + " (?, ?, ...)" over `ids` in the same
    // chunk shapes as insert_rows, reading each row with `fn` (a SELECT) or
    // executing (an UPDATE or DELETE). Returns the rows changed or read.
    std::int64_t in_list(const std::string& head, const std::vector<std::string>& ids,
                         const std::function<bool(const RowView&)>& fn = nullptr);
};

struct SqliteOptions {
    bool readonly = false;
    int busy_timeout_ms = 30000;
};

// SQLite: WAL journal, synchronous=FULL (a committed transaction survives a
// power cut), foreign keys on, a busy timeout so that a CLI and the server
// can share the file.
std::unique_ptr<Conn> open_sqlite(const std::string& path, const SqliteOptions& options = {});
// PostgreSQL: a libpqxx connection; URL as accepted by libpq.
std::unique_ptr<Conn> open_postgres(const std::string& url);

}  // namespace stepwise::server::db
