#include "program_draft.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>

namespace stepwise::preview {

namespace {

// JSON Pointer tokens ("/steps/0/name" -> steps, 0, name), unescaping ~1 and ~0.
std::vector<std::string> tokens(const std::string& pointer) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < pointer.size()) {
        std::size_t j = pointer.find('/', i + 1);
        if (j == std::string::npos) j = pointer.size();
        std::string t = pointer.substr(i + 1, j - i - 1);
        std::string u;
        for (std::size_t k = 0; k < t.size(); ++k) {
            if (t[k] == '~' && k + 1 < t.size() && (t[k + 1] == '0' || t[k + 1] == '1')) {
                u += t[k + 1] == '0' ? '~' : '/';
                ++k;
            } else {
                u += t[k];
            }
        }
        out.push_back(std::move(u));
        i = j;
    }
    return out;
}

std::optional<std::size_t> index_of(const std::string& token) {
    if (token.empty() || token.size() > 9) return std::nullopt;
    for (char c : token)
        if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    return static_cast<std::size_t>(std::stoul(token));
}

// One step down without throwing; nullptr when there is nothing there.
template <class J>
J* child(J* at, const std::string& token) {
    if (!at) return nullptr;
    if (at->is_object()) {
        auto it = at->find(token);
        return it == at->end() ? nullptr : &*it;
    }
    if (at->is_array()) {
        auto i = index_of(token);
        return i && *i < at->size() ? &(*at)[*i] : nullptr;
    }
    return nullptr;
}

