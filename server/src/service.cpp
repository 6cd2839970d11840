// The awarding core: ingest, evaluate with the engine, and hand what is due
// to awarding.cpp, which issues it exactly once.
#include <openssl/rand.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <random>
#include <sstream>

#include "awards_table.hpp"
#include "customers_table.hpp"
#include "events_table.hpp"
#include "internal.hpp"
#include "programs_table.hpp"
#include "platform_jobs.hpp"

namespace stepwise::server {


bool client_key_ok(const std::string& key) {
    if (key.empty() || key.size() > kMaxClientKey) return false;
    for (unsigned char c : key)
        if (c < 0x21 || c > 0x7e) return false;
    return true;
}

std::string random_code() {
    static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";  // no 0/O/1/I
    unsigned char bytes[10];
    if (RAND_bytes(bytes, sizeof bytes) != 1) {
        std::random_device rd;
        for (auto& b : bytes) b = static_cast<unsigned char>(rd());
    }
    std::string code = "SW-";
    for (int i = 0; i < 10; ++i) {
        if (i == 5) code += '-';
        code += alphabet[bytes[i] % 32];
    }
    return code;
}

namespace {

bool id_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '-' || c == '@' || c == '+' || c == ':';
}

}  // namespace

bool valid_customer_id(const std::string& id) {
    if (id.empty() || id.size() > 128) return false;
    return std::all_of(id.begin(), id.end(), id_char);
}

std::string iso(std::int64_t ms) { return format_time(ms); }

std::string event_type_name(EventType t) { return to_string(t); }

std::vector<std::string> roles_from_json(const std::string& text) {
    std::vector<std::string> out;
    if (text.empty() || text == "[]") return out;
    auto j = json::parse(text, nullptr, false);
    if (j.is_array())
        for (const auto& r : j)
            if (r.is_string()) out.push_back(r.get<std::string>());
    return out;
}

std::string roles_to_json(const std::vector<std::string>& roles) { return json(roles).dump(); }

// The engine's reward codec, so a reward reads and writes as in a program.
json reward_to_json(const Reward& r, int digits) { return json::parse(reward_json(r, digits)); }

std::optional<Reward> reward_from_json(const json& j, int digits) { return parse_reward(j.dump(), digits).value; }

// ------------------------------------------------------------------ Service

