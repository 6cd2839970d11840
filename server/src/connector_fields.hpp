// Reading platform payloads: the field helpers every connector shares
// (connector_shopify.cpp, connector_woocommerce.cpp), so that ids, texts and
// line items are read one way.
#pragma once
#include <string>

#include "server_json.hpp"
#include "stepwise/server/service.hpp"

namespace stepwise::server::connector {

// Ids are JSON numbers that can exceed 2^53 (or strings): their digits, exactly. "" otherwise.
std::string id_text(const json& v);

// obj[key] when it is a string, else "".
std::string text_of(const json& obj, const char* key);

// A money string that may be negative ("-8.00"); 0 when unreadable.
Money signed_money(const std::string& text, int digits);

// A line item's sku (else its product id) and quantity (default 1); the
// amount is the platform's to compute.
Item line_item(const json& line);

}  // namespace stepwise::server::connector