bool all_digits(const std::string& s) {
    if (s.empty() || s.size() > 18) return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

std::string trim(const std::string& s) {
    std::size_t a = s.find_first_not_of(" \t\r\n"), b = s.find_last_not_of(" \t\r\n");
    return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

// The number a target holds, whatever its form ("500.00" -> 500, 3 -> 3).
std::string target_number(const Doc& target) {
    if (target.is_number_integer()) return std::to_string(target.get<std::int64_t>());
    if (!target.is_string()) return "1";
    std::string t = trim(target.get<std::string>());
    auto dot = t.find('.');
    std::string whole = t.substr(0, dot);
    if (dot != std::string::npos && t.find_first_not_of('0', dot + 1) != std::string::npos) return t;
    return whole.empty() ? "1" : whole;
}

template <class E>
std::optional<E> enum_named(const std::string& name, const std::vector<E>& all) {
    for (E e : all)
        if (name == to_string(e)) return e;
    return std::nullopt;
}

}  // namespace

std::uint64_t next_revision() {
    static std::atomic<std::uint64_t> counter{0};
    return ++counter;
}

const std::vector<Metric>& all_metrics() {
    static const std::vector<Metric> v{Metric::orders,  Metric::spend,     Metric::points,
                                       Metric::reviews, Metric::referrals, Metric::subscription_cycles};
    return v;
}

const std::vector<RewardType>& all_reward_types() {
    static const std::vector<RewardType> v{RewardType::points,           RewardType::store_credit,
                                           RewardType::discount_amount,  RewardType::discount_percent,
                                           RewardType::free_shipping,    RewardType::free_gift};
    return v;
}

const char* metric_label(Metric m) {
    switch (m) {
        case Metric::orders: return "Number of orders";
        case Metric::spend: return "Amount spent";
        case Metric::points: return "Earned points";
        case Metric::reviews: return "Number of reviews";
        case Metric::referrals: return "Number of referrals";
        case Metric::subscription_cycles: return "Subscription cycles";
    }
    return "";
}

const char* reward_label(RewardType t) {
    switch (t) {
        case RewardType::points: return "Points";
        case RewardType::store_credit: return "Store credit";
        case RewardType::discount_amount: return "Discount amount";
        case RewardType::discount_percent: return "Discount percentage";
        case RewardType::free_shipping: return "Free shipping";
        case RewardType::free_gift: return "Free gift";
    }
    return "";
}

Doc default_reward(RewardType type) {
    Doc r = Doc::object();
    r["type"] = to_string(type);
    switch (type) {
        case RewardType::points: r["points"] = 100; break;
        case RewardType::store_credit: r["amount"] = "5.00"; break;
        case RewardType::discount_amount: r["amount"] = "10.00"; break;
        case RewardType::discount_percent: r["percent"] = 10; break;
        case RewardType::free_shipping: break;
        case RewardType::free_gift: r["product_id"] = "gift-1"; break;
    }
    return r;
}

ProgramDraft::ProgramDraft() {
    Program p;
    p.id = "loyalty-journey";
    p.name = "Loyalty Journey";
    p.status = Status::inactive;  // merchants turn it on once it is ready
    p.starts_at = parse_time("2026-01-01T00:00:00Z");
    doc_ = Doc::parse(program_json(p));
    add_step(Metric::orders);
}

std::optional<std::string> ProgramDraft::load_json(std::string_view text) {
    Doc d = Doc::parse(text.begin(), text.end(), nullptr, false);
    if (d.is_discarded()) return std::string("not valid JSON");
    if (!d.is_object()) return std::string("a program must be a JSON object");
    auto canonical = parse_program(text);
    doc_ = canonical.ok() ? Doc::parse(program_json(*canonical.value)) : std::move(d);
    changed();
    return std::nullopt;
}

std::string ProgramDraft::json(bool pretty) const { return pretty ? doc_.dump(2) : doc_.dump(); }

const Result<Program>& ProgramDraft::parsed() const {
    if (parsed_revision_ != revision_) {
        parsed_ = parse_program(doc_.dump());
        parsed_revision_ = revision_;
    }
    return parsed_;
}

std::vector<std::string> ProgramDraft::errors_at(const std::string& pointer) const {
    std::vector<std::string> out;
    for (const Error& e : errors())
        if (e.pointer == pointer) out.push_back(e.message);
    return out;
}

std::size_t ProgramDraft::errors_under(const std::string& pointer) const {
    std::size_t n = 0;
    for (const Error& e : errors())
        if (e.pointer == pointer || e.pointer.rfind(pointer + "/", 0) == 0) ++n;
    return n;
}

void ProgramDraft::changed() { revision_ = next_revision(); }

Doc* ProgramDraft::node(const std::string& pointer) {
    Doc* at = &doc_;
    for (const auto& t : tokens(pointer)) at = child(at, t);
    return at;
}

const Doc* ProgramDraft::node(const std::string& pointer) const {
    const Doc* at = &doc_;
    for (const auto& t : tokens(pointer)) at = child(at, t);
    return at;
}

bool ProgramDraft::has(const std::string& pointer) const { return node(pointer) != nullptr; }

std::string ProgramDraft::text(const std::string& pointer) const {
    const Doc* n = node(pointer);
    if (!n) return {};
    if (n->is_string()) return n->get<std::string>();
    if (n->is_number() || n->is_boolean()) return n->dump();
    return {};
}

std::int64_t ProgramDraft::integer(const std::string& pointer, std::int64_t fallback) const {
    const Doc* n = node(pointer);
    return n && n->is_number_integer() ? n->get<std::int64_t>() : fallback;
}

bool ProgramDraft::flag(const std::string& pointer, bool fallback) const {
    const Doc* n = node(pointer);
    return n && n->is_boolean() ? n->get<bool>() : fallback;
}

std::vector<std::string> ProgramDraft::strings(const std::string& pointer) const {
    std::vector<std::string> out;
    const Doc* n = node(pointer);
    if (n && n->is_array())
        for (const auto& v : *n)
            if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
}

void ProgramDraft::set(const std::string& pointer, Doc value) {
    auto path = tokens(pointer);
    if (path.empty()) return;
    Doc* at = &doc_;
    for (std::size_t i = 0; i + 1 < path.size(); ++i) {
        Doc* next = child(at, path[i]);
        if (!next && at->is_object()) next = &((*at)[path[i]] = Doc::object());
        if (!next) return;
        at = next;
    }
    const std::string& last = path.back();
    if (at->is_object()) {
        (*at)[last] = std::move(value);
    } else if (at->is_array()) {
        auto i = index_of(last);
        if (!i || *i > at->size()) return;
        if (*i == at->size())
            at->push_back(std::move(value));
        else
            (*at)[*i] = std::move(value);
    } else {
        return;
    }
    changed();
}

void ProgramDraft::erase(const std::string& pointer) {
    auto path = tokens(pointer);
    if (path.empty()) return;
    std::string parent_ptr = pointer.substr(0, pointer.rfind('/'));
    Doc* parent = node(parent_ptr);
    if (!parent) return;
    if (parent->is_object() && parent->contains(path.back())) {
        parent->erase(path.back());
        changed();
    } else if (parent->is_array()) {
        auto i = index_of(path.back());
        if (i && *i < parent->size()) {
            parent->erase(parent->begin() + static_cast<std::ptrdiff_t>(*i));
            changed();
        }
    }
}

void ProgramDraft::set_optional_text(const std::string& pointer, const std::string& text) {
    if (trim(text).empty())
        erase(pointer);
    else
        set(pointer, text);
}

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i <= text.size()) {
        std::size_t j = text.find(',', i);
        if (j == std::string::npos) j = text.size();
        std::string item = trim(text.substr(i, j - i));
        if (!item.empty()) out.push_back(std::move(item));
        i = j + 1;
    }
    return out;
}

