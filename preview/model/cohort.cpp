#include "cohort.hpp"

#include <algorithm>

namespace stepwise::preview {

namespace {

// splitmix64: small, fast, and the same sequence on every platform.
struct Rng {
    std::uint64_t state;
    std::uint64_t next() {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    int below(int n) { return n <= 0 ? 0 : static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
};

}  // namespace

void Cohort::generate(int size, std::uint64_t seed, Time start, int days) {
    histories_.clear();
    days = std::max(days, 1);
    for (int c = 0; c < size; ++c) {
        Rng rng{seed * 1000003u + static_cast<std::uint64_t>(c)};
        Doc h = Doc::object();
        h["customer"] = {{"id", "gen-" + std::to_string(c + 1)}, {"roles", Doc::array({"customer"})}};
        Doc events = Doc::array();
        int n = 0;
        auto at = [&] { return format_time(start + rng.below(days) * kMillisPerDay + rng.below(86400) * 1000); };
        auto event = [&](const char* type) {
            Doc e = Doc::object();
            e["id"] = "g" + std::to_string(++n);
            e["type"] = type;
            e["at"] = at();
            return e;
        };
        int engagement = rng.below(4);  // 0 = browsed once ... 3 = loyal
        int orders = rng.below(2 + 2 * engagement);
        for (int i = 0; i < orders; ++i) {
            Doc e = event("order");
            e["order_id"] = "g" + std::to_string(c + 1) + "-" + std::to_string(i + 1);
            e["status"] = rng.below(10) == 0 ? "cancelled" : "completed";
            e["subtotal"] = std::to_string(10 + rng.below(140)) + ".00";
            events.push_back(std::move(e));
        }
        for (int i = 0, k = rng.below(1 + engagement); i < k; ++i) events.push_back(event("review"));
        for (int i = 0, k = rng.below(engagement); i < k; ++i) {
            Doc e = event("referral");
            e["purchased"] = rng.below(3) != 0;
            events.push_back(std::move(e));
        }
        for (int i = 0, k = rng.below(1 + engagement); i < k; ++i) {
            Doc e = event("points");
            e["points"] = 50 * (1 + rng.below(10));
            events.push_back(std::move(e));
        }
        for (int i = 0, k = engagement == 3 ? rng.below(4) : 0; i < k; ++i) events.push_back(event("subscription_renewal"));
        h["events"] = std::move(events);
        histories_.push_back(std::move(h));
    }
    source_ = "generated: " + std::to_string(size) + " customers over " + std::to_string(days) + " days (seed " +
              std::to_string(seed) + ")";
    revision_ = next_revision();
}

std::optional<std::string> Cohort::load_json(std::string_view text, const std::string& source) {
    Doc d = Doc::parse(text.begin(), text.end(), nullptr, false);
    if (d.is_discarded()) return std::string("not valid JSON");
    if (d.is_object() && d.contains("customers")) d = d["customers"];
    if (!d.is_array()) return std::string("expected an array of customer histories");
    histories_.assign(d.begin(), d.end());
    source_ = source;
    revision_ = next_revision();
    return std::nullopt;
}

std::string funnel_json(const Funnel& f) {
    Doc rows = Doc::array();
    for (const FunnelRow& r : f.rows)
        rows.push_back({{"step_id", r.step_id}, {"label", r.label}, {"reached", r.reached}, {"standing", r.standing}});
    Doc j = {{"ok", f.ok},           {"kind", to_string(f.kind)}, {"customers", f.customers}, {"rejected", f.rejected},
             {"completed", f.completed}, {"rows", std::move(rows)},   {"problems", f.problems}};
    return j.dump();
}

const Funnel& Cohort::funnel(const ProgramDraft& draft, Time as_of) const {
    std::uint64_t key[3] = {draft.revision(), revision_, static_cast<std::uint64_t>(as_of)};
    if (std::equal(key, key + 3, key_)) return funnel_;
    std::copy(key, key + 3, key_);
    funnel_ = Funnel{};
    const Result<Program>& p = draft.parsed();
    if (!p.ok()) return funnel_;
    const Program& program = *p.value;
    funnel_.ok = true;
    funnel_.kind = program.kind;
    for (const Step& s : program.steps) funnel_.rows.push_back({s.id, s.name, 0, 0});
    for (std::size_t c = 0; c < histories_.size(); ++c) {
        auto h = parse_history(histories_[c].dump(), program);
        if (!h.ok()) {
            ++funnel_.rejected;
            if (funnel_.problems.size() < 5)
                funnel_.problems.push_back("customer " + std::to_string(c + 1) + ": " + h.errors.front().to_string());
            continue;
        }
        Report r = evaluate(program, *h.value, as_of);
        ++funnel_.customers;
        if (program.kind == ProgramKind::journey) {
            for (std::size_t i = 0; i < r.steps.size(); ++i)
                if (r.steps[i].state != StepState::locked) ++funnel_.rows[i].reached;
            if (r.current_step) ++funnel_.rows[*r.current_step].standing;
            if (r.completed) ++funnel_.completed;
        } else {
            for (std::size_t i = 0; i < r.tiers.size(); ++i)
                if (r.tiers[i].times_awarded > 0) ++funnel_.rows[i].reached;
            if (r.next_milestone) ++funnel_.rows[*r.next_milestone].standing;
        }
    }
    return funnel_;
}

}  // namespace stepwise::preview
