// Webhooks: the should-award veto (synchronous, inside the awarding
// transaction) and the durable outbox for awarded / clawed-back /
// spend-recalculated notifications (at-least-once, retried with backoff).
// Every request is signed: X-Stepwise-Signature: sha256=<hex HMAC(store_secret, body)>.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "auth.hpp"
#include "http_client.hpp"
#include "internal.hpp"
#include "text.hpp"

namespace stepwise::server {

namespace {

// Returns the HTTP status (0 when the request failed) and the body, or the
// transport error. Through libcurl (http_client.hpp), so that https:// receivers
// work and every outbound request shares one client.
std::pair<int, std::string> post_json(const std::string& url, const std::string& event, const std::string& body,
                                      const std::string& secret, int timeout_ms) {
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) return {0, "bad URL (http:// or https://)"};
    outbound::Request req;
    req.method = "POST";
    req.url = url;
    req.body = body;
    req.headers = {{"Content-Type", "application/json"}, {"X-Stepwise-Event", event}};
    if (!secret.empty()) req.headers.emplace_back("X-Stepwise-Signature", "sha256=" + hmac_sha256_hex(secret, body));
    req.connect_timeout_ms = timeout_ms;
    req.timeout_ms = timeout_ms;
    req.max_body = 1u << 20;  // a receiver's answer is read for a verdict or an error line only
    outbound::Response res = outbound::send(req);
    if (res.status == 0) return {0, res.error};
    return {static_cast<int>(res.status), res.body};
}

// The receiver's answer as stored text: what both databases keep as is (valid
// UTF-8, no NUL), short.
std::string error_text(int status, const std::string& reply) {
    std::string t = printable_utf8(reply.substr(0, 200));
    t.erase(std::remove(t.begin(), t.end(), '\0'), t.end());
    return std::to_string(status) + " " + t;
}

}  // namespace

bool Service::Impl::call_should_award(const AwardContext& ctx) {
    json rewards = json::array();
    for (const Reward& r : ctx.step.rewards) rewards.push_back(reward_to_json(r, s.digits()));
    json milestone{{"id", ctx.step.id},         {"slug", ctx.step.id},     {"name", ctx.step.name},
                   {"metric", to_string(ctx.step.metric)}, {"rewards", rewards}, {"repeating", ctx.step.repeating}};
    if (ctx.step.metric == Metric::spend)
        milestone["threshold"] = s.money(ctx.step.target);
    else
        milestone["target"] = ctx.step.target;
    json body{{"event", "milestone.should_award"},
              {"customer_id", ctx.customer_id},
              {"program_id", ctx.program.id},
              {"milestone", milestone},
              {"key", ctx.award.key},
              {"occurrence", ctx.award.occurrence},
              {"awarded_at", iso(ctx.award.awarded_at)},
              {"current_spend", s.money(ctx.current_spend)},
              {"currency", s.currency()}};
    auto [status, text] = post_json(s.o_.webhook_should_award, "milestone.should_award", body.dump(), s.o_.store_secret,
                                    s.o_.should_award_timeout_ms);
    if (status >= 200 && status < 300) {
        json reply = json::parse(text, nullptr, false);
        if (reply.is_object() && reply.contains("award") && reply["award"].is_boolean()) return reply["award"].get<bool>();
        spdlog::warn("should_award webhook replied without a boolean \"award\"; using the default");
    } else {
        spdlog::warn("should_award webhook failed ({} {}); using the default", status, text.substr(0, 200));
    }
    return s.o_.should_award_on_error;
}

std::int64_t Service::deliver_webhooks() {
    std::int64_t delivered = 0;
    for (;;) {
        const std::int64_t now = now_ms();
        std::vector<webhook_outbox_table::DueWebhook> rows;
        // Claimed for a minute: a second server process does not send them meanwhile.
        impl_->store->write([&](Tx& tx) { rows = webhook_outbox_table::claim_due(tx.c, now, now + 60000, 20); });
        if (rows.empty()) break;
        for (const webhook_outbox_table::DueWebhook& w : rows) {
            auto [status, text] = post_json(w.url, w.event, w.payload, o_.store_secret, 5000);
            const bool ok = status >= 200 && status < 300;
            impl_->store->write([&](Tx& tx) {
                if (ok) {
                    webhook_outbox_table::mark_delivered(tx.c, w.id, w.attempts + 1, now_ms());
                } else {
                    // 1 s, 2 s, 4 s, ... capped at one hour; give up after 20 attempts.
                    const std::int64_t backoff = std::min<std::int64_t>(3600000, 1000LL << std::min<std::int64_t>(w.attempts, 12));
                    const std::int64_t next = w.attempts + 1 >= 20 ? std::numeric_limits<std::int64_t>::max() / 2 : now_ms() + backoff;
                    webhook_outbox_table::mark_failed(tx.c, w.id, w.attempts + 1, next, error_text(status, text));
                }
            });
            if (ok) ++delivered;
        }
    }
    return delivered;
}

}  // namespace stepwise::server
