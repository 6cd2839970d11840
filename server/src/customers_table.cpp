#include "customers_table.hpp"

namespace stepwise::server::customers_table {
namespace {

// The columns from_row reads, in its order.
const char* const kColumns = "id, roles, email, name, balance, rev, wake_at";

CustomerRow from_row(const db::RowView& r) {
    CustomerRow c;
    c.id = r.str(0);
    c.roles = roles_from_json(r.str(1));
    c.email = r.opt_str(2);
    c.name = r.opt_str(3);
    c.balance = r.i64(4);
    c.rev = r.i64(5);
    c.wake_at = r.opt_i64(6);
    return c;
}

std::vector<CustomerRow> rows(db::Conn& c, const std::string& sql, const db::Params& params) {
    std::vector<CustomerRow> out;
    c.each(sql, params, [&](const db::RowView& r) {
        out.push_back(from_row(r));
        return true;
    });
    return out;
}

std::int64_t count_of(const std::optional<db::Row>& row) { return row && !row->null(0) ? row->i64(0) : 0; }

}  // namespace

std::optional<CustomerRow> find(db::Conn& c, const std::string& id) {
    auto found = rows(c, std::string("SELECT ") + kColumns + " FROM customers WHERE id = ?", {id});
    if (found.empty()) return std::nullopt;
    return std::move(found.front());
}

std::optional<std::int64_t> rev(db::Conn& c, const std::string& id) {
    auto row = c.one("SELECT rev FROM customers WHERE id = ?", {id});
    if (!row) return std::nullopt;
    return row->i64(0);
}

std::int64_t count(db::Conn& c) { return count_of(c.one("SELECT COUNT(*) FROM customers")); }

std::vector<CustomerRow> page(db::Conn& c, const std::string& after, const std::string& prefix, std::int64_t limit) {
    db::Params p;
    p.reserve(5);
    p.emplace_back(after);
    std::string where = " WHERE id > ?";
    if (!prefix.empty()) {
        // LIKE's wildcards escaped; letters lowered by hand, the same on SQLite and PostgreSQL.
        std::string pattern;
        for (char ch : prefix) {
            if (ch == '%' || ch == '_' || ch == '\\') pattern += '\\';
            pattern += (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
        }
        pattern += '%';
        where += " AND (LOWER(id) LIKE ? ESCAPE '\\' OR LOWER(name) LIKE ? ESCAPE '\\' OR LOWER(email) LIKE ? ESCAPE '\\')";
        for (int i = 0; i < 3; ++i) p.emplace_back(pattern);
    }
    p.emplace_back(std::in_place_type<std::int64_t>, limit);
    return rows(c, std::string("SELECT ") + kColumns + " FROM customers" + where + " ORDER BY id LIMIT ?", p);
}

bool insert_if_new(db::Conn& c, const std::string& id, const std::string& roles_json, std::int64_t now) {
    return c.exec("INSERT INTO customers (id, roles, balance, rev, created_at, updated_at) VALUES (?, ?, 0, 0, ?, ?) "
                  "ON CONFLICT (id) DO NOTHING",
                  {id, roles_json, now, now}) > 0;
}

bool set_roles(db::Conn& c, const std::string& id, const std::string& roles_json, std::int64_t now) {
    return c.exec("UPDATE customers SET roles = ?, updated_at = ? WHERE id = ? AND roles <> ?",
                  {roles_json, now, id, roles_json}) > 0;
}

void set_email(db::Conn& c, const std::string& id, const std::string& email) {
    c.exec("UPDATE customers SET email = ? WHERE id = ?", {email, id});
}

void set_name(db::Conn& c, const std::string& id, const std::string& name) {
    c.exec("UPDATE customers SET name = ? WHERE id = ?", {name, id});
}

void bump_rev(db::Conn& c, const std::string& id, std::optional<std::int64_t> now) {
    if (now)
        c.exec("UPDATE customers SET rev = rev + 1, updated_at = ? WHERE id = ?", {*now, id});
    else
        c.exec("UPDATE customers SET rev = rev + 1 WHERE id = ?", {id});
}

void set_wake(db::Conn& c, const std::string& id, std::optional<std::int64_t> wake_at) {
    c.exec("UPDATE customers SET wake_at = ? WHERE id = ?", {db::opt(wake_at), id});
}

std::optional<std::int64_t> wake_at(db::Conn& c, const std::string& id) {
    auto row = c.one("SELECT wake_at FROM customers WHERE id = ?", {id});
    if (!row || row->null(0)) return std::nullopt;
    return row->i64(0);
}

std::vector<std::string> due_to_wake(db::Conn& c, std::int64_t now, std::int64_t limit) {
    std::vector<std::string> ids;
    c.each("SELECT id FROM customers WHERE wake_at IS NOT NULL AND wake_at <= ? ORDER BY wake_at LIMIT ?", {now, limit},
           [&](const db::RowView& r) {
               ids.push_back(r.str(0));
               return true;
           });
    return ids;
}

void clear_due_wake(db::Conn& c, const std::string& id, std::int64_t now) {
    c.exec("UPDATE customers SET wake_at = NULL WHERE id = ? AND wake_at <= ?", {id, now});
}

std::vector<CustomerRow> chunk_after(db::Conn& c, const std::string& after, std::int64_t limit) {
    std::vector<CustomerRow> out;
    c.each("SELECT id, roles, rev, wake_at FROM customers WHERE id > ? ORDER BY id LIMIT ?", {after, limit},
           [&](const db::RowView& r) {
               CustomerRow row;
               row.id = r.str(0);
               row.roles = roles_from_json(r.str(1));
               row.rev = r.i64(2);
               row.wake_at = r.opt_i64(3);
               out.push_back(std::move(row));
               return true;
           });
    return out;
}

void revs_between(db::Conn& c, const std::string& first, const std::string& last,
                  const std::function<void(std::string, std::int64_t)>& fn) {
    c.each("SELECT id, rev FROM customers WHERE id >= ? AND id <= ?", {first, last}, [&](const db::RowView& r) {
        fn(r.str(0), r.i64(1));
        return true;
    });
}

void forget_contact(db::Conn& c, const std::string* id, std::int64_t now) {
    if (id)
        c.exec("UPDATE customers SET email = NULL, name = NULL, updated_at = ? WHERE id = ?", {now, *id});
    else
        c.exec("UPDATE customers SET email = NULL, name = NULL, updated_at = ?", {now});
}

}  // namespace stepwise::server::customers_table
