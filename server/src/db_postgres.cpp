// PostgreSQL through libpqxx (libpqxx-dev 6.4): the C++ client Debian ships;
// it owns connection and transaction lifetimes and maps SQLSTATEs to exception
// types, which is what the retry logic needs (deadlock / serialization).
#include <pqxx/pqxx>

#include <algorithm>
#include <charconv>
#include <unordered_map>

#include "db.hpp"

namespace stepwise::server::db {

namespace {

class PgRow : public RowView {
public:
    explicit PgRow(const pqxx::row& r) : r_(r) {}
    std::size_t size() const override { return r_.size(); }
    bool null(std::size_t i) const override { return r_[static_cast<pqxx::row::size_type>(i)].is_null(); }
    std::int64_t i64(std::size_t i) const override {
        const auto& f = r_[static_cast<pqxx::row::size_type>(i)];
        if (f.is_null()) return 0;
        std::int64_t out = 0;
        const char* p = f.c_str();
        if (std::from_chars(p, p + f.size(), out).ec == std::errc::result_out_of_range)
            throw_out_of_range({p, f.size()});
        return out;
    }
    std::string_view text(std::size_t i) const override {
        const auto& f = r_[static_cast<pqxx::row::size_type>(i)];
        if (f.is_null()) return {};
        return {f.c_str(), f.size()};
    }

private:
    const pqxx::row& r_;
};

// `?` -> `$n` (the server never writes `?` inside SQL literals).
std::string to_dollar(const std::string& sql) {
    std::string out;
    out.reserve(sql.size() + 16);
    int n = 0;
    for (char c : sql) {
        if (c == '?')
            out += "$" + std::to_string(++n);
        else
            out += c;
    }
    return out;
}

class PgConn : public Conn {
public:
    explicit PgConn(const std::string& url) {
        try {
            conn_ = std::make_unique<pqxx::connection>(url);
        } catch (const std::exception& e) {
            throw DbError(std::string("cannot connect to PostgreSQL: ") + e.what());
        }
    }
    ~PgConn() override {
        tx_.reset();
    }

    Dialect dialect() const override { return Dialect::postgres; }

    void each(const std::string& sql, const Params& params, const std::function<bool(const RowView&)>& fn) override {
        pqxx::result res = run(sql, params);
        for (const auto& r : res) {
            PgRow row(r);
            if (!fn(row)) break;
        }
    }

    std::int64_t exec(const std::string& sql, const Params& params) override {
        return static_cast<std::int64_t>(run(sql, params).affected_rows());
    }

    void script(const std::string& sql) override {
        guard([&] {
            if (tx_) {
                tx_->exec(sql);
            } else {
                pqxx::nontransaction n(*conn_);
                n.exec(sql);
            }
        });
    }

    void begin(bool /*write*/) override {
        guard([&] { tx_ = std::make_unique<pqxx::work>(*conn_); });
    }
    void commit() override {
        if (!tx_) return;
        guard([&] {
            tx_->commit();
        });
        tx_.reset();
    }
    void rollback() override {
        if (!tx_) return;
        try {
            tx_->abort();
        } catch (...) {
        }
        tx_.reset();
    }
    void savepoint(const char* name) override { script(std::string("SAVEPOINT ") + name); }
    void release(const char* name) override { script(std::string("RELEASE SAVEPOINT ") + name); }
    void rollback_to(const char* name) override {
        script(std::string("ROLLBACK TO SAVEPOINT ") + name);
        script(std::string("RELEASE SAVEPOINT ") + name);
    }

private:
    // By SQLSTATE class: 40 (deadlock, serialization failure) is retried at
    // once; 08 (connection), 53 (resources), 57P (shutting down) may pass
    // later; 22 (data exception: out of range, invalid text) and 23
    // (constraints) never will.
    template <class F>
    void guard(F&& f) {
        try {
            f();
        } catch (const pqxx::transaction_rollback& e) {  // class 40
            throw DbError(std::string("PostgreSQL: ") + e.what(), true);
        } catch (const pqxx::broken_connection& e) {
            throw DbError(std::string("PostgreSQL connection lost: ") + e.what());
        } catch (const pqxx::sql_error& e) {
            const std::string& state = e.sqlstate();
            const std::string what = std::string("PostgreSQL: ") + e.what() + " in: " + e.query().substr(0, 200);
            auto cls = [&](const char* prefix) { return state.rfind(prefix, 0) == 0; };
            if (cls("40")) throw DbError(what, true);
            // "connection lost" makes the store drop the connection from its pool.
            if (cls("08")) throw DbError("PostgreSQL connection lost: " + what);
            if (cls("53") || cls("57P")) throw DbError(what);
            if (cls("22")) throw DbError(what, false, Failure::bad_data, first_line(e.what()));
            if (cls("23")) throw DbError(what, false, Failure::bad_data, "a value breaks a database constraint");
            throw DbError(what, false, Failure::internal);
        } catch (const pqxx::in_doubt_error& e) {  // the commit may or may not have happened
            throw DbError(std::string("PostgreSQL: ") + e.what());
        } catch (const pqxx::failure& e) {
            throw DbError(std::string("PostgreSQL: ") + e.what(), false, Failure::internal);
        }
    }

    static std::string first_line(const std::string& s) {
        std::string line = s.substr(0, s.find('\n'));
        if (line.rfind("ERROR:", 0) == 0) line.erase(0, 6);
        line.erase(0, std::min(line.size(), line.find_first_not_of(' ')));
        return line;
    }

    pqxx::result run(const std::string& sql, const Params& params) {
        pqxx::result res;
        guard([&] {
            auto it = names_.find(sql);
            if (it == names_.end()) {
                std::string name = "s" + std::to_string(names_.size());
                conn_->prepare(name, to_dollar(sql));
                it = names_.emplace(sql, name).first;
            }
            std::vector<std::string> storage;
            storage.reserve(params.size());
            std::vector<const char*> ptrs;
            ptrs.reserve(params.size());
            for (const Value& v : params) {
                if (auto p = std::get_if<std::int64_t>(&v)) {
                    storage.push_back(std::to_string(*p));
                    ptrs.push_back(nullptr);
                } else if (auto s = std::get_if<std::string>(&v)) {
                    // Text goes as a C string, so PostgreSQL would silently keep only
                    // what precedes a NUL (two ids "e\0a" and "e\0b" would become one).
                    if (s->find('\0') != std::string::npos)
                        throw DbError("PostgreSQL: text parameter contains NUL in: " + sql.substr(0, 200), false,
                                      Failure::bad_data, "text must not contain NUL (\\u0000)");
                    storage.push_back(*s);
                    ptrs.push_back(nullptr);
                } else {
                    storage.emplace_back();
                    ptrs.push_back(reinterpret_cast<const char*>(1));  // marker: null
                }
            }
            for (std::size_t i = 0; i < ptrs.size(); ++i)
                ptrs[i] = ptrs[i] ? nullptr : storage[i].c_str();
            if (tx_) {
                res = tx_->exec_prepared(it->second, pqxx::prepare::make_dynamic_params(ptrs));
            } else {
                pqxx::nontransaction n(*conn_);
                res = n.exec_prepared(it->second, pqxx::prepare::make_dynamic_params(ptrs));
            }
        });
        return res;
    }

    std::unique_ptr<pqxx::connection> conn_;
    std::unique_ptr<pqxx::work> tx_;
    std::unordered_map<std::string, std::string> names_;
};

}  // namespace

std::unique_ptr<Conn> open_postgres(const std::string& url) { return std::make_unique<PgConn>(url); }

}  // namespace stepwise::server::db
