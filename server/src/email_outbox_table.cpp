#include "email_outbox_table.hpp"

namespace stepwise::server::email_outbox_table {

void insert(db::Conn& c, const std::vector<NewEmail>& rows) {
    std::vector<db::Params> params;
    params.reserve(rows.size());
    for (const NewEmail& m : rows)
        params.push_back({m.customer_id, db::opt(m.to), m.subject, m.body, m.award_key, m.created_at, m.attempts, m.kind,
                          m.data, db::opt(m.reason)});
    c.insert_rows("INSERT INTO email_outbox (customer_id, to_address, subject, body, award_key, created_at, attempts, "
                  "kind, data, reason)",
                  params);
}

std::vector<OutboxEmail> list(db::Conn& c, bool unsent_only, std::int64_t limit) {
    std::vector<OutboxEmail> out;
    std::string sql =
        "SELECT id, customer_id, to_address, subject, body, award_key, created_at, sent_at, attempts, last_error, "
        "reason, next_attempt_at FROM email_outbox";
    if (unsent_only) sql += " WHERE sent_at IS NULL";
    sql += " ORDER BY id LIMIT ?";
    c.each(sql, {limit}, [&](const db::RowView& r) {
        OutboxEmail m;
        m.id = r.i64(0);
        m.customer_id = r.str(1);
        if (!r.null(2)) m.to = r.str(2);
        m.subject = r.str(3);
        m.body = r.str(4);
        if (!r.null(5)) m.award_key = r.str(5);
        m.created_at = r.i64(6);
        if (!r.null(7)) m.sent_at = r.i64(7);
        m.attempts = r.i64(8);
        if (!r.null(9)) m.last_error = r.str(9);
        if (!r.null(10)) m.reason = r.str(10);
        // The next try matters only while the email is neither sent nor given up.
        if (!r.null(11) && r.null(7) && r.null(10)) m.next_attempt_at = r.i64(11);
        out.push_back(std::move(m));
        return true;
    });
    return out;
}

std::int64_t no_recipient_count(db::Conn& c) {
    auto row = c.one("SELECT COUNT(*) FROM email_outbox WHERE reason = 'no_recipient' AND sent_at IS NULL");
    return row ? row->i64(0) : 0;
}

std::vector<Due> due(db::Conn& c, std::int64_t now, int limit) {
    std::vector<Due> out;
    c.each("SELECT id, attempts, to_address, subject, body, kind, data FROM email_outbox WHERE sent_at IS NULL "
           "AND reason IS NULL AND COALESCE(next_attempt_at, 0) <= ? ORDER BY id LIMIT " +
               std::to_string(limit),
           {now}, [&](const db::RowView& r) {
               out.push_back({r.i64(0), r.i64(1), r.str(2), r.str(3), r.str(4), r.str(5), r.str(6)});
               return true;
           });
    return out;
}

// Conditional: when another process claimed the row since our SELECT,
// PostgreSQL re-checks the condition after its commit and changes nothing.
bool claim(db::Conn& c, std::int64_t id, std::int64_t now, std::int64_t until) {
    return c.exec("UPDATE email_outbox SET next_attempt_at = ? WHERE id = ? AND sent_at IS NULL AND "
                  "COALESCE(next_attempt_at, 0) <= ?",
                  {until, id, now}) == 1;
}

void mark_no_recipient(db::Conn& c, std::int64_t id) {
    c.exec("UPDATE email_outbox SET reason = 'no_recipient' WHERE id = ?", {id});
}

void mark_sent(db::Conn& c, std::int64_t id, std::int64_t at, std::int64_t attempts) {
    c.exec("UPDATE email_outbox SET sent_at = ?, attempts = ?, last_error = NULL WHERE id = ? AND sent_at IS NULL",
           {at, attempts, id});
}

void mark_failed(db::Conn& c, std::int64_t id, std::int64_t attempts, const std::string& error,
                 std::int64_t next_attempt_at, const std::optional<std::string>& reason) {
    c.exec("UPDATE email_outbox SET attempts = ?, last_error = ?, next_attempt_at = ?, reason = ? WHERE id = ?",
           {attempts, error, next_attempt_at, db::opt(reason), id});
}

bool record_sent(db::Conn& c, std::int64_t id, std::int64_t at) {
    return c.exec("UPDATE email_outbox SET attempts = attempts + 1, sent_at = ? WHERE id = ? AND sent_at IS NULL",
                  {at, id}) > 0;
}

bool record_failed(db::Conn& c, std::int64_t id, const std::string& error) {
    return c.exec("UPDATE email_outbox SET attempts = attempts + 1, last_error = ? WHERE id = ? AND sent_at IS NULL",
                  {error, id}) > 0;
}

void redact(db::Conn& c, const std::string* customer_id) {
    c.exec(std::string("UPDATE email_outbox SET to_address = NULL, body = '(redacted)'") +
               (customer_id ? " WHERE customer_id = ?" : ""),
           customer_id ? db::Params{*customer_id} : db::Params{});
}

}  // namespace stepwise::server::email_outbox_table
