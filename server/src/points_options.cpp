// The merchant's redemption options ("500 points = $5 off"): validated with
// a JSON Pointer for every problem, stored one row each in points_options.
// Rows, not a settings blob: a redemption names its option by id, and an
// option taken off the list keeps its row (removed_at) so that old
// redemptions still say what they bought while no shopper can pick it.
#include <set>

#include "internal.hpp"
#include "points_table.hpp"
#include "stepwise/json.hpp"
#include "stepwise/money.hpp"

namespace stepwise::server {

namespace {

constexpr std::size_t kMaxOptions = 100;
constexpr int kMaxExpiryDays = 3650;

bool option_id_ok(const std::string& id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
              c == '-'))
            return false;
    return true;
}

void unknown_fields(const json& j, std::initializer_list<const char*> allowed, const std::string& at, Errors& errors) {
    for (auto it = j.begin(); it != j.end(); ++it) {
        bool ok = false;
        for (const char* a : allowed) ok = ok || it.key() == a;
        if (!ok) errors.push_back({at + "/" + it.key(), "unknown field"});
    }
}

std::optional<std::int64_t> integer_in(const json& j, const char* key, std::int64_t lo, std::int64_t hi,
                                       const std::string& at, Errors& errors) {
    const std::string where = at + "/" + key;
    if (!j.contains(key) || j[key].is_null()) return std::nullopt;
    const json& v = j[key];
    if (!v.is_number_integer()) {
        errors.push_back({where, "must be an integer"});
        return std::nullopt;
    }
    // Unsigned values past INT64_MAX are out of range too.
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(hi)) {
        errors.push_back({where, "must be between " + std::to_string(lo) + " and " + std::to_string(hi)});
        return std::nullopt;
    }
    const std::int64_t n = v.get<std::int64_t>();
    if (n < lo || n > hi) {
        errors.push_back({where, "must be between " + std::to_string(lo) + " and " + std::to_string(hi)});
        return std::nullopt;
    }
    return n;
}

// The reward is read by the engine, as in a program; an option adds its own
// limits: points buy a reward, not more points, and amounts stay far below
// the balance cap.
std::optional<Reward> parse_option_reward(const json& j, const std::string& at, int digits, Errors& errors) {
    if (!j.is_object()) {
        errors.push_back({at, "must be an object like {\"type\": \"discount_amount\", \"amount\": \"5.00\"}"});
        return std::nullopt;
    }
    if (j.value("type", json()) == "points") {
        errors.push_back({at + "/type", "must be one of discount_amount, discount_percent, free_shipping, free_gift, "
                                        "store_credit"});
        return std::nullopt;
    }
    Result<Reward> parsed = parse_reward(j.dump(), digits);
    for (const Error& e : parsed.errors) errors.push_back({at + e.pointer, e.message});
    if (!parsed.value) return std::nullopt;
    const Reward& r = *parsed.value;
    if ((r.type == RewardType::store_credit || r.type == RewardType::discount_amount) && r.amount > kMaxBalance / 100) {
        errors.push_back({at + "/amount", "must be at most " + format_money(kMaxBalance / 100, digits)});
        return std::nullopt;
    }
    if (r.type == RewardType::free_gift && r.product_id.size() > 200) {
        errors.push_back({at + "/product_id", "must be the gift's product id (1-200 characters)"});
        return std::nullopt;
    }
    return r;
}

