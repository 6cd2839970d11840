#include "store.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

namespace stepwise::server {

std::int64_t now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void Tx::lock_customer(const std::string& customer_id) {
    if (pg()) c.each("SELECT pg_advisory_xact_lock(hashtextextended(?, 7))", {customer_id}, [](const db::RowView&) { return true; });
    if (write) locked.push_back(customer_id);
}

void Tx::bump_locked() {
    std::sort(locked.begin(), locked.end());
    locked.erase(std::unique(locked.begin(), locked.end()), locked.end());
    // A recalculation's chunk locks thousands: a few statements, not one per customer.
    c.in_list("UPDATE customers SET rev = rev + 1 WHERE id IN", locked);
    locked.clear();
}

namespace {

// A pool of connections made on demand.
class Pool {
public:
    Pool(std::function<std::unique_ptr<db::Conn>()> make, std::size_t max) : make_(std::move(make)), max_(max) {}

    class Lease {
    public:
        Lease(Pool& p, std::unique_ptr<db::Conn> c) : p_(p), c_(std::move(c)) {}
        ~Lease() {
            if (c_) p_.give_back(std::move(c_));
        }
        db::Conn& operator*() { return *c_; }
        void discard() { c_.reset(), p_.forget(); }

    private:
        Pool& p_;
        std::unique_ptr<db::Conn> c_;
    };

    Lease take() {
        std::unique_lock<std::mutex> lock(m_);
        cv_.wait(lock, [&] { return !free_.empty() || made_ < max_; });
        if (!free_.empty()) {
            auto c = std::move(free_.back());
            free_.pop_back();
            return Lease(*this, std::move(c));
        }
        ++made_;
        lock.unlock();
        try {
            return Lease(*this, make_());
        } catch (...) {
            forget();
            throw;
        }
    }

private:
    void give_back(std::unique_ptr<db::Conn> c) {
        std::lock_guard<std::mutex> lock(m_);
        free_.push_back(std::move(c));
        cv_.notify_one();
    }
    void forget() {
        std::lock_guard<std::mutex> lock(m_);
        --made_;
        cv_.notify_one();
    }

    std::function<std::unique_ptr<db::Conn>()> make_;
    std::size_t max_;
    std::size_t made_ = 0;
    std::vector<std::unique_ptr<db::Conn>> free_;
    std::mutex m_;
    std::condition_variable cv_;
};

void run_callbacks(std::vector<std::function<void()>>& callbacks) {
    for (auto& cb : callbacks) {
        try {
            cb();
        } catch (const std::exception& e) {
            spdlog::error("after-commit callback failed: {}", e.what());
        }
    }
}

void read_tx(db::Conn& c, const std::function<void(Tx&)>& fn) {
    c.begin(false);
    try {
        Tx tx(c, false);
        fn(tx);
        c.commit();
    } catch (...) {
        c.rollback();
        throw;
    }
}

// ---------------------------------------------------------------- SQLite

class SqliteStore : public Store {
public:
    SqliteStore(std::string path, const StoreOptions& o) : path_(std::move(path)), o_(o) {
        db::SqliteOptions so;
        so.busy_timeout_ms = o.busy_timeout_ms;
        writer_conn_ = db::open_sqlite(path_, so);
        if (o.migrate) migrate(*writer_conn_, o.migrate_to);
        readers_ = std::make_unique<Pool>(
            [this] {
                db::SqliteOptions ro;
                ro.busy_timeout_ms = o_.busy_timeout_ms;
                auto c = db::open_sqlite(path_, ro);
                c->script("PRAGMA query_only=1");
                return c;
            },
            256);
        bulk_ = std::make_unique<Pool>(
            [this] {
                db::SqliteOptions so2;
                so2.busy_timeout_ms = o_.busy_timeout_ms;
                return db::open_sqlite(path_, so2);
            },
            4);
        writer_ = std::thread([this] { writer_loop(); });
    }
    ~SqliteStore() override {
        {
            std::lock_guard<std::mutex> lock(m_);
            stop_ = true;
        }
        cv_.notify_all();
        if (writer_.joinable()) writer_.join();
    }

    db::Dialect dialect() const override { return db::Dialect::sqlite; }
    std::string describe() const override { return "sqlite:" + path_; }

protected:
    struct Job {
        const std::function<void(Tx&)>* fn;
        std::promise<void> done;
        std::vector<std::function<void()>> callbacks;
        std::exception_ptr error;
    };

    void run_write(const std::function<void(Tx&)>& fn) override {
        Job job;
        job.fn = &fn;
        auto fut = job.done.get_future();
        {
            std::lock_guard<std::mutex> lock(m_);
            if (stop_) throw db::DbError("store is shutting down");
            queue_.push_back(&job);
        }
        cv_.notify_one();
        fut.get();  // rethrows the job's error
        run_callbacks(job.callbacks);
    }

    void run_read(const std::function<void(Tx&)>& fn) override {
        auto lease = readers_->take();
        read_tx(*lease, fn);
    }

