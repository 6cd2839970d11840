#include "ledger_table.hpp"

#include <algorithm>

namespace stepwise::server::ledger_table {

namespace {

const char* const kColumns =
    "id, customer_id, at, type, note, memo, amount, balance_after, status, requested, expires_at, remaining, award_key, "
    "program_id, source, order_id, owed";

// kColumns, in order.
LedgerRow from_row(const db::RowView& r) {
    LedgerRow l;
    l.id = r.i64(0);
    l.customer_id = r.str(1);
    l.at = r.i64(2);
    l.type = r.str(3);
    l.note = r.str(4);
    l.memo = r.opt_str(5);
    l.amount = r.i64(6);
    l.balance_after = r.i64(7);
    l.status = r.str(8);
    l.requested = r.opt_i64(9);
    l.expires_at = r.opt_i64(10);
    l.remaining = r.opt_i64(11);
    l.award_key = r.opt_str(12);
    l.program_id = r.opt_str(13);
    l.source = r.opt_str(14);
    l.order_id = r.opt_str(15);
    if (!r.null(16) && r.i64(16) > 0) l.owed = r.i64(16);
    return l;
}

// The filter's conditions (before_id only when `paged`), their values added to `p`.
std::string where(const TransactionFilter& f, bool paged, db::Params& p) {
    std::string w = " WHERE 1 = 1";
    auto add = [&](const char* cond, db::Value v) {
        w += cond;
        p.push_back(std::move(v));
    };
    if (f.customer_id) add(" AND customer_id = ?", *f.customer_id);
    if (f.type) add(" AND type = ?", *f.type);
    if (f.from) add(" AND at >= ?", *f.from);
    if (f.to) add(" AND at < ?", *f.to);
    if (paged && f.before_id) add(" AND id < ?", *f.before_id);
    return w;
}

std::vector<OpenCredit> credits(db::Conn& c, const char* sql, const std::string& customer_id) {
    std::vector<OpenCredit> out;
    c.each(sql, {customer_id}, [&](const db::RowView& r) {
        out.push_back({r.i64(0), r.i64(1), r.opt_i64(2)});
        return true;
    });
    return out;
}

}  // namespace

Money balance(db::Conn& c, const std::string& customer_id) {
    auto row = c.one("SELECT balance FROM customers WHERE id = ?", {customer_id});
    return row ? row->i64(0) : 0;
}

Money add_to_balance(db::Conn& c, const std::string& customer_id, Money amount, std::int64_t now) {
    Money after = 0;
    c.each("UPDATE customers SET balance = balance + ?, updated_at = ? WHERE id = ? RETURNING balance",
           {amount, now, customer_id}, [&](const db::RowView& r) {
               after = r.i64(0);
               return false;
           });
    return after;
}

void set_balance(db::Conn& c, const std::string& customer_id, Money balance, std::int64_t now) {
    c.exec("UPDATE customers SET balance = ?, updated_at = ? WHERE id = ?", {balance, now, customer_id});
}

Money total_balance(db::Conn& c, const std::optional<std::string>& customer_id) {
    auto row = customer_id ? c.one("SELECT COALESCE(SUM(balance), 0) FROM customers WHERE id = ?", {*customer_id})
                           : c.one("SELECT COALESCE(SUM(balance), 0) FROM customers");
    return row ? row->i64(0) : 0;
}

std::vector<std::int64_t> insert(db::Conn& c, const std::vector<NewRow>& rows, std::int64_t now) {
    using db::text_or_null;
    std::vector<db::Params> params;
    params.reserve(rows.size());
    for (const NewRow& n : rows) {
        const LedgerEntry& e = *n.entry;
        params.push_back({e.customer_id, now, e.type, e.note, text_or_null(e.memo), e.amount, n.balance_after, e.status,
                          db::opt(e.requested), db::opt(e.expires_at), e.amount > 0 ? db::Value(e.amount) : db::null(),
                          text_or_null(e.award_key), text_or_null(e.program_id), e.source, text_or_null(e.order_id),
                          db::opt(e.owed)});
    }
    // Ids are assigned in VALUES order (SQLite's rowid and PostgreSQL's
    // sequence both count up row by row), whatever order RETURNING lists them in.
    std::vector<std::int64_t> ids;
    ids.reserve(rows.size());
    c.insert_rows(
        "INSERT INTO ledger (customer_id, at, type, note, memo, amount, balance_after, status, requested, expires_at, "
        "remaining, award_key, program_id, source, order_id, owed)",
        params, "RETURNING id", [&](const db::RowView& r) {
            ids.push_back(r.i64(0));
            return true;
        });
    if (ids.size() != rows.size()) throw db::DbError("ledger insert: ids missing", false, db::Failure::internal);
    std::sort(ids.begin(), ids.end());
    return ids;
}

std::optional<LedgerRow> find(db::Conn& c, std::int64_t id) {
    std::optional<LedgerRow> out;
    c.each(std::string("SELECT ") + kColumns + " FROM ledger WHERE id = ?", {id}, [&](const db::RowView& r) {
        out = from_row(r);
        return false;
    });
    return out;
}

std::optional<Money> remaining(db::Conn& c, std::int64_t id) {
    auto row = c.one("SELECT remaining FROM ledger WHERE id = ? AND remaining > 0", {id});
    return row ? std::optional<Money>(row->i64(0)) : std::nullopt;
}

std::vector<OpenCredit> open_credits(db::Conn& c, const std::string& customer_id) {
    return credits(c,
                   "SELECT id, remaining, expires_at FROM ledger WHERE customer_id = ? AND remaining > 0 "
                   "ORDER BY CASE WHEN expires_at IS NULL THEN 1 ELSE 0 END, expires_at, id",
                   customer_id);
}

std::vector<OpenCredit> expiring_credits(db::Conn& c, const std::string& customer_id) {
    return credits(c,
                   "SELECT id, remaining, expires_at FROM ledger WHERE customer_id = ? AND remaining > 0 AND "
                   "expires_at IS NOT NULL ORDER BY expires_at, id",
                   customer_id);
}

void set_remaining(db::Conn& c, std::int64_t id, Money remaining) {
    c.exec("UPDATE ledger SET remaining = ? WHERE id = ?", {remaining, id});
}

std::vector<std::pair<std::string, std::int64_t>> expired_credits(db::Conn& c, std::int64_t now, std::int64_t limit) {
    std::vector<std::pair<std::string, std::int64_t>> out;
    c.each("SELECT customer_id, id FROM ledger WHERE remaining > 0 AND expires_at IS NOT NULL AND expires_at <= ? "
           "ORDER BY id LIMIT ?",
           {now, limit}, [&](const db::RowView& r) {
               out.emplace_back(r.str(0), r.i64(1));
               return true;
           });
    return out;
}

std::optional<LedgerRow> open_credit_row(db::Conn& c, std::int64_t id) {
    std::optional<LedgerRow> out;
    c.each(std::string("SELECT ") + kColumns + " FROM ledger WHERE id = ? AND remaining > 0", {id},
           [&](const db::RowView& r) {
               out = from_row(r);
               return false;
           });
    return out;
}

std::vector<Owed> owed_of_customer(db::Conn& c, const std::string& customer_id) {
    std::vector<Owed> out;
    c.each("SELECT id, owed, note, award_key, program_id FROM ledger WHERE customer_id = ? AND owed > 0 ORDER BY id",
           {customer_id}, [&](const db::RowView& r) {
               out.push_back({r.i64(0), r.i64(1), r.str(2), r.str(3), r.str(4)});
               return true;
           });
    return out;
}

void reduce_owed(db::Conn& c, std::int64_t id, Money collected) {
    c.exec("UPDATE ledger SET owed = owed - ? WHERE id = ?", {collected, id});
}

std::vector<LedgerRow> page(db::Conn& c, const TransactionFilter& f, std::int64_t limit) {
    db::Params p;
    const std::string sql = std::string("SELECT ") + kColumns + " FROM ledger" + where(f, true, p) + " ORDER BY id DESC LIMIT ?";
    p.push_back(limit);
    std::vector<LedgerRow> out;
    c.each(sql, p, [&](const db::RowView& r) {
        out.push_back(from_row(r));
        return true;
    });
    return out;
}

void each_after(db::Conn& c, const TransactionFilter& f, std::int64_t after_id, std::int64_t limit,
                const std::function<void(const LedgerRow&)>& fn) {
    db::Params p;
    const std::string sql =
        std::string("SELECT ") + kColumns + " FROM ledger" + where(f, false, p) + " AND id > ? ORDER BY id LIMIT ?";
    p.push_back(after_id);
    p.push_back(limit);
    c.each(sql, p, [&](const db::RowView& r) {
        fn(from_row(r));
        return true;
    });
}

std::vector<TypeTotals> totals_by_type(db::Conn& c, const TransactionFilter& f) {
    db::Params p;
    const std::string w = where(f, false, p);
    std::vector<TypeTotals> out;
    c.each("SELECT type, COUNT(*), COALESCE(SUM(CASE WHEN amount > 0 THEN amount ELSE 0 END), 0), "
           "COALESCE(SUM(CASE WHEN amount < 0 THEN -amount ELSE 0 END), 0), "
           "COALESCE(SUM(CASE WHEN status = 'not_collected' THEN owed ELSE 0 END), 0) FROM ledger" +
               w + " GROUP BY type ORDER BY type",
           p, [&](const db::RowView& r) {
               out.push_back({r.str(0), r.i64(1), r.i64(2), r.i64(3), r.i64(4)});
               return true;
           });
    return out;
}

Money balances_at(db::Conn& c, Time to, const std::optional<std::string>& customer_id) {
    db::Params p{to};
    std::string sql =
        "SELECT COALESCE(SUM(l.balance_after), 0) FROM ledger l JOIN (SELECT customer_id, MAX(id) AS last_id "
        "FROM ledger WHERE at < ?";
    if (customer_id) {
        sql += " AND customer_id = ?";
        p.push_back(*customer_id);
    }
    sql += " GROUP BY customer_id) last ON l.id = last.last_id";
    auto row = c.one(sql, p);
    return row ? row->i64(0) : 0;
}

}  // namespace stepwise::server::ledger_table
