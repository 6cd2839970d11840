// The events table: every statement on it and its row mapping (a
// repository, docs/server.md "Code layout"). What an event means, and whether
// one is accepted, is decided by the engine's codec and the services.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db.hpp"
#include "stepwise/history.hpp"
#include "stepwise/server/service.hpp"  // IncomingEvent

namespace stepwise::server::events_table {

// Stores the event unless the customer already has one with its id (then
// false: a duplicate, nothing changed).
bool insert(db::Conn& c, const IncomingEvent& event, std::int64_t now);

// A customer's stored events, with their line items when `items`.
std::vector<Event> of_customer(db::Conn& c, const std::string& customer_id, int digits, bool items);
// The events of the customers in (after, upto], for a recalculation's chunk.
void of_customers(db::Conn& c, const std::string& after, const std::string& upto, int digits, bool items,
                  const std::function<void(std::string_view customer_id, Event&& event)>& fn);

// One row as stored, for writing the history back out: the event, its items
// as sent (JSON text) and whether a refund came with its breakdown.
struct StoredEvent {
    Event event;
    std::optional<std::string> items_json;
    bool breakdown = false;
};
std::vector<StoredEvent> stored_of_customer(db::Conn& c, const std::string& customer_id, int digits);

// Forgets the line items of one customer's events, or everyone's (`customer` null).
void forget_items(db::Conn& c, const std::string* customer_id);

// Line items as the events table stores them (the order's JSON array).
std::vector<Item> items_from_json(const std::string& text, int digits);

}  // namespace stepwise::server::events_table
