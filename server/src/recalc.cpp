// Recalculation (one customer, everyone), background ticks (expiry sweep,
// pending orders coming due, retroactive jobs) and bulk import.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <istream>
#include <thread>
#include <unordered_map>

#include "awards_table.hpp"
#include "customers_table.hpp"
#include "events_table.hpp"
#include "internal.hpp"
#include "ledger_table.hpp"
#include "rewards_table.hpp"

namespace stepwise::server {

RecalcStats Service::recalculate_customer(const std::string& customer_id) {
    return impl_->store->write([&](Tx& tx) {
        RecalcStats st;
        tx.lock_customer(customer_id);
        if (!impl_->load_customer(tx, customer_id)) throw ServiceError(404, "", "no such customer");
        IngestOutcome out;
        impl_->process_customer(tx, customer_id, now_ms(), "", "", false, out);
        st.customers = st.total = 1;
        st.awards = static_cast<std::int64_t>(out.awards.size());
        st.clawbacks = static_cast<std::int64_t>(out.clawbacks.size());
        st.finished = true;
        return st;
    });
}

namespace {

struct Batched {
    std::string id;
    std::int64_t rev = 0;
    std::optional<std::int64_t> wake_at;
    History history;
    std::vector<AwardRow> awards;
    CustomerPlan plan;
};

}  // namespace

RecalcStats Service::recalculate_all(const RecalcOptions& o, const std::function<void(const RecalcStats&)>& progress,
                                     const std::atomic<bool>* stop) {
    const bool pg = impl_->store->dialect() == db::Dialect::postgres;
    // PostgreSQL: each customer with work takes an advisory lock; keep chunks
    // well under the shared lock table (max_locks_per_transaction).
    const std::size_t chunk = o.chunk ? o.chunk : (pg ? 200 : 2000);
    unsigned threads = o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency());
    RecalcStats st;
    std::string cursor;
    impl_->store->bulk([&](Tx& tx) {
        const std::int64_t now = now_ms();
        st.total = customers_table::count(tx.c);
        auto row = tx.c.one("SELECT cursor, processed, awards, finished_at FROM jobs WHERE id = ?", {o.job_id});
        if (!row || o.restart || !row->null(3)) {
            tx.c.exec(
                "INSERT INTO jobs (id, kind, program_id, cursor, processed, total, awards, started_at, updated_at) "
                "VALUES (?, 'recalculate', ?, '', 0, ?, 0, ?, ?) ON CONFLICT (id) DO UPDATE SET cursor = '', "
                "processed = 0, awards = 0, total = excluded.total, started_at = excluded.started_at, "
                "updated_at = excluded.updated_at, finished_at = NULL",
                {o.job_id, db::opt(o.program_id), st.total, now, now});
            cursor.clear();
            st.customers = st.awards = 0;
            st.resumed = false;
        } else {
            cursor = row->str(0);
            st.customers = row->i64(1);
            st.awards = row->i64(2);
            st.resumed = true;
            tx.c.exec("UPDATE jobs SET total = ?, updated_at = ? WHERE id = ?", {st.total, now, o.job_id});
        }
    });
    if (progress) progress(st);

