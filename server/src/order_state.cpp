// Orders as platforms report them: the whole current state of an order, from
// the order-state API or a connector. The server keeps the last state it saw
// and records only the difference as events with deterministic ids, so the
// same state twice changes nothing and a redelivery is harmless; then the
// usual ingestion path evaluates and awards. No rule of the engine is here:
// only "what changed since the last state".
#include <algorithm>

#include "internal.hpp"
#include "referral_orders.hpp"
#include "rewards_table.hpp"

namespace stepwise::server {

namespace {

constexpr std::size_t kMaxOrderId = 64, kMaxRefundId = 48, kMaxItems = 500, kMaxRefunds = 200;

// Reads a request object with pointers for every problem.
class StateReader {
public:
    StateReader(int digits, Errors& errors) : digits_(digits), errors_(errors) {}

    bool object(const json& j, const std::string& at, std::initializer_list<const char*> allowed) {
        if (!j.is_object()) {
            errors_.push_back({at, "must be an object"});
            return false;
        }
        for (auto it = j.begin(); it != j.end(); ++it)
            if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return it.key() == a; }))
                errors_.push_back({pointer_append(at, it.key()), "unknown field"});
        return true;
    }
    std::string text(const json& j, const std::string& at, const char* key, bool required, std::size_t max = 200) {
        auto it = j.find(key);
        const std::string p = pointer_append(at, key);
        if (it == j.end() || it->is_null()) {
            if (required) errors_.push_back({p, "is required"});
            return "";
        }
        if (!it->is_string() || it->get_ref<const std::string&>().empty() || it->get_ref<const std::string&>().size() > max) {
            errors_.push_back({p, "must be a string of 1-" + std::to_string(max) + " characters"});
            return "";
        }
        return it->get<std::string>();
    }
    Time time(const json& j, const std::string& at, const char* key, bool required) {
        const std::string t = text(j, at, key, required, 40);
        if (t.empty()) return 0;
        auto v = parse_time(t);
        if (!v) errors_.push_back({pointer_append(at, key), "must be a UTC time like 2026-03-15T10:22:00Z"});
        return v.value_or(0);
    }
    std::optional<Money> money(const json& j, const std::string& at, const char* key, bool required) {
        const std::string t = text(j, at, key, required, 40);
        if (t.empty()) return std::nullopt;
        auto v = parse_money(t, digits_);
        if (!v || *v < 0) {
            errors_.push_back({pointer_append(at, key), "must be an amount >= 0 with at most " +
                                                            std::to_string(digits_) + " decimals, as a string"});
            return std::nullopt;
        }
        return v;
    }

private:
    int digits_;
    Errors& errors_;
};

// The stored form: canonical JSON, so equal states are equal text.
json state_json(const OrderState& s, int digits) {
    json items = json::array(), refunds = json::array();
    for (const Item& i : s.items) {
        json it{{"sku", i.sku}, {"quantity", i.quantity}, {"amount", format_money(i.amount, digits)}};
        if (!i.categories.empty()) it["categories"] = i.categories;
        items.push_back(std::move(it));
    }
    for (const OrderRefund& r : s.refunds) {
        json j{{"id", r.id}, {"at", format_time(r.at)}, {"amount", format_money(r.amount, digits)}};
        if (r.subtotal) j["subtotal"] = format_money(*r.subtotal, digits);
        if (r.tax) j["tax"] = format_money(*r.tax, digits);
        if (r.shipping) j["shipping"] = format_money(*r.shipping, digits);
        refunds.push_back(std::move(j));
    }
    return json{{"customer_id", s.customer_id},
                {"status", s.status},
                {"placed_at", format_time(s.placed_at)},
                {"updated_at", format_time(s.updated_at)},
                {"subtotal", format_money(s.subtotal, digits)},
                {"tax", format_money(s.tax, digits)},
                {"shipping", format_money(s.shipping, digits)},
                {"total", format_money(s.total, digits)},
                {"wallet_paid", format_money(s.wallet_paid, digits)},
                {"items", items},
                {"refunds", refunds}};
}

OrderRefund refund_from(StateReader& r, const json& j, const std::string& at) {
    OrderRefund out;
    if (!r.object(j, at, {"id", "at", "amount", "subtotal", "tax", "shipping"})) return out;
    out.id = r.text(j, at, "id", true, kMaxRefundId);
    out.at = r.time(j, at, "at", true);
    out.subtotal = r.money(j, at, "subtotal", false);
    out.tax = r.money(j, at, "tax", false);
    out.shipping = r.money(j, at, "shipping", false);
    auto amount = r.money(j, at, "amount", false);
    // Without an amount, the money given back is its parts.
    out.amount = amount ? *amount
                        : saturating_add(saturating_add(out.subtotal.value_or(0), out.tax.value_or(0)), out.shipping.value_or(0));
    return out;
}

