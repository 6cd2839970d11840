// One schema for SQLite and PostgreSQL, applied as numbered migrations at
// start-up. The DDL is written once; {ID} and {CLUSTERED} are the only words
// that differ between the two dialects. Times are BIGINT milliseconds since the
// epoch (UTC) and money BIGINT minor units of the store currency, as in the engine.
#include <algorithm>
#include <string>
#include <vector>

#include "db.hpp"
#include "store.hpp"

namespace stepwise::server {

namespace {

const std::vector<std::string>& migrations() {
    static const std::vector<std::string> list = {
        // 1: the whole first schema.
        R"SQL(
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE customers (
  id TEXT PRIMARY KEY,
  roles TEXT NOT NULL DEFAULT '[]',
  email TEXT,
  name TEXT,
  balance BIGINT NOT NULL DEFAULT 0,
  rev BIGINT NOT NULL DEFAULT 0,
  wake_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX customers_wake ON customers (wake_at) WHERE wake_at IS NOT NULL;

CREATE TABLE events (
  customer_id TEXT NOT NULL,
  id TEXT NOT NULL,
  type INTEGER NOT NULL,
  at BIGINT NOT NULL,
  order_id TEXT,
  status TEXT,
  subtotal BIGINT,
  tax BIGINT,
  shipping BIGINT,
  total BIGINT,
  wallet_paid BIGINT,
  amount BIGINT,
  ref TEXT,
  purchased INTEGER,
  points BIGINT,
  items TEXT,
  received_at BIGINT NOT NULL,
  PRIMARY KEY (customer_id, id)
){CLUSTERED};

CREATE TABLE programs (
  id TEXT PRIMARY KEY,
  doc TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  version BIGINT NOT NULL,
  position BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  deleted_at BIGINT
);
CREATE TABLE program_versions (
  program_id TEXT NOT NULL,
  version BIGINT NOT NULL,
  doc TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (program_id, version)
);

CREATE TABLE awards (
  customer_id TEXT NOT NULL,
  award_key TEXT NOT NULL,
  program_id TEXT NOT NULL,
  step_id TEXT NOT NULL,
  occurrence BIGINT NOT NULL,
  awarded_at BIGINT NOT NULL,
  expires_at BIGINT,
  issued_at BIGINT NOT NULL,
  source TEXT NOT NULL,
  state TEXT NOT NULL,
  clawed_back_at BIGINT,
  note TEXT,
  program_version BIGINT NOT NULL,
  PRIMARY KEY (customer_id, award_key)
){CLUSTERED};

CREATE TABLE ledger (
  id {ID},
  customer_id TEXT NOT NULL,
  at BIGINT NOT NULL,
  type TEXT NOT NULL,
  note TEXT NOT NULL,
  memo TEXT,
  amount BIGINT NOT NULL,
  balance_after BIGINT NOT NULL,
  status TEXT NOT NULL,
  requested BIGINT,
  expires_at BIGINT,
  remaining BIGINT,
  award_key TEXT,
  program_id TEXT
);
CREATE INDEX ledger_customer ON ledger (customer_id, id);
CREATE INDEX ledger_open_credit ON ledger (customer_id, expires_at) WHERE remaining > 0;
CREATE INDEX ledger_expiring ON ledger (expires_at) WHERE remaining > 0 AND expires_at IS NOT NULL;

CREATE TABLE rewards (
  id {ID},
  customer_id TEXT NOT NULL,
  award_key TEXT NOT NULL,
  program_id TEXT NOT NULL,
  step_id TEXT NOT NULL,
  type TEXT NOT NULL,
  points BIGINT,
  amount BIGINT,
  percent INTEGER,
  product_id TEXT,
  code TEXT,
  ledger_id BIGINT,
  state TEXT NOT NULL,
  issued_at BIGINT NOT NULL,
  expires_at BIGINT,
  redeemed_at BIGINT
);
CREATE INDEX rewards_customer ON rewards (customer_id, award_key);
CREATE INDEX rewards_expiring ON rewards (expires_at) WHERE state = 'issued' AND expires_at IS NOT NULL;

CREATE TABLE choices (
  id {ID},
  customer_id TEXT NOT NULL,
  award_key TEXT NOT NULL,
  program_id TEXT NOT NULL,
  step_id TEXT NOT NULL,
  pick INTEGER NOT NULL,
  options TEXT NOT NULL,
  state TEXT NOT NULL,
  picked TEXT,
  created_at BIGINT NOT NULL,
  resolved_at BIGINT
);
CREATE INDEX choices_customer ON choices (customer_id, state);

CREATE TABLE notices (
  id {ID},
  customer_id TEXT NOT NULL,
  award_key TEXT,
  message TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  delivered_at BIGINT
);
CREATE INDEX notices_unread ON notices (customer_id) WHERE delivered_at IS NULL;

CREATE TABLE email_outbox (
  id {ID},
  customer_id TEXT NOT NULL,
  to_address TEXT,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  award_key TEXT,
  created_at BIGINT NOT NULL,
  sent_at BIGINT,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT
);
CREATE INDEX email_outbox_pending ON email_outbox (id) WHERE sent_at IS NULL;

CREATE TABLE webhook_outbox (
  id {ID},
  event TEXT NOT NULL,
  url TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  delivered_at BIGINT,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT
);
CREATE INDEX webhook_outbox_pending ON webhook_outbox (next_attempt_at) WHERE delivered_at IS NULL;

CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  program_id TEXT,
  cursor TEXT NOT NULL DEFAULT '',
  processed BIGINT NOT NULL DEFAULT 0,
  total BIGINT NOT NULL DEFAULT 0,
  awards BIGINT NOT NULL DEFAULT 0,
  started_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  finished_at BIGINT,
  owner TEXT,
  lease_until BIGINT
);
)SQL",
        // 2: where each ledger row came from, the order that triggered it, and
        // what a claw-back still owes (collected from later credit).
        R"SQL(
ALTER TABLE ledger ADD COLUMN source TEXT;
ALTER TABLE ledger ADD COLUMN order_id TEXT;
ALTER TABLE ledger ADD COLUMN owed BIGINT;
UPDATE ledger SET owed = requested WHERE status = 'not_collected';
UPDATE ledger SET source = CASE type WHEN 'Milestone Claw-back' THEN 'claw-back' WHEN 'Credit Expired' THEN 'expiry'
  WHEN 'Wallet Payment' THEN 'redemption' WHEN 'Manual Credit' THEN 'manual' ELSE 'engine' END;
UPDATE ledger SET source = 'manual' WHERE type = 'Milestone Reward' AND EXISTS (SELECT 1 FROM awards a
  WHERE a.customer_id = ledger.customer_id AND a.award_key = ledger.award_key AND a.source = 'manual');
CREATE INDEX ledger_owed ON ledger (customer_id) WHERE owed > 0;
)SQL",
        // 3: orders as the platforms report them (the order-state API and the
        // connectors), refunds that arrived before their order, and webhook
        // deliveries seen (duplicates and unknown topics counted).
        R"SQL(
CREATE TABLE order_states (
  order_id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  state TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  received_at BIGINT NOT NULL
);
CREATE INDEX order_states_customer ON order_states (customer_id);
CREATE TABLE order_refunds_waiting (
  order_id TEXT NOT NULL,
  refund_id TEXT NOT NULL,
  refund TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  PRIMARY KEY (order_id, refund_id)
);
CREATE TABLE connector_deliveries (
  platform TEXT NOT NULL,
  delivery_id TEXT NOT NULL,
  topic TEXT NOT NULL,
  outcome TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  PRIMARY KEY (platform, delivery_id)
);
)SQL",
        // 4: reconciliation's watermark per platform (how far the platform's
        // order list was applied), product categories looked up through a
        // platform's REST API (cached with their fetch time), counters of the
        // connectors' failures, and the customer data exports platforms ask for.
        R"SQL(
CREATE TABLE connector_watermarks (
  platform TEXT PRIMARY KEY,
  updated_at BIGINT NOT NULL,
  saved_at BIGINT NOT NULL
);
CREATE TABLE product_categories (
  platform TEXT NOT NULL,
  product_id TEXT NOT NULL,
  categories TEXT,
  error TEXT,
  fetched_at BIGINT NOT NULL,
  PRIMARY KEY (platform, product_id)
);
CREATE TABLE connector_counters (
  platform TEXT NOT NULL,
  name TEXT NOT NULL,
  count BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (platform, name)
);
CREATE TABLE customer_exports (
  id {ID},
  platform TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  request TEXT NOT NULL,
  data TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX customer_exports_customer ON customer_exports (customer_id);
)SQL",
        // 5: event types stored by name ("order_status"), not by the engine
        // enum's position, so that reordering the enum can never change what a
        // stored event is. An unknown position fails the migration (NOT NULL).
        R"SQL(
ALTER TABLE events ADD COLUMN type_name TEXT NOT NULL DEFAULT '';
UPDATE events SET type_name = CASE type WHEN 0 THEN 'order' WHEN 1 THEN 'order_status' WHEN 2 THEN 'refund'
  WHEN 3 THEN 'review' WHEN 4 THEN 'referral' WHEN 5 THEN 'points' WHEN 6 THEN 'subscription_renewal' END;
ALTER TABLE events DROP COLUMN type;
ALTER TABLE events RENAME COLUMN type_name TO type;
)SQL",
        // 6: the built-in SMTP sender (mailer.cpp). An email row
        // says which template renders it (kind) and with what (data, JSON
        // placeholders), when to try it next, and why it is not sent
        // (reason: no_recipient, failed).
        R"SQL(
