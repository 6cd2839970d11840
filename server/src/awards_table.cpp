#include "awards_table.hpp"

namespace stepwise::server::awards_table {
namespace {

// The columns AwardRow is read from, in from_row's order.
const char* const kColumns = "award_key, program_id, step_id, state, occurrence, clawed_back_at, source, awarded_at";

AwardRow from_row(const db::RowView& r, std::size_t o) {
    AwardRow a;
    a.key = r.str(o + 0);
    a.program_id = r.str(o + 1);
    a.step_id = r.str(o + 2);
    a.state = r.str(o + 3);
    a.occurrence = r.i64(o + 4);
    a.clawed_back_at = r.opt_i64(o + 5);
    a.source = r.str(o + 6);
    a.awarded_at = r.i64(o + 7);
    return a;
}

std::string select(const char* more, const char* where) {
    return std::string("SELECT ") + kColumns + more + " FROM awards WHERE " + where;
}

std::vector<AwardRow> rows(db::Conn& c, const std::string& sql, const db::Params& params) {
    std::vector<AwardRow> out;
    c.each(sql, params, [&](const db::RowView& r) {
        out.push_back(from_row(r, 0));
        return true;
    });
    return out;
}

std::optional<AwardRow> first(std::vector<AwardRow> found) {
    if (found.empty()) return std::nullopt;
    return std::move(found.front());
}

}  // namespace

std::set<std::pair<std::string, std::string>> insert_new(db::Conn& c, const std::vector<NewAward>& awards) {
    std::vector<db::Params> params;
    params.reserve(awards.size());
    for (const NewAward& a : awards)
        params.push_back({a.customer_id, a.key, a.program_id, a.step_id, a.occurrence, a.awarded_at,
                          db::opt(a.expires_at), a.issued_at, a.source, a.state, db::text_or_null(a.note), a.program_version});
    std::set<std::pair<std::string, std::string>> inserted;
    c.insert_rows("INSERT INTO awards (customer_id, award_key, program_id, step_id, occurrence, awarded_at, "
                  "expires_at, issued_at, source, state, note, program_version)",
                  params, "ON CONFLICT (customer_id, award_key) DO NOTHING RETURNING customer_id, award_key",
                  [&](const db::RowView& r) {
                      inserted.emplace(r.str(0), r.str(1));
                      return true;
                  });
    return inserted;
}

std::vector<AwardRow> of_customer(db::Conn& c, const std::string& customer_id) {
    return rows(c, select("", "customer_id = ?"), {customer_id});
}

std::vector<StoredAward> stored_of_customer(db::Conn& c, const std::string& customer_id) {
    std::vector<StoredAward> out;
    c.each(select(", program_version, expires_at", "customer_id = ? ORDER BY award_key"), {customer_id},
           [&](const db::RowView& r) {
               StoredAward a;
               static_cast<AwardRow&>(a) = from_row(r, 0);
               a.program_version = r.i64(8);
               a.expires_at = r.opt_i64(9);
               out.push_back(std::move(a));
               return true;
           });
    return out;
}

void of_customers(db::Conn& c, const std::string& after, const std::string& upto,
                  const std::function<void(std::string_view, AwardRow&&)>& fn) {
    c.each(std::string("SELECT customer_id, ") + kColumns + " FROM awards WHERE customer_id > ? AND customer_id <= ?",
           {after, upto}, [&](const db::RowView& r) {
               fn(r.text(0), from_row(r, 1));
               return true;
           });
}

std::vector<AwardRow> of_step(db::Conn& c, const std::string& customer_id, const std::string& program_id,
                              const std::string& step_id) {
    return rows(c, select("", "customer_id = ? AND program_id = ? AND step_id = ?"), {customer_id, program_id, step_id});
}

std::optional<AwardRow> live(db::Conn& c, const std::string& customer_id, const std::string& key) {
    return first(rows(c, select("", "customer_id = ? AND award_key = ? AND clawed_back_at IS NULL"), {customer_id, key}));
}

std::optional<AwardRow> find(db::Conn& c, const std::string& customer_id, const std::string& key) {
    return first(rows(c, select("", "customer_id = ? AND award_key = ?"), {customer_id, key}));
}

bool mark_clawed_back(db::Conn& c, const std::string& customer_id, const std::string& key, std::int64_t at) {
    return c.exec("UPDATE awards SET state = 'clawed_back', clawed_back_at = ? WHERE customer_id = ? AND award_key = ? "
                  "AND clawed_back_at IS NULL",
                  {at, customer_id, key}) > 0;
}

void mark_chosen(db::Conn& c, const std::string& customer_id, const std::string& key,
                 std::optional<std::int64_t> expires_at) {
    c.exec("UPDATE awards SET state = 'issued', expires_at = ? WHERE customer_id = ? AND award_key = ? AND "
           "state = 'pending_choice'",
           {db::opt(expires_at), customer_id, key});
}

std::int64_t issued_count(db::Conn& c, const std::string& program_id) {
    auto row = c.one("SELECT COUNT(*) FROM awards WHERE program_id = ? AND state <> 'vetoed'", {program_id});
    return row ? row->i64(0) : 0;
}

std::map<std::string, std::int64_t> issued_counts(db::Conn& c) {
    std::map<std::string, std::int64_t> out;
    c.each("SELECT program_id, COUNT(*) FROM awards WHERE state <> 'vetoed' GROUP BY program_id", {},
           [&](const db::RowView& r) {
               out[r.str(0)] = r.i64(1);
               return true;
           });
    return out;
}

}  // namespace stepwise::server::awards_table