std::string join_list(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
    return out;
}

void ProgramDraft::set_list_text(const std::string& pointer, const std::string& text) {
    set(pointer, Doc(split_list(text)));
}

std::string ProgramDraft::list_text(const std::string& pointer) const { return join_list(strings(pointer)); }

void ProgramDraft::set_kind(ProgramKind kind) {
    set("/kind", to_string(kind));
    for (std::size_t i = 0; i < step_count(); ++i) {
        if (kind == ProgramKind::tiers)
            set_metric(i, Metric::spend);
        else
            set(step_pointer(i) + "/repeating", false);
    }
}

void ProgramDraft::set_status(Status status) { set("/status", to_string(status)); }

void ProgramDraft::set_window_kind(WindowKind kind) {
    Doc w = Doc::object();
    w["kind"] = to_string(kind);
    if (kind == WindowKind::rolling_days) w["days"] = integer("/rules/window/days", 365);
    if (kind == WindowKind::calendar_months) w["months"] = integer("/rules/window/months", 12);
    set("/rules/window", std::move(w));
}

void ProgramDraft::set_min_order(bool enabled) {
    if (!enabled) {
        erase("/rules/min_order");
        return;
    }
    Doc m = Doc::object();
    m["amount"] = "20.00";
    m["quantity"] = 0;
    set("/rules/min_order", std::move(m));
}

Doc* ProgramDraft::steps() {
    Doc* s = node("/steps");
    if (!s || !s->is_array()) {
        doc_["steps"] = Doc::array();
        s = node("/steps");
    }
    return s;
}

std::size_t ProgramDraft::step_count() const {
    const Doc* s = node("/steps");
    return s && s->is_array() ? s->size() : 0;
}

std::string ProgramDraft::step_pointer(std::size_t step) { return "/steps/" + std::to_string(step); }

std::string ProgramDraft::unique_step_id(const std::string& base) const {
    for (int n = 1;; ++n) {
        std::string id = base + "-" + std::to_string(n);
        bool taken = false;
        for (std::size_t i = 0; i < step_count() && !taken; ++i) taken = text(step_pointer(i) + "/id") == id;
        if (!taken) return id;
    }
}

std::size_t ProgramDraft::add_step(Metric metric) {
    bool tiers = text("/kind") == "tiers";
    if (tiers) metric = Metric::spend;
    Doc s = Doc::object();
    s["id"] = unique_step_id(tiers ? "tier" : "step");
    s["name"] = tiers ? "New tier" : "New step";
    s["description"] = "";
    s["metric"] = to_string(metric);
    s["target"] = 1;
    s["rewards"] = Doc::array({default_reward(RewardType::points)});
    s["repeating"] = false;
    s["status"] = "active";
    Doc* list = steps();
    list->push_back(std::move(s));
    std::size_t i = list->size() - 1;
    changed();
    if (metric == Metric::spend) set_target_text(i, "100.00");
    return i;
}

