// JSON -> History and Cart. Amounts use the program's currency digits.
#include "../names.hpp"
#include "reader.hpp"
#include "stepwise/json.hpp"

namespace stepwise {

namespace {

using detail::Json;
using detail::pointer_to;
using detail::Reader;

// Order lines, or a refund's lines (`refunded`: sku required, no categories:
// the order's own lines say which categories a sku is in).
std::vector<Item> read_items(Reader& r, const Json& obj, const std::string& at, int digits, bool refunded = false) {
    std::vector<Item> items;
    const Json* list = r.field(obj, "items", at, false);
    if (!list) return items;
    std::string here = pointer_to(at, "items");
    if (!r.array(*list, here)) return items;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const Json& it = (*list)[i];
        std::string item_at = pointer_to(here, i);
        if (refunded ? !r.object(it, item_at, {"sku", "quantity", "amount"})
                     : !r.object(it, item_at, {"sku", "quantity", "amount", "categories", "name"}))
            continue;
        Item item;
        if (auto v = r.string(it, "sku", item_at, refunded)) item.sku = *v;
        item.quantity = 1;
        if (auto v = r.integer(it, "quantity", item_at, false, 0, kMaxAmount)) item.quantity = *v;
        if (auto v = r.money(it, "amount", item_at, true, digits)) item.amount = *v;
        if (auto v = r.strings(it, "categories", item_at)) item.categories = *v;
        items.push_back(std::move(item));
    }
    return items;
}

// The order amounts shared by order events and carts. `total` defaults to
// subtotal + tax + shipping; a cart's subtotal defaults to its items' sum.
void read_amounts(Reader& r, const Json& obj, const std::string& at, int digits, bool subtotal_required, Money& subtotal,
                  Money& tax, Money& shipping, Money& total, Money& wallet_paid, std::vector<Item>& items) {
    items = read_items(r, obj, at, digits);
    auto sub = r.money(obj, "subtotal", at, subtotal_required, digits);
    if (sub) {
        subtotal = *sub;
    } else if (!obj.contains("subtotal")) {
        subtotal = 0;
        for (const Item& i : items) subtotal = saturating_add(subtotal, i.amount);
    }
    tax = r.money(obj, "tax", at, false, digits).value_or(0);
    shipping = r.money(obj, "shipping", at, false, digits).value_or(0);
    wallet_paid = r.money(obj, "wallet_paid", at, false, digits).value_or(0);
    auto t = r.money(obj, "total", at, false, digits);
    total = t ? *t : saturating_add(saturating_add(subtotal, tax), shipping);
}

// A refund: only `amount` (the contract's form), or a breakdown (subtotal, tax,
// shipping, items) whose parts say exactly what comes off each spend basis and
// the category spend. Then subtotal defaults to the items' sum and must equal
// it; amount defaults to subtotal + tax + shipping and must equal it.
void read_refund(Reader& r, const Json& obj, const std::string& at, int digits, Event& e) {
    bool breakdown = obj.contains("subtotal") || obj.contains("tax") || obj.contains("shipping") || obj.contains("items");
    auto amount = r.money(obj, "amount", at, !breakdown, digits);
    if (amount && *amount == 0) r.error(pointer_to(at, "amount"), "must be > 0");
    if (!breakdown) {
        e.amount = amount.value_or(0);
        return;
    }
    e.items = read_items(r, obj, at, digits, true);
    Money lines = 0;
    for (const Item& i : e.items) lines = saturating_add(lines, i.amount);
    auto subtotal = r.money(obj, "subtotal", at, false, digits);
    e.subtotal = subtotal.value_or(lines);
    if (subtotal && obj.contains("items") && *subtotal != lines)
        r.error(pointer_to(at, "subtotal"), "must equal the sum of the items' amounts (" + format_money(lines, digits) + ")");
    e.tax = r.money(obj, "tax", at, false, digits).value_or(0);
    e.shipping = r.money(obj, "shipping", at, false, digits).value_or(0);
    e.amount = saturating_add(saturating_add(e.subtotal, e.tax), e.shipping);
    if (amount && *amount != e.amount)
        r.error(pointer_to(at, "amount"), "must equal subtotal + tax + shipping (" + format_money(e.amount, digits) + ")");
    else if (!amount && e.amount == 0)
        r.error(at, "a refund must give back more than 0: subtotal + tax + shipping is 0");
}

void read_event(Reader& r, const Json& obj, const std::string& at, int digits, Event& e) {
    if (!obj.is_object()) {
        r.error(at, "must be an object");
        return;
    }
    auto type_text = r.string(obj, "type", at, true);
    auto type = type_text ? names::event_type(*type_text) : std::nullopt;
    if (type_text && !type) r.error(pointer_to(at, "type"), std::string("must be ") + names::allowed_event_types());
    if (auto v = r.string(obj, "id", at, true)) e.id = *v;
    if (auto v = r.time(obj, "at", at, true)) e.at = *v;
    if (!type) return;
    e.type = *type;
    switch (e.type) {
        case EventType::order:
            r.object(obj, at, {"id", "type", "at", "meta", "order_id", "status", "subtotal", "tax", "shipping", "total",
                               "wallet_paid", "items"});
            if (auto v = r.string(obj, "order_id", at, true)) e.order_id = *v;
            if (auto v = r.string(obj, "status", at, true)) e.status = *v;
            read_amounts(r, obj, at, digits, true, e.subtotal, e.tax, e.shipping, e.total, e.wallet_paid, e.items);
            break;
        case EventType::order_status:
            r.object(obj, at, {"id", "type", "at", "meta", "order_id", "status"});
            if (auto v = r.string(obj, "order_id", at, true)) e.order_id = *v;
            if (auto v = r.string(obj, "status", at, true)) e.status = *v;
            break;
        case EventType::refund:
            r.object(obj, at, {"id", "type", "at", "meta", "order_id", "amount", "subtotal", "tax", "shipping", "items"});
            if (auto v = r.string(obj, "order_id", at, true)) e.order_id = *v;
            read_refund(r, obj, at, digits, e);
            break;
        case EventType::review:
            r.object(obj, at, {"id", "type", "at", "meta", "product_id"});
            if (auto v = r.string(obj, "product_id", at, false)) e.product_id = *v;
            break;
        case EventType::referral:
            r.object(obj, at, {"id", "type", "at", "meta", "referee_id", "purchased"});
            if (auto v = r.string(obj, "referee_id", at, false)) e.referee_id = *v;
            if (auto v = r.boolean(obj, "purchased", at)) e.purchased = *v;
            break;
        case EventType::points:
            r.object(obj, at, {"id", "type", "at", "meta", "points"});
            if (auto v = r.integer(obj, "points", at, true, 0, kMaxAmount)) e.points = *v;
            break;
        case EventType::subscription_renewal:
            r.object(obj, at, {"id", "type", "at", "meta", "subscription_id"});
            if (auto v = r.string(obj, "subscription_id", at, false)) e.subscription_id = *v;
            break;
        case EventType::grant:
            r.object(obj, at, {"id", "type", "at", "meta", "program_id", "step_id"});
            if (auto v = r.string(obj, "program_id", at, true)) e.program_id = *v;
            if (auto v = r.string(obj, "step_id", at, true)) e.step_id = *v;
            break;
    }
    if (const Json* meta = r.field(obj, "meta", at, false); meta && !meta->is_object())
        r.error(pointer_to(at, "meta"), "must be an object");
}

}  // namespace