ALTER TABLE email_outbox ADD COLUMN kind TEXT;
ALTER TABLE email_outbox ADD COLUMN data TEXT;
ALTER TABLE email_outbox ADD COLUMN next_attempt_at BIGINT;
ALTER TABLE email_outbox ADD COLUMN reason TEXT;
)SQL",
        // 7: points that buy something (points.cpp, docs/points.md). Points
        // get a ledger of their own: every earn, spend, expiry and reversal
        // with the balance after it; an earned row keeps what is left of it
        // (remaining) so spending and expiry take the oldest-expiring first,
        // as the wallet's credit lots do. The merchant's redemption options
        // are rows (an id a redemption keeps naming after the option is
        // removed); a redemption is stored under the client's key, once.
        // Points rewards issued before this version become earned rows.
        R"SQL(
CREATE TABLE points_ledger (
  id {ID},
  customer_id TEXT NOT NULL,
  at BIGINT NOT NULL,
  type TEXT NOT NULL,
  points BIGINT NOT NULL,
  balance_after BIGINT NOT NULL,
  remaining BIGINT,
  requested BIGINT,
  expires_at BIGINT,
  award_key TEXT,
  program_id TEXT,
  redemption_key TEXT,
  note TEXT NOT NULL
);
CREATE INDEX points_ledger_customer ON points_ledger (customer_id, id);
CREATE INDEX points_ledger_open ON points_ledger (customer_id, expires_at) WHERE remaining > 0;
CREATE INDEX points_ledger_expiring ON points_ledger (expires_at) WHERE remaining > 0 AND expires_at IS NOT NULL;
CREATE TABLE points_options (
  id TEXT PRIMARY KEY,
  position BIGINT NOT NULL,
  doc TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  removed_at BIGINT
);
CREATE TABLE points_redemptions (
  customer_id TEXT NOT NULL,
  client_key TEXT NOT NULL,
  option_id TEXT NOT NULL,
  points BIGINT NOT NULL,
  award_key TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (customer_id, client_key)
);
INSERT INTO points_ledger (customer_id, at, type, points, balance_after, remaining, expires_at, award_key, program_id, note)
  SELECT customer_id, issued_at, 'earned', points,
         SUM(points) OVER (PARTITION BY customer_id ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
         points, expires_at, award_key, program_id, 'Points earned, ' || step_id
  FROM rewards WHERE type = 'points' AND state = 'issued' AND points > 0 ORDER BY customer_id, id;
)SQL",
        // 8: the platform outbox (platform_jobs.cpp): work a connected store
        // must do for an issued reward, such as creating its discount code,
        // written in the transaction that issues it and done by `serve`.
        // job_key makes each piece of work exactly once; state is pending,
        // done or failed (gave up: last_error says why). Discount codes are
        // looked up case-insensitively when an order reports one.
        R"SQL(
