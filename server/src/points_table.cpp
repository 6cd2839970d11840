#include "points_table.hpp"

namespace stepwise::server::points_table {

namespace {

const char* const kHistoryColumns =
    "id, at, type, points, balance_after, remaining, expires_at, award_key, redemption_key, note, requested";

// kHistoryColumns, in order.
PointsMove history_row(const db::RowView& r) {
    PointsMove m;
    m.id = r.i64(0);
    m.at = r.i64(1);
    m.type = r.str(2);
    m.points = r.i64(3);
    m.balance_after = r.i64(4);
    m.remaining = r.opt_i64(5);
    m.expires_at = r.opt_i64(6);
    m.award_key = r.opt_str(7);
    m.redemption_key = r.opt_str(8);
    m.note = r.str(9);
    m.requested = r.opt_i64(10);
    return m;
}

}  // namespace

std::int64_t balance(db::Conn& c, const std::string& customer_id) {
    auto row = c.one("SELECT balance_after FROM points_ledger WHERE customer_id = ? ORDER BY id DESC LIMIT 1",
                     {customer_id});
    return row ? row->i64(0) : 0;
}

void insert(db::Conn& c, const std::string& customer_id, const std::vector<NewRow>& rows, std::int64_t now) {
    std::vector<db::Params> params;
    params.reserve(rows.size());
    for (const NewRow& n : rows) {
        const PointsEntry& e = *n.entry;
        params.push_back({customer_id, now, e.type, e.points, n.balance_after,
                          e.type == "earned" ? db::Value(e.points) : db::null(), db::opt(e.requested),
                          db::opt(e.expires_at), db::text_or_null(e.award_key), db::text_or_null(e.program_id),
                          db::text_or_null(e.redemption_key), e.note});
    }
    c.insert_rows(
        "INSERT INTO points_ledger (customer_id, at, type, points, balance_after, remaining, requested, expires_at, "
        "award_key, program_id, redemption_key, note)",
        params);
}

std::vector<OpenLot> open_lots(db::Conn& c, const std::string& customer_id, const std::string& prefer_award_key) {
    std::vector<OpenLot> out;
    c.each("SELECT id, remaining FROM points_ledger WHERE customer_id = ? AND remaining > 0 "
           "ORDER BY CASE WHEN award_key = ? THEN 0 ELSE 1 END, CASE WHEN expires_at IS NULL THEN 1 ELSE 0 END, "
           "expires_at, id",
           {customer_id, prefer_award_key}, [&](const db::RowView& r) {
               out.push_back({r.i64(0), r.i64(1), customer_id, {}, {}});
               return true;
           });
    return out;
}

void take_from_lot(db::Conn& c, std::int64_t id, std::int64_t points) {
    c.exec("UPDATE points_ledger SET remaining = remaining - ? WHERE id = ?", {points, id});
}

std::vector<OpenLot> expired_lots(db::Conn& c, std::int64_t now, std::int64_t limit) {
    std::vector<OpenLot> out;
    c.each("SELECT customer_id, id FROM points_ledger WHERE remaining > 0 AND expires_at IS NOT NULL AND "
           "expires_at <= ? ORDER BY id LIMIT ?",
           {now, limit}, [&](const db::RowView& r) {
               out.push_back({r.i64(1), 0, r.str(0), {}, {}});
               return true;
           });
    return out;
}

std::optional<OpenLot> open_lot(db::Conn& c, std::int64_t id) {
    auto r = c.one("SELECT remaining, award_key, program_id, customer_id FROM points_ledger WHERE id = ? AND remaining > 0",
                   {id});
    if (!r) return std::nullopt;
    return OpenLot{id, r->i64(0), r->str(3), r->str(1), r->str(2)};
}

void empty_lot(db::Conn& c, std::int64_t id) { c.exec("UPDATE points_ledger SET remaining = 0 WHERE id = ?", {id}); }

std::int64_t award_points_left(db::Conn& c, const std::string& customer_id, const std::string& award_key) {
    auto row = c.one(
        "SELECT COALESCE(SUM(points), 0) FROM points_ledger WHERE customer_id = ? AND award_key = ? AND "
        "type IN ('earned', 'expired')",
        {customer_id, award_key});
    return row ? row->i64(0) : 0;
}

std::vector<PointsMove> history(db::Conn& c, const std::string& customer_id, std::int64_t limit,
                                std::optional<std::int64_t> before_id) {
    // The parameters made at once (GCC 12 warns falsely of pushing into them here).
    const db::Params p = before_id ? db::Params{customer_id, *before_id, limit} : db::Params{customer_id, limit};
    const std::string sql = std::string("SELECT ") + kHistoryColumns + " FROM points_ledger WHERE customer_id = ?" +
                            (before_id ? " AND id < ?" : "") + " ORDER BY id DESC LIMIT ?";
    std::vector<PointsMove> out;
    c.each(sql, p, [&](const db::RowView& r) {
        out.push_back(history_row(r));
        return true;
    });
    return out;
}

std::vector<ExpiringPoints> expiring(db::Conn& c, const std::string& customer_id, std::int64_t limit) {
    std::vector<ExpiringPoints> out;
    c.each("SELECT remaining, expires_at FROM points_ledger WHERE customer_id = ? AND remaining > 0 AND "
           "expires_at IS NOT NULL ORDER BY expires_at, id LIMIT ?",
           {customer_id, limit}, [&](const db::RowView& r) {
               out.push_back({r.i64(0), r.i64(1)});
               return true;
           });
    return out;
}

std::optional<Redemption> find_redemption(db::Conn& c, const std::string& customer_id, const std::string& client_key) {
    auto r = c.one("SELECT option_id, points, award_key, created_at FROM points_redemptions WHERE "
                   "customer_id = ? AND client_key = ?",
                   {customer_id, client_key});
    if (!r) return std::nullopt;
    return Redemption{r->str(0), r->i64(1), r->str(2), r->i64(3)};
}

std::int64_t redemptions_of_option(db::Conn& c, const std::string& customer_id, const std::string& option_id) {
    auto r = c.one("SELECT COUNT(*) FROM points_redemptions WHERE customer_id = ? AND option_id = ?",
                   {customer_id, option_id});
    return r ? r->i64(0) : 0;
}

void insert_redemption(db::Conn& c, const std::string& customer_id, const std::string& client_key, const Redemption& r) {
    c.exec("INSERT INTO points_redemptions (customer_id, client_key, option_id, points, award_key, created_at) "
           "VALUES (?, ?, ?, ?, ?, ?)",
           {customer_id, client_key, r.option_id, r.points, r.award_key, r.created_at});
}

std::vector<std::string> option_docs(db::Conn& c) {
    std::vector<std::string> out;
    c.each("SELECT doc FROM points_options WHERE removed_at IS NULL ORDER BY position, id", {}, [&](const db::RowView& r) {
        out.push_back(r.str(0));
        return true;
    });
    return out;
}

std::optional<OptionDoc> option_doc(db::Conn& c, const std::string& id) {
    auto row = c.one("SELECT doc, removed_at FROM points_options WHERE id = ?", {id});
    if (!row) return std::nullopt;
    return OptionDoc{row->str(0), !row->null(1)};
}

void replace_options(db::Conn& c, const std::vector<std::pair<std::string, std::string>>& docs, std::int64_t now) {
    c.exec("UPDATE points_options SET removed_at = ? WHERE removed_at IS NULL", {now});
    for (std::size_t i = 0; i < docs.size(); ++i) {
        const auto& [id, doc] = docs[i];
        const std::int64_t pos = static_cast<std::int64_t>(i);
        if (c.exec("UPDATE points_options SET position = ?, doc = ?, updated_at = ?, removed_at = NULL WHERE id = ?",
                   {pos, doc, now, id}) == 0)
            c.exec("INSERT INTO points_options (id, position, doc, updated_at) VALUES (?, ?, ?, ?)", {id, pos, doc, now});
    }
}

}  // namespace stepwise::server::points_table
