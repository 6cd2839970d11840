#include "connector_fields.hpp"

#include <cstdint>

namespace stepwise::server::connector {

std::string id_text(const json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_unsigned()) return std::to_string(v.get<std::uint64_t>());
    if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
    return "";
}

std::string text_of(const json& obj, const char* key) {
    if (!obj.is_object()) return "";
    auto it = obj.find(key);
    return it != obj.end() && it->is_string() ? it->get<std::string>() : "";
}

Money signed_money(const std::string& text, int digits) {
    // The engine's parser reads amounts >= 0.
    if (!text.empty() && text[0] == '-') return -parse_money(text.substr(1), digits).value_or(0);
    return parse_money(text, digits).value_or(0);
}

Item line_item(const json& l) {
    Item item;
    item.quantity = 1;
    if (!l.is_object()) return item;
    item.sku = text_of(l, "sku");
    if (item.sku.empty()) item.sku = id_text(l.value("product_id", json()));
    const json q = l.value("quantity", json(1));
    item.quantity = q.is_number_integer() ? q.get<std::int64_t>() : 1;
    return item;
}

}  // namespace stepwise::server::connector
