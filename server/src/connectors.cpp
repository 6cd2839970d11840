// What the connectors keep besides orders: the webhook deliveries seen (so a
// redelivery is answered at once and unknown topics are counted), and the
// privacy erasure platforms ask for.
#include "internal.hpp"

namespace stepwise::server {

bool Service::delivery_seen(const std::string& platform, const std::string& delivery_id) {
    return store_->read([&](Tx& tx) {
        return tx.c.one("SELECT 1 FROM connector_deliveries WHERE platform = ? AND delivery_id = ?", {platform, delivery_id})
            .has_value();
    });
}

void Service::record_delivery(const std::string& platform, const std::string& delivery_id, const std::string& topic,
                              const std::string& outcome) {
    store_->write([&](Tx& tx) {
        tx.c.exec("INSERT INTO connector_deliveries (platform, delivery_id, topic, outcome, received_at) VALUES (?, ?, ?, ?, ?) "
                  "ON CONFLICT (platform, delivery_id) DO NOTHING",
                  {platform, delivery_id, topic, outcome, now_ms()});
    });
}

json Service::delivery_counts() {
    return store_->read([&](Tx& tx) {
        json rows = json::array();
        tx.c.each("SELECT platform, topic, outcome, COUNT(*) FROM connector_deliveries GROUP BY platform, topic, outcome "
                  "ORDER BY platform, topic, outcome",
                  {}, [&](const db::RowView& r) {
                      rows.push_back({{"platform", r.str(0)}, {"topic", r.str(1)}, {"outcome", r.str(2)}, {"count", r.i64(3)}});
                      return true;
                  });
        return json{{"deliveries", rows}};
    });
}

void Service::redact_customer(const std::string& customer_id) {
    store_->write([&](Tx& tx) {
        tx.lock_customer(customer_id);
        // Who they are and what they bought go; amounts stay for accounting
        // (ledger rows, awards), tied only to the platform's opaque customer id.
        tx.c.exec("UPDATE customers SET email = NULL, name = NULL, updated_at = ? WHERE id = ?", {now_ms(), customer_id});
        tx.c.exec("UPDATE events SET items = NULL WHERE customer_id = ?", {customer_id});
        tx.c.exec("UPDATE email_outbox SET to_address = NULL, body = '(redacted)' WHERE customer_id = ?", {customer_id});
    });
}

}  // namespace stepwise::server
