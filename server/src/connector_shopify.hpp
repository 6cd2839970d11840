// Shopify's webhook payloads translated into the order-state API's terms.
// Only translation lives here: what counts, and when, is the engine's.
// docs/connect-shopify.md documents every field.
#pragma once
#include <optional>
#include <string>

#include "server_json.hpp"
#include "stepwise/server/service.hpp"

namespace stepwise::server::shopify {

// "2018-12-28T08:26:30-05:00" (any offset, optional fraction) as UTC milliseconds.
std::optional<Time> parse_time(const std::string& text);

// An order of an orders/* webhook (or the REST API). Empty when it has no
// customer (a guest order: nothing to award), with `why` set.
std::optional<OrderState> order_state(const json& order, int digits, std::string& why);

// One refund (refunds/create, or an entry of an order's refunds[]).
OrderRefund refund(const json& refund, int digits);

}  // namespace stepwise::server::shopify