    std::size_t chunks = 0;
    using clock = std::chrono::steady_clock;
    double read_s = 0, eval_s = 0, write_s = 0;
    auto secs = [](clock::time_point a, clock::time_point b) { return std::chrono::duration<double>(b - a).count(); };
    struct Chunk {
        std::vector<Batched> batch;
        std::shared_ptr<const ProgramSet> ps;
        double seconds = 0;
    };
    // Reads the customers after `cursor`, then their events and awards: in
    // `threads` slices by customer id at once, each in its own read
    // transaction (a slice newer than the customer row is caught by the rev
    // check before writing). The next chunk is read on another thread while
    // this one is evaluated and written.
    auto read_slice = [&, this](std::vector<Batched>& batch, std::size_t from, std::size_t to, const std::string& after,
                                const ProgramSet& ps) {
        std::unordered_map<std::string, std::size_t> index;
        index.reserve((to - from) * 2);
        for (std::size_t i = from; i < to; ++i) index.emplace(batch[i].id, i);
        const std::string& upto = batch[to - 1].id;
        impl_->store->read([&](Tx& tx) {
            const bool items = ps.any_needs_items();
            const int d = digits();
            std::string last_id;
            Batched* current = nullptr;
            auto find = [&](std::string_view cid) {
                if (!current || cid != last_id) {
                    last_id.assign(cid);
                    auto it = index.find(last_id);
                    current = it == index.end() ? nullptr : &batch[it->second];
                }
                return current;
            };
            events_table::of_customers(tx.c, after, upto, d, items, [&](std::string_view customer_id, Event&& e) {
                if (Batched* b = find(customer_id)) b->history.events.push_back(std::move(e));
            });
            current = nullptr;
            last_id.clear();
            awards_table::of_customers(tx.c, after, upto, [&](std::string_view customer_id, AwardRow&& a) {
                if (Batched* b = find(customer_id)) b->awards.push_back(std::move(a));
            });
        });
        for (std::size_t i = from; i < to; ++i) append_grants(batch[i].awards, batch[i].history.events);
    };
    auto read_chunk = [&, this](std::string cursor) {
        Chunk ch;
        auto t0 = clock::now();
        auto& batch = ch.batch;
        impl_->store->read([&](Tx& tx) {
            ch.ps = impl_->load_programs(tx);
            for (CustomerRow& c : customers_table::chunk_after(tx.c, cursor, static_cast<std::int64_t>(chunk))) {
                Batched b;
                b.id = std::move(c.id);
                b.history.customer.id = b.id;
                b.history.customer.roles = std::move(c.roles);
                b.rev = c.rev;
                b.wake_at = c.wake_at;
                batch.push_back(std::move(b));
            }
        });
        if (!batch.empty()) {
            // Slices of at least 256 customers; a slice per evaluation thread.
            const std::size_t slices = std::max<std::size_t>(1, std::min<std::size_t>(threads, batch.size() / 256));
            std::vector<std::future<void>> others;
            for (std::size_t k = 1; k < slices; ++k) {
                const std::size_t from = batch.size() * k / slices, to = batch.size() * (k + 1) / slices;
                others.push_back(std::async(std::launch::async, read_slice, std::ref(batch), from, to,
                                            batch[from - 1].id, std::cref(*ch.ps)));
            }
            read_slice(batch, 0, batch.size() / slices, cursor, *ch.ps);
            for (auto& f : others) f.get();
        }
        ch.seconds = secs(t0, clock::now());
        return ch;
    };
    // The job's checkpoint, in the transaction that wrote the chunk.
    auto checkpoint = [&](Tx& tx, const std::string& last, std::size_t customers, std::size_t awards, std::int64_t at) {
        tx.c.exec("UPDATE jobs SET cursor = ?, processed = processed + ?, awards = awards + ?, updated_at = ? WHERE id = ?",
                  {last, static_cast<std::int64_t>(customers), static_cast<std::int64_t>(awards), at, o.job_id});
    };
    std::future<Chunk> next = std::async(std::launch::async, read_chunk, cursor);
    while (!(stop && stop->load())) {
        Chunk ch = next.get();
        std::vector<Batched>& batch = ch.batch;
        std::shared_ptr<const ProgramSet> ps = ch.ps;
        const std::int64_t now = now_ms();
        read_s += ch.seconds;
        if (batch.empty()) {
            st.finished = true;
            break;
        }
        const bool more = batch.size() == chunk && !(o.max_chunks && chunks + 1 >= o.max_chunks);
        if (more) next = std::async(std::launch::async, read_chunk, batch.back().id);
        auto t1 = clock::now();
        // The engine's evaluation, in parallel (pure computation).
        {
            std::atomic<std::size_t> next{0};
            auto work = [&] {
                for (std::size_t i; (i = next.fetch_add(1)) < batch.size();)
                    batch[i].plan = impl_->plan(*ps, batch[i].history, batch[i].awards, now, o.program_id);
            };
            std::vector<std::thread> pool;
            for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
            work();
            for (auto& t : pool) t.join();
        }

        auto t2 = clock::now();
        eval_s += secs(t1, t2);
        // Apply in one transaction, with the checkpoint: the customers' awards
        // together, in multi-row statements across customers (issue_awards).
        const std::string last = batch.back().id;
        IngestOutcome out;
        impl_->store->bulk([&](Tx& tx) {
            out = IngestOutcome{};
            const std::int64_t wnow = now_ms();
            struct Work {
                Batched* b;
                std::optional<std::int64_t> wake;
                bool wake_changed;
            };
            std::vector<Work> work;
            for (Batched& b : batch) {
                bool due = false;
                for (const auto& pd : b.plan.programs)
                    if (!pd.due.awards.empty() || !pd.due.clawbacks.empty()) due = true;
                std::optional<std::int64_t> wake = b.plan.wake_at;
                if (o.program_id && b.wake_at && (!wake || *b.wake_at < *wake)) wake = b.wake_at;
                const bool wake_changed = wake != b.wake_at;
                if (!due && !wake_changed) continue;
                tx.lock_customer(b.id);  // in id order, as every path locks
                work.push_back({&b, wake, wake_changed});
            }
            if (work.empty()) return checkpoint(tx, last, batch.size(), 0, wnow);
            // Their versions now, under the locks, in one range read.
            std::unordered_map<std::string, std::int64_t> revs;
            revs.reserve(work.size() * 2);
            customers_table::revs_between(tx.c, work.front().b->id, work.back().b->id,
                                          [&](std::string id, std::int64_t rev) { revs.emplace(std::move(id), rev); });
            std::vector<AwardSet> sets;
            auto flush = [&] {
                impl_->issue_awards(tx, sets, "engine", "", now, out);
                sets.clear();
            };
            for (const Work& w : work) {
                Batched& b = *w.b;
                auto rev = revs.find(b.id);
                if (rev == revs.end()) continue;
                bool clawbacks = false;
                for (const auto& pd : b.plan.programs)
                    if (!pd.due.clawbacks.empty()) clawbacks = true;
                if (rev->second != b.rev || clawbacks) {
                    // The rows of the customers before it first, so every table keeps their order.
                    flush();
                    if (rev->second != b.rev) {
                        // New events arrived since the snapshot: evaluate again, fresh.
                        impl_->process_customer(tx, b.id, wnow, "", "", false, out, o.program_id);
                        continue;
                    }
                    impl_->apply(tx, b.id, b.plan, now, out);
                } else {
                    for (auto& pd : b.plan.programs)
                        if (!pd.due.awards.empty()) sets.push_back({b.id, pd.entry, &pd.due.awards, &pd.report});
                }
                if (w.wake_changed)
                    customers_table::set_wake(tx.c, b.id, w.wake);
            }
            flush();
            checkpoint(tx, last, batch.size(), out.awards.size(), wnow);
        });
        write_s += secs(t2, clock::now());
        cursor = last;
        st.customers += static_cast<std::int64_t>(batch.size());
        st.awards += static_cast<std::int64_t>(out.awards.size());
        st.clawbacks += static_cast<std::int64_t>(out.clawbacks.size());
        if (progress) progress(st);
        if (batch.size() < chunk) {
            st.finished = true;
            break;
        }
        if (o.max_chunks && ++chunks >= o.max_chunks) break;
        if (!more) break;
    }
    spdlog::debug("recalculate: read {:.2f} s, evaluate {:.2f} s, write {:.2f} s", read_s, eval_s, write_s);
    if (st.finished) {
        impl_->store->bulk([&](Tx& tx) {
            const std::int64_t now = now_ms();
            tx.c.exec("UPDATE jobs SET finished_at = ?, updated_at = ? WHERE id = ?", {now, now, o.job_id});
        });
    }
    return st;
}

