#include "spend.hpp"

namespace stepwise::detail {

namespace {

bool in_categories(const Rules& rules, const Item& item) {
    for (const auto& c : item.categories)
        for (const auto& wanted : rules.categories)
            if (c == wanted) return true;
    return false;
}

// The spend basis applied to an order's or a refund's parts.
Money on_basis(SpendBasis basis, Money subtotal, Money tax, Money shipping, Money total) {
    switch (basis) {
        case SpendBasis::subtotal: break;
        case SpendBasis::subtotal_tax: return saturating_add(subtotal, tax);
        case SpendBasis::subtotal_shipping: return saturating_add(subtotal, shipping);
        case SpendBasis::total: return total;
    }
    return subtotal;
}

}  // namespace

std::pair<Money, std::int64_t> min_order_short(const Program& p, Money subtotal, Money tax, Money shipping, Money total,
                                               const std::vector<Item>& items) {
    if (!p.rules.min_order) return {0, 0};
    const MinOrder& m = *p.rules.min_order;
    Money basis = on_basis(p.rules.spend_basis, subtotal, tax, shipping, total);
    std::int64_t quantity = 0;
    for (const Item& i : items) quantity = saturating_add(quantity, i.quantity);
    return {basis < m.amount ? m.amount - basis : 0, quantity < m.quantity ? m.quantity - quantity : 0};
}

Money order_base_spend(const Program& p, Money subtotal, Money tax, Money shipping, Money total, Money wallet_paid,
                       const std::vector<Item>& items) {
    const Rules& rules = p.rules;
    if (rules.exclude_wallet_paid && wallet_paid >= total) return 0;
    Money basis = on_basis(rules.spend_basis, subtotal, tax, shipping, total);
    auto [short_amount, short_quantity] = min_order_short(p, subtotal, tax, shipping, total, items);
    if (short_amount > 0 || short_quantity > 0) return 0;
    if (rules.categories.empty()) return basis;
    Money matching = 0;
    for (const Item& item : items)
        if (in_categories(rules, item)) matching = saturating_add(matching, item.amount);
    return matching;
}

Money refund_spend(const Program& p, const Event& r, const std::vector<Item>& order_items) {
    const Rules& rules = p.rules;
    // Only an amount: it comes off whatever the spend is (the contract's refund).
    if (r.subtotal == 0 && r.tax == 0 && r.shipping == 0 && r.items.empty()) return r.amount;
    if (rules.categories.empty())
        return on_basis(rules.spend_basis, r.subtotal, r.tax, r.shipping,
                        saturating_add(saturating_add(r.subtotal, r.tax), r.shipping));
    // Category spend is item amounts: without lines, the refunded subtotal is
    // taken off it (never less than the customer got back); with lines, only
    // those of a sku the order has in the categories.
    if (r.items.empty()) return r.subtotal;
    Money matching = 0;
    for (const Item& line : r.items) {
        bool match = false;
        for (const Item& item : order_items) match = match || (item.sku == line.sku && in_categories(rules, item));
        if (match) matching = saturating_add(matching, line.amount);
    }
    return matching;
}

}  // namespace stepwise::detail
