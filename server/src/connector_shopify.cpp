#include "connector_shopify.hpp"

#include <algorithm>
#include <cstdint>

#include "connector_fields.hpp"

namespace stepwise::server::shopify {

namespace {

using connector::id_text;
using connector::signed_money;
using connector::text_of;

// A money field: the shop-currency amount of "<key>_set" when present (the
// order may be shown to the shopper in another currency), else the plain string.
Money money_of(const json& obj, const std::string& key, int digits) {
    if (auto set = obj.find(key + "_set"); set != obj.end() && set->is_object()) {
        const json* shop = set->contains("shop_money") ? &(*set)["shop_money"] : nullptr;
        if (shop && shop->contains("amount") && (*shop)["amount"].is_string())
            return signed_money((*shop)["amount"].get<std::string>(), digits);
    }
    if (auto it = obj.find(key); it != obj.end() && it->is_string()) return signed_money(it->get<std::string>(), digits);
    return 0;
}

Time time_of(const json& obj, const char* key) { return parse_time(text_of(obj, key)).value_or(0); }

}  // namespace

std::optional<Time> parse_time(const std::string& text) {
    // The date and time, then "Z" or "+HH:MM" / "-HH:MM".
    if (text.size() < 20) return std::nullopt;
    std::size_t zone = text.find_first_of("Z+-", 19);
    if (zone == std::string::npos) return std::nullopt;
    auto local = stepwise::parse_time(text.substr(0, zone) + "Z");
    if (!local) return std::nullopt;
    if (text[zone] == 'Z') return zone + 1 == text.size() ? local : std::nullopt;
    const std::string off = text.substr(zone + 1);
    if (off.size() != 5 || off[2] != ':' || !std::all_of(off.begin(), off.end(), [](char c) { return (c >= '0' && c <= '9') || c == ':'; }))
        return std::nullopt;
    const Time minutes = std::stoll(off.substr(0, 2)) * 60 + std::stoll(off.substr(3, 2));
    // Local time is UTC plus the offset, so UTC is local minus it.
    return *local - (text[zone] == '+' ? 1 : -1) * minutes * 60 * kMillisPerSecond;
}

OrderRefund refund(const json& r, int digits) {
    OrderRefund out;
    out.id = id_text(r.value("id", json()));
    out.at = time_of(r, "created_at");
    if (!out.at) out.at = time_of(r, "processed_at");
    Money subtotal = 0, tax = 0, shipping = 0, paid_back = 0;
    bool split = false;
    if (auto lines = r.find("refund_line_items"); lines != r.end() && lines->is_array())
        for (const json& l : *lines) {
            if (l.contains("subtotal_set") || l.contains("total_tax_set")) split = true;
            subtotal = saturating_add(subtotal, money_of(l, "subtotal", digits));
            tax = saturating_add(tax, money_of(l, "total_tax", digits));
        }
    // Shipping given back is an order adjustment of kind "shipping_refund" (negative amounts).
    if (auto adj = r.find("order_adjustments"); adj != r.end() && adj->is_array())
        for (const json& a : *adj)
            if (text_of(a, "kind") == "shipping_refund") {
                shipping = saturating_add(shipping, -money_of(a, "amount", digits));
                tax = saturating_add(tax, -money_of(a, "tax_amount", digits));
                split = true;
            }
    // The money that went back to the shopper: the successful refund transactions.
    if (auto tx = r.find("transactions"); tx != r.end() && tx->is_array())
        for (const json& t : *tx)
            if (text_of(t, "kind") == "refund" && text_of(t, "status") == "success")
                paid_back = saturating_add(paid_back, money_of(t, "amount", digits));
    if (split) {
        out.subtotal = subtotal;
        out.tax = tax;
        out.shipping = shipping;
    }
    out.amount = paid_back > 0 ? paid_back : saturating_add(saturating_add(subtotal, tax), shipping);
    return out;
}

std::optional<OrderState> order_state(const json& o, int digits, std::string& why) {
    const json customer = o.value("customer", json());
    if (!customer.is_object() || id_text(customer.value("id", json())).empty()) {
        why = "guest order (no customer)";
        return std::nullopt;
    }
    OrderState s;
    s.order_id = id_text(o.value("id", json()));
    s.customer_id = id_text(customer["id"]);
    // Cancelled orders say so in cancelled_at; otherwise the money decides
    // (paid, partially_refunded, refunded, pending, ...): programs name those.
    const json cancelled = o.value("cancelled_at", json());
    s.status = cancelled.is_string() ? "cancelled" : text_of(o, "financial_status");
    if (s.status.empty()) s.status = "pending";
    s.placed_at = time_of(o, "created_at");
    s.updated_at = time_of(o, "updated_at");
    if (!s.updated_at) s.updated_at = s.placed_at;
    s.subtotal = money_of(o, "subtotal_price", digits);
    s.tax = money_of(o, "total_tax", digits);
    if (o.contains("total_shipping_price_set")) {
        s.shipping = money_of(o, "total_shipping_price", digits);
    } else if (auto lines = o.find("shipping_lines"); lines != o.end() && lines->is_array()) {
        for (const json& l : *lines) s.shipping = saturating_add(s.shipping, money_of(l, "price", digits));
    }
    s.total = money_of(o, "total_price", digits);
    // Gift cards and Shopify store credit pay with money the store already
    // holds: an order paid only that way is wallet-paid.
    if (auto gateways = o.find("payment_gateway_names"); gateways != o.end() && gateways->is_array() && !gateways->empty()) {
        const bool wallet_only = std::all_of(gateways->begin(), gateways->end(), [](const json& g) {
            return g.is_string() && (g == "gift_card" || g == "shopify_store_credit");
        });
        if (wallet_only) s.wallet_paid = s.total;
    }
    if (auto lines = o.find("line_items"); lines != o.end() && lines->is_array())
        for (const json& l : *lines) {
            Item item = connector::line_item(l);
            const Money price = money_of(l, "price", digits);
            const Money discount = money_of(l, "total_discount", digits);
            const std::int64_t qty = std::max<std::int64_t>(0, item.quantity);
            const Money gross = qty > 0 && price > INT64_MAX / qty ? INT64_MAX : price * qty;  // never overflows
            item.amount = std::max<Money>(0, gross - discount);
            s.items.push_back(std::move(item));
        }
    if (auto refunds = o.find("refunds"); refunds != o.end() && refunds->is_array())
        for (const json& r : *refunds) s.refunds.push_back(refund(r, digits));
    if (auto codes = o.find("discount_codes"); codes != o.end() && codes->is_array())
        for (const json& d : *codes)
            if (d.is_object()) s.codes.push_back(text_of(d, "code"));
    // The cart attribute the store's landing page set from ?ref= (docs/widget.md, "Referral links").
    if (auto notes = o.find("note_attributes"); notes != o.end() && notes->is_array())
        for (const json& n : *notes)
            if (n.is_object() && text_of(n, "name") == "stepwise_ref") s.referral_code = text_of(n, "value");
    return s;
}

}  // namespace stepwise::server::shopify
