#include "customer_sim.hpp"

#include <algorithm>

namespace stepwise::preview {

namespace {

const Doc* events_of(const Doc& doc) {
    auto it = doc.find("events");
    return it != doc.end() && it->is_array() ? &*it : nullptr;
}

std::string str(const Doc& obj, const char* key) {
    auto it = obj.find(key);
    if (it == obj.end()) return {};
    return it->is_string() ? it->get<std::string>() : it->dump();
}

std::string summary(const Doc& e) {
    std::string type = str(e, "type");
    if (type == "order") {
        std::string s = "order #" + str(e, "order_id") + " " + str(e, "subtotal") + " (" + str(e, "status") + ")";
        if (e.contains("wallet_paid")) s += ", wallet " + str(e, "wallet_paid");
        if (e.contains("items") && e["items"].is_array() && !e["items"].empty() &&
            e["items"][0].contains("categories") && !e["items"][0]["categories"].empty())
            s += ", " + e["items"][0]["categories"].dump();
        return s;
    }
    if (type == "order_status") return "order #" + str(e, "order_id") + " -> " + str(e, "status");
    if (type == "refund") return "refund " + str(e, "amount") + " on order #" + str(e, "order_id");
    if (type == "review") return "review" + (e.contains("product_id") ? " of " + str(e, "product_id") : "");
    if (type == "referral")
        return std::string("referral") + (e.value("purchased", false) ? " (friend bought)" : " (no purchase yet)");
    if (type == "points") return "+" + str(e, "points") + " points";
    if (type == "subscription_renewal") return "subscription renewal " + str(e, "subscription_id");
    return type;
}

}  // namespace

CustomerSim::CustomerSim() { reset(); }

void CustomerSim::reset() {
    doc_ = Doc::object();
    doc_["customer"] = Doc::object();
    doc_["customer"]["id"] = "preview-customer";
    doc_["customer"]["roles"] = Doc::array({"customer"});
    doc_["events"] = Doc::array();
    revision_ = next_revision();
}

std::optional<std::string> CustomerSim::load_json(std::string_view text) {
    Doc d = Doc::parse(text.begin(), text.end(), nullptr, false);
    if (d.is_discarded()) return std::string("not valid JSON");
    if (!d.is_object()) return std::string("a history must be a JSON object");
    doc_ = std::move(d);
    revision_ = next_revision();
    return std::nullopt;
}

std::string CustomerSim::json(bool pretty) const { return pretty ? doc_.dump(2) : doc_.dump(); }

void CustomerSim::clear() {
    doc_["events"] = Doc::array();
    revision_ = next_revision();
}

std::string CustomerSim::customer_id() const {
    auto c = doc_.find("customer");
    return c != doc_.end() && c->is_object() ? str(*c, "id") : std::string();
}

void CustomerSim::set_customer_id(const std::string& id) {
    if (!doc_["customer"].is_object()) doc_["customer"] = Doc::object();
    doc_["customer"]["id"] = id;
    revision_ = next_revision();
}

std::string CustomerSim::roles_text() const {
    std::vector<std::string> roles;
    auto c = doc_.find("customer");
    if (c == doc_.end() || !c->is_object() || !c->contains("roles") || !(*c)["roles"].is_array()) return {};
    for (const auto& r : (*c)["roles"])
        if (r.is_string()) roles.push_back(r.get<std::string>());
    return join_list(roles);
}

void CustomerSim::set_roles_text(const std::string& text) {
    if (!doc_["customer"].is_object()) doc_["customer"] = Doc::object();
    doc_["customer"]["roles"] = split_list(text);
    revision_ = next_revision();
}

std::string CustomerSim::next_id(const char* prefix, const char* field) const {
    // One more than the largest number already used after `prefix`.
    long long top = 0;
    if (const Doc* events = events_of(doc_)) {
        for (const auto& e : *events) {
            std::string v = e.is_object() ? str(e, field) : std::string();
            if (v.rfind(prefix, 0) != 0) continue;
            std::string digits = v.substr(std::char_traits<char>::length(prefix));
            if (digits.empty() || digits.size() > 15 ||
                !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
                continue;
            top = std::max(top, std::stoll(digits));
        }
    }
    return prefix + std::to_string(top + 1);
}

std::size_t CustomerSim::add(Doc event) {
    if (!doc_["events"].is_array()) doc_["events"] = Doc::array();
    Doc e = Doc::object();
    e["id"] = next_id("e", "id");
    for (auto& [k, v] : event.items()) e[k] = v;
    doc_["events"].push_back(std::move(e));
    revision_ = next_revision();
    return doc_["events"].size() - 1;
}

std::size_t CustomerSim::add_order(const OrderInput& o) {
    Doc e = Doc::object();
    e["type"] = "order";
    e["at"] = format_time(o.at);
    std::string order_id = next_id("", "order_id");
    if (order_id.size() < 4) order_id = std::to_string(1000 + std::stoll(order_id));
    e["order_id"] = order_id;
    e["status"] = o.status;
    e["subtotal"] = o.subtotal;
    if (!o.tax.empty()) e["tax"] = o.tax;
    if (!o.shipping.empty()) e["shipping"] = o.shipping;
    if (!o.wallet_paid.empty()) e["wallet_paid"] = o.wallet_paid;
    Doc item = Doc::object();
    item["sku"] = "sku-" + order_id;
    item["quantity"] = o.quantity;
    item["amount"] = o.subtotal;
    item["categories"] = split_list(o.categories);
    e["items"] = Doc::array({item});
    return add(std::move(e));
}

std::size_t CustomerSim::add_status_change(Time at, const std::string& order_id, const std::string& status) {
    Doc e = Doc::object();
    e["type"] = "order_status";
    e["at"] = format_time(at);
    e["order_id"] = order_id;
    e["status"] = status;
    return add(std::move(e));
}

std::size_t CustomerSim::add_refund(Time at, const std::string& order_id, const std::string& amount) {
    Doc e = Doc::object();
    e["type"] = "refund";
    e["at"] = format_time(at);
    e["order_id"] = order_id;
    e["amount"] = amount;
    return add(std::move(e));
}

std::size_t CustomerSim::add_review(Time at, const std::string& product_id) {
    Doc e = Doc::object();
    e["type"] = "review";
    e["at"] = format_time(at);
    if (!product_id.empty()) e["product_id"] = product_id;
    return add(std::move(e));
}

std::size_t CustomerSim::add_referral(Time at, bool purchased, const std::string& referee_id) {
    Doc e = Doc::object();
    e["type"] = "referral";
    e["at"] = format_time(at);
    if (!referee_id.empty()) e["referee_id"] = referee_id;
    e["purchased"] = purchased;
    return add(std::move(e));
}

std::size_t CustomerSim::add_points(Time at, std::int64_t points) {
    Doc e = Doc::object();
    e["type"] = "points";
    e["at"] = format_time(at);
    e["points"] = points;
    return add(std::move(e));
}

std::size_t CustomerSim::add_renewal(Time at, const std::string& subscription_id) {
    Doc e = Doc::object();
    e["type"] = "subscription_renewal";
    e["at"] = format_time(at);
    if (!subscription_id.empty()) e["subscription_id"] = subscription_id;
    return add(std::move(e));
}

void CustomerSim::remove_event(std::size_t index) {
    Doc& events = doc_["events"];
    if (!events.is_array() || index >= events.size()) return;
    events.erase(events.begin() + static_cast<std::ptrdiff_t>(index));
    revision_ = next_revision();
}

std::size_t CustomerSim::event_count() const {
    const Doc* events = events_of(doc_);
    return events ? events->size() : 0;
}

std::vector<std::string> CustomerSim::order_ids() const {
    std::vector<std::string> out;
    if (const Doc* events = events_of(doc_))
        for (const auto& e : *events)
            if (e.is_object() && str(e, "type") == "order") {
                std::string id = str(e, "order_id");
                if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
            }
    return out;
}

std::vector<TimelineRow> CustomerSim::timeline() const {
    std::vector<TimelineRow> rows;
    const Doc* events = events_of(doc_);
    if (!events) return rows;
    for (std::size_t i = 0; i < events->size(); ++i) {
        const Doc& e = (*events)[i];
        if (!e.is_object()) continue;
        rows.push_back({i, str(e, "id"), str(e, "type"), str(e, "at"), summary(e)});
    }
    // The engine orders events by time, then id; the timeline shows that order.
    auto key = [](const TimelineRow& r) { return std::make_pair(parse_time(r.at).value_or(0), r.id); };
    std::stable_sort(rows.begin(), rows.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
    return rows;
}

std::optional<Time> CustomerSim::first_event_at() const {
    std::optional<Time> t;
    for (const auto& r : timeline())
        if (auto at = parse_time(r.at)) t = t ? std::min(*t, *at) : *at;
    return t;
}

std::optional<Time> CustomerSim::last_event_at() const {
    std::optional<Time> t;
    for (const auto& r : timeline())
        if (auto at = parse_time(r.at)) t = t ? std::max(*t, *at) : *at;
    return t;
}

}  // namespace stepwise::preview
