// Programs: create, update (optimistic concurrency by version), activation,
// every version kept, listed, compared and restored; and the milestone list.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

#include "awards_table.hpp"
#include "customers_table.hpp"
#include "internal.hpp"
#include "programs_table.hpp"

namespace stepwise::server {

namespace {

ProgramSummary program_summary(const ProgramEntry& e, std::int64_t awards_issued) {
    return {e.id,          e.program.name, e.program.kind, e.program.status, e.version, e.program.steps.size(),
            awards_issued, e.created_at,   e.updated_at,   e.deleted_at};
}

std::int64_t awards_issued(Tx& tx, const std::string& program_id) {
    return awards_table::issued_count(tx.c, program_id);
}

// What a program document says besides the engine's fields: whether it names
// its status (a new program without one starts off, as merchants expect) and
// asks for a retroactive run (the contract's `retroactive` field).
struct DocFlags {
    bool has_status = false;
    bool retroactive = false;
};

DocFlags doc_flags(const std::string& doc) {
    DocFlags f;
    json j = json::parse(doc, nullptr, false);
    if (!j.is_object()) return f;
    f.has_status = j.contains("status");
    if (auto it = j.find("retroactive"); it != j.end() && it->is_boolean()) f.retroactive = it->get<bool>();
    return f;
}

Program checked_program(const std::string& doc, const std::string& currency) {
    auto parsed = parse_program(doc);
    if (!parsed.ok()) throw ServiceError(422, parsed.errors);
    if (parsed.value->currency != currency)
        throw ServiceError(422, "/currency",
                           "must be the store currency " + currency + " (the wallet and every program share it)");
    return std::move(*parsed.value);
}

// Order statuses as the connectors deliver them (Stepwise's own "completed",
// WooCommerce's order statuses, Shopify's financial statuses and "cancelled").
// A program may name others for its own events; a name outside this list is
// most often a typo or a platform's internal spelling, so it earns a warning.
bool known_status(const std::string& s) {
    static const char* const names[] = {"completed",      "processing", "on-hold",    "pending",  "cancelled",
                                        "refunded",       "failed",     "draft",      "paid",     "partially_paid",
                                        "authorized",     "partially_refunded",       "voided",   "fulfilled",
                                        "checkout-draft", "trash"};
    return std::any_of(std::begin(names), std::end(names), [&](const char* n) { return s == n; });
}

Errors status_warnings(const Program& p) {
    Errors out;
    const auto& list = p.rules.order_statuses;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string& s = list[i];
        if (known_status(s)) continue;
        std::string message = "no connector sends the status '" + s + "'; orders with it will never count";
        if (s.rfind("wc-", 0) == 0)
            message = "'" + s + "' is WooCommerce's database spelling; its webhooks and the order API send '" +
                      s.substr(3) + "'";
        out.push_back({"/rules/order_statuses/" + std::to_string(i), message});
    }
    return out;
}

void create_retro_job(Tx& tx, const std::string& program_id, std::int64_t version, std::int64_t now) {
    const std::int64_t total = customers_table::count(tx.c);
    tx.c.exec(
        "INSERT INTO jobs (id, kind, program_id, cursor, processed, total, awards, started_at, updated_at) "
        "VALUES (?, 'retroactive', ?, '', 0, ?, 0, ?, ?) ON CONFLICT (id) DO NOTHING",
        {"retroactive:" + program_id + ":" + std::to_string(version), program_id, total, now, now});
}

// Stores `p` as the program's next version (the row and its history).
ProgramEntry store_version(Tx& tx, const std::string& id, const Program& p, std::int64_t version,
                           std::int64_t created_at, std::int64_t now) {
    const std::string canonical = program_json(p);
    programs_table::store_version(tx.c, id, canonical, std::string(to_string(p.kind)), std::string(to_string(p.status)),
                                  version, now);
    ProgramEntry e;
    e.id = id;
    e.program = p;
    e.version = version;
    e.created_at = created_at;
    e.updated_at = now;
    return e;
}

struct StoredProgram {
    std::int64_t version, created_at;
    Program program;
};

StoredProgram load_stored(Tx& tx, const std::string& id) {
    auto row = programs_table::find(tx.c, id);
    if (!row || row->deleted_at) throw ServiceError(404, "", "no such program");
    auto parsed = parse_program(row->doc);
    if (!parsed.ok()) throw ServiceError(500, "", "stored program does not parse");
    return {row->version, row->created_at, std::move(*parsed.value)};
}

void check_version(const std::string& id, std::int64_t stored, std::optional<std::int64_t> expected) {
    if (!expected || *expected == stored) return;
    ServiceError e(409, "", "program '" + id + "' changed since version " + std::to_string(*expected) + " (it is now version " +
                                std::to_string(stored) + "); reload it, compare, and save again");
    e.current_version = stored;
    throw e;
}

// The changes that turn `a` into `b`, as JSON Pointers: objects by key, arrays by index.
void diff_json(const json& a, const json& b, const std::string& at, std::vector<ProgramChange>& out) {
    if (a.is_object() && b.is_object()) {
        for (auto it = a.begin(); it != a.end(); ++it) {
            const std::string p = pointer_append(at, it.key());
            if (!b.contains(it.key()))
                out.push_back({p, "remove", it.value().dump(), std::nullopt});
            else
                diff_json(it.value(), b.at(it.key()), p, out);
        }
        for (auto it = b.begin(); it != b.end(); ++it)
            if (!a.contains(it.key()))
                out.push_back({pointer_append(at, it.key()), "add", std::nullopt, it.value().dump()});
        return;
    }
    if (a.is_array() && b.is_array()) {
        const std::size_t common = std::min(a.size(), b.size());
        for (std::size_t i = 0; i < common; ++i) diff_json(a[i], b[i], at + "/" + std::to_string(i), out);
        for (std::size_t i = common; i < a.size(); ++i)
            out.push_back({at + "/" + std::to_string(i), "remove", a[i].dump(), std::nullopt});
        for (std::size_t i = common; i < b.size(); ++i)
            out.push_back({at + "/" + std::to_string(i), "add", std::nullopt, b[i].dump()});
        return;
    }
    if (a != b) out.push_back({at, "replace", a.dump(), b.dump()});
}

}  // namespace