PointsOption parse_option(const json& j, const std::string& at, int digits, Errors& errors) {
    PointsOption o;
    if (!j.is_object()) {
        errors.push_back({at, "must be an object"});
        return o;
    }
    unknown_fields(j, {"id", "name", "points", "reward", "expiry_days", "active"}, at, errors);
    if (!j.contains("id") || !j["id"].is_string() || !option_id_ok(j["id"].get<std::string>()))
        errors.push_back({at + "/id", "must be 1-64 characters of letters, digits, '_', '.' or '-'"});
    else
        o.id = j["id"].get<std::string>();
    if (!j.contains("name") || !j["name"].is_string() || j["name"].get<std::string>().empty() ||
        j["name"].get<std::string>().size() > 100)
        errors.push_back({at + "/name", "must be a name of 1-100 characters, like \"$5 off\""});
    else
        o.name = j["name"].get<std::string>();
    if (!j.contains("points") || j["points"].is_null()) errors.push_back({at + "/points", "is required"});
    if (auto p = integer_in(j, "points", 1, kMaxPoints, at, errors)) o.points = *p;
    if (!j.contains("reward"))
        errors.push_back({at + "/reward", "is required"});
    else if (auto r = parse_option_reward(j["reward"], at + "/reward", digits, errors))
        o.reward = *r;
    if (auto d = integer_in(j, "expiry_days", 0, kMaxExpiryDays, at, errors)) o.expiry_days = static_cast<int>(*d);
    if (j.contains("active")) {
        if (!j["active"].is_boolean())
            errors.push_back({at + "/active", "must be true or false"});
        else
            o.active = j["active"].get<bool>();
    }
    return o;
}

PointsOption option_from_doc(const std::string& doc, int digits) {
    Errors ignored;  // stored documents were validated when saved
    return parse_option(json::parse(doc), "", digits, ignored);
}

}  // namespace

json points_option_json(const PointsOption& o, int digits) {
    return json{{"id", o.id},
                {"name", o.name},
                {"points", o.points},
                {"reward", reward_to_json(o.reward, digits)},
                {"expiry_days", o.expiry_days > 0 ? json(o.expiry_days) : json()},
                {"active", o.active}};
}

std::vector<PointsOption> load_points_options(Tx& tx, int digits) {
    std::vector<PointsOption> out;
    for (const std::string& doc : points_table::option_docs(tx.c)) out.push_back(option_from_doc(doc, digits));
    return out;
}

std::optional<PointsOption> load_points_option(Tx& tx, const std::string& id, int digits, bool& removed) {
    auto row = points_table::option_doc(tx.c, id);
    if (!row) return std::nullopt;
    removed = row->removed;
    return option_from_doc(row->doc, digits);
}

std::vector<PointsOption> Service::set_points_options(const std::string& body) {
    return impl_->set_points_options(json_text(body));
}

std::vector<PointsOption> Service::points_options() {
    return impl_->store->read([&](Tx& tx) { return load_points_options(tx, digits()); });
}

std::vector<PointsOption> Service::Impl::set_points_options(const json& body) {
    Errors errors;
    if (!body.is_object()) throw ServiceError(422, "", "must be an object like {\"options\": [...]}");
    unknown_fields(body, {"options"}, "", errors);
    if (!body.contains("options") || !body["options"].is_array())
        throw ServiceError(422, "/options", "must be an array of options");
    const json& list = body["options"];
    if (list.size() > kMaxOptions)
        throw ServiceError(422, "/options", "at most " + std::to_string(kMaxOptions) + " options");
    std::vector<PointsOption> options;
    std::set<std::string> ids;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string at = "/options/" + std::to_string(i);
        PointsOption o = parse_option(list[i], at, s.digits(), errors);
        if (!o.id.empty() && !ids.insert(o.id).second)
            errors.push_back({at + "/id", "duplicate option id \"" + o.id + "\""});
        options.push_back(std::move(o));
    }
    if (!errors.empty()) throw ServiceError(422, std::move(errors));
    store->write([&](Tx& tx) {
        const std::int64_t now = now_ms();
        // The list is replaced whole: what it no longer names is removed (the row stays).
        std::vector<std::pair<std::string, std::string>> docs;
        for (const PointsOption& o : options) docs.emplace_back(o.id, points_option_json(o, s.digits()).dump());
        points_table::replace_options(tx.c, docs, now);
    });
    return s.points_options();
}

}  // namespace stepwise::server
