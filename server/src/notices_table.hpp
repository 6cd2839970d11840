// The notices table: every statement on it and its row mapping (a repository,
// docs/server.md, "Code layout"). A notice is what the storefront shows a
// customer once; the services decide what it says and when, this file only
// reads and writes the rows.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db.hpp"
#include "stepwise/server/results.hpp"

namespace stepwise::server::notices_table {

// One notice to store; `award_key` "" for a notice of no award.
struct NewNotice {
    std::string customer_id, award_key, kind, message;
    std::int64_t created_at = 0;
};

// Stores the rows, many to a statement (db::Conn::insert_rows).
void insert(db::Conn& c, const std::vector<NewNotice>& rows);

// A customer's notices not delivered yet, oldest first; the program and
// milestone read from the award key. Without their rewards.
std::vector<Notice> unread_of_customer(db::Conn& c, const std::string& customer_id);

// Marks one of a customer's notices delivered at `at`; false when it was not
// the customer's or was delivered already.
bool mark_delivered(db::Conn& c, const std::string& customer_id, std::int64_t notice_id, std::int64_t at);

}  // namespace stepwise::server::notices_table