Service::Service(ServiceOptions options) : o_(std::move(options)) {
    if (o_.currency.size() != 3 || !std::all_of(o_.currency.begin(), o_.currency.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
        throw std::invalid_argument("currency must be a 3-letter ISO 4217 code, got '" + o_.currency + "'");
    StoreOptions so;
    so.max_batch = o_.max_batch;
    so.pool_size = o_.pool_size;
    so.migrate = o_.migrate;
    impl_ = std::make_unique<Impl>(*this);
    impl_->store = Store::open(o_.db_url, so);
    impl_->read_cache = std::make_unique<ReadCache>(o_.read_cache_customers);
    {
        unsigned char b[8];
        RAND_bytes(b, sizeof b);
        char hex[17];
        for (int i = 0; i < 8; ++i) snprintf(hex + 2 * i, 3, "%02x", b[i]);
        impl_->instance_id = hex;
    }
    // The store currency is fixed at the first start: the wallet's amounts and
    // every program are in it.
    std::string currency = o_.currency;
    std::string stored = impl_->store->write([&](Tx& tx) {
        tx.c.exec("INSERT INTO settings (key, value) VALUES ('currency', ?) ON CONFLICT (key) DO NOTHING", {currency});
        auto row = tx.c.one("SELECT value FROM settings WHERE key = 'currency'");
        return row ? row->str(0) : currency;
    });
    if (stored != o_.currency) {
        spdlog::warn("store currency is {} (set when the database was created); ignoring --currency {}", stored,
                     o_.currency);
        o_.currency = stored;
    }
    digits_ = currency_digits(o_.currency);
    impl_->currency_program.currency = o_.currency;
    sync_webhook_settings();
}

void Service::sync_webhook_settings() {
    struct Setting {
        const char* key;
        std::string* url;
    };
    const Setting urls[] = {{"webhook.should_award", &o_.webhook_should_award},
                            {"webhook.awarded", &o_.webhook_awarded},
                            {"webhook.clawed_back", &o_.webhook_clawed_back},
                            {"webhook.spend_recalculated", &o_.webhook_spend_recalculated},
                            {"webhook.expired", &o_.webhook_expired}};
    impl_->store->write([&](Tx& tx) {
        auto put = [&](const char* key, const std::string& value) {
            tx.c.exec("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                      {std::string(key), value});
        };
        auto get = [&](const char* key) -> std::optional<std::string> {
            auto row = tx.c.one("SELECT value FROM settings WHERE key = ?", {std::string(key)});
            return row ? std::optional<std::string>(row->str(0)) : std::nullopt;
        };
        if (o_.save_webhook_settings) {
            for (const Setting& u : urls) put(u.key, *u.url);
            put("webhook.should_award_timeout_ms", std::to_string(o_.should_award_timeout_ms));
            put("webhook.should_award_on_error", o_.should_award_on_error ? "allow" : "deny");
            put("platform.codes", json(o_.code_platforms).dump());
            put("platform.credit", json(o_.credit_platforms).dump());
            return;
        }
        // A command given its own URL keeps it; the rest come from the store.
        for (const Setting& u : urls)
            if (u.url->empty())
                if (auto v = get(u.key)) *u.url = *v;
        if (auto v = get("webhook.should_award_timeout_ms")) o_.should_award_timeout_ms = std::atoi(v->c_str());
        if (auto v = get("webhook.should_award_on_error")) o_.should_award_on_error = *v != "deny";
        auto saved_list = [&](const char* key, std::vector<std::string>& into) {
            if (!into.empty()) return;
            if (auto v = get(key)) {
                json list = json::parse(*v, nullptr, false);
                if (list.is_array())
                    for (const json& p : list)
                        if (p.is_string()) into.push_back(p.get<std::string>());
            }
        };
        saved_list("platform.codes", o_.code_platforms);
        saved_list("platform.credit", o_.credit_platforms);
    });
}

bool Service::has_webhooks() const {
    return !o_.webhook_should_award.empty() || !o_.webhook_awarded.empty() || !o_.webhook_clawed_back.empty() ||
           !o_.webhook_spend_recalculated.empty() || !o_.webhook_expired.empty();
}

Service::~Service() = default;

void Service::set_hooks(std::shared_ptr<Hooks> hooks) { impl_->hooks = std::move(hooks); }

// ------------------------------------------------------------------ programs cache

std::shared_ptr<const ProgramSet> Service::Impl::load_programs(Tx& tx) {
    const std::int64_t rev = programs_table::rev(tx.c);
    {
        std::lock_guard<std::mutex> lock(programs_m);
        if (programs && programs->rev == rev) return programs;
    }
    auto set = std::make_shared<ProgramSet>();
    set->rev = rev;
    for (programs_table::ProgramRow& r : programs_table::all(tx.c)) {
        auto parsed = parse_program(r.doc);
        if (!parsed.ok()) {
            spdlog::error("stored program {} no longer parses: {}", r.id,
                          parsed.errors.empty() ? "" : parsed.errors.front().to_string());
            continue;
        }
        auto e = std::make_shared<ProgramEntry>();
        e->id = std::move(r.id);
        e->doc = std::move(r.doc);
        e->version = r.version;
        e->position = r.position;
        e->created_at = r.created_at;
        e->updated_at = r.updated_at;
        e->deleted_at = r.deleted_at;
        e->program = std::move(*parsed.value);
        const Rules& rules = e->program.rules;
        e->needs_items = !rules.categories.empty() || (rules.min_order && rules.min_order->quantity > 0);
        set->list.push_back(std::move(e));
    }
    std::lock_guard<std::mutex> lock(programs_m);
    if (!programs || programs->rev <= rev) programs = set;
    return set;
}

void Service::Impl::bump_programs_rev(Tx& tx) { programs_table::bump_rev(tx.c); }

// ------------------------------------------------------------------ customers and events

CustomerRecord customer_record(const CustomerRow& c) { return {c.id, c.roles, c.email, c.name, c.balance}; }

std::optional<CustomerRow> Service::Impl::load_customer(Tx& tx, const std::string& id) {
    return customers_table::find(tx.c, id);
}

bool Service::Impl::ensure_customer(Tx& tx, const std::string& id,
                                    const std::optional<std::vector<std::string>>& roles, std::int64_t now) {
    const std::string roles_text = roles ? roles_to_json(*roles) : "[]";
    if (customers_table::insert_if_new(tx.c, id, roles_text, now)) return roles && !roles->empty();
    if (!roles) return false;
    return customers_table::set_roles(tx.c, id, roles_text, now);
}


void append_grant(const AwardRow& a, std::vector<Event>& events) {
    if (a.source != "manual" || a.clawed_back_at || (a.state != "issued" && a.state != "pending_choice")) return;
    Event g;
    g.id = "grant:" + a.key;
    g.type = EventType::grant;
    g.at = a.awarded_at;
    g.program_id = a.program_id;
    g.step_id = a.step_id;
    events.push_back(std::move(g));
}

void append_grants(const std::vector<AwardRow>& awards, std::vector<Event>& events) {
    for (const AwardRow& a : awards) append_grant(a, events);
}

// ------------------------------------------------------------------ plan and apply

CustomerPlan Service::Impl::plan(const ProgramSet& ps, const History& h, const std::vector<AwardRow>& awards,
                                 std::int64_t now, const std::optional<std::string>& only_program) const {
    CustomerPlan plan;
    for (const auto& ep : ps.list) {
        const ProgramEntry& e = *ep;
        if (!e.active()) continue;  // an inactive program awards nothing new
        if (only_program && e.id != *only_program) continue;
        CustomerPlan::ProgramDue pd;
        pd.entry = &e;
        pd.report = evaluate(e.program, h, now);
        std::set<std::string> issued, clawed;
        for (const AwardRow& a : awards) {
            if (a.program_id != e.id) continue;
            issued.insert(a.key);
            if (a.clawed_back_at) clawed.insert(a.key);
        }
        pd.due = newly_due(pd.report, issued, clawed);
        for (const PendingOrder& po : pd.report.pending)
            if (po.counts_at > now && (!plan.wake_at || po.counts_at < *plan.wake_at)) plan.wake_at = po.counts_at;
        plan.programs.push_back(std::move(pd));
    }
    // Events dated in the future count when their time comes.
    for (const Event& ev : h.events)
        if (ev.at > now && (!plan.wake_at || ev.at < *plan.wake_at)) plan.wake_at = ev.at;
    return plan;
}

void Service::Impl::apply(Tx& tx, const std::string& customer_id, CustomerPlan& plan, std::int64_t now,
                          IngestOutcome& out) {
    for (auto& pd : plan.programs) {
        issue_awards(tx, customer_id, *pd.entry, pd.due.awards, &pd.report, "engine", "", now, out);
        for (const Clawback& c : pd.due.clawbacks) apply_clawback(tx, customer_id, *pd.entry, c, now, out);
    }
}

void Service::Impl::process_customer(Tx& tx, const std::string& customer_id, std::int64_t now,
                                     const std::string& trigger_event, const std::string& trigger_order,
                                     bool spend_hook, IngestOutcome& out,
                                     const std::optional<std::string>& only_program) {
    auto ps = load_programs(tx);
    auto customer = load_customer(tx, customer_id);
    if (!customer) return;
    History h;
    h.customer.id = customer_id;
    h.customer.roles = customer->roles;
    h.events = events_table::of_customer(tx.c, customer_id, s.digits(), ps->any_needs_items());
    auto awards = awards_table::of_customer(tx.c, customer_id);
    append_grants(awards, h.events);
    CustomerPlan p = plan(*ps, h, awards, now, only_program);
    apply(tx, customer_id, p, now, out);
    std::optional<std::int64_t> wake = p.wake_at;
    // Evaluating one program only (retroactive job) must not drop the others' wake time.
    if (only_program && customer->wake_at && (!wake || *customer->wake_at < *wake)) wake = customer->wake_at;
    if (wake != customer->wake_at)
        customers_table::set_wake(tx.c, customer_id, wake);

    if (spend_hook) {
        for (auto& pd : p.programs) {
            if (pd.entry->program.kind != ProgramKind::tiers) continue;
            const Money spend = pd.report.qualifying_spend;
            const std::string pid = pd.entry->id;
            if (hooks) {
                auto hk = hooks;
                tx.after_commit([hk, customer_id, pid, spend, trigger_event, trigger_order] {
                    hk->spend_recalculated(customer_id, pid, spend, trigger_event, trigger_order);
                });
            }
            if (!s.o_.webhook_spend_recalculated.empty())
                enqueue_webhook(tx, "milestone.spend_recalculated", s.o_.webhook_spend_recalculated,
                                json{{"customer_id", customer_id},
                                     {"program_id", pid},
                                     {"qualifying_spend", s.money(spend)},
                                     {"currency", s.currency()},
                                     {"event_id", trigger_event},
                                     {"order_id", trigger_order}},
                                now);
        }
    }
}

// ------------------------------------------------------------------ ingest

// Strings neither database stores faithfully (NUL, invalid UTF-8), each with
// its pointer; defined in text.cpp.
Errors json_text_problems(const json& j, const std::string& pointer, std::size_t max);

json json_text(const std::string& text) {
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) throw ServiceError(400, "", "not valid JSON");
    return j;
}

std::vector<IncomingEvent> Service::parse_events(const std::string& body) const {
    return impl_->parse_events(json_text(body));
}

std::vector<IncomingEvent> Service::Impl::parse_events(const json& body) const {
    Errors errors;
    if (!body.is_object()) throw ServiceError(422, "", "must be an event object or {\"events\": [...]}");
    // The API checked this already; an import (NDJSON from the command line) has not.
    if (Errors bad = json_text_problems(body, "", 20); !bad.empty()) throw ServiceError(422, std::move(bad));
    const bool batch = body.contains("events") && !body.contains("type");
    std::vector<const json*> items;
    if (batch) {
        for (auto it = body.begin(); it != body.end(); ++it)
            if (it.key() != "events") errors.push_back({"/" + it.key(), "unknown field"});
        const json& list = body["events"];
        if (!list.is_array()) throw ServiceError(422, "/events", "must be an array");
        if (list.empty()) throw ServiceError(422, "/events", "must not be empty");
        if (list.size() > 1000) throw ServiceError(422, "/events", "at most 1000 events per request");
        for (const auto& ev : list) items.push_back(&ev);
    } else {
        items.push_back(&body);
    }
    auto where = [&](std::size_t i, const std::string& rest) {
        return (batch ? "/events/" + std::to_string(i) : std::string()) + rest;
    };
    std::vector<IncomingEvent> out(items.size());
    json history = {{"customer", {{"id", "validation"}}}, {"events", json::array()}};
    for (std::size_t i = 0; i < items.size(); ++i) {
        const json& ev = *items[i];
        if (!ev.is_object()) {
            errors.push_back({where(i, ""), "must be an object"});
            history["events"].push_back(json::object());
            continue;
        }
        json copy = ev;
        auto cid = copy.find("customer_id");
        if (cid == copy.end())
            errors.push_back({where(i, "/customer_id"), "is required"});
        else if (!cid->is_string())
            errors.push_back({where(i, "/customer_id"), "must be a string"});
        else if (!valid_customer_id(cid->get<std::string>()))
            errors.push_back({where(i, "/customer_id"),
                              "must be 1-128 characters of A-Z a-z 0-9 _ . - @ + :"});
        else
            out[i].customer_id = cid->get<std::string>();
        if (cid != copy.end()) copy.erase(cid);
        auto roles = copy.find("customer_roles");
        if (roles != copy.end()) {
            if (!roles->is_array()) {
                errors.push_back({where(i, "/customer_roles"), "must be an array of strings"});
            } else {
                std::vector<std::string> list;
                for (std::size_t k = 0; k < roles->size(); ++k) {
                    if (!(*roles)[k].is_string())
                        errors.push_back({where(i, "/customer_roles/" + std::to_string(k)), "must be a string"});
                    else
                        list.push_back((*roles)[k].get<std::string>());
                }
                out[i].roles = std::move(list);
            }
            copy.erase(roles);
        }
        if (auto id = copy.find("id"); id != copy.end() && id->is_string() && id->get<std::string>().size() > 128)
            errors.push_back({where(i, "/id"), "must be at most 128 characters"});
        if (auto items_it = copy.find("items"); items_it != copy.end() && items_it->is_array() && !items_it->empty())
            out[i].items_json = items_it->dump();
        history["events"].push_back(std::move(copy));
    }
    auto parsed = parse_history(history.dump(), currency_program);
    for (const Error& e : parsed.errors) {
        std::string p = e.pointer;
        const std::string prefix = "/events/";
        if (p.rfind(prefix, 0) == 0) {
            std::size_t slash = p.find('/', prefix.size());
            std::string idx = p.substr(prefix.size(), slash == std::string::npos ? std::string::npos : slash - prefix.size());
            std::string rest = slash == std::string::npos ? "" : p.substr(slash);
            errors.push_back({batch ? prefix + idx + rest : rest, e.message});
        } else {
            errors.push_back(e);
        }
    }
    if (!errors.empty()) throw ServiceError(422, std::move(errors));
    for (std::size_t i = 0; i < out.size(); ++i) out[i].event = parsed.value->events[i];
    return out;
}

// Grants are the server's record of manual awards, never input: a client that
// wants to award by hand uses the manual award, which runs the hooks and the ledger.
static void refuse_grants(const std::vector<IncomingEvent>& events) {
    for (std::size_t i = 0; i < events.size(); ++i)
        if (events[i].event.type == EventType::grant)
            throw ServiceError(422, events.size() > 1 ? "/events/" + std::to_string(i) + "/type" : "/type",
                               "\"grant\" events are made by manual awards (POST /v1/customers/{id}/milestone-progress/award)");
}

IngestOutcome Service::ingest(std::vector<IncomingEvent> events) {
    refuse_grants(events);
    std::map<std::string, std::vector<std::size_t>> by_customer;  // sorted: lock order
    for (std::size_t i = 0; i < events.size(); ++i) by_customer[events[i].customer_id].push_back(i);
    return impl_->store->write([&](Tx& tx) {
        IngestOutcome out;
        out.events.resize(events.size());
        const std::int64_t now = now_ms();
        for (const auto& [cid, idx] : by_customer) {
            tx.lock_customer(cid);
            impl_->ingest_customer(tx, cid, events, idx, now, out);
        }
        return out;
    });
}

void Service::Impl::ingest_customer(Tx& tx, const std::string& cid, const std::vector<IncomingEvent>& events,
                                    const std::vector<std::size_t>& idx, std::int64_t now, IngestOutcome& out) {
    std::optional<std::vector<std::string>> roles;
    for (std::size_t i : idx)
        if (events[i].roles) roles = events[i].roles;
    bool changed = ensure_customer(tx, cid, roles, now);
    std::string trigger, order;
    for (std::size_t i : idx) {
        const bool inserted = events_table::insert(tx.c, events[i], now);
        out.events[i] = {cid, events[i].event.id, inserted ? "accepted" : "duplicate"};
        if (inserted) {
            changed = true;
            trigger = events[i].event.id;
            if (!events[i].event.order_id.empty()) order = events[i].event.order_id;
        }
    }
    if (!changed) return;
    customers_table::bump_rev(tx.c, cid, now);
    process_customer(tx, cid, now, trigger, order, true, out);
}

// ------------------------------------------------------------------ customers

UpsertedCustomer Service::upsert_customer(const std::string& id, const std::optional<std::vector<std::string>>& roles,
                                          const std::optional<std::string>& email, const std::optional<std::string>& name) {
    if (!valid_customer_id(id)) throw ServiceError(422, "/id", "must be 1-128 characters of A-Z a-z 0-9 _ . - @ + :");
    return impl_->store->write([&](Tx& tx) {
        const std::int64_t now = now_ms();
        tx.lock_customer(id);
        bool changed = impl_->ensure_customer(tx, id, roles, now);
        if (email) customers_table::set_email(tx.c, id, *email);
        if (name) customers_table::set_name(tx.c, id, *name);
        IngestOutcome out;
        if (changed) {
            customers_table::bump_rev(tx.c, id, now);
            impl_->process_customer(tx, id, now, "", "", false, out);
        }
        return UpsertedCustomer{customer_record(*impl_->load_customer(tx, id)), currency(), out.awards.size()};
    });
}

IssuedAward Service::manual_award(const std::string& customer_id, const std::optional<std::string>& program_id,
                                  const std::string& step_id, const std::string& note, const std::string& source) {
    if (!valid_customer_id(customer_id))
        throw ServiceError(422, "/customer_id", "must be 1-128 characters of A-Z a-z 0-9 _ . - @ + :");
    return impl_->store->write([&](Tx& tx) {
        const std::int64_t now = now_ms();
        auto ps = impl_->load_programs(tx);
        const ProgramEntry* entry = nullptr;
        std::size_t step_index = 0;
        int matches = 0;
        for (const auto& e : ps->list) {
            if (e->deleted_at) continue;
            if (program_id && e->id != *program_id) continue;
            for (std::size_t i = 0; i < e->program.steps.size(); ++i)
                if (e->program.steps[i].id == step_id) {
                    entry = e.get();
                    step_index = i;
                    ++matches;
                }
        }
        if (program_id && !ps->find(*program_id)) throw ServiceError(404, "/program_id", "no such program");
        // A number names a milestone by its place in the milestone list (the
        // "number" of GET /v1/milestones), as the seed's integer ids do.
        if (!entry && !step_id.empty() && step_id.size() < 10 &&
            std::all_of(step_id.begin(), step_id.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            const long wanted = std::stol(step_id);
            long number = 0;
            for (const auto& e : ps->list) {
                if (e->deleted_at) continue;
                for (std::size_t i = 0; i < e->program.steps.size(); ++i)
                    if (++number == wanted && (!program_id || e->id == *program_id)) {
                        entry = e.get();
                        step_index = i;
                        matches = 1;
                    }
            }
        }
        if (!entry) throw ServiceError(404, "/milestone_id", "no such milestone");
        if (matches > 1)
            throw ServiceError(422, "/program_id", "milestone id '" + step_id + "' is used by several programs; give program_id");
        const Step& step = entry->program.steps[step_index];
        tx.lock_customer(customer_id);
        impl_->ensure_customer(tx, customer_id, std::nullopt, now);
        // A manual award takes the next occurrence of the milestone, so the
        // engine will not award the same occurrence again. Repeating tiers keep
        // their own count: manual ones are extra ("m1", "m2", ...).
        const bool repeating = entry->program.kind == ProgramKind::tiers && step.repeating;
        std::int64_t next = 1;
        std::optional<std::string> held;  // a one-time milestone the customer already holds
        for (const AwardRow& r : awards_table::of_step(tx.c, customer_id, entry->id, step.id)) {
            const auto parsed = parse_award_key(r.key);
            if (parsed && repeating == parsed->manual_extra) next = std::max(next, r.occurrence + 1);
            if (r.state == "issued" || r.state == "pending_choice") held = r.key;
        }
        if (!repeating && held)
            throw ServiceError(409, "/milestone_id",
                               "customer " + customer_id + " already holds '" + step.name + "' (" + *held +
                                   "); a one-time milestone is awarded once");
        Award a;
        a.step_index = step_index;
        a.step_id = step.id;
        a.occurrence = static_cast<int>(next);
        a.key = award_key(entry->id, step.id, static_cast<int>(next), repeating);
        a.awarded_at = now;
        a.expires_at = reward_expires_at(entry->program, now);
        IngestOutcome out;
        impl_->issue_award(tx, customer_id, *entry, a, nullptr, source, note, now, out);
        if (out.awards.empty()) throw ServiceError(409, "", "award " + a.key + " already exists");
        return out.awards.front();
    });
}

}  // namespace stepwise::server
