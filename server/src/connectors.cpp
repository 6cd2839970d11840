// What the connectors keep besides orders: the webhook deliveries seen (so a
// redelivery is answered at once and unknown topics are counted), their
// failure counters, and the privacy requests platforms make (erasure, exports).
#include "api_render.hpp"
#include "awards_table.hpp"
#include "customers_table.hpp"
#include "email_outbox_table.hpp"
#include "events_table.hpp"
#include "internal.hpp"

namespace stepwise::server {

bool Service::delivery_seen(const std::string& platform, const std::string& delivery_id) {
    return impl_->store->read([&](Tx& tx) {
        return tx.c.one("SELECT 1 FROM connector_deliveries WHERE platform = ? AND delivery_id = ?", {platform, delivery_id})
            .has_value();
    });
}

void Service::record_delivery(const std::string& platform, const std::string& delivery_id, const std::string& topic,
                              const std::string& outcome) {
    impl_->store->write([&](Tx& tx) {
        tx.c.exec("INSERT INTO connector_deliveries (platform, delivery_id, topic, outcome, received_at) VALUES (?, ?, ?, ?, ?) "
                  "ON CONFLICT (platform, delivery_id) DO NOTHING",
                  {platform, delivery_id, topic, outcome, now_ms()});
    });
}

DeliveryCounts Service::delivery_counts() {
    return impl_->store->read([&](Tx& tx) {
        DeliveryCounts out;
        tx.c.each("SELECT platform, topic, outcome, COUNT(*) FROM connector_deliveries GROUP BY platform, topic, outcome "
                  "ORDER BY platform, topic, outcome",
                  {}, [&](const db::RowView& r) {
                      out.deliveries.push_back({r.str(0), r.str(1), r.str(2), r.i64(3)});
                      return true;
                  });
        tx.c.each("SELECT platform, name, count FROM connector_counters ORDER BY platform, name", {},
                  [&](const db::RowView& r) {
                      out.counters.push_back({r.str(0), r.str(1), r.i64(2)});
                      return true;
                  });
        tx.c.each("SELECT platform, updated_at, saved_at FROM connector_watermarks ORDER BY platform", {},
                  [&](const db::RowView& r) {
                      out.reconcile_watermarks.push_back({r.str(0), r.i64(1), r.i64(2)});
                      return true;
                  });
        return out;
    });
}

namespace {

// Who they are and what they bought go; amounts stay for accounting (ledger
// rows, awards), tied only to the platform's opaque customer id. `customer`
// null: everyone (a shop's erasure).
void erase_personal_data(Tx& tx, const std::string* customer, std::int64_t now) {
    const std::string where = customer ? " WHERE customer_id = ?" : "";
    const db::Params p = customer ? db::Params{*customer} : db::Params{};
    customers_table::forget_contact(tx.c, customer, now);
    events_table::forget_items(tx.c, customer);
    email_outbox_table::redact(tx.c, customer);
    tx.c.exec("DELETE FROM customer_exports" + where, p);
    // The stored order states list the lines bought too.
    std::vector<std::pair<std::string, std::string>> orders;
    tx.c.each("SELECT order_id, state FROM order_states" + where, p, [&](const db::RowView& r) {
        json state = json::parse(r.text(1), nullptr, false);
        if (state.is_object() && state.contains("items") && !state["items"].empty()) {
            state["items"] = json::array();
            orders.emplace_back(r.str(0), state.dump());
        }
        return true;
    });
    for (const auto& [id, state] : orders) tx.c.exec("UPDATE order_states SET state = ? WHERE order_id = ?", {state, id});
}

}  // namespace

void Service::redact_customer(const std::string& customer_id) {
    impl_->store->write([&](Tx& tx) {
        tx.lock_customer(customer_id);
        erase_personal_data(tx, &customer_id, now_ms());
    });
}

std::int64_t Service::redact_all_customers() {
    return impl_->store->write([&](Tx& tx) {
        const std::int64_t n = customers_table::count(tx.c);
        erase_personal_data(tx, nullptr, now_ms());
        return n;
    });
}

CustomerExport Service::create_customer_export(const std::string& platform, const std::string& customer_id,
                                              const std::string& request) {
    json data{{"platform", platform}, {"customer_id", customer_id}, {"request", json_text(request)}};
    const auto known = customer(customer_id);
    data["customer"] = known ? render(*known, *this) : json();  // null when Stepwise never saw them
    data["events"] = json::parse(history_json(customer_id))["events"];
    data["rewards"] = render(rewards(customer_id), *this)["rewards"];
    // Every ledger row, newest first (paged through the transactions view).
    json ledger = json::array();
    TransactionFilter f;
    f.customer_id = customer_id;
    f.limit = 1000;
    for (;;) {
        const Transactions page = transactions(f);
        for (const LedgerRow& row : page.rows) ledger.push_back(render(row, *this));
        if (!page.next_before_id) break;
        f.before_id = page.next_before_id;
    }
    data["ledger"] = ledger;
    // Every points movement, newest first (docs/points.md).
    json points_rows = json::array();
    std::optional<std::int64_t> before;
    for (;;) {
        json page = render(points(customer_id, 500, before), *this);
        for (json& row : page["history"]) points_rows.push_back(std::move(row));
        if (!page.contains("next_before_id")) break;
        before = page["next_before_id"].get<std::int64_t>();
    }
    data["points"] = points_rows;
    impl_->store->read([&](Tx& tx) {
        json awards = json::array(), orders = json::array();
        for (const AwardRow& a : awards_table::of_customer(tx.c, customer_id)) {
            json j{{"key", a.key}, {"program_id", a.program_id}, {"milestone_id", a.step_id}, {"occurrence", a.occurrence},
                   {"state", a.state}, {"source", a.source}, {"awarded_at", iso(a.awarded_at)}};
            if (a.clawed_back_at) j["clawed_back_at"] = iso(*a.clawed_back_at);
            awards.push_back(std::move(j));
        }
        tx.c.each("SELECT order_id, state FROM order_states WHERE customer_id = ? ORDER BY order_id", {customer_id},
                  [&](const db::RowView& r) {
                      orders.push_back({{"order_id", r.str(0)}, {"state", json::parse(r.text(1), nullptr, false)}});
                      return true;
                  });
        data["awards"] = awards;
        data["orders"] = orders;
    });
    const std::int64_t now = now_ms();
    data["created_at"] = iso(now);
    return impl_->store->write([&](Tx& tx) {
        std::int64_t id = 0;
        tx.c.each("INSERT INTO customer_exports (platform, customer_id, request, data, created_at) VALUES (?, ?, ?, ?, ?) "
                  "RETURNING id",
                  {platform, customer_id, data["request"].dump(), data.dump(), now}, [&](const db::RowView& r) {
                      id = r.i64(0);
                      return false;
                  });
        return CustomerExport{id, platform, customer_id, now};
    });
}

std::vector<CustomerExport> Service::customer_exports() {
    return impl_->store->read([&](Tx& tx) {
        std::vector<CustomerExport> list;
        tx.c.each("SELECT id, platform, customer_id, created_at FROM customer_exports ORDER BY id DESC", {},
                  [&](const db::RowView& r) {
                      list.push_back({r.i64(0), r.str(1), r.str(2), r.i64(3)});
                      return true;
                  });
        return list;
    });
}

std::optional<std::string> Service::customer_export(std::int64_t id) {
    return impl_->store->read([&](Tx& tx) -> std::optional<std::string> {
        auto row = tx.c.one("SELECT id, data FROM customer_exports WHERE id = ?", {id});
        if (!row) return std::nullopt;
        json data = json::parse(row->text(1), nullptr, false);
        data["id"] = row->i64(0);
        return data.dump();
    });
}

void Service::count_connector_event(const std::string& platform, const std::string& name, std::int64_t n) {
    impl_->store->write([&](Tx& tx) {
        tx.c.exec("INSERT INTO connector_counters (platform, name, count, updated_at) VALUES (?, ?, ?, ?) "
                  "ON CONFLICT (platform, name) DO UPDATE SET count = connector_counters.count + excluded.count, "
                  "updated_at = excluded.updated_at",
                  {platform, name, n, now_ms()});
    });
}

}  // namespace stepwise::server
