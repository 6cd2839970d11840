#include "connector_woocommerce.hpp"

#include <algorithm>

#include "connector_fields.hpp"

namespace stepwise::server::woocommerce {

namespace {

using connector::id_text;
using connector::text_of;

// Amounts of an order are >= 0 (refunds are read on their own).
Money money_of(const json& obj, const char* key, int digits) {
    return std::max<Money>(0, connector::signed_money(text_of(obj, key), digits));
}

// The codes of coupon_lines and what each took off (discount + its tax).
void read_coupons(const json& o, int digits, OrderState& s) {
    if (auto coupons = o.find("coupon_lines"); coupons != o.end() && coupons->is_array())
        for (const json& c : *coupons)
            if (c.is_object()) {
                s.codes.push_back(text_of(c, "code"));
                s.code_discounts.push_back(
                    saturating_add(money_of(c, "discount", digits), money_of(c, "discount_tax", digits)));
            }
}

void read_head(const json& o, bool deleted, OrderState& s) {
    s.order_id = id_text(o.value("id", json()));
    // WooCommerce's own status names (processing, completed, refunded, ...);
    // a deleted order is "trash", as WooCommerce calls a trashed one.
    s.status = deleted ? "trash" : text_of(o, "status");
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
    read_head(o, deleted, s);
    s.customer_id = customer;
    s.placed_at = parse_gmt(text_of(o, "date_created_gmt")).value_or(0);
    s.updated_at = parse_gmt(text_of(o, "date_modified_gmt")).value_or(s.placed_at);
    // The order's total includes tax and shipping: its subtotal is the line
    // items after their discounts.
    if (auto lines = o.find("line_items"); lines != o.end() && lines->is_array())
        for (const json& l : *lines) {
            Item item = connector::line_item(l);
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
    read_coupons(o, digits, s);
    // The order meta the store saved at checkout (docs/widget.md, "Referral links").
    if (auto meta = o.find("meta_data"); meta != o.end() && meta->is_array())
        for (const json& m : *meta)
            if (m.is_object() && text_of(m, "key") == "_stepwise_ref") s.referral_code = text_of(m, "value");
    return s;
}

std::optional<OrderState> guest_coupons(const json& o, int digits, bool deleted) {
    OrderState s;
    read_head(o, deleted, s);
    read_coupons(o, digits, s);
    if (s.codes.empty() || s.order_id.empty()) return std::nullopt;
    return s;
}

std::vector<std::string> product_ids(const json& o) {
    std::vector<std::string> out;
    if (auto lines = o.find("line_items"); lines != o.end() && lines->is_array())
        for (const json& l : *lines) out.push_back(l.is_object() ? id_text(l.value("product_id", json())) : "");
    return out;
}

}  // namespace stepwise::server::woocommerce
