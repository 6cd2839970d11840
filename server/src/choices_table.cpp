#include "choices_table.hpp"

namespace stepwise::server::choices_table {

void insert(db::Conn& c, const std::vector<NewChoice>& rows) {
    std::vector<db::Params> params;
    params.reserve(rows.size());
    for (const NewChoice& n : rows)
        params.push_back({n.customer_id, n.award_key, n.program_id, n.step_id, n.pick, n.options_json, n.state,
                          n.created_at});
    c.insert_rows("INSERT INTO choices (customer_id, award_key, program_id, step_id, pick, options, state, created_at)",
                  params);
}

std::vector<Choice> pending_of_customer(db::Conn& c, const std::string& customer_id) {
    std::vector<Choice> out;
    c.each("SELECT id, award_key, program_id, step_id, pick, options, created_at FROM choices WHERE customer_id = ? "
           "AND state = 'pending' ORDER BY id",
           {customer_id}, [&](const db::RowView& r) {
               out.push_back({r.i64(0), r.str(1), r.str(2), r.str(3), r.i64(4), r.str(5), r.i64(6)});
               return true;
           });
    return out;
}

std::optional<StoredChoice> find(db::Conn& c, const std::string& customer_id, std::int64_t choice_id) {
    auto row = c.one("SELECT award_key, program_id, step_id, pick, options, state FROM choices WHERE id = ? AND customer_id = ?",
                     {choice_id, customer_id});
    if (!row) return std::nullopt;
    return StoredChoice{row->str(0), row->str(1), row->str(2), row->i64(3), row->str(4), row->str(5)};
}

void mark_resolved(db::Conn& c, std::int64_t choice_id, const std::string& picked_json, std::int64_t at) {
    c.exec("UPDATE choices SET state = 'resolved', picked = ?, resolved_at = ? WHERE id = ?", {picked_json, at, choice_id});
}

void mark_award_revoked(db::Conn& c, const std::string& customer_id, const std::string& award_key, std::int64_t at) {
    c.exec("UPDATE choices SET state = 'revoked', resolved_at = ? WHERE customer_id = ? AND award_key = ? AND state = 'pending'",
           {at, customer_id, award_key});
}

}  // namespace stepwise::server::choices_table