Result<History> parse_history(std::string_view text, const Program& program) {
    Result<History> result;
    auto doc = detail::parse_document(text, result.errors);
    if (!doc) return result;
    Reader r(result.errors);
    const Json& obj = doc->root();
    if (!r.object(obj, "", {"customer", "events"})) return result;
    History h;
    if (const Json* c = r.field(obj, "customer", "", true); c && r.object(*c, "/customer", {"id", "roles"})) {
        if (auto v = r.string(*c, "id", "/customer", true)) h.customer.id = *v;
        if (auto v = r.strings(*c, "roles", "/customer")) h.customer.roles = *v;
    }
    if (const Json* events = r.field(obj, "events", "", true); events && r.array(*events, "/events")) {
        h.events.resize(events->size());
        const int digits = program.digits();  // once: it looks the currency up
        for (std::size_t i = 0; i < events->size(); ++i)
            read_event(r, (*events)[i], pointer_to("/events", i), digits, h.events[i]);
    }
    if (result.errors.empty()) result.value = std::move(h);
    return result;
}

Result<Cart> parse_cart(std::string_view text, const Program& program) {
    Result<Cart> result;
    auto doc = detail::parse_document(text, result.errors);
    if (!doc) return result;
    Reader r(result.errors);
    const Json& obj = doc->root();
    if (!r.object(obj, "", {"subtotal", "tax", "shipping", "total", "wallet_paid", "items"})) return result;
    Cart cart;
    read_amounts(r, obj, "", program.digits(), false, cart.subtotal, cart.tax, cart.shipping, cart.total,
                 cart.wallet_paid, cart.items);
    if (result.errors.empty()) result.value = std::move(cart);
    return result;
}

}  // namespace stepwise
