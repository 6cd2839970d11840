// The simulated customer: a history in the contract's form that the merchant
// builds event by event on a timeline. Like the program draft it is a JSON
// document checked by the engine's parser, so bad input shows the engine's
// own message next to the event it concerns.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "program_draft.hpp"

namespace stepwise::preview {

struct OrderInput {
    Time at = 0;
    std::string subtotal = "50.00";
    std::string tax, shipping;           // optional ("" leaves them out)
    std::string status = "completed";
    std::string wallet_paid;             // optional
    std::string categories;              // "shoes, bags" (on its one line item)
    std::int64_t quantity = 1;
};

// One line of the timeline, for display.
struct TimelineRow {
    std::size_t index = 0;  // position in the history's events (its JSON Pointer /events/<index>)
    std::string id, type, at, summary;
};

class CustomerSim {
public:
    CustomerSim();  // customer "preview-customer" with role "customer", no events

    std::optional<std::string> load_json(std::string_view text);  // refuses non-objects
    std::string json(bool pretty = false) const;
    const Doc& doc() const { return doc_; }
    std::uint64_t revision() const { return revision_; }
    void clear();  // keeps the customer, drops every event
    void reset();  // back to a new customer without events

    std::string customer_id() const;
    void set_customer_id(const std::string& id);
    std::string roles_text() const;
    void set_roles_text(const std::string& text);  // "customer, vip"

    // Each returns the new event's index. Ids are generated ("e1", "e2", ...).
    std::size_t add_order(const OrderInput& order);  // order ids "1001", "1002", ...
    std::size_t add_status_change(Time at, const std::string& order_id, const std::string& status);
    std::size_t add_refund(Time at, const std::string& order_id, const std::string& amount);
    std::size_t add_review(Time at, const std::string& product_id = "");
    std::size_t add_referral(Time at, bool purchased, const std::string& referee_id = "");
    std::size_t add_points(Time at, std::int64_t points);
    std::size_t add_renewal(Time at, const std::string& subscription_id = "S1");
    void remove_event(std::size_t index);

    std::size_t event_count() const;
    std::vector<std::string> order_ids() const;        // in the order they were placed
    std::vector<TimelineRow> timeline() const;          // sorted by time, then id, as the engine orders them
    std::optional<Time> first_event_at() const;
    std::optional<Time> last_event_at() const;

private:
    std::size_t add(Doc event);
    std::string next_id(const char* prefix, const char* field) const;

    Doc doc_;
    std::uint64_t revision_ = next_revision();
};

}  // namespace stepwise::preview
