// The choices table: every statement on it and its row mapping (a repository,
// docs/server.md, "Code layout"). A choice is an award whose customer picks
// some of its step's rewards; the services decide when one is made, picked or
// revoked, this file only reads and writes the rows.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db.hpp"
#include "stepwise/server/results.hpp"

namespace stepwise::server::choices_table {

// One choice to store. `options_json`: the step's rewards, a JSON array.
struct NewChoice {
    std::string customer_id, award_key, program_id, step_id;
    std::int64_t pick = 0;
    std::string options_json, state;
    std::int64_t created_at = 0;
};

// Stores the rows, many to a statement (db::Conn::insert_rows).
void insert(db::Conn& c, const std::vector<NewChoice>& rows);

// A customer's choices still to pick, oldest first.
std::vector<Choice> pending_of_customer(db::Conn& c, const std::string& customer_id);

// One choice of a customer, in whatever state.
struct StoredChoice {
    std::string award_key, program_id, step_id;
    std::int64_t pick = 0;
    std::string options_json, state;
};
std::optional<StoredChoice> find(db::Conn& c, const std::string& customer_id, std::int64_t choice_id);

// A choice picked: `picked_json` lists the options taken.
void mark_resolved(db::Conn& c, std::int64_t choice_id, const std::string& picked_json, std::int64_t at);
// An award clawed back: its choice, if still pending, is revoked at `at`.
void mark_award_revoked(db::Conn& c, const std::string& customer_id, const std::string& award_key, std::int64_t at);

}  // namespace stepwise::server::choices_table