std::int64_t Service::tick(const std::atomic<bool>* stop) {
    std::int64_t work = 0;
    auto stopped = [&] { return stop && stop->load(); };

    // 1. Store credit past its expiry: debit what is left of it.
    while (!stopped()) {
        const std::int64_t now = now_ms();
        std::vector<std::pair<std::string, std::int64_t>> rows;  // customer, ledger id
        impl_->store->read([&](Tx& tx) { rows = ledger_table::expired_credits(tx.c, now, 200); });
        if (rows.empty()) break;
        std::sort(rows.begin(), rows.end());
        impl_->store->write([&](Tx& tx) {
            std::string locked;
            for (const auto& [cid, id] : rows) {
                if (cid != locked) tx.lock_customer(cid), locked = cid;
                auto row = ledger_table::open_credit_row(tx.c, id);
                if (!row) continue;
                ExpiredReward x;
                x.customer_id = cid;
                x.key = row->award_key.value_or("");
                x.program_id = row->program_id.value_or("");
                x.type = "store_credit";
                x.at = now;
                x.amount = *row->remaining;
                LedgerEntry d;
                d.customer_id = cid;
                d.type = kCreditExpired;
                d.note = std::string(kCreditExpired) + ", " + row->note;
                d.amount = x.amount;
                d.award_key = x.key;
                d.program_id = x.program_id;
                d.source = "expiry";
                x.transaction_id = impl_->debit(tx, d, id, now);
                if (auto reward_id = rewards_table::issued_of_ledger(tx.c, id)) {
                    x.reward_id = reward_id;
                    rewards_table::mark_ledger_expired(tx.c, id);
                }
                impl_->notify_expired(tx, x, now);
            }
        });
        work += static_cast<std::int64_t>(rows.size());
    }

    // 1b. Points past their expiry: what is left unspent leaves the balance.
    work += impl_->sweep_points(stop);

    // 1c. Credit coupons past their expiry, unused: their holds go back.
    work += impl_->sweep_credit_coupons(stop);

    // 2. Other rewards past their expiry, each told to the hooks.
    while (!stopped()) {
        const std::int64_t now = now_ms();
        const std::int64_t n = impl_->store->write([&](Tx& tx) {
            const std::vector<rewards_table::Lapsed> lapsed = rewards_table::issued_expiring_by(tx.c, now, 200);
            for (const rewards_table::Lapsed& l : lapsed) {
                ExpiredReward x;
                x.reward_id = l.id;
                x.customer_id = l.customer_id;
                x.key = l.award_key;
                x.program_id = l.program_id;
                x.type = l.type;
                x.at = now;
                rewards_table::mark_expired(tx.c, l.id);
                impl_->notify_expired(tx, x, now);
            }
            return static_cast<std::int64_t>(lapsed.size());
        });
        work += n;
        if (n == 0) break;
    }

    // 3. Customers whose pending orders (refund hold) or future-dated events are now due.
    while (!stopped()) {
        const std::int64_t now = now_ms();
        std::vector<std::string> ids;
        impl_->store->read([&](Tx& tx) {
            ids = customers_table::due_to_wake(tx.c, now, 200);
        });
        if (ids.empty()) break;
        std::sort(ids.begin(), ids.end());
        impl_->store->write([&](Tx& tx) {
            IngestOutcome out;
            for (const auto& id : ids) {
                tx.lock_customer(id);
                auto wake = customers_table::wake_at(tx.c, id);
                if (!wake || *wake > now) continue;
                impl_->process_customer(tx, id, now, "", "", false, out);
                // Never spin on a customer whose wake time did not move.
                customers_table::clear_due_wake(tx.c, id, now);
            }
        });
        work += static_cast<std::int64_t>(ids.size());
    }

    // 4. Retroactive jobs ("evaluate all historical events once" on enable),
    // a slice at a time; a lease keeps two processes off the same job.
    while (!stopped()) {
        const std::int64_t now = now_ms();
        std::optional<std::pair<std::string, std::string>> job;
        impl_->store->write([&](Tx& tx) {
            job.reset();
            auto row = tx.c.one(
                "SELECT id, program_id FROM jobs WHERE kind = 'retroactive' AND finished_at IS NULL AND "
                "(lease_until IS NULL OR lease_until < ? OR owner = ?) ORDER BY started_at LIMIT 1",
                {now, impl_->instance_id});
            if (!row) return;
            tx.c.exec("UPDATE jobs SET owner = ?, lease_until = ? WHERE id = ?", {impl_->instance_id, now + 60000, row->str(0)});
            job = std::make_pair(row->str(0), row->str(1));
        });
        if (!job) break;
        RecalcOptions ro;
        ro.job_id = job->first;
        ro.program_id = job->second;
        ro.max_chunks = 5;
        ro.threads = 1;
        auto st = recalculate_all(ro, nullptr, stop);
        work += st.customers;
        if (st.finished) spdlog::info("retroactive job {} finished: {} customers, {} awards", job->first, st.customers, st.awards);
        if (!st.finished) break;  // continue on the next tick
    }
    return work;
}