// ------------------------------------------------------------------ programs

std::vector<ProgramSummary> Service::list_programs(bool include_deleted) {
    return impl_->store->read([&](Tx& tx) {
        auto ps = impl_->load_programs(tx);
        auto awards = awards_table::issued_counts(tx.c);
        std::vector<ProgramSummary> list;
        for (const auto& e : ps->list)
            if (include_deleted || !e->deleted_at) list.push_back(program_summary(*e, awards[e->id]));
        return list;
    });
}

std::optional<ProgramDoc> Service::program_doc(const std::string& id, bool only_active) {
    return impl_->store->read([&](Tx& tx) -> std::optional<ProgramDoc> {
        auto ps = impl_->load_programs(tx);
        const ProgramEntry* e = ps->find(id);
        if (!e || e->deleted_at) return std::nullopt;
        if (only_active && e->program.status != Status::active) return std::nullopt;
        return ProgramDoc{e->doc, e->version};
    });
}

ProgramSaved Service::create_program(const std::string& doc, bool retroactive) {
    Program p = checked_program(doc, currency());
    const DocFlags flags = doc_flags(doc);
    if (!flags.has_status) p.status = Status::inactive;  // a new program starts off until turned on
    retroactive = retroactive || flags.retroactive;
    const std::string canonical = program_json(p);
    return impl_->store->write([&](Tx& tx) {
        const std::int64_t now = now_ms();
        if (programs_table::find(tx.c, p.id))
            throw ServiceError(409, "/id", "a program with id '" + p.id + "' exists (or existed: ids are never reused)");
        programs_table::insert_new(tx.c, p.id, canonical, std::string(to_string(p.kind)), std::string(to_string(p.status)),
                                   now);
        impl_->bump_programs_rev(tx);
        if (retroactive && p.status == Status::active) create_retro_job(tx, p.id, 1, now);
        ProgramEntry e;
        e.id = p.id;
        e.program = p;
        e.version = 1;
        e.created_at = e.updated_at = now;
        return ProgramSaved{program_summary(e, 0), retroactive && p.status == Status::active, status_warnings(p),
                            std::nullopt};
    });
}

ProgramSaved Service::update_program(const std::string& id, const std::string& doc, bool retroactive,
                                     std::optional<std::int64_t> if_version) {
    Program p = checked_program(doc, currency());
    if (p.id != id) throw ServiceError(422, "/id", "must match the program id in the URL ('" + id + "')");
    retroactive = retroactive || doc_flags(doc).retroactive;
    return impl_->store->write([&](Tx& tx) {
        const std::int64_t now = now_ms();
        StoredProgram stored = load_stored(tx, id);
        check_version(id, stored.version, if_version);
        ProgramEntry e = store_version(tx, id, p, stored.version + 1, stored.created_at, now);
        impl_->bump_programs_rev(tx);
        if (retroactive && p.status == Status::active) create_retro_job(tx, id, e.version, now);
        return ProgramSaved{program_summary(e, awards_issued(tx, id)), retroactive && p.status == Status::active,
                            status_warnings(p), std::nullopt};
    });
}

