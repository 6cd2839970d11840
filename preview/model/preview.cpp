#include "preview.hpp"

#include <algorithm>
#include <random>

namespace stepwise::preview {

const char* const kExampleJourney = R"({"id":"loyalty-journey","name":"Loyalty Journey","kind":"journey","status":"inactive",
 "starts_at":"2026-01-01T00:00:00Z",
 "steps":[
  {"id":"orders","name":"First Steps","description":"Place your 3rd order","metric":"orders","target":3,
   "rewards":[{"type":"points","points":100}]},
  {"id":"reviews","name":"Share","description":"Write 2 reviews","metric":"reviews","target":2,
   "rewards":[{"type":"points","points":200},{"type":"free_shipping"}],"reward_choice":{"pick":1}},
  {"id":"referral","name":"Refer","description":"Refer a friend who buys","metric":"referrals","target":1,
   "rewards":[{"type":"discount_percent","percent":15}]}]})";

namespace {

constexpr Time kDefaultStart = 1767225600000;  // 2026-01-01T00:00:00Z

void append_errors(std::string& out, bool& first, const char* input, const Errors& errors) {
    for (const Error& e : errors) {
        Doc one = Doc::object();
        one["input"] = input;
        one["pointer"] = e.pointer;
        one["message"] = e.message;
        out += (first ? "" : ",") + one.dump();
        first = false;
    }
}

}  // namespace

Preview::Preview() { as_of_ = range_begin(); }

void Preview::set_as_of(Time t) {
    if (t == as_of_) return;
    as_of_ = t;
    own_revision_ = next_revision();
}

Time Preview::range_begin() const {
    Time begin = parse_time(program.text("/starts_at")).value_or(kDefaultStart);
    if (auto first = customer.first_event_at()) begin = std::min(begin, *first);
    return begin - begin % kMillisPerDay;
}

Time Preview::range_end() const {
    Time last = std::max(range_begin(), customer.last_event_at().value_or(0));
    return std::max(last + 60 * kMillisPerDay, as_of_);
}

std::uint64_t Preview::revision() const {
    // Each part only grows and no two states share a number, so the largest names the state.
    return std::max({program.revision(), customer.revision(), own_revision_});
}

const Evaluation& Preview::evaluation() const {
    std::uint64_t key[4] = {program.revision(), customer.revision(), static_cast<std::uint64_t>(as_of_),
                            simulate_as_active_ ? 1u : 0u};
    if (evaluation_ && std::equal(key, key + 4, evaluated_key_)) return *evaluation_;
    auto e = std::make_unique<Evaluation>();
    const Result<Program>& p = program.parsed();
    e->program_errors = p.errors;
    if (p.ok()) {
        e->program = *p.value;
        if (simulate_as_active_) e->program->status = Status::active;
        e->program_json = stepwise::program_json(*e->program);
        auto h = parse_history(customer.json(), *e->program);
        e->history_errors = h.errors;
        if (h.ok()) {
            e->report = evaluate(*e->program, *h.value, as_of_);
            e->report_json = report_json(*e->program, e->report);
            e->view = view_model(*e->program, e->report);
            e->view_json = view_model_json(e->view);
            e->ok = true;
        }
    }
    evaluation_ = std::move(e);
    std::copy(key, key + 4, evaluated_key_);
    return *evaluation_;
}

std::vector<AwardRow> Preview::awards_log() const {
    std::vector<AwardRow> rows;
    const Evaluation& e = evaluation();
    if (!e.ok) return rows;
    for (const Award& a : e.report.awards) {
        const Step& s = e.program->steps[a.step_index];
        AwardRow row;
        row.key = a.key;
        row.step_id = a.step_id;
        row.step_name = s.name;
        row.awarded_at = format_time(a.awarded_at);
        if (a.expires_at) row.expires_at = format_time(*a.expires_at);
        if (a.clawed_back_at) row.clawed_back_at = format_time(*a.clawed_back_at);
        row.rewards = rewards_phrase(s.rewards, e.program->digits(), e.program->currency);
        row.pick = s.pick;
        rows.push_back(std::move(row));
    }
    return rows;
}

bool Preview::choose_reward(std::size_t step, std::optional<std::size_t> reward, RewardType type) {
    PendingChoice c{step, reward, type};
    if (type == RewardType::store_credit && !store_credit_granted_) {
        pending_ = c;
        ++prompts_;
        return false;
    }
    apply(c);
    return true;
}

void Preview::apply(const PendingChoice& c) {
    if (c.reward)
        program.set_reward_type(c.step, *c.reward, c.type);
    else
        program.add_reward(c.step, c.type);
}

void Preview::grant_store_credit() {
    set_store_credit_granted(true);
    if (pending_) apply(*pending_);
    pending_.reset();
}

void Preview::decline_store_credit() { pending_.reset(); }

void Preview::set_simulate_as_active(bool on) {
    if (on == simulate_as_active_) return;
    simulate_as_active_ = on;
    own_revision_ = next_revision();
}

void Preview::set_store_credit_granted(bool granted) {
    if (granted == store_credit_granted_) return;
    store_credit_granted_ = granted;
    own_revision_ = next_revision();
}

std::string Preview::state_json() const {
    const Evaluation& e = evaluation();
    std::string out = "{\"program\":" + program.json() + ",\"history\":" + customer.json() +
                      ",\"as_of\":\"" + format_time(as_of_) + "\",\"valid\":" + (e.ok ? "true" : "false") +
                      ",\"errors\":[";
    bool first = true;
    append_errors(out, first, "program", e.program_errors);
    append_errors(out, first, "history", e.history_errors);
    out += "],\"evaluated_program\":" + (e.program ? e.program_json : "null");
    out += ",\"report\":" + (e.ok ? e.report_json : "null");
    out += ",\"view\":" + (e.ok ? e.view_json : "null");
    out += ",\"store_credit_permission\":" + std::string(store_credit_granted_ ? "true" : "false");
    out += ",\"revision\":" + std::to_string(revision()) + "}";
    return out;
}

std::string fresh_program_id(ProgramKind kind) {
    static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    std::random_device entropy;  // crypto.getRandomValues under Emscripten
    std::uniform_int_distribution<int> pick(0, 35);
    std::string id = kind == ProgramKind::tiers ? "tiers-" : "journey-";
    for (int i = 0; i < 6; ++i) id += digits[pick(entropy)];
    return id;
}

void Preview::new_program() {
    program = ProgramDraft();
    if (fresh_ids) program.set("/id", fresh_program_id(ProgramKind::journey));
    customer.reset();
    set_as_of(range_begin());
}

void Preview::load_example() {
    program.load_json(kExampleJourney);
    if (fresh_ids) program.set("/id", fresh_program_id(ProgramKind::journey));
    customer.reset();
    set_as_of(range_begin());
}

}  // namespace stepwise::preview