bool same_amounts(const OrderState& a, const OrderState& b, int digits) {
    json x = state_json(a, digits), y = state_json(b, digits);
    for (const char* k : {"customer_id", "status", "placed_at", "updated_at", "refunds"}) x.erase(k), y.erase(k);
    return x == y;
}

}  // namespace

OrderState Service::parse_order_state(const std::string& order_id, const std::string& body) const {
    return impl_->parse_order_state(order_id, json_text(body));
}

OrderState Service::Impl::parse_order_state(const std::string& order_id, const json& body) const {
    Errors errors;
    StateReader r(s.digits(), errors);
    OrderState s;
    s.order_id = order_id;
    if (order_id.empty() || order_id.size() > kMaxOrderId) errors.push_back({"", "order id: must be 1-64 characters"});
    if (r.object(body, "", {"customer_id", "status", "placed_at", "updated_at", "subtotal", "tax", "shipping", "total",
                            "wallet_paid", "items", "refunds", "referral_code"})) {
        s.customer_id = r.text(body, "", "customer_id", true, 128);
        if (!s.customer_id.empty() && !valid_customer_id(s.customer_id))
            errors.push_back({"/customer_id", "must be 1-128 characters of A-Z a-z 0-9 _ . - @ + :"});
        s.status = r.text(body, "", "status", true, 64);
        s.placed_at = r.time(body, "", "placed_at", true);
        s.updated_at = body.contains("updated_at") ? r.time(body, "", "updated_at", true) : s.placed_at;
        s.subtotal = r.money(body, "", "subtotal", true).value_or(0);
        s.tax = r.money(body, "", "tax", false).value_or(0);
        s.shipping = r.money(body, "", "shipping", false).value_or(0);
        auto total = r.money(body, "", "total", false);
        s.total = total ? *total : saturating_add(saturating_add(s.subtotal, s.tax), s.shipping);
        s.wallet_paid = r.money(body, "", "wallet_paid", false).value_or(0);
        s.referral_code = r.text(body, "", "referral_code", false, 64);
        if (auto it = body.find("items"); it != body.end() && !it->is_null()) {
            if (!it->is_array() || it->size() > kMaxItems) {
                errors.push_back({"/items", "must be an array of at most 500 items"});
            } else {
                for (std::size_t i = 0; i < it->size(); ++i) {
                    const std::string at = "/items/" + std::to_string(i);
                    const json& j = (*it)[i];
                    if (!r.object(j, at, {"sku", "quantity", "amount", "categories"})) continue;
                    Item item;
                    item.sku = r.text(j, at, "sku", false, 128);
                    item.quantity = 1;
                    if (auto q = j.find("quantity"); q != j.end()) {
                        if (!q->is_number_integer() || q->get<std::int64_t>() < 0 || q->get<std::int64_t>() > 1000000)
                            errors.push_back({at + "/quantity", "must be an integer from 0 to 1000000"});
                        else
                            item.quantity = q->get<std::int64_t>();
                    }
                    item.amount = r.money(j, at, "amount", false).value_or(0);
                    if (auto c = j.find("categories"); c != j.end()) {
                        if (!c->is_array()) errors.push_back({at + "/categories", "must be an array of strings"});
                        else
                            for (const json& name : *c)
                                if (name.is_string()) item.categories.push_back(name.get<std::string>());
                    }
                    s.items.push_back(std::move(item));
                }
            }
        }
        if (auto it = body.find("refunds"); it != body.end() && !it->is_null()) {
            if (!it->is_array() || it->size() > kMaxRefunds) {
                errors.push_back({"/refunds", "must be an array of at most 200 refunds"});
            } else {
                for (std::size_t i = 0; i < it->size(); ++i)
                    s.refunds.push_back(refund_from(r, (*it)[i], "/refunds/" + std::to_string(i)));
            }
        }
    }
    if (!errors.empty()) throw ServiceError(422, std::move(errors));
    return s;
}

