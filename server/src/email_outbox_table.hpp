// The email outbox: every statement on the email_outbox table and its row
// mapping (a repository, docs/server.md, "Code layout"). The services decide
// what an email says, whom it goes to, when it is tried again and when it is
// given up; this file only reads and writes the rows.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db.hpp"
#include "stepwise/server/results.hpp"

namespace stepwise::server::email_outbox_table {

// One email to store. `kind` and `data`: its template and placeholders
// (mailer_templates.hpp); `reason` set: not to be sent (no_recipient).
struct NewEmail {
    std::string customer_id;
    std::optional<std::string> to;
    std::string subject, body, award_key;
    std::int64_t created_at = 0, attempts = 0;
    std::string kind, data;
    std::optional<std::string> reason;
};

// Stores the rows, many to a statement (db::Conn::insert_rows).
void insert(db::Conn& c, const std::vector<NewEmail>& rows);

// The outbox as the API lists it, by id: every email, or the unsent ones.
std::vector<OutboxEmail> list(db::Conn& c, bool unsent_only, std::int64_t limit);
// Unsent emails the built-in sender cannot send: no address.
std::int64_t no_recipient_count(db::Conn& c);

// The first `limit` emails to try now: unsent, not given up, not claimed
// past `now`.
struct Due {
    std::int64_t id = 0, attempts = 0;
    std::string to, subject, body, kind, data;
};
std::vector<Due> due(db::Conn& c, std::int64_t now, int limit);
// Claims a due email until `until`; false when another sender has it.
bool claim(db::Conn& c, std::int64_t id, std::int64_t now, std::int64_t until);

// The built-in sender's outcomes.
void mark_no_recipient(db::Conn& c, std::int64_t id);
void mark_sent(db::Conn& c, std::int64_t id, std::int64_t at, std::int64_t attempts);
void mark_failed(db::Conn& c, std::int64_t id, std::int64_t attempts, const std::string& error,
                 std::int64_t next_attempt_at, const std::optional<std::string>& reason);
// Another sender's outcome (the API): one more attempt, sent at `at` or
// failed with `error`; false when the email is not there unsent.
bool record_sent(db::Conn& c, std::int64_t id, std::int64_t at);
bool record_failed(db::Conn& c, std::int64_t id, const std::string& error);

// Erasure: the address and the text go, of one customer or (null) of all.
void redact(db::Conn& c, const std::string* customer_id);

}  // namespace stepwise::server::email_outbox_table
