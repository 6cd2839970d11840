// The platform outbox's generic part: rows, claims, retries and backoff. What
// a job asks of a platform is in its handler (platform_codes.cpp).
#include "platform_jobs.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>

#include "credit_coupons.hpp"
#include "internal.hpp"
#include "text.hpp"

namespace stepwise::server::platform {

const UndoKind kUndoKinds[2] = {{kDeactivateCode, kDiscountCode}, {kCreditCouponDelete, kCreditCoupon}};

const char* const kJobInsert =
    "INSERT INTO platform_jobs (platform, kind, job_key, customer_id, award_key, payload, state, attempts, "
    "next_attempt_at, created_at)";
const char* const kJobInsertTail = "ON CONFLICT (job_key) DO NOTHING";

db::Params job_row(const std::string& platform, const std::string& kind, const std::string& job_key,
                   const std::string& customer_id, const std::string& award_key, const json& payload, std::int64_t now) {
    return {platform, kind, job_key, customer_id, award_key, payload.dump(), std::string("pending"), std::int64_t{0},
            now, now};
}

namespace {

// 1 s, 2 s, 4 s, ... capped at one hour.
std::int64_t backoff_ms(std::int64_t attempts) {
    return std::min<std::int64_t>(3600000, 1000LL << std::min<std::int64_t>(attempts, 12));
}

// Stored text: valid UTF-8, no control characters, short.
std::string short_text(const std::string& text) {
    std::string t = printable_utf8(text.substr(0, 400));
    for (char& c : t)
        if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    return t;
}

// Retry-After in seconds (Shopify may send "2.0"); -1 when absent or unreadable.
std::int64_t retry_after_ms(const std::string& text) {
    if (text.empty()) return -1;
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || *end != '\0' || !std::isfinite(v) || v < 0) return -1;
    return static_cast<std::int64_t>(std::min(v, 3600.0) * 1000);
}

}  // namespace

Outcome http_failure(const std::string& who, const std::string& needs, const outbound::Response& res) {
    const std::string body = short_text(res.body.substr(0, 200));
    if (res.status == 0) return Outcome::again(who + ": no answer (" + res.error + ")");
    if (res.status == 429)
        return Outcome::again(who + " answered 429 Too Many Requests", retry_after_ms(res.header("Retry-After")));
    if (res.status >= 500) return Outcome::again(who + " answered " + std::to_string(res.status) + ": " + body);
    if (res.status == 401)
        return Outcome::refused(who + " refused the credentials (401 Unauthorized): give " + needs + "; " + body);
    if (res.status == 403)
        return Outcome::refused(who + " denied access (403 Forbidden): the credentials need " + needs + "; " + body);
    return Outcome::refused(who + " answered " + std::to_string(res.status) + ": " + body);
}

Worker::Worker(Service& service, WorkerOptions options, const std::atomic<bool>& stop)
    : service_(service), o_(std::move(options)), stop_(stop) {
    if (o_.handlers.empty()) return;
    thread_ = std::thread([this] { run(); });
}

