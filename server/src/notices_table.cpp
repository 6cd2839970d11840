#include "notices_table.hpp"

#include "stepwise/award_key.hpp"

namespace stepwise::server::notices_table {

void insert(db::Conn& c, const std::vector<NewNotice>& rows) {
    std::vector<db::Params> params;
    params.reserve(rows.size());
    for (const NewNotice& n : rows) params.push_back({n.customer_id, db::text_or_null(n.award_key), n.kind, n.message, n.created_at});
    c.insert_rows("INSERT INTO notices (customer_id, award_key, kind, message, created_at)", params);
}

std::vector<Notice> unread_of_customer(db::Conn& c, const std::string& customer_id) {
    std::vector<Notice> out;
    c.each("SELECT id, award_key, message, created_at, kind FROM notices WHERE customer_id = ? AND delivered_at IS "
           "NULL ORDER BY id",
           {customer_id}, [&](const db::RowView& r) {
               Notice n;
               n.id = r.i64(0);
               n.message = r.str(2);
               n.created_at = r.i64(3);
               if (!r.null(4)) n.kind = r.str(4);
               if (!r.null(1)) {
                   n.award_key = r.str(1);
                   if (const auto key = parse_award_key(r.text(1))) {
                       n.program_id = key->program_id;
                       n.milestone_id = key->step_id;
                   }
               }
               out.push_back(std::move(n));
               return true;
           });
    return out;
}

bool mark_delivered(db::Conn& c, const std::string& customer_id, std::int64_t notice_id, std::int64_t at) {
    return c.exec("UPDATE notices SET delivered_at = ? WHERE id = ? AND customer_id = ? AND delivered_at IS NULL",
                  {at, notice_id, customer_id}) > 0;
}

}  // namespace stepwise::server::notices_table