// The events that turn `before` (none for a new order) into `after`.
static std::vector<IncomingEvent> order_events(const std::optional<OrderState>& before, const OrderState& after,
                                               int digits) {
    std::vector<IncomingEvent> out;
    auto event = [&](std::string id, EventType type, Time at) {
        IncomingEvent e;
        e.customer_id = after.customer_id;
        e.event.id = std::move(id);
        e.event.type = type;
        e.event.at = at;
        e.event.order_id = after.order_id;
        return e;
    };
    auto with_amounts = [&](IncomingEvent e) {
        Event& o = e.event;
        o.status = after.status;
        o.subtotal = after.subtotal;
        o.tax = after.tax;
        o.shipping = after.shipping;
        o.total = after.total;
        o.wallet_paid = after.wallet_paid;
        o.items = after.items;
        if (!after.items.empty()) e.items_json = state_json(after, digits)["items"].dump();
        return e;
    };
    const std::string base = "order:" + after.order_id;
    const std::string stamp = std::to_string(after.updated_at);
    if (!before) {
        out.push_back(with_amounts(event(base, EventType::order, after.placed_at)));
    } else if (!same_amounts(*before, after, digits)) {
        // An edit: the order's new amounts from now on (it carries the status too).
        out.push_back(with_amounts(event(base + ":edit:" + stamp, EventType::order, after.updated_at)));
    } else if (before->status != after.status) {
        IncomingEvent e = event(base + ":status:" + stamp, EventType::order_status, after.updated_at);
        e.event.status = after.status;
        out.push_back(std::move(e));
    }
    for (const OrderRefund& r : after.refunds) {
        const bool known = before && std::any_of(before->refunds.begin(), before->refunds.end(),
                                                 [&](const OrderRefund& b) { return b.id == r.id; });
        if (known || r.amount <= 0) continue;  // a refund that gives no money back changes no spend
        IncomingEvent e = event(base + ":refund:" + r.id, EventType::refund, r.at);
        e.event.amount = r.amount;
        // The split makes the refund exact on every spend basis; the engine takes
        // it when it adds up to the money given back (else the amount alone).
        const Money parts = saturating_add(saturating_add(r.subtotal.value_or(0), r.tax.value_or(0)), r.shipping.value_or(0));
        if ((r.subtotal || r.tax || r.shipping) && parts == r.amount && parts > 0) {
            e.event.subtotal = r.subtotal.value_or(0);
            e.event.tax = r.tax.value_or(0);
            e.event.shipping = r.shipping.value_or(0);
        }
        out.push_back(std::move(e));
    }
    return out;
}

// Rewards whose codes the order used are redeemed, once (only an issued one
// changes). Codes match without regard to case, as the platforms match them.
static void redeem_codes(Tx& tx, const OrderState& state, std::int64_t now) {
    for (const std::string& code : state.codes) {
        if (code.empty() || code.size() > 255) continue;
        rewards_table::mark_code_redeemed(tx.c, code, state.placed_at > 0 ? state.placed_at : now);
    }
}

// Applies a new state under the order's and the customer's locks.
static OrderOutcome apply_state(Service& s, Service::Impl& impl, Tx& tx, OrderState state, std::int64_t now) {
    OrderOutcome out;
    out.order_id = state.order_id;
    redeem_codes(tx, state, now);
    std::optional<OrderState> before;
    std::int64_t created_at = now;
    if (auto row = tx.c.one("SELECT customer_id, state, created_at FROM order_states WHERE order_id = ?", {state.order_id})) {
        if (row->str(0) != state.customer_id)
            throw ServiceError(409, "/customer_id",
                               "order " + state.order_id + " belongs to customer " + row->str(0) + "; orders never move");
        json stored = json::parse(row->text(1), nullptr, false);
        before = impl_of(s).parse_order_state(state.order_id, stored);
        created_at = row->i64(2);
        if (state.updated_at < before->updated_at) {
            out.result = "stale";  // a late delivery of an older state
            return out;
        }
    }
    impl.settle_credit_coupons(tx, state, now);
    // Refunds that arrived before their order join it now.
    tx.c.each("SELECT refund FROM order_refunds_waiting WHERE order_id = ? ORDER BY received_at, refund_id",
              {state.order_id}, [&](const db::RowView& r) {
                  Errors errors;
                  StateReader reader(s.digits(), errors);
                  OrderRefund waiting = refund_from(reader, json::parse(r.text(0), nullptr, false), "");
                  if (errors.empty() && std::none_of(state.refunds.begin(), state.refunds.end(),
                                                     [&](const OrderRefund& x) { return x.id == waiting.id; }))
                      state.refunds.push_back(waiting);
                  return true;
              });
    tx.c.exec("DELETE FROM order_refunds_waiting WHERE order_id = ?", {state.order_id});
    // Keep refunds known before even if this state omits them (a platform may list only new ones).
    if (before)
        for (const OrderRefund& b : before->refunds)
            if (std::none_of(state.refunds.begin(), state.refunds.end(), [&](const OrderRefund& x) { return x.id == b.id; }))
                state.refunds.push_back(b);
    impl.queue_credit_sync(tx, state, now);
    std::vector<IncomingEvent> events = order_events(before, state, s.digits());
    const std::string text = state_json(state, s.digits()).dump();
    if (!before)
        tx.c.exec("INSERT INTO order_states (order_id, customer_id, updated_at, state, created_at, received_at) "
                  "VALUES (?, ?, ?, ?, ?, ?)",
                  {state.order_id, state.customer_id, state.updated_at, text, created_at, now});
    else
        tx.c.exec("UPDATE order_states SET updated_at = ?, state = ?, received_at = ? WHERE order_id = ?",
                  {state.updated_at, text, now, state.order_id});
    out.result = !before ? "created" : events.empty() ? "unchanged" : "updated";
    count_referral(impl, tx, state, now, out.ingest);
    if (events.empty()) return out;
    std::vector<std::size_t> idx(events.size());
    for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    out.ingest.events.resize(events.size());
    impl.ingest_customer(tx, state.customer_id, events, idx, now, out.ingest);
    for (const IncomingEvent& e : events) out.event_ids.push_back(e.event.id);
    return out;
}

