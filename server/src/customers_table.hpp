// The customers table: its statements and row mapping (a repository,
// docs/server.md "Code layout"). The balance column moves only with a ledger
// row, so its statements are in ledger_table.hpp, beside the ledger's insert.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "db.hpp"
#include "internal.hpp"  // CustomerRow

namespace stepwise::server::customers_table {

std::optional<CustomerRow> find(db::Conn& c, const std::string& id);
// The customer's version (bumped on every write that changes what they see), or nothing.
std::optional<std::int64_t> rev(db::Conn& c, const std::string& id);
std::int64_t count(db::Conn& c);
// Up to `limit` customers after `after` in id order; with `prefix`, only those
// whose id, name or email starts with it, letters in any case (ASCII).
std::vector<CustomerRow> page(db::Conn& c, const std::string& after, const std::string& prefix, std::int64_t limit);

// Adds the customer with no balance unless they exist; true when added.
bool insert_if_new(db::Conn& c, const std::string& id, const std::string& roles_json, std::int64_t now);
// Replaces their roles; true when they changed.
bool set_roles(db::Conn& c, const std::string& id, const std::string& roles_json, std::int64_t now);
void set_email(db::Conn& c, const std::string& id, const std::string& email);
void set_name(db::Conn& c, const std::string& id, const std::string& name);
// A new version: progress read from a cache must be read again.
void bump_rev(db::Conn& c, const std::string& id, std::optional<std::int64_t> now = std::nullopt);

// When a customer's progress changes by itself (a refund hold ends, a dated event arrives).
void set_wake(db::Conn& c, const std::string& id, std::optional<std::int64_t> wake_at);
std::optional<std::int64_t> wake_at(db::Conn& c, const std::string& id);
// Up to `limit` customers whose wake time is due, the earliest first.
std::vector<std::string> due_to_wake(db::Conn& c, std::int64_t now, std::int64_t limit);
// Clears a wake time that is due (so a customer whose time did not move is not woken again).
void clear_due_wake(db::Conn& c, const std::string& id, std::int64_t now);

// A recalculation's chunk: the next `limit` customers after `after` (id, roles, rev, wake time).
std::vector<CustomerRow> chunk_after(db::Conn& c, const std::string& after, std::int64_t limit);
// The versions of the customers with ids in [first, last].
void revs_between(db::Conn& c, const std::string& first, const std::string& last,
                  const std::function<void(std::string id, std::int64_t rev)>& fn);

// Forgets one customer's name and email, or everyone's (`id` null).
void forget_contact(db::Conn& c, const std::string* id, std::int64_t now);

}  // namespace stepwise::server::customers_table
