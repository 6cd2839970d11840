// What an order and a refund are worth under a program's rules: the spend
// basis, the wallet exclusion, the minimum order and the category filter.
// The timeline asks these; the cart projection asks the first.
#pragma once
#include <utility>
#include <vector>

#include "stepwise/history.hpp"
#include "stepwise/program.hpp"

namespace stepwise::detail {

// The spend an order brings under the program's rules before refunds (0 if it
// never counts: wallet-paid, below the minimum, or nothing in the categories).
Money order_base_spend(const Program& program, Money subtotal, Money tax, Money shipping, Money total,
                       Money wallet_paid, const std::vector<Item>& items);

// How far a cart is below the minimum order: {amount on the spend basis, item quantity}.
std::pair<Money, std::int64_t> min_order_short(const Program& program, Money subtotal, Money tax, Money shipping,
                                               Money total, const std::vector<Item>& items);

// What a refund takes off its order's spend. `order_items` are the order's
// items when the refund is made: their categories say which refunded lines
// were category spend.
Money refund_spend(const Program& program, const Event& refund, const std::vector<Item>& order_items);

}  // namespace stepwise::detail
