#include "connector_woocommerce.hpp"

#include <algorithm>

namespace stepwise::server::woocommerce {

namespace {

std::string text_of(const json& obj, const char* key) {
    auto it = obj.find(key);
    return it != obj.end() && it->is_string() ? it->get<std::string>() : "";
}

Money money_of(const json& obj, const char* key, int digits) {
    return parse_money(text_of(obj, key), digits).value_or(0);
}

std::string id_text(const json& v) {
    if (v.is_number_unsigned()) return std::to_string(v.get<std::uint64_t>());
    if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
    if (v.is_string()) return v.get<std::string>();
    return "";
}

}  // namespace

std::optional<Time> parse_gmt(const std::string& text) {
    if (text.empty() || text.back() == 'Z') return stepwise::parse_time(text);
    return stepwise::parse_time(text + "Z");
}

std::optional<OrderState> order_state(const json& o, int digits, bool deleted, std::string& why) {
    const std::string customer = id_text(o.value("customer_id", json()));
    if (customer.empty() || customer == "0") {
        why = "guest order (customer_id 0)";
        return std::nullopt;
    }
    OrderState s;
    s.order_id = id_text(o.value("id", json()));
    s.customer_id = customer;
    // WooCommerce's own status names (processing, completed, refunded, ...);
    // a deleted order is "trash", as WooCommerce calls a trashed one.
    s.status = deleted ? "trash" : text_of(o, "status");
    s.placed_at = parse_gmt(text_of(o, "date_created_gmt")).value_or(0);
    s.updated_at = parse_gmt(text_of(o, "date_modified_gmt")).value_or(s.placed_at);
    // The order's total includes tax and shipping: its subtotal is the line
    // items after their discounts.
    if (auto lines = o.find("line_items"); lines != o.end() && lines->is_array())
        for (const json& l : *lines) {
            Item item;
            item.sku = text_of(l, "sku");
            if (item.sku.empty()) item.sku = id_text(l.value("product_id", json()));
            item.quantity = l.value("quantity", json(1)).is_number_integer() ? l["quantity"].get<std::int64_t>() : 1;
            item.amount = money_of(l, "total", digits);
            s.subtotal = saturating_add(s.subtotal, item.amount);
            s.items.push_back(std::move(item));
        }
    s.tax = money_of(o, "total_tax", digits);
    s.shipping = money_of(o, "shipping_total", digits);
    s.total = money_of(o, "total", digits);
    // Refunds carry negative totals and no time of their own: the order's
    // modification time is when the webhook saw them.
    if (auto refunds = o.find("refunds"); refunds != o.end() && refunds->is_array())
        for (const json& r : *refunds) {
            OrderRefund refund;
            refund.id = id_text(r.value("id", json()));
            refund.at = s.updated_at;
            std::string total = text_of(r, "total");
            if (!total.empty() && total[0] == '-') total.erase(0, 1);
            refund.amount = parse_money(total, digits).value_or(0);
            s.refunds.push_back(std::move(refund));
        }
    return s;
}

}  // namespace stepwise::server::woocommerce
