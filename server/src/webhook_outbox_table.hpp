// The webhook outbox: every statement on it and its row mapping (a repository,
// docs/server.md "Code layout"). A row is written in the transaction of what it
// reports, so a webhook is sent exactly when that committed; webhooks.cpp
// decides when to retry and when to give up.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "db.hpp"

namespace stepwise::server::webhook_outbox_table {

// One webhook to send: `payload` is the JSON body, as signed and sent.
struct NewWebhook {
    std::string event, url, payload;
    std::int64_t created_at = 0;
};
// Stores the rows, many to a statement, each due at once.
void insert(db::Conn& c, const std::vector<NewWebhook>& rows);

struct DueWebhook {
    std::int64_t id = 0;
    std::string event, url, payload;
    std::int64_t attempts = 0;
};
// Up to `limit` undelivered rows due at `now`, the longest waiting first, each
// claimed (its next attempt moved to `claimed_until`) so that a second server
// process does not send it at the same time.
std::vector<DueWebhook> claim_due(db::Conn& c, std::int64_t now, std::int64_t claimed_until, std::int64_t limit);
void mark_delivered(db::Conn& c, std::int64_t id, std::int64_t attempts, std::int64_t at);
void mark_failed(db::Conn& c, std::int64_t id, std::int64_t attempts, std::int64_t next_attempt_at,
                 const std::string& error);

}  // namespace stepwise::server::webhook_outbox_table