CREATE TABLE platform_jobs (
  id {ID},
  platform TEXT NOT NULL,
  kind TEXT NOT NULL,
  job_key TEXT NOT NULL UNIQUE,
  customer_id TEXT NOT NULL,
  award_key TEXT,
  payload TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  last_error TEXT,
  platform_ref TEXT,
  created_at BIGINT NOT NULL,
  done_at BIGINT
);
CREATE INDEX platform_jobs_due ON platform_jobs (next_attempt_at) WHERE state = 'pending';
CREATE INDEX platform_jobs_state ON platform_jobs (state, id);
CREATE INDEX rewards_code ON rewards (UPPER(code)) WHERE code IS NOT NULL;
)SQL",
        // 9: referral codes as the shoppers were shown them (referral_orders.hpp):
        // the code is an HMAC and cannot be turned back into its customer, so an
        // order carrying one finds its referrer here.
        R"SQL(
CREATE TABLE referral_codes (
  code TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
)SQL",
        // 10: a free gift's display name as the program gave it when issued,
        // so My rewards, notices and store codes name the product.
        R"SQL(
ALTER TABLE rewards ADD COLUMN gift_name TEXT;
)SQL",
        // 11: store credit mirrored into Shopify (platform_credit.hpp): a
        // job's first claim is remembered (started_at), so a retry looks up
        // what the platform made since instead of making it again; a
        // customer's store_credit jobs run in order.
        R"SQL(