std::int64_t Service::import_events(std::istream& in, const std::function<void(std::int64_t)>& progress) {
    std::int64_t count = 0, line_no = 0;
    std::string line;
    json batch = json::array();
    std::vector<std::int64_t> lines;
    std::vector<IncomingEvent> pending;  // validated, not yet written
    auto write = [&] {
        if (pending.empty()) return;
        impl_->store->bulk([&](Tx& tx) {
            const std::int64_t now = now_ms();
            for (const auto& e : pending) {
                impl_->ensure_customer(tx, e.customer_id, e.roles, now);
                if (events_table::insert(tx.c, e, now))
                    customers_table::bump_rev(tx.c, e.customer_id);
            }
        });
        count += static_cast<std::int64_t>(pending.size());
        pending.clear();
        if (progress) progress(count);
    };
    auto flush = [&] {  // validate up to 1000 lines with the engine's codec
        if (batch.empty()) return;
        std::vector<IncomingEvent> events;
        try {
            events = impl_->parse_events(json{{"events", batch}});
        } catch (const ServiceError& e) {
            Errors errors;
            for (const Error& err : e.errors) {
                // "/events/3/subtotal" -> "line 1234: /subtotal"
                std::string p = err.pointer;
                std::string where = "";
                if (p.rfind("/events/", 0) == 0) {
                    auto slash = p.find('/', 8);
                    auto idx = static_cast<std::size_t>(std::stoll(p.substr(8, slash - 8)));
                    where = "line " + std::to_string(lines.at(idx)) + ": ";
                    p = slash == std::string::npos ? "/" : p.substr(slash);
                }
                errors.push_back({where + p, err.message});
            }
            write();  // what was valid before the bad line stays imported
            throw ServiceError(422, errors);
        }
        for (std::size_t i = 0; i < events.size(); ++i)
            if (events[i].event.type == EventType::grant)
                throw ServiceError(422, "line " + std::to_string(lines.at(i)) + ": /type",
                                   "\"grant\" events are made by manual awards, not imported");
        for (auto& e : events) pending.push_back(std::move(e));
        batch = json::array();
        lines.clear();
        // Many events per transaction: one fsync per 20,000 events.
        if (pending.size() >= 20000) write();
    };
    while (std::getline(in, line)) {
        ++line_no;
        if (line.empty() || line.find_first_not_of(" \t\r") == std::string::npos) continue;
        if (line.size() > (1u << 20)) throw ServiceError(422, "line " + std::to_string(line_no), "longer than 1 MiB");
        json j = json::parse(line, nullptr, false);
        if (j.is_discarded()) throw ServiceError(422, "line " + std::to_string(line_no), "is not valid JSON");
        batch.push_back(std::move(j));
        lines.push_back(line_no);
        if (batch.size() >= 1000) flush();
    }
    flush();
    write();
    return count;
}

}  // namespace stepwise::server
