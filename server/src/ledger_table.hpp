// The wallet ledger's table and the customers' balance column: every statement
// on them and their row mapping (a repository, docs/server.md "Code layout").
// Which credit a debit consumes, caps and claw-backs are decided in ledger.cpp,
// the only caller of the writes here, so that the balance always equals the
// sum of the rows.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "db.hpp"
#include "internal.hpp"  // LedgerEntry
#include "stepwise/server/service.hpp"  // TransactionFilter, LedgerRow

namespace stepwise::server::ledger_table {

// ---- the balance (a column of customers)

// The customer's balance; 0 for an unknown customer.
Money balance(db::Conn& c, const std::string& customer_id);
// Adds `amount` (may be negative) and returns the new balance.
Money add_to_balance(db::Conn& c, const std::string& customer_id, Money amount, std::int64_t now);
void set_balance(db::Conn& c, const std::string& customer_id, Money balance, std::int64_t now);
// Every customer's balance summed, or one customer's (`customer_id` set).
Money total_balance(db::Conn& c, const std::optional<std::string>& customer_id);

// ---- rows

// One row to write: the movement and the balance after it.
struct NewRow {
    const LedgerEntry* entry = nullptr;
    Money balance_after = 0;
};
// Writes the rows, many to a statement; returns their ids in the rows' order.
std::vector<std::int64_t> insert(db::Conn& c, const std::vector<NewRow>& rows, std::int64_t now);

std::optional<LedgerRow> find(db::Conn& c, std::int64_t id);

// A credit row with something left to spend.
struct OpenCredit {
    std::int64_t id = 0;
    Money remaining = 0;
    std::optional<Time> expires_at;
};
// The row's credit left when it has some.
std::optional<Money> remaining(db::Conn& c, std::int64_t id);
// A customer's open credit in the order a debit consumes it: the soonest to
// expire first, credit that never expires last, then by id.
std::vector<OpenCredit> open_credits(db::Conn& c, const std::string& customer_id);
// Only the open credit that expires, soonest first (the wallet's "expiring").
std::vector<OpenCredit> expiring_credits(db::Conn& c, const std::string& customer_id);
void set_remaining(db::Conn& c, std::int64_t id, Money remaining);
// Up to `limit` rows of any customer with credit left whose expiry is at or
// before `now`, by id: (customer, row id).
std::vector<std::pair<std::string, std::int64_t>> expired_credits(db::Conn& c, std::int64_t now, std::int64_t limit);
// The row, when it still has credit left (what an expiry debits).
std::optional<LedgerRow> open_credit_row(db::Conn& c, std::int64_t id);

// A claw-back the balance could not cover, still owed.
struct Owed {
    std::int64_t id = 0;
    Money owed = 0;
    std::string note, award_key, program_id;
};
// A customer's owed rows, oldest first.
std::vector<Owed> owed_of_customer(db::Conn& c, const std::string& customer_id);
void reduce_owed(db::Conn& c, std::int64_t id, Money collected);

// ---- reports (the filter's type, customer and period; `currency` is left empty)

// Up to `limit` rows newest first, below the filter's before_id.
std::vector<LedgerRow> page(db::Conn& c, const TransactionFilter& f, std::int64_t limit);
// Up to `limit` rows oldest first with ids above `after_id` (before_id ignored).
void each_after(db::Conn& c, const TransactionFilter& f, std::int64_t after_id, std::int64_t limit,
                const std::function<void(const LedgerRow&)>& fn);

struct TypeTotals {
    std::string type;
    std::int64_t count = 0;
    Money credited = 0, debited = 0, not_collected = 0;  // debited positive; owed by uncollected claw-backs
};
// Per type, by type name (before_id ignored).
std::vector<TypeTotals> totals_by_type(db::Conn& c, const TransactionFilter& f);
// The customers' balances at `to`: each one's balance after their last row before it.
Money balances_at(db::Conn& c, Time to, const std::optional<std::string>& customer_id);

}  // namespace stepwise::server::ledger_table