ProgramSaved Service::set_program_status(const std::string& id, bool active, bool retroactive) {
    return impl_->store->write([&](Tx& tx) {
        const std::int64_t now = now_ms();
        StoredProgram stored = load_stored(tx, id);
        Program p = std::move(stored.program);
        const bool was_active = p.status == Status::active;
        p.status = active ? Status::active : Status::inactive;
        ProgramEntry e;
        if (was_active != active) {
            e = store_version(tx, id, p, stored.version + 1, stored.created_at, now);
            impl_->bump_programs_rev(tx);
        } else {
            e.id = id;
            e.program = p;
            e.version = stored.version;
            e.created_at = stored.created_at;
            e.updated_at = now;
        }
        // "Retroactive calculation on enable": evaluate every customer once.
        const bool retro = active && retroactive && !was_active;
        if (retro) create_retro_job(tx, id, e.version, now);
        ProgramSaved saved{program_summary(e, awards_issued(tx, id)), retro, std::nullopt, std::nullopt};
        if (active && p.starts_at && *p.starts_at < now)
            saved.warnings = Errors{{"/starts_at", "the start date is in the past: " +
                                                       std::string(retro ? "past orders since then are being evaluated"
                                                                         : "only events from now on will award")}};
        return saved;
    });
}

void Service::delete_program(const std::string& id) {
    impl_->store->write([&](Tx& tx) {
        const std::int64_t now = now_ms();
        if (!programs_table::mark_deleted(tx.c, id, now))
            throw ServiceError(404, "", "no such program");
        impl_->bump_programs_rev(tx);
    });
}

// ------------------------------------------------------------------ versions

ProgramVersions Service::program_versions(const std::string& id) {
    return impl_->store->read([&](Tx& tx) {
        StoredProgram stored = load_stored(tx, id);
        ProgramVersions out{id, stored.version, {}};
        for (const programs_table::VersionRow& r : programs_table::versions(tx.c, id)) {
            ProgramVersion v;
            v.version = r.version;
            v.created_at = r.created_at;
            auto parsed = parse_program(r.doc);
            if (parsed.ok()) {
                v.name = parsed.value->name;
                v.status = parsed.value->status;
                v.steps = parsed.value->steps.size();
            }
            out.versions.push_back(std::move(v));
        }
        return out;
    });
}

std::string Service::program_version_doc(const std::string& id, std::int64_t version) {
    return impl_->store->read([&](Tx& tx) {
        load_stored(tx, id);
        auto doc = programs_table::version_doc(tx.c, id, version);
        if (!doc) throw ServiceError(404, "", "program '" + id + "' has no version " + std::to_string(version));
        return *doc;
    });
}

ProgramDiff Service::program_diff(const std::string& id, std::int64_t from, std::optional<std::int64_t> to) {
    const std::int64_t target = to ? *to : impl_->store->read([&](Tx& tx) { return load_stored(tx, id).version; });
    json a = json::parse(program_version_doc(id, from), nullptr, false);
    json b = json::parse(program_version_doc(id, target), nullptr, false);
    ProgramDiff out{id, from, target, {}};
    diff_json(a, b, "", out.changes);
    return out;
}

ProgramSaved Service::restore_program_version(const std::string& id, std::int64_t version,
                                              std::optional<std::int64_t> if_version) {
    const std::string doc = program_version_doc(id, version);
    Program p = checked_program(doc, currency());
    return impl_->store->write([&](Tx& tx) {
        const std::int64_t now = now_ms();
        StoredProgram stored = load_stored(tx, id);
        check_version(id, stored.version, if_version);
        // The content of that version; on or off stays as it is now.
        p.status = stored.program.status;
        ProgramEntry e = store_version(tx, id, p, stored.version + 1, stored.created_at, now);
        impl_->bump_programs_rev(tx);
        return ProgramSaved{program_summary(e, awards_issued(tx, id)), std::nullopt, std::nullopt, version};
    });
}

// ------------------------------------------------------------------ milestones

std::vector<Milestone> Service::milestones(const std::optional<std::string>& program_id, bool shopper_view) {
    return impl_->store->read([&](Tx& tx) {
        auto ps = impl_->load_programs(tx);
        const ProgramEntry* only = program_id ? ps->find(*program_id) : nullptr;
        if (program_id && (!only || only->deleted_at || (shopper_view && !only->active())))
            throw ServiceError(404, "", "no such program");
        std::vector<Milestone> list;
        std::int64_t number = 0;
        for (const auto& e : ps->list) {
            if (e->deleted_at) continue;
            const Program& p = e->program;
            for (const Step& s : p.steps) {
                ++number;  // counted over every program, so a number names one milestone
                const bool active = p.status == Status::active && s.status == Status::active;
                if (program_id && e->id != *program_id) continue;
                if (shopper_view && !active) continue;  // shoppers see only what they can earn now
                Milestone m;
                m.id = s.id;
                m.number = number;
                m.program_id = p.id;
                m.program_kind = p.kind;
                m.name = s.name;
                m.description = s.description;
                m.metric = s.metric;
                m.reward_amount = step_store_credit(s);
                m.rewards = s.rewards;
                m.repeating = p.kind == ProgramKind::tiers && s.repeating;
                m.active = active;
                m.target = s.target;
                m.pick = s.pick;
                list.push_back(std::move(m));
            }
        }
        return list;
    });
}

}  // namespace stepwise::server