    void run_bulk(const std::function<void(Tx&)>& fn) override {
        auto lease = bulk_->take();
        db::Conn& c = *lease;
        for (int attempt = 0;; ++attempt) {
            Tx tx(c, true);
            try {
                c.begin(true);
                fn(tx);
                tx.bump_locked();
                c.commit();
                run_callbacks(tx.callbacks);
                return;
            } catch (const db::DbError& e) {
                c.rollback();
                if (!e.transient || attempt >= 20) throw;
            } catch (...) {
                c.rollback();
                throw;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50 * (attempt + 1)));
        }
    }

private:
    void writer_loop() {
        std::vector<Job*> batch;
        for (;;) {
            {
                std::unique_lock<std::mutex> lock(m_);
                cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
                if (queue_.empty() && stop_) return;
                while (!queue_.empty() && batch.size() < o_.max_batch) {
                    batch.push_back(queue_.front());
                    queue_.pop_front();
                }
            }
            commit_batch(batch);
            for (Job* j : batch) {
                if (j->error)
                    j->done.set_exception(j->error);
                else
                    j->done.set_value();
            }
            batch.clear();
        }
    }

    void commit_batch(std::vector<Job*>& batch) {
        db::Conn& c = *writer_conn_;
        for (int attempt = 0;; ++attempt) {
            try {
                c.begin(true);
                for (Job* j : batch) {
                    j->error = nullptr;
                    j->callbacks.clear();
                    Tx tx(c, true);
                    c.savepoint("job");
                    try {
                        (*j->fn)(tx);
                        tx.bump_locked();
                        c.release("job");
                        j->callbacks = std::move(tx.callbacks);
                    } catch (...) {
                        j->error = std::current_exception();
                        c.rollback_to("job");
                    }
                }
                c.commit();
                return;
            } catch (const db::DbError& e) {
                c.rollback();
                if (e.transient && attempt < 20) {
                    std::this_thread::sleep_for(std::chrono::milliseconds(20 * (attempt + 1)));
                    continue;
                }
                spdlog::error("write transaction failed: {}", e.what());
                for (Job* j : batch) {
                    j->callbacks.clear();
                    j->error = std::current_exception();
                }
                return;
            } catch (...) {
                c.rollback();
                for (Job* j : batch) {
                    j->callbacks.clear();
                    j->error = std::current_exception();
                }
                return;
            }
        }
    }

    std::string path_;
    StoreOptions o_;
    std::unique_ptr<db::Conn> writer_conn_;
    std::unique_ptr<Pool> readers_, bulk_;
    std::thread writer_;
    std::mutex m_;
    std::condition_variable cv_;
    std::deque<Job*> queue_;
    bool stop_ = false;
};

// ---------------------------------------------------------------- PostgreSQL

class PgStore : public Store {
public:
    PgStore(std::string url, const StoreOptions& o) : url_(std::move(url)) {
        pool_ = std::make_unique<Pool>([this] { return db::open_postgres(url_); }, o.pool_size);
        if (o.migrate) {
            auto lease = pool_->take();
            migrate(*lease, o.migrate_to);
        }
    }
    db::Dialect dialect() const override { return db::Dialect::postgres; }
    std::string describe() const override {
        // Never log credentials.
        auto at = url_.find('@');
        auto scheme = url_.find("://");
        if (at == std::string::npos || scheme == std::string::npos) return url_;
        return url_.substr(0, scheme + 3) + "***" + url_.substr(at);
    }

protected:
    void run_write(const std::function<void(Tx&)>& fn) override {
        for (int attempt = 0;; ++attempt) {
            auto lease = pool_->take();
            db::Conn& c = *lease;
            Tx tx(c, true);
            try {
                c.begin(true);
                fn(tx);
                tx.bump_locked();
                c.commit();
            } catch (const db::DbError& e) {
                c.rollback();
                if (e.transient && attempt < 20) {
                    std::this_thread::sleep_for(std::chrono::milliseconds(5 * (attempt + 1)));
                    continue;
                }
                if (std::string(e.what()).find("connection lost") != std::string::npos) lease.discard();
                throw;
            } catch (...) {
                c.rollback();
                throw;
            }
            run_callbacks(tx.callbacks);
            return;
        }
    }
    void run_read(const std::function<void(Tx&)>& fn) override {
        auto lease = pool_->take();
        try {
            read_tx(*lease, fn);
        } catch (const db::DbError& e) {
            if (std::string(e.what()).find("connection lost") != std::string::npos) lease.discard();
            throw;
        }
    }
    void run_bulk(const std::function<void(Tx&)>& fn) override { run_write(fn); }

private:
    std::string url_;
    std::unique_ptr<Pool> pool_;
};

}  // namespace

std::unique_ptr<Store> Store::open(const std::string& url, const StoreOptions& options) {
    if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0)
        return std::make_unique<PgStore>(url, options);
    std::string path = url;
    if (path.rfind("sqlite:", 0) == 0) path = path.substr(7);
    if (path.rfind("//", 0) == 0) path = path.substr(2);  // sqlite://path
    if (path.empty()) throw db::DbError("empty SQLite path in --db");
    return std::make_unique<SqliteStore>(path, options);
}

}  // namespace stepwise::server
