// SQLite through its C API (libsqlite3-dev): no wrapper needed for a dozen
// prepared statements, and the C API gives direct control over WAL, the busy
// timeout and statement caching.
#include <sqlite3.h>

#include <charconv>
#include <mutex>
#include <unordered_map>

#include "db.hpp"

namespace stepwise::server::db {

const char* const kTotalTooLarge = "a total is beyond the 64-bit range (2^63-1 minor units): ask for a shorter period";

void throw_out_of_range(std::string_view text) {
    throw DbError("integer out of the 64-bit range: " + std::string(text.substr(0, 40)), false, Failure::bad_data,
                  kTotalTooLarge);
}

std::int64_t Row::i64(std::size_t i) const {
    const Value& x = v.at(i);
    if (auto p = std::get_if<std::int64_t>(&x)) return *p;
    if (auto s = std::get_if<std::string>(&x)) {
        std::int64_t out = 0;
        if (std::from_chars(s->data(), s->data() + s->size(), out).ec == std::errc::result_out_of_range)
            throw_out_of_range(*s);
        return out;
    }
    return 0;
}

std::string_view Row::text(std::size_t i) const {
    const Value& x = v.at(i);
    if (auto s = std::get_if<std::string>(&x)) return *s;
    return {};
}

Rows Conn::query(const std::string& sql, const Params& params) {
    Rows rows;
    each(sql, params, [&](const RowView& r) {
        Row row;
        row.v.reserve(r.size());
        for (std::size_t i = 0; i < r.size(); ++i) {
            if (r.null(i))
                row.v.emplace_back(std::monostate{});
            else
                row.v.emplace_back(std::string(r.text(i)));
        }
        rows.push_back(std::move(row));
        return true;
    });
    return rows;
}

std::optional<Row> Conn::one(const std::string& sql, const Params& params) {
    auto rows = query(sql, params);
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
}

namespace {

// The next chunk of `left` items: kInsertChunk, then halving, so that few
// statement shapes serve any count.
std::size_t chunk_of(std::size_t left) {
    std::size_t n = Conn::kInsertChunk;
    while (n > left) n /= 2;
    return n;
}

}  // namespace

std::int64_t Conn::insert_rows(const std::string& head, const std::vector<Params>& rows, const std::string& tail,
                               const std::function<bool(const RowView&)>& fn) {
    std::int64_t changed = 0;
    std::size_t at = 0;
    while (at < rows.size()) {
        const std::size_t n = chunk_of(rows.size() - at);
        const std::size_t cols = rows[at].size();
        std::string tuple = "(";
        for (std::size_t i = 0; i < cols; ++i) tuple += i ? ", ?" : "?";
        tuple += ")";
        std::string sql = head + " VALUES ";
        sql.reserve(sql.size() + n * (tuple.size() + 2) + tail.size() + 1);
        Params params;
        params.reserve(n * cols);
        for (std::size_t k = 0; k < n; ++k) {
            const Params& row = rows[at + k];
            if (row.size() != cols)
                throw DbError("insert_rows: rows of different widths in: " + head.substr(0, 200), false,
                              Failure::internal);
            if (k) sql += ", ";
            sql += tuple;
            params.insert(params.end(), row.begin(), row.end());
        }
        if (!tail.empty()) sql += " " + tail;
        if (fn) {
            // Every returned row is read: the statement must run to its end.
            each(sql, params, [&](const RowView& r) {
                ++changed;
                fn(r);
                return true;
            });
        } else {
            changed += exec(sql, params);
        }
        at += n;
    }
    return changed;
}

std::int64_t Conn::in_list(const std::string& head, const std::vector<std::string>& ids,
                           const std::function<bool(const RowView&)>& fn) {
    std::int64_t changed = 0;
    std::size_t at = 0;
    while (at < ids.size()) {
        const std::size_t n = chunk_of(ids.size() - at);
        std::string sql = head + " (";
        Params params;
        params.reserve(n);
        for (std::size_t k = 0; k < n; ++k) {
            sql += k ? ", ?" : "?";
            params.emplace_back(ids[at + k]);
        }
        sql += ")";
        if (fn)
            each(sql, params, [&](const RowView& r) {
                ++changed;
                return fn(r);
            });
        else
            changed += exec(sql, params);
        at += n;
    }
    return changed;
}

namespace {

class SqliteRow : public RowView {
public:
    explicit SqliteRow(sqlite3_stmt* s) : s_(s), n_(static_cast<std::size_t>(sqlite3_column_count(s))) {}
    std::size_t size() const override { return n_; }
    bool null(std::size_t i) const override { return sqlite3_column_type(s_, static_cast<int>(i)) == SQLITE_NULL; }
    std::int64_t i64(std::size_t i) const override { return sqlite3_column_int64(s_, static_cast<int>(i)); }
    std::string_view text(std::size_t i) const override {
        const unsigned char* p = sqlite3_column_text(s_, static_cast<int>(i));
        if (!p) return {};
        return {reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(s_, static_cast<int>(i)))};
    }

private:
    sqlite3_stmt* s_;
    std::size_t n_;
};

class SqliteConn : public Conn {
public:
    SqliteConn(const std::string& path, const SqliteOptions& o) {
        int flags = o.readonly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        flags |= SQLITE_OPEN_NOMUTEX;  // one connection per thread
        if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
            std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
            sqlite3_close(db_);
            db_ = nullptr;
            throw DbError("cannot open SQLite database " + path + ": " + why);
        }
        sqlite3_busy_timeout(db_, o.busy_timeout_ms);
        sqlite3_extended_result_codes(db_, 1);
        if (!o.readonly) {
            script("PRAGMA journal_mode=WAL;");
        }
        // FULL: every commit is fsynced (also the WAL), so an acknowledged
        // write survives a crash or power loss.
        script("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;");
    }
    ~SqliteConn() override {
        for (auto& [sql, st] : cache_) sqlite3_finalize(st);
        sqlite3_close_v2(db_);
    }