void ProgramDraft::remove_step(std::size_t step) { erase(step_pointer(step)); }

void ProgramDraft::move_step(std::size_t from, std::size_t to) {
    Doc* list = steps();
    if (from >= list->size() || to >= list->size() || from == to) return;
    Doc moved = std::move((*list)[from]);
    list->erase(list->begin() + static_cast<std::ptrdiff_t>(from));
    list->insert(list->begin() + static_cast<std::ptrdiff_t>(to), std::move(moved));
    changed();
}

std::optional<Metric> ProgramDraft::metric(std::size_t step) const {
    return enum_named(text(step_pointer(step) + "/metric"), all_metrics());
}

void ProgramDraft::set_metric(std::size_t step, Metric m) {
    if (step >= step_count()) return;
    const Doc* target = node(step_pointer(step) + "/target");
    std::string number = target ? target_number(*target) : "1";
    set(step_pointer(step) + "/metric", to_string(m));
    set_target_text(step, m == Metric::spend && all_digits(number) ? number + ".00" : number);
}

void ProgramDraft::set_target_text(std::size_t step, const std::string& typed) {
    if (step >= step_count()) return;
    std::string t = trim(typed);
    auto m = metric(step);
    if (m && *m != Metric::spend && all_digits(t))
        set(step_pointer(step) + "/target", std::stoll(t));
    else
        set(step_pointer(step) + "/target", t);
}

std::size_t ProgramDraft::reward_count(std::size_t step) const {
    const Doc* r = node(step_pointer(step) + "/rewards");
    return r && r->is_array() ? r->size() : 0;
}

std::string ProgramDraft::reward_pointer(std::size_t step, std::size_t reward) {
    return step_pointer(step) + "/rewards/" + std::to_string(reward);
}

std::optional<RewardType> ProgramDraft::reward_type(std::size_t step, std::size_t reward) const {
    return enum_named(text(reward_pointer(step, reward) + "/type"), all_reward_types());
}

std::size_t ProgramDraft::add_reward(std::size_t step, RewardType type) {
    if (step >= step_count()) return 0;
    std::string list = step_pointer(step) + "/rewards";
    if (!node(list) || !node(list)->is_array()) set(list, Doc::array());
    std::size_t i = reward_count(step);
    set(list + "/" + std::to_string(i), default_reward(type));
    return i;
}

void ProgramDraft::remove_reward(std::size_t step, std::size_t reward) {
    erase(reward_pointer(step, reward));
    // A pick larger than what is left is the merchant's to fix, but "pick 1 of
    // nothing" has no fix: fall back to granting all.
    if (reward_count(step) == 0) set_pick(step, std::nullopt);
}

void ProgramDraft::set_reward_type(std::size_t step, std::size_t reward, RewardType type) {
    if (reward >= reward_count(step)) return;
    set(reward_pointer(step, reward), default_reward(type));
}

void ProgramDraft::set_pick(std::size_t step, std::optional<int> n) {
    if (step >= step_count()) return;
    std::string at = step_pointer(step) + "/reward_choice";
    if (!n) {
        erase(at);
        return;
    }
    Doc choice = Doc::object();
    choice["pick"] = *n;
    set(at, std::move(choice));
}

std::optional<int> ProgramDraft::pick(std::size_t step) const {
    const Doc* p = node(step_pointer(step) + "/reward_choice/pick");
    if (!p) return std::nullopt;
    return p->is_number_integer() ? static_cast<int>(p->get<std::int64_t>()) : 0;
}

bool ProgramDraft::uses_store_credit() const {
    for (std::size_t s = 0; s < step_count(); ++s)
        for (std::size_t r = 0; r < reward_count(s); ++r)
            if (reward_type(s, r) == RewardType::store_credit) return true;
    return false;
}

}  // namespace stepwise::preview