// What every state must hold, however it was made (the API's reader, a connector).
static void check_state(const OrderState& s) {
    Errors errors;
    if (s.order_id.empty() || s.order_id.size() > kMaxOrderId) errors.push_back({"", "order id: must be 1-64 characters"});
    if (!valid_customer_id(s.customer_id))
        errors.push_back({"/customer_id", "must be 1-128 characters of A-Z a-z 0-9 _ . - @ + :"});
    if (s.status.empty()) errors.push_back({"/status", "is required"});
    if (s.placed_at <= 0) errors.push_back({"/placed_at", "must be a UTC time like 2026-03-15T10:22:00Z"});
    for (std::size_t i = 0; i < s.refunds.size(); ++i)
        if (s.refunds[i].id.empty() || s.refunds[i].id.size() > kMaxRefundId)
            errors.push_back({"/refunds/" + std::to_string(i) + "/id", "must be 1-48 characters"});
    if (s.items.size() > kMaxItems) errors.push_back({"/items", "at most 500 items"});
    if (s.refunds.size() > kMaxRefunds) errors.push_back({"/refunds", "at most 200 refunds"});
    if (!errors.empty()) throw ServiceError(422, std::move(errors));
}

static void record(Tx& tx, const WebhookDelivery* d, std::int64_t now) {
    if (!d || d->id.empty()) return;
    tx.c.exec("INSERT INTO connector_deliveries (platform, delivery_id, topic, outcome, received_at) VALUES (?, ?, ?, ?, ?) "
              "ON CONFLICT (platform, delivery_id) DO NOTHING",
              {d->platform, d->id, d->topic, d->outcome, now});
}

OrderOutcome Service::put_order_state(OrderState state, const WebhookDelivery* delivery) {
    check_state(state);
    return impl_->store->write([&](Tx& tx) {
        record(tx, delivery, now_ms());
        // The order first, then its customer: a refund reported alone for the
        // same order waits for this one (no customer is known to it).
        tx.lock_customer("order:" + state.order_id);
        tx.lock_customer(state.customer_id);
        return apply_state(*this, *impl_, tx, state, now_ms());
    });
}

OrderOutcome Service::add_order_refund(const std::string& order_id, const OrderRefund& refund,
                                       const WebhookDelivery* delivery) {
    if (order_id.empty() || order_id.size() > kMaxOrderId) throw ServiceError(422, "/order_id", "must be 1-64 characters");
    return impl_->store->write([&](Tx& tx) {
        const std::int64_t now = now_ms();
        record(tx, delivery, now);
        tx.lock_customer("order:" + order_id);
        auto row = tx.c.one("SELECT state FROM order_states WHERE order_id = ?", {order_id});
        if (!row) {
            OrderState holder;
            holder.refunds.push_back(refund);
            tx.c.exec("INSERT INTO order_refunds_waiting (order_id, refund_id, refund, received_at) VALUES (?, ?, ?, ?) "
                      "ON CONFLICT (order_id, refund_id) DO NOTHING",
                      {order_id, refund.id, state_json(holder, digits())["refunds"][0].dump(), now});
            OrderOutcome out;
            out.order_id = order_id;
            out.result = "waiting";
            return out;
        }
        OrderState state = impl_->parse_order_state(order_id, json::parse(row->text(0), nullptr, false));
        tx.lock_customer(state.customer_id);
        if (std::none_of(state.refunds.begin(), state.refunds.end(), [&](const OrderRefund& x) { return x.id == refund.id; }))
            state.refunds.push_back(refund);
        return apply_state(*this, *impl_, tx, state, now);
    });
}

}  // namespace stepwise::server