ALTER TABLE platform_jobs ADD COLUMN started_at BIGINT;
CREATE INDEX platform_jobs_customer ON platform_jobs (customer_id, id) WHERE state = 'pending';
)SQL",
        // 12: wallet credit turned into one-time WooCommerce coupons
        // (credit_coupons.hpp). An open row holds its amount from the available
        // balance; the ledger debits only when an order uses the code. state:
        // open, used, expired, returned (its order was cancelled or refunded).
        // job_key names the platform job that makes the coupon.
        R"SQL(
CREATE TABLE credit_coupons (
  id {ID},
  customer_id TEXT NOT NULL,
  client_key TEXT NOT NULL,
  code TEXT NOT NULL UNIQUE,
  amount BIGINT NOT NULL,
  state TEXT NOT NULL DEFAULT 'open',
  job_key TEXT NOT NULL,
  order_id TEXT,
  used_amount BIGINT,
  ledger_id BIGINT,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  closed_at BIGINT,
  UNIQUE (customer_id, client_key)
);
CREATE INDEX credit_coupons_customer ON credit_coupons (customer_id, id);
CREATE INDEX credit_coupons_open ON credit_coupons (expires_at) WHERE state = 'open';
CREATE INDEX credit_coupons_code ON credit_coupons (UPPER(code));
CREATE INDEX credit_coupons_order ON credit_coupons (order_id) WHERE order_id IS NOT NULL;
)SQL",
        // 13: Shopify store credit transactions the shopper made (spent at
        // checkout, given back by a refund) recorded in the ledger, each once
        // (platform_credit_sync.cpp). amount: signed minor units; taken: what
        // the ledger row moved (less than a debit when the balance was short).
        R"SQL(
CREATE TABLE shopify_credit_seen (
  transaction_id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  event TEXT NOT NULL,
  amount BIGINT NOT NULL,
  taken BIGINT,
  ledger_id BIGINT,
  seen_at BIGINT NOT NULL
);
)SQL",
        // 14: what a notice announces (award, redemption, choice, picked), so
        // the storefront can word it in the shopper's language; older rows
        // have none and keep only their English message.
        R"SQL(
ALTER TABLE notices ADD COLUMN kind TEXT;
)SQL",
    };
    return list;
}

std::string dialect_sql(std::string sql, db::Dialect d) {
    auto replace_all = [&](const std::string& from, const std::string& to) {
        for (std::size_t p = 0; (p = sql.find(from, p)) != std::string::npos; p += to.size()) sql.replace(p, from.size(), to);
    };
    if (d == db::Dialect::sqlite) {
        replace_all("{ID}", "INTEGER PRIMARY KEY AUTOINCREMENT");
        // Clustered by customer: one customer's rows are one range of the B-tree.
        replace_all("{CLUSTERED}", " WITHOUT ROWID");
    } else {
        replace_all("{ID}", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
        replace_all("{CLUSTERED}", "");
    }
    return sql;
}

}  // namespace

int schema_version() { return static_cast<int>(migrations().size()); }

void migrate(db::Conn& c, int up_to) {
    const bool pg = c.dialect() == db::Dialect::postgres;
    // Two processes may start at once: one migrates, the other waits.
    if (pg) c.script("SELECT pg_advisory_lock(7428301)");
    try {
        c.begin(true);
        c.script("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
        auto row = c.one("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
        int have = row ? static_cast<int>(row->i64(0)) : 0;
        const auto& list = migrations();
        if (have > static_cast<int>(list.size()))
            throw db::DbError("database schema version " + std::to_string(have) + " is newer than this server (" +
                              std::to_string(list.size()) + ")");
        const int last = up_to > 0 ? std::min(up_to, static_cast<int>(list.size())) : static_cast<int>(list.size());
        for (int v = have + 1; v <= last; ++v) {
            c.script(dialect_sql(list[static_cast<std::size_t>(v - 1)], c.dialect()));
            c.exec("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                   {std::int64_t{v}, now_ms()});
        }
        c.commit();
    } catch (...) {
        c.rollback();
        if (pg) c.script("SELECT pg_advisory_unlock(7428301)");
        throw;
    }
    if (pg) c.script("SELECT pg_advisory_unlock(7428301)");
}

}  // namespace stepwise::server