    Dialect dialect() const override { return Dialect::sqlite; }

    void each(const std::string& sql, const Params& params, const std::function<bool(const RowView&)>& fn) override {
        sqlite3_stmt* st = prepare(sql);
        const Unbind unbind{st};  // also when bind, a step or `fn` throws
        bind(st, params, sql);
        SqliteRow row(st);
        for (;;) {
            int rc = sqlite3_step(st);
            if (rc == SQLITE_ROW) {
                if (!fn(row)) break;
                continue;
            }
            if (rc == SQLITE_DONE) break;
            fail(rc, sql);
        }
    }

    std::int64_t exec(const std::string& sql, const Params& params) override {
        sqlite3_stmt* st = prepare(sql);
        const Unbind unbind{st};
        bind(st, params, sql);
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        }
        if (rc != SQLITE_DONE) fail(rc, sql);
        return sqlite3_changes64(db_);
    }

    void script(const std::string& sql) override {
        char* err = nullptr;
        int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
        if (rc != SQLITE_OK) {
            std::string why = err ? err : sqlite3_errstr(rc);
            sqlite3_free(err);
            throw error("SQLite: " + why + " in: " + sql.substr(0, 200), rc, why);
        }
    }

    void begin(bool write) override { script(write ? "BEGIN IMMEDIATE" : "BEGIN"); }
    void commit() override { script("COMMIT"); }
    void rollback() override {
        if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    void savepoint(const char* name) override { script(std::string("SAVEPOINT ") + name); }
    void release(const char* name) override { script(std::string("RELEASE ") + name); }
    void rollback_to(const char* name) override {
        script(std::string("ROLLBACK TO ") + name);
        script(std::string("RELEASE ") + name);
    }

private:
    // Texts are bound without a copy (SQLITE_STATIC), pointing into the
    // caller's parameters: the statement is reset and its bindings cleared
    // before they go, on every way out (a callback or bind may throw).
    struct Unbind {
        sqlite3_stmt* st;
        ~Unbind() {
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
        }
    };

    // Busy and locked pass (the store retries them); the disk and the file
    // may come back; what the data itself breaks never will.
    static DbError error(const std::string& what, int rc, const std::string& why) {
        switch (rc & 0xff) {
            case SQLITE_BUSY:
            case SQLITE_LOCKED: return DbError(what, true);
            case SQLITE_FULL:
            case SQLITE_IOERR:
            case SQLITE_CANTOPEN:
            case SQLITE_NOMEM:
            case SQLITE_PROTOCOL: return DbError(what);
            case SQLITE_CONSTRAINT: return DbError(what, false, Failure::bad_data, "a value breaks a database constraint");
            case SQLITE_TOOBIG:
            case SQLITE_RANGE:
            case SQLITE_MISMATCH: return DbError(what, false, Failure::bad_data, why);
            case SQLITE_ERROR:
                // SUM past 2^63 ("integer overflow"); PostgreSQL's SUM is NUMERIC and
                // ends in throw_out_of_range instead.
                if (why.find("overflow") != std::string::npos)
                    return DbError(what, false, Failure::bad_data, kTotalTooLarge);
                [[fallthrough]];
            default: return DbError(what, false, Failure::internal);
        }
    }

    [[noreturn]] void fail(int rc, const std::string& sql) {
        std::string why = sqlite3_errmsg(db_);  // the caller's Unbind resets the statement
        throw error("SQLite error " + std::to_string(rc) + ": " + why + " in: " + sql.substr(0, 200), rc, why);
    }

    sqlite3_stmt* prepare(const std::string& sql) {
        auto it = cache_.find(sql);
        if (it != cache_.end()) return it->second;
        sqlite3_stmt* st = nullptr;
        int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &st,
                                    nullptr);
        if (rc != SQLITE_OK) {
            const std::string why = sqlite3_errmsg(db_);
            throw error("SQLite prepare: " + why + " in: " + sql.substr(0, 200), rc, why);
        }
        cache_.emplace(sql, st);
        return st;
    }

    void bind(sqlite3_stmt* st, const Params& params, const std::string& sql) {
        int expected = sqlite3_bind_parameter_count(st);
        if (expected != static_cast<int>(params.size()))
            throw DbError("SQLite: statement wants " + std::to_string(expected) + " parameters, got " +
                              std::to_string(params.size()) + ": " + sql.substr(0, 200),
                          false, Failure::internal);
        for (std::size_t i = 0; i < params.size(); ++i) {
            int idx = static_cast<int>(i) + 1;
            const Value& v = params[i];
            int rc;
            if (auto p = std::get_if<std::int64_t>(&v)) {
                rc = sqlite3_bind_int64(st, idx, *p);
            } else if (auto s = std::get_if<std::string>(&v)) {
                // PostgreSQL cannot hold NUL in text; refusing it here too keeps
                // the two databases storing the same thing.
                if (s->find('\0') != std::string::npos)
                    throw DbError("SQLite: text parameter contains NUL in: " + sql.substr(0, 200), false,
                                  Failure::bad_data, "text must not contain NUL (\\u0000)");
                // STATIC, not TRANSIENT: `params` outlive the statement's run (each and
                // exec step, reset and clear the bindings before they return), so SQLite
                // need not copy every text (a tenth of a recalculation's writes).
                rc = sqlite3_bind_text(st, idx, s->data(), static_cast<int>(s->size()), SQLITE_STATIC);
            } else {
                rc = sqlite3_bind_null(st, idx);
            }
            if (rc != SQLITE_OK) {
                const std::string why = sqlite3_errmsg(db_);
                throw error("SQLite bind failed: " + why, rc, why);
            }
        }
    }

    sqlite3* db_ = nullptr;
    std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace

std::unique_ptr<Conn> open_sqlite(const std::string& path, const SqliteOptions& options) {
    // Memory statistics take a global mutex on every allocation; the server
    // does not read them. Must run before SQLite initializes.
    static const bool configured = [] {
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        return true;
    }();
    (void)configured;
    return std::make_unique<SqliteConn>(path, options);
}

}  // namespace stepwise::server::db
