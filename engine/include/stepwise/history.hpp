// A customer's history: the events the engine counts.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stepwise/money.hpp"
#include "stepwise/time.hpp"

namespace stepwise {

// `grant`: the merchant awarded a milestone by hand (the server adds these to a
// history from its manual awards, so progress shows the step as done).
enum class EventType { order, order_status, refund, review, referral, points, subscription_renewal, grant };

struct Item {
    std::string sku;
    std::int64_t quantity = 0;
    Money amount = 0;  // the line's amount
    std::vector<std::string> categories;
};

// One event; which fields matter depends on `type` (see docs/semantics.md).
struct Event {
    std::string id;
    EventType type = EventType::order;
    Time at = 0;
    std::string order_id;      // order, order_status, refund
    std::string status;        // order, order_status
    // order: its amounts; a later order event for the same order_id is an edit.
    // refund: its breakdown (all zero with no items: only `amount` is known).
    Money subtotal = 0, tax = 0, shipping = 0, total = 0, wallet_paid = 0;  // order (refund: not total, wallet_paid)
    std::vector<Item> items;   // order; refund: the refunded lines (sku, quantity, amount)
    Money amount = 0;          // refund: the money given back
    std::string product_id;    // review
    std::string referee_id;    // referral
    bool purchased = false;    // referral
    std::int64_t points = 0;   // points
    std::string subscription_id;  // subscription_renewal
    std::string program_id, step_id;  // grant
};

struct Customer {
    std::string id;
    std::vector<std::string> roles;
};

struct History {
    Customer customer;
    std::vector<Event> events;  // any order; duplicates (same id) count once
};

const char* to_string(EventType);
// The type named as in JSON ("order_status"); empty for any other name. Stores
// keep names, not enum positions, so that reordering the enum cannot change
// what a stored event means.
std::optional<EventType> event_type_from_string(std::string_view name);

}  // namespace stepwise
