#include "events_table.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "stepwise/money.hpp"

namespace stepwise::server::events_table {
namespace {

using json = nlohmann::json;

// The columns from_row reads, in its order; `items` may follow.
const char* const kColumns =
    "id, type, at, order_id, status, subtotal, tax, shipping, total, wallet_paid, amount, ref, purchased, points";

Event from_row(const db::RowView& r, std::size_t o, int digits, bool items) {
    Event e;
    e.id = r.str(o + 0);
    const auto type = event_type_from_string(r.str(o + 1));
    if (!type) throw std::runtime_error("stored event " + e.id + " has an unknown type '" + r.str(o + 1) + "'");
    e.type = *type;
    e.at = r.i64(o + 2);
    switch (e.type) {
        case EventType::order:
            e.order_id = r.str(o + 3);
            e.status = r.str(o + 4);
            e.subtotal = r.i64(o + 5);
            e.tax = r.i64(o + 6);
            e.shipping = r.i64(o + 7);
            e.total = r.i64(o + 8);
            e.wallet_paid = r.i64(o + 9);
            if (items && r.size() > o + 14 && !r.null(o + 14)) e.items = items_from_json(r.str(o + 14), digits);
            break;
        case EventType::order_status:
            e.order_id = r.str(o + 3);
            e.status = r.str(o + 4);
            break;
        case EventType::refund:
            // Its breakdown when the platform gave one (NULL: only the amount is known).
            e.order_id = r.str(o + 3);
            e.amount = r.i64(o + 10);
            e.subtotal = r.opt_i64(o + 5).value_or(0);
            e.tax = r.opt_i64(o + 6).value_or(0);
            e.shipping = r.opt_i64(o + 7).value_or(0);
            if (items && r.size() > o + 14 && !r.null(o + 14)) e.items = items_from_json(r.str(o + 14), digits);
            break;
        case EventType::review: e.product_id = r.str(o + 11); break;
        case EventType::referral:
            e.referee_id = r.str(o + 11);
            e.purchased = r.i64(o + 12) != 0;
            break;
        case EventType::points: e.points = r.i64(o + 13); break;
        case EventType::subscription_renewal: e.subscription_id = r.str(o + 11); break;
        case EventType::grant: break;  // never stored: made from manual awards (append_grants)
    }
    return e;
}

std::string select(bool items, const char* where) {
    return std::string("SELECT ") + kColumns + (items ? ", items" : "") + " FROM events WHERE " + where;
}

}  // namespace

std::vector<Item> items_from_json(const std::string& text, int digits) {
    std::vector<Item> items;
    auto j = json::parse(text, nullptr, false);
    if (!j.is_array()) return items;
    for (const auto& it : j) {
        if (!it.is_object()) continue;
        Item item;
        item.quantity = 1;
        if (auto p = it.find("sku"); p != it.end() && p->is_string()) item.sku = p->get<std::string>();
        if (auto p = it.find("quantity"); p != it.end() && p->is_number_integer()) item.quantity = p->get<std::int64_t>();
        if (auto p = it.find("amount"); p != it.end() && p->is_string())
            item.amount = parse_money(p->get<std::string>(), digits).value_or(0);
        if (auto p = it.find("categories"); p != it.end() && p->is_array())
            for (const auto& c : *p)
                if (c.is_string()) item.categories.push_back(c.get<std::string>());
        items.push_back(std::move(item));
    }
    return items;
}

bool insert(db::Conn& c, const IncomingEvent& in, std::int64_t now) {
    const Event& e = in.event;
    db::Params p{in.customer_id, e.id, std::string(to_string(e.type)), e.at};
    auto add_nulls = [&](int n) {
        for (int i = 0; i < n; ++i) p.push_back(db::null());
    };
    switch (e.type) {
        case EventType::order:
            p.insert(p.end(), {e.order_id, e.status, e.subtotal, e.tax, e.shipping, e.total, e.wallet_paid});
            add_nulls(4);
            p.push_back(db::text_or_null(in.items_json));
            break;
        case EventType::order_status:
            p.insert(p.end(), {e.order_id, e.status});
            add_nulls(9);
            p.push_back(db::null());
            break;
        case EventType::refund: {
            const bool split = e.subtotal || e.tax || e.shipping || !e.items.empty();
            p.push_back(e.order_id);
            p.push_back(db::null());
            for (Money m : {e.subtotal, e.tax, e.shipping}) p.push_back(split ? db::Value(m) : db::null());
            add_nulls(2);
            p.push_back(e.amount);
            add_nulls(3);
            p.push_back(db::text_or_null(in.items_json));
            break;
        }
        case EventType::grant:  // refused by ingest(); grants come from manual awards
        case EventType::review:
        case EventType::referral:
        case EventType::points:
        case EventType::subscription_renewal: {
            add_nulls(8);
            const std::string& ref = e.type == EventType::review     ? e.product_id
                                     : e.type == EventType::referral ? e.referee_id
                                                                     : e.subscription_id;
            p.push_back(e.type == EventType::points || ref.empty() ? db::null() : db::Value(ref));
            p.push_back(e.type == EventType::referral ? db::Value(std::int64_t{e.purchased ? 1 : 0}) : db::null());
            p.push_back(e.type == EventType::points ? db::Value(e.points) : db::null());
            p.push_back(db::null());
            break;
        }
    }
    p.push_back(now);
    return c.exec(
               "INSERT INTO events (customer_id, id, type, at, order_id, status, subtotal, tax, shipping, total, "
               "wallet_paid, amount, ref, purchased, points, items, received_at) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (customer_id, id) DO NOTHING",
               p) > 0;
}

std::vector<Event> of_customer(db::Conn& c, const std::string& customer_id, int digits, bool items) {
    static const std::string with_items = select(true, "customer_id = ?");
    static const std::string without = select(false, "customer_id = ?");
    std::vector<Event> events;
    c.each(items ? with_items : without, {customer_id}, [&](const db::RowView& r) {
        events.push_back(from_row(r, 0, digits, items));
        return true;
    });
    return events;
}

void of_customers(db::Conn& c, const std::string& after, const std::string& upto, int digits, bool items,
                  const std::function<void(std::string_view, Event&&)>& fn) {
    const std::string sql = std::string("SELECT customer_id, ") + kColumns + (items ? ", items" : "") +
                            " FROM events WHERE customer_id > ? AND customer_id <= ?";
    c.each(sql, {after, upto}, [&](const db::RowView& r) {
        fn(r.text(0), from_row(r, 1, digits, items));
        return true;
    });
}

std::vector<StoredEvent> stored_of_customer(db::Conn& c, const std::string& customer_id, int digits) {
    std::vector<StoredEvent> out;
    c.each(select(true, "customer_id = ?"), {customer_id}, [&](const db::RowView& r) {
        StoredEvent s;
        s.event = from_row(r, 0, digits, false);
        s.items_json = r.opt_str(14);
        s.breakdown = !r.null(5);
        out.push_back(std::move(s));
        return true;
    });
    return out;
}

void forget_items(db::Conn& c, const std::string* customer_id) {
    if (customer_id)
        c.exec("UPDATE events SET items = NULL WHERE customer_id = ?", {*customer_id});
    else
        c.exec("UPDATE events SET items = NULL");
}

}  // namespace stepwise::server::events_table