Worker::~Worker() {
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void Worker::run() {
    std::string names;
    for (const auto& [pk, h] : o_.handlers) names += (names.empty() ? "" : ", ") + pk.second + " in " + pk.first;
    spdlog::info("platform outbox: {}", names);
    while (!stop_) {
        try {
            while (!stop_ && run_due() > 0) {
            }
        } catch (const std::exception& e) {
            spdlog::error("platform outbox: {}", e.what());
        }
        std::unique_lock<std::mutex> lock(m_);
        cv_.wait_for(lock, std::chrono::milliseconds(500), [this] { return stop_.load(); });
    }
}

std::int64_t Worker::run_due() {
    std::vector<Job> due;
    const std::int64_t now = now_ms();
    std::string handled;
    db::Params params{now};
    for (const auto& [pk, h] : o_.handlers) {
        handled += std::string(handled.empty() ? "" : " OR ") + "(j.platform = ? AND j.kind = ?)";
        params.push_back(pk.first);
        params.push_back(pk.second);
    }
    params.push_back(std::string(kStoreCredit));
    std::string undo;
    for (const UndoKind& u : kUndoKinds) {
        undo += " OR (j.kind = ? AND e.job_key = REPLACE(j.job_key, ?, ?))";
        params.push_back(std::string(u.undo));
        params.push_back(":" + std::string(u.undo) + ":");
        params.push_back(":" + std::string(u.creation) + ":");
    }
    store_of(service_).write([&](Tx& tx) {
        due.clear();
        tx.c.each("SELECT j.id, j.attempts, j.platform, j.kind, j.job_key, j.customer_id, j.award_key, j.payload, "
                  "c.email, j.started_at FROM platform_jobs j LEFT JOIN customers c ON c.id = j.customer_id WHERE "
                  "j.state = 'pending' AND j.next_attempt_at <= ? AND (" + handled + ") AND NOT EXISTS (SELECT 1 FROM "
                  "platform_jobs e WHERE e.state = 'pending' AND e.id < j.id AND e.platform = j.platform AND "
                  "((j.kind = ? AND e.kind = j.kind AND e.customer_id = j.customer_id)" + undo + ")) "
                  "ORDER BY j.next_attempt_at, j.id LIMIT 20",
                  params, [&](const db::RowView& r) {
                      Job j;
                      j.id = r.i64(0);
                      j.attempts = r.i64(1);
                      j.platform = r.str(2);
                      j.kind = r.str(3);
                      j.job_key = r.str(4);
                      j.customer_id = r.str(5);
                      j.award_key = r.str(6);
                      j.payload = json::parse(r.text(7), nullptr, false);
                      j.customer_email = r.str(8);
                      if (!r.null(9)) j.started_at = r.i64(9);
                      due.push_back(std::move(j));
                      return true;
                  });
        std::vector<Job> claimed;
        // Conditional: a second server process that read the same row claims nothing.
        for (Job& j : due)
            if (tx.c.exec("UPDATE platform_jobs SET next_attempt_at = ?, started_at = COALESCE(started_at, ?) WHERE "
                          "id = ? AND state = 'pending' AND next_attempt_at <= ?",
                          {now + o_.claim_ms, now, j.id, now}) == 1)
                claimed.push_back(std::move(j));
        due = std::move(claimed);
    });
    std::int64_t finished = 0;
    for (const Job& j : due) {
        if (stop_) break;
        Outcome out;
        try {
            out = o_.handlers.at({j.platform, j.kind})(j);
        } catch (const std::exception& e) {
            out = Outcome::again(e.what());
        }
        const std::int64_t attempts = j.attempts + 1;
        if (out.kind == Outcome::retry && attempts >= o_.max_attempts) {
            out.kind = Outcome::failed;
            out.error = "gave up after " + std::to_string(attempts) + " attempts: " + out.error;
        }
        const std::int64_t at = now_ms();
        store_of(service_).write([&](Tx& tx) {
            if (out.kind == Outcome::done)
                tx.c.exec("UPDATE platform_jobs SET state = 'done', attempts = ?, platform_ref = ?, last_error = ?, "
                          "done_at = ? WHERE id = ?",
                          {attempts, short_text(out.ref), out.error.empty() ? db::null() : db::Value(short_text(out.error)),
                           at, j.id});
            else if (out.kind == Outcome::failed)
                tx.c.exec("UPDATE platform_jobs SET state = 'failed', attempts = ?, last_error = ?, done_at = ? WHERE id = ?",
                          {attempts, short_text(out.error), at, j.id});
            else
                tx.c.exec("UPDATE platform_jobs SET attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ?",
                          {attempts, short_text(out.error), at + (out.wait_ms >= 0 ? out.wait_ms : backoff_ms(j.attempts)),
                           j.id});
        });
        if (out.kind == Outcome::done) {
            ++finished;
            spdlog::debug("platform job {} ({} {}) done: {}", j.id, j.platform, j.job_key, out.ref);
        } else if (out.kind == Outcome::failed) {
            ++finished;
            spdlog::error("platform job {} ({} {}) failed: {} (GET /v1/platform-jobs?state=failed lists it)", j.id,
                          j.platform, j.job_key, out.error);
        } else {
            spdlog::warn("platform job {} ({} {}): attempt {} failed: {}", j.id, j.platform, j.job_key, attempts, out.error);
        }
    }
    return finished;
}

json list_jobs(Service& service, const std::string& state, std::int64_t limit) {
    if (!state.empty() && state != "pending" && state != "done" && state != "failed")
        throw ServiceError(422, "/state", "must be pending, done or failed");
    return store_of(service).read([&](Tx& tx) {
        json list = json::array();
        db::Params p;
        std::string where;
        if (!state.empty()) {
            where = " WHERE state = ?";
            p.push_back(state);
        }
        p.push_back(limit);
        tx.c.each("SELECT id, platform, kind, job_key, customer_id, award_key, payload, state, attempts, next_attempt_at, "
                  "last_error, platform_ref, created_at, done_at FROM platform_jobs" + where + " ORDER BY id DESC LIMIT ?",
                  p, [&](const db::RowView& r) {
                      auto text = [&](std::size_t i) { return r.null(i) ? json() : json(r.str(i)); };
                      json j{{"id", r.i64(0)},           {"platform", r.str(1)},    {"kind", r.str(2)},
                             {"job_key", r.str(3)},      {"customer_id", r.str(4)}, {"award_key", text(5)},
                             {"payload", json::parse(r.text(6), nullptr, false)},  {"state", r.str(7)},
                             {"attempts", r.i64(8)},     {"last_error", text(10)}, {"platform_ref", text(11)},
                             {"created_at", iso(r.i64(12))}};
                      j["next_attempt_at"] = r.str(7) == "pending" ? json(iso(r.i64(9))) : json();
                      j["done_at"] = r.null(13) ? json() : json(iso(r.i64(13)));
                      list.push_back(std::move(j));
                      return true;
                  });
        return json{{"jobs", list}};
    });
}

json retry_job(Service& service, std::int64_t id) {
    return store_of(service).write([&](Tx& tx) {
        auto row = tx.c.one("SELECT state FROM platform_jobs WHERE id = ?", {id});
        if (!row) throw ServiceError(404, "", "no such platform job");
        if (row->str(0) != "failed") throw ServiceError(409, "", "platform job is " + row->str(0) + ", not failed");
        const std::int64_t now = now_ms();
        // attempts = 1: tried before (look up first), with the whole run of retries ahead.
        tx.c.exec("UPDATE platform_jobs SET state = 'pending', attempts = 1, next_attempt_at = ?, done_at = NULL "
                  "WHERE id = ? AND state = 'failed'",
                  {now, id});
        return json{{"id", id}, {"state", "pending"}, {"next_attempt_at", iso(now)}};
    });
}

}  // namespace stepwise::server::platform
