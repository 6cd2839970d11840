#include "webhook_outbox_table.hpp"

namespace stepwise::server::webhook_outbox_table {

void insert(db::Conn& c, const std::vector<NewWebhook>& rows) {
    std::vector<db::Params> params;
    params.reserve(rows.size());
    for (const NewWebhook& w : rows) params.push_back({w.event, w.url, w.payload, w.created_at, w.created_at, std::int64_t{0}});
    c.insert_rows("INSERT INTO webhook_outbox (event, url, payload, created_at, next_attempt_at, attempts)", params);
}

std::vector<DueWebhook> claim_due(db::Conn& c, std::int64_t now, std::int64_t claimed_until, std::int64_t limit) {
    std::vector<DueWebhook> out;
    c.each("SELECT id, event, url, payload, attempts FROM webhook_outbox WHERE delivered_at IS NULL AND "
           "next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?",
           {now, limit}, [&](const db::RowView& r) {
               out.push_back({r.i64(0), r.str(1), r.str(2), r.str(3), r.i64(4)});
               return true;
           });
    for (const DueWebhook& w : out)
        c.exec("UPDATE webhook_outbox SET next_attempt_at = ? WHERE id = ?", {claimed_until, w.id});
    return out;
}

void mark_delivered(db::Conn& c, std::int64_t id, std::int64_t attempts, std::int64_t at) {
    c.exec("UPDATE webhook_outbox SET delivered_at = ?, attempts = ? WHERE id = ?", {at, attempts, id});
}

void mark_failed(db::Conn& c, std::int64_t id, std::int64_t attempts, std::int64_t next_attempt_at,
                 const std::string& error) {
    c.exec("UPDATE webhook_outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?",
           {attempts, next_attempt_at, error, id});
}

}  // namespace stepwise::server::webhook_outbox_table
