// Programs (CRUD, activation) and the read side: progress reports, history,
// wallet, rewards, choices, notices, outbox, ledger export.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <ostream>

#include "internal.hpp"

namespace stepwise::server {

namespace {

json program_summary(const ProgramEntry& e) {
    json j{{"id", e.id},
           {"name", e.program.name},
           {"kind", to_string(e.program.kind)},
           {"status", to_string(e.program.status)},
           {"version", e.version},
           {"steps", e.program.steps.size()},
           {"created_at", iso(e.created_at)},
           {"updated_at", iso(e.updated_at)}};
    if (e.deleted_at) j["deleted_at"] = iso(*e.deleted_at);
    return j;
}

Program checked_program(const std::string& doc, const std::string& currency) {
    auto parsed = parse_program(doc);
    if (!parsed.ok()) throw ServiceError(422, parsed.errors);
    if (parsed.value->currency != currency)
        throw ServiceError(422, "/currency",
                           "must be the store currency " + currency + " (the wallet and every program share it)");
    return std::move(*parsed.value);
}

std::string target_text(const Step& s, int digits) {
    return s.metric == Metric::spend ? format_money(s.target, digits) : std::to_string(s.target);
}

}  // namespace

// ------------------------------------------------------------------ programs

json Service::list_programs(bool include_deleted) {
    return store_->read([&](Tx& tx) {
        auto ps = impl_->load_programs(tx);
        json list = json::array();
        for (const auto& e : ps->list)
            if (include_deleted || !e->deleted_at) list.push_back(program_summary(*e));
        return json{{"programs", list}};
    });
}

std::optional<std::string> Service::program_doc(const std::string& id, bool only_active) {
    return store_->read([&](Tx& tx) -> std::optional<std::string> {
        auto ps = impl_->load_programs(tx);
        const ProgramEntry* e = ps->find(id);
        if (!e || e->deleted_at) return std::nullopt;
        if (only_active && e->program.status != Status::active) return std::nullopt;
        return e->doc;
    });
}

static void create_retro_job(Tx& tx, const std::string& program_id, std::int64_t version, std::int64_t now) {
    auto total = tx.c.one("SELECT COUNT(*) FROM customers");
    tx.c.exec(
        "INSERT INTO jobs (id, kind, program_id, cursor, processed, total, awards, started_at, updated_at) "
        "VALUES (?, 'retroactive', ?, '', 0, ?, 0, ?, ?) ON CONFLICT (id) DO NOTHING",
        {"retroactive:" + program_id + ":" + std::to_string(version), program_id, total ? total->i64(0) : 0, now, now});
}

json Service::create_program(const std::string& doc, bool retroactive) {
    Program p = checked_program(doc, currency());
    const std::string canonical = program_json(p);
    return store_->write([&](Tx& tx) {
        const std::int64_t now = now_ms();
        if (tx.c.one("SELECT id FROM programs WHERE id = ?", {p.id}))
            throw ServiceError(409, "/id", "a program with id '" + p.id + "' exists (or existed: ids are never reused)");
        auto pos = tx.c.one("SELECT COALESCE(MAX(position), 0) + 1 FROM programs");
        tx.c.exec(
            "INSERT INTO programs (id, doc, kind, status, version, position, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?)",
            {p.id, canonical, std::string(to_string(p.kind)), std::string(to_string(p.status)), pos->i64(0), now, now});
        tx.c.exec("INSERT INTO program_versions (program_id, version, doc, created_at) VALUES (?, 1, ?, ?)",
                  {p.id, canonical, now});
        impl_->bump_programs_rev(tx);
        if (retroactive && p.status == Status::active) create_retro_job(tx, p.id, 1, now);
        ProgramEntry e;
        e.id = p.id;
        e.program = p;
        e.version = 1;
        e.created_at = e.updated_at = now;
        json j = program_summary(e);
        j["retroactive"] = retroactive && p.status == Status::active;
        return j;
    });
}

json Service::update_program(const std::string& id, const std::string& doc, bool retroactive) {
    Program p = checked_program(doc, currency());
    if (p.id != id) throw ServiceError(422, "/id", "must match the program id in the URL ('" + id + "')");
    const std::string canonical = program_json(p);
    return store_->write([&](Tx& tx) {
        const std::int64_t now = now_ms();
        auto row = tx.c.one("SELECT version, created_at, deleted_at FROM programs WHERE id = ?", {id});
        if (!row || !row->null(2)) throw ServiceError(404, "", "no such program");
        const std::int64_t version = row->i64(0) + 1;
        tx.c.exec("UPDATE programs SET doc = ?, kind = ?, status = ?, version = ?, updated_at = ? WHERE id = ?",
                  {canonical, std::string(to_string(p.kind)), std::string(to_string(p.status)), version, now, id});
        tx.c.exec("INSERT INTO program_versions (program_id, version, doc, created_at) VALUES (?, ?, ?, ?)",
                  {id, version, canonical, now});
        impl_->bump_programs_rev(tx);
        if (retroactive && p.status == Status::active) create_retro_job(tx, id, version, now);
        ProgramEntry e;
        e.id = id;
        e.program = p;
        e.version = version;
        e.created_at = row->i64(1);
        e.updated_at = now;
        json j = program_summary(e);
        j["retroactive"] = retroactive && p.status == Status::active;
        return j;
    });
}

json Service::set_program_status(const std::string& id, bool active, bool retroactive) {
    return store_->write([&](Tx& tx) {
        const std::int64_t now = now_ms();
        auto row = tx.c.one("SELECT doc, version, created_at, deleted_at FROM programs WHERE id = ?", {id});
        if (!row || !row->null(3)) throw ServiceError(404, "", "no such program");
        auto parsed = parse_program(row->text(0));
        if (!parsed.ok()) throw ServiceError(500, "", "stored program does not parse");
        Program p = std::move(*parsed.value);
        const bool was_active = p.status == Status::active;
        std::int64_t version = row->i64(1);
        p.status = active ? Status::active : Status::inactive;
        if (was_active != active) {
            ++version;
            const std::string canonical = program_json(p);
            tx.c.exec("UPDATE programs SET doc = ?, status = ?, version = ?, updated_at = ? WHERE id = ?",
                      {canonical, std::string(to_string(p.status)), version, now, id});
            tx.c.exec("INSERT INTO program_versions (program_id, version, doc, created_at) VALUES (?, ?, ?, ?)",
                      {id, version, canonical, now});
            impl_->bump_programs_rev(tx);
        }
        // "Retroactive calculation on enable": evaluate every customer once.
        const bool retro = active && retroactive && !was_active;
        if (retro) create_retro_job(tx, id, version, now);
        ProgramEntry e;
        e.id = id;
        e.program = p;
        e.version = version;
        e.created_at = row->i64(2);
        e.updated_at = now;
        json j = program_summary(e);
        j["retroactive"] = retro;
        return j;
    });
}

void Service::delete_program(const std::string& id) {
    store_->write([&](Tx& tx) {
        const std::int64_t now = now_ms();
        if (tx.c.exec("UPDATE programs SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL",
                      {now, now, id}) == 0)
            throw ServiceError(404, "", "no such program");
        impl_->bump_programs_rev(tx);
    });
}

json Service::milestones(const std::optional<std::string>& program_id) {
    return store_->read([&](Tx& tx) {
        auto ps = impl_->load_programs(tx);
        if (program_id && (!ps->find(*program_id) || ps->find(*program_id)->deleted_at))
            throw ServiceError(404, "", "no such program");
        json list = json::array();
        for (const auto& e : ps->list) {
            if (e->deleted_at || (program_id && e->id != *program_id)) continue;
            const Program& p = e->program;
            for (const Step& s : p.steps) {
                std::vector<Money> credits;
                for (const Reward& r : s.rewards)
                    if (r.type == RewardType::store_credit) credits.push_back(r.amount);
                std::sort(credits.rbegin(), credits.rend());
                if (s.pick && *s.pick < static_cast<int>(credits.size())) credits.resize(static_cast<std::size_t>(*s.pick));
                Money reward_amount = 0;
                for (Money m : credits) reward_amount += m;
                json rewards = json::array();
                for (const Reward& r : s.rewards) rewards.push_back(reward_to_json(r, digits()));
                json m{{"id", s.id},
                       {"slug", s.id},
                       {"program_id", p.id},
                       {"program_kind", to_string(p.kind)},
                       {"name", s.name},
                       {"description", s.description},
                       {"metric", to_string(s.metric)},
                       {"reward_amount", money(reward_amount)},
                       {"rewards", rewards},
                       {"repeating", p.kind == ProgramKind::tiers && s.repeating},
                       {"status", (p.status == Status::active && s.status == Status::active) ? "active" : "inactive"}};
                if (s.metric == Metric::spend)
                    m["threshold"] = target_text(s, digits());
                else
                    m["target"] = s.target;
                if (s.pick) m["choice"] = json{{"pick", *s.pick}};
                list.push_back(std::move(m));
            }
        }
        return json{{"milestones", list}};
    });
}

// ------------------------------------------------------------------ progress

namespace {

const ProgramEntry* choose_program(const ProgramSet& ps, const std::optional<std::string>& id,
                                   std::optional<ProgramKind> kind) {
    if (id) {
        const ProgramEntry* e = ps.find(*id);
        if (!e || e->deleted_at) throw ServiceError(404, "", "no such program");
        return e;
    }
    const ProgramEntry* fallback = nullptr;
    for (const auto& e : ps.list) {
        if (e->deleted_at || (kind && e->program.kind != *kind)) continue;
        if (e->program.status == Status::active) return e.get();
        if (!fallback) fallback = e.get();
    }
    if (!fallback)
        throw ServiceError(404, "", kind == ProgramKind::journey ? "no journey program" : kind ? "no tiers program" : "no program");
    return fallback;
}

}  // namespace

static std::string report_with_ids(Service::Impl& impl, Tx& tx, const ProgramEntry& e, const std::string& customer_id,
                                   const History& h, Time as_of) {
    Report r = evaluate(e.program, h, as_of);
    std::string text = report_json(e.program, r);
    if (r.awards.empty()) return text;
    // Add what the server did with each decision: status and ledger row.
    std::map<std::string, std::pair<std::string, std::optional<std::int64_t>>> known;
    tx.c.each("SELECT award_key, state FROM awards WHERE customer_id = ? AND program_id = ?", {customer_id, e.id},
              [&](const db::RowView& row) {
                  known[row.str(0)].first = row.str(1);
                  return true;
              });
    tx.c.each("SELECT award_key, ledger_id FROM rewards WHERE customer_id = ? AND program_id = ? AND ledger_id IS NOT NULL",
              {customer_id, e.id}, [&](const db::RowView& row) {
                  auto& k = known[row.str(0)];
                  if (!k.second) k.second = row.i64(1);
                  return true;
              });
    // Insert "status" and "transaction_id" after each award's "key" inside the
    // awards list (milestones_earned / awards, which precedes "clawbacks"),
    // keeping the engine's bytes and key order. Keys are ids joined by ':' and
    // never need escaping; inside JSON strings a quote is always escaped, so
    // the pattern cannot match text in a name.
    const char* list = e.program.kind == ProgramKind::tiers ? "\"milestones_earned\":[" : "\"awards\":[";
    std::size_t from = text.find(list);
    std::size_t until = text.find("\"clawbacks\":[", from == std::string::npos ? 0 : from);
    if (from == std::string::npos || until == std::string::npos) return text;
    std::string out;
    out.reserve(text.size() + r.awards.size() * 48);
    out.append(text, 0, from);
    static const std::string pat = "\"key\":\"";
    std::size_t pos = from;
    for (;;) {
        std::size_t k = text.find(pat, pos);
        if (k == std::string::npos || k >= until) break;
        std::size_t vstart = k + pat.size();
        std::size_t vend = text.find('"', vstart);
        if (vend == std::string::npos) break;
        out.append(text, pos, vend + 1 - pos);
        auto it = known.find(text.substr(vstart, vend - vstart));
        if (it == known.end() || it->second.first.empty()) {
            out += ",\"status\":\"not_issued\"";
        } else {
            out += ",\"status\":\"" + it->second.first + "\"";
            if (it->second.second) out += ",\"transaction_id\":" + std::to_string(*it->second.second);
        }
        pos = vend + 1;
    }
    out.append(text, pos, std::string::npos);
    (void)impl;
    return out;
}

static History load_history(Service::Impl& impl, Tx& tx, const std::string& customer_id, bool items) {
    History h;
    h.customer.id = customer_id;
    if (auto c = impl.load_customer(tx, customer_id)) {
        h.customer.roles = c->roles;
        h.events = impl.load_events(tx, customer_id, items);
    }
    return h;
}

std::string Service::progress(const std::string& customer_id, const std::optional<std::string>& program_id,
                              std::optional<ProgramKind> kind, std::optional<Time> as_of) {
    return store_->read([&](Tx& tx) {
        auto ps = impl_->load_programs(tx);
        const ProgramEntry* e = choose_program(*ps, program_id, kind);
        History h = load_history(*impl_, tx, customer_id, e->needs_items);
        return report_with_ids(*impl_, tx, *e, customer_id, h, as_of.value_or(now_ms()));
    });
}

std::string Service::all_progress(const std::string& customer_id, std::optional<Time> as_of) {
    return store_->read([&](Tx& tx) {
        auto ps = impl_->load_programs(tx);
        History h = load_history(*impl_, tx, customer_id, ps->any_needs_items());
        std::string out = "{\"customer_id\":" + json(customer_id).dump() + ",\"reports\":[";
        bool first = true;
        for (const auto& e : ps->list) {
            if (!e->active()) continue;
            if (!first) out += ",";
            first = false;
            out += report_with_ids(*impl_, tx, *e, customer_id, h, as_of.value_or(now_ms()));
        }
        return out + "]}";
    });
}

std::string Service::history_json(const std::string& customer_id) {
    return store_->read([&](Tx& tx) {
        json customer{{"id", customer_id}, {"roles", json::array()}};
        json events = json::array();
        if (auto c = impl_->load_customer(tx, customer_id)) {
            customer["roles"] = c->roles;
            std::vector<std::pair<std::pair<std::int64_t, std::string>, json>> rows;
            const std::string sql = std::string("SELECT ") + kEventColumns + ", items FROM events WHERE customer_id = ?";
            tx.c.each(sql, {customer_id}, [&](const db::RowView& r) {
                Event e = event_from_row(r, 0, digits(), false);
                json j{{"id", e.id}, {"type", to_string(e.type)}, {"at", iso(e.at)}};
                switch (e.type) {
                    case EventType::order:
                        j["order_id"] = e.order_id;
                        j["status"] = e.status;
                        j["subtotal"] = money(e.subtotal);
                        j["tax"] = money(e.tax);
                        j["shipping"] = money(e.shipping);
                        j["total"] = money(e.total);
                        j["wallet_paid"] = money(e.wallet_paid);
                        if (!r.null(14)) {
                            json items = json::parse(r.text(14), nullptr, false);
                            if (items.is_array()) j["items"] = items;
                        }
                        break;
                    case EventType::order_status:
                        j["order_id"] = e.order_id;
                        j["status"] = e.status;
                        break;
                    case EventType::refund:
                        j["order_id"] = e.order_id;
                        j["amount"] = money(e.amount);
                        break;
                    case EventType::review:
                        if (!e.product_id.empty()) j["product_id"] = e.product_id;
                        break;
                    case EventType::referral:
                        if (!e.referee_id.empty()) j["referee_id"] = e.referee_id;
                        j["purchased"] = e.purchased;
                        break;
                    case EventType::points: j["points"] = e.points; break;
                    case EventType::subscription_renewal:
                        if (!e.subscription_id.empty()) j["subscription_id"] = e.subscription_id;
                        break;
                }
                rows.push_back({{e.at, e.id}, std::move(j)});
                return true;
            });
            std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
            for (auto& r : rows) events.push_back(std::move(r.second));
        }
        return json{{"customer", customer}, {"events", events}}.dump();
    });
}

// ------------------------------------------------------------------ wallet

namespace {

json ledger_row(const db::RowView& r, const Service& s) {
    // id, customer_id, at, type, note, memo, amount, balance_after, status, requested, expires_at, remaining, award_key, program_id
    json j{{"id", r.i64(0)},
           {"customer_id", r.str(1)},
           {"date", iso(r.i64(2))},
           {"type", r.str(3)},
           {"note", r.str(4)},
           {"amount", s.money(r.i64(6))},
           {"balance_after", s.money(r.i64(7))},
           {"currency", s.currency()},
           {"status", r.str(8)}};
    if (!r.null(5)) j["memo"] = r.str(5);
    if (!r.null(9)) j["requested"] = s.money(r.i64(9));
    if (!r.null(10)) j["expires_at"] = iso(r.i64(10));
    if (!r.null(11)) j["remaining"] = s.money(r.i64(11));
    if (!r.null(12)) j["award_key"] = r.str(12);
    if (!r.null(13)) j["program_id"] = r.str(13);
    return j;
}

const char* const kLedgerColumns =
    "id, customer_id, at, type, note, memo, amount, balance_after, status, requested, expires_at, remaining, award_key, "
    "program_id";

std::string ledger_where(const TransactionFilter& f, db::Params& p) {
    std::string w = " WHERE 1 = 1";
    if (f.customer_id) {
        w += " AND customer_id = ?";
        p.push_back(*f.customer_id);
    }
    if (f.type) {
        w += " AND type = ?";
        p.push_back(*f.type);
    }
    if (f.from) {
        w += " AND at >= ?";
        p.push_back(*f.from);
    }
    if (f.to) {
        w += " AND at < ?";
        p.push_back(*f.to);
    }
    if (f.before_id) {
        w += " AND id < ?";
        p.push_back(*f.before_id);
    }
    return w;
}

std::string csv_field(const std::string& s) {
    // Quote always; neutralize spreadsheet formulas in free text.
    std::string v = s;
    if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) {
        bool numeric = v.size() > 1 && std::all_of(v.begin() + 1, v.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
        if (!numeric) v = "'" + v;
    }
    std::string out = "\"";
    for (char c : v) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

}  // namespace

json Service::wallet(const std::string& customer_id) {
    return store_->read([&](Tx& tx) {
        Money bal = 0;
        json expiring = json::array();
        std::int64_t points = 0;
        if (auto c = impl_->load_customer(tx, customer_id)) {
            bal = c->balance;
            tx.c.each("SELECT id, remaining, expires_at FROM ledger WHERE customer_id = ? AND remaining > 0 AND "
                      "expires_at IS NOT NULL ORDER BY expires_at, id",
                      {customer_id}, [&](const db::RowView& r) {
                          expiring.push_back(
                              {{"transaction_id", r.i64(0)}, {"amount", money(r.i64(1))}, {"expires_at", iso(r.i64(2))}});
                          return true;
                      });
            if (auto row = tx.c.one("SELECT COALESCE(SUM(points), 0) FROM rewards WHERE customer_id = ? AND type = 'points' AND state = 'issued'",
                                    {customer_id}))
                points = row->i64(0);
        }
        return json{{"customer_id", customer_id}, {"currency", currency()}, {"balance", money(bal)},
                    {"points", points},         {"expiring", expiring}};
    });
}

json Service::transactions(const TransactionFilter& f) {
    return store_->read([&](Tx& tx) {
        db::Params p;
        std::string sql = std::string("SELECT ") + kLedgerColumns + " FROM ledger" + ledger_where(f, p) +
                          " ORDER BY id DESC LIMIT ?";
        p.push_back(std::clamp<std::int64_t>(f.limit, 1, 1000));
        json rows = json::array();
        tx.c.each(sql, p, [&](const db::RowView& r) {
            rows.push_back(ledger_row(r, *this));
            return true;
        });
        json j{{"transactions", rows}};
        if (rows.size() == static_cast<std::size_t>(std::clamp<std::int64_t>(f.limit, 1, 1000)) && !rows.empty())
            j["next_before_id"] = rows.back()["id"];
        return j;
    });
}

json Service::ledger_summary(const TransactionFilter& f) {
    return store_->read([&](Tx& tx) {
        db::Params p;
        TransactionFilter all = f;
        all.before_id.reset();
        const std::string where = ledger_where(all, p);
        json by_type = json::array();
        Money credited = 0, debited = 0, breakage = 0, not_collected = 0;
        std::int64_t rows = 0;
        tx.c.each("SELECT type, COUNT(*), COALESCE(SUM(CASE WHEN amount > 0 THEN amount ELSE 0 END), 0), "
                  "COALESCE(SUM(CASE WHEN amount < 0 THEN -amount ELSE 0 END), 0), "
                  "COALESCE(SUM(CASE WHEN status = 'not_collected' THEN requested ELSE 0 END), 0) FROM ledger" +
                      where + " GROUP BY type ORDER BY type",
                  p, [&](const db::RowView& r) {
                      const std::string type = r.str(0);
                      const Money in = r.i64(2), out = r.i64(3);
                      by_type.push_back({{"type", type}, {"count", r.i64(1)}, {"amount", money(in - out)}});
                      rows += r.i64(1);
                      credited += in;
                      debited += out;
                      not_collected += r.i64(4);
                      if (type == kCreditExpired) breakage += out;
                      return true;
                  });
        db::Params q;
        std::string liability_sql = "SELECT COALESCE(SUM(balance), 0) FROM customers";
        if (f.customer_id) {
            liability_sql += " WHERE id = ?";
            q.push_back(*f.customer_id);
        }
        auto liability = tx.c.one(liability_sql, q);
        json j{{"currency", currency()},
               {"transactions", rows},
               {"by_type", by_type},
               {"credited", money(credited)},
               {"debited", money(debited)},
               {"net", money(credited - debited)},
               {"breakage", money(breakage)},
               {"clawbacks_not_collected", money(not_collected)},
               {"outstanding_now", money(liability ? liability->i64(0) : 0)}};
        j["from"] = f.from ? json(iso(*f.from)) : json();
        j["to"] = f.to ? json(iso(*f.to)) : json();
        if (f.customer_id) j["customer_id"] = *f.customer_id;
        return j;
    });
}

void Service::ledger_csv(const TransactionFilter& f, std::ostream& out) {
    out << "transaction_id,date,customer_id,type,note,memo,amount,balance_after,currency,status,requested,expires_at,"
           "remaining,award_key,program_id\r\n";
    std::int64_t after = 0;
    for (;;) {  // in pages, so PostgreSQL never materializes the whole ledger
        std::int64_t n = 0;
        store_->read([&](Tx& tx) {
            db::Params p;
            TransactionFilter page = f;
            page.before_id.reset();
            std::string sql = std::string("SELECT ") + kLedgerColumns + " FROM ledger" + ledger_where(page, p) +
                              " AND id > ? ORDER BY id LIMIT 5000";
            p.push_back(after);
            tx.c.each(sql, p, [&](const db::RowView& r) {
                ++n;
                after = r.i64(0);
                out << r.i64(0) << ',' << iso(r.i64(2)) << ',' << csv_field(r.str(1)) << ',' << csv_field(r.str(3))
                    << ',' << csv_field(r.str(4)) << ',' << csv_field(r.str(5)) << ',' << money(r.i64(6)) << ','
                    << money(r.i64(7)) << ',' << currency() << ',' << r.str(8) << ','
                    << (r.null(9) ? "" : money(r.i64(9))) << ',' << (r.null(10) ? "" : iso(r.i64(10))) << ','
                    << (r.null(11) ? "" : money(r.i64(11))) << ',' << csv_field(r.str(12)) << ','
                    << csv_field(r.str(13)) << "\r\n";
                return true;
            });
        });
        if (n < 5000) break;
    }
}

json Service::wallet_adjust(const std::string& customer_id, const std::string& type, const std::string& amount_text,
                            const std::string& note) {
    if (!valid_customer_id(customer_id)) throw ServiceError(404, "", "no such customer");
    if (type != "credit" && type != "debit") throw ServiceError(422, "/type", "must be \"credit\" or \"debit\"");
    auto amount = parse_money(amount_text, digits());
    if (!amount || *amount <= 0)
        throw ServiceError(422, "/amount", "must be a positive amount with at most " + std::to_string(digits()) + " decimals");
    return store_->write([&](Tx& tx) {
        const std::int64_t now = now_ms();
        tx.lock_customer(customer_id);
        impl_->ensure_customer(tx, customer_id, std::nullopt, now);
        std::int64_t id;
        if (type == "credit") {
            id = impl_->credit(tx, customer_id, *amount, "Manual Credit", note.empty() ? "Manual Credit" : note, "",
                               std::nullopt, "", "", now);
        } else {
            Money bal = impl_->balance(tx, customer_id);
            if (bal < *amount)
                throw ServiceError(422, "/amount", "exceeds the balance (" + money(bal) + ")");
            id = impl_->debit(tx, customer_id, *amount, "Wallet Payment", note.empty() ? "Wallet Payment" : note, "", "",
                              "", std::nullopt, now);
        }
        json row;
        tx.c.each(std::string("SELECT ") + kLedgerColumns + " FROM ledger WHERE id = ?", {id}, [&](const db::RowView& r) {
            row = ledger_row(r, *this);
            return false;
        });
        return row;
    });
}

// ------------------------------------------------------------------ rewards, choices, notices

json Service::rewards(const std::string& customer_id) {
    return store_->read([&](Tx& tx) {
        json list = json::array();
        tx.c.each("SELECT id, award_key, program_id, step_id, type, points, amount, percent, product_id, code, ledger_id, "
                  "state, issued_at, expires_at, redeemed_at FROM rewards WHERE customer_id = ? ORDER BY id",
                  {customer_id}, [&](const db::RowView& r) {
                      json j{{"id", r.i64(0)},        {"award_key", r.str(1)}, {"program_id", r.str(2)},
                             {"milestone_id", r.str(3)}, {"type", r.str(4)},      {"state", r.str(11)},
                             {"issued_at", iso(r.i64(12))}};
                      if (!r.null(5)) j["points"] = r.i64(5);
                      if (!r.null(6)) j["amount"] = money(r.i64(6));
                      if (!r.null(7)) j["percent"] = r.i64(7);
                      if (!r.null(8)) j["product_id"] = r.str(8);
                      if (!r.null(9)) j["code"] = r.str(9);
                      if (!r.null(10)) j["transaction_id"] = r.i64(10);
                      if (!r.null(13)) j["expires_at"] = iso(r.i64(13));
                      if (!r.null(14)) j["redeemed_at"] = iso(r.i64(14));
                      list.push_back(std::move(j));
                      return true;
                  });
        return json{{"customer_id", customer_id}, {"rewards", list}};
    });
}

json Service::redeem_reward(const std::string& customer_id, std::int64_t reward_id) {
    return store_->write([&](Tx& tx) {
        const std::int64_t now = now_ms();
        auto row = tx.c.one("SELECT state, type FROM rewards WHERE id = ? AND customer_id = ?", {reward_id, customer_id});
        if (!row) throw ServiceError(404, "", "no such reward");
        if (row->str(1) == "store_credit") throw ServiceError(409, "", "store credit is spent from the wallet, not redeemed");
        if (row->str(0) != "issued") throw ServiceError(409, "", "reward is " + row->str(0));
        tx.c.exec("UPDATE rewards SET state = 'redeemed', redeemed_at = ? WHERE id = ?", {now, reward_id});
        return json{{"id", reward_id}, {"state", "redeemed"}, {"redeemed_at", iso(now)}};
    });
}

json Service::choices(const std::string& customer_id) {
    return store_->read([&](Tx& tx) {
        json list = json::array();
        tx.c.each("SELECT id, award_key, program_id, step_id, pick, options, created_at FROM choices WHERE customer_id = ? "
                  "AND state = 'pending' ORDER BY id",
                  {customer_id}, [&](const db::RowView& r) {
                      list.push_back({{"id", r.i64(0)},
                                      {"award_key", r.str(1)},
                                      {"program_id", r.str(2)},
                                      {"milestone_id", r.str(3)},
                                      {"pick", r.i64(4)},
                                      {"options", json::parse(r.text(5), nullptr, false)},
                                      {"created_at", iso(r.i64(6))}});
                      return true;
                  });
        return json{{"customer_id", customer_id}, {"choices", list}};
    });
}

json Service::pick(const std::string& customer_id, std::int64_t choice_id, const std::vector<int>& picks) {
    return store_->write([&](Tx& tx) {
        const std::int64_t now = now_ms();
        tx.lock_customer(customer_id);
        auto row = tx.c.one("SELECT award_key, program_id, step_id, pick, options, state FROM choices WHERE id = ? AND customer_id = ?",
                            {choice_id, customer_id});
        if (!row) throw ServiceError(404, "", "no such choice");
        if (row->str(5) != "pending") throw ServiceError(409, "", "choice is already " + row->str(5));
        const std::string key = row->str(0), program_id = row->str(1), step_id = row->str(2);
        const auto pick = static_cast<std::size_t>(row->i64(3));
        json options = json::parse(row->text(4), nullptr, false);
        std::vector<int> sorted = picks;
        std::sort(sorted.begin(), sorted.end());
        if (sorted.size() != pick) throw ServiceError(422, "/picks", "must list exactly " + std::to_string(pick) + " option(s)");
        for (std::size_t i = 0; i < sorted.size(); ++i) {
            if (sorted[i] < 0 || static_cast<std::size_t>(sorted[i]) >= options.size())
                throw ServiceError(422, "/picks", "option " + std::to_string(sorted[i]) + " does not exist (0-" +
                                                      std::to_string(options.size() - 1) + ")");
            if (i > 0 && sorted[i] == sorted[i - 1]) throw ServiceError(422, "/picks", "must not repeat an option");
        }
        auto ps = impl_->load_programs(tx);
        const ProgramEntry* e = ps->find(program_id);
        if (!e) throw ServiceError(409, "", "the program no longer exists");
        const Step* step = nullptr;
        for (const Step& s : e->program.steps)
            if (s.id == step_id) step = &s;
        Step fallback;
        if (!step) {
            fallback.id = fallback.name = step_id;
            step = &fallback;
        }
        auto award = tx.c.one("SELECT expires_at FROM awards WHERE customer_id = ? AND award_key = ?", {customer_id, key});
        std::optional<Time> expires_at = award ? award->opt_i64(0) : std::nullopt;
        json issued = json::array();
        std::string message = "You picked your " + step->name + " reward.";
        IssuedAward ia;
        ia.customer_id = customer_id;
        ia.program_id = program_id;
        ia.step_id = step_id;
        ia.step_name = step->name;
        ia.key = key;
        ia.state = "issued";
        ia.source = "choice";
        for (int idx : sorted) {
            auto r = reward_from_json(options[static_cast<std::size_t>(idx)], digits());
            if (!r) continue;
            std::string code;
            auto lid = impl_->issue_reward(tx, customer_id, *e, *step, key, *r, expires_at, "customer choice", now, &code);
            if (r->type == RewardType::store_credit) {
                ia.store_credit += r->amount;
                if (lid && !ia.transaction_id) ia.transaction_id = lid;
            }
            ia.rewards.push_back(*r);
            message += " " + impl_->reward_sentence(*r, code);
            json rj = reward_to_json(*r, digits());
            if (!code.empty()) rj["code"] = code;
            issued.push_back(rj);
        }
        tx.c.exec("UPDATE choices SET state = 'resolved', picked = ?, resolved_at = ? WHERE id = ?",
                  {json(sorted).dump(), now, choice_id});
        tx.c.exec("UPDATE awards SET state = 'issued' WHERE customer_id = ? AND award_key = ? AND state = 'pending_choice'",
                  {customer_id, key});
        impl_->add_notice(tx, customer_id, key, message, now);
        if (impl_->hooks) {
            auto hk = impl_->hooks;
            tx.after_commit([hk, ia] { hk->awarded(ia); });
        }
        return json{{"id", choice_id}, {"state", "resolved"}, {"picked", sorted}, {"rewards", issued}};
    });
}

json Service::notices(const std::string& customer_id) {
    return store_->read([&](Tx& tx) {
        json list = json::array();
        tx.c.each("SELECT id, award_key, message, created_at FROM notices WHERE customer_id = ? AND delivered_at IS NULL ORDER BY id",
                  {customer_id}, [&](const db::RowView& r) {
                      json j{{"id", r.i64(0)}, {"message", r.str(2)}, {"created_at", iso(r.i64(3))}};
                      if (!r.null(1)) j["award_key"] = r.str(1);
                      list.push_back(std::move(j));
                      return true;
                  });
        return json{{"customer_id", customer_id}, {"notices", list}};
    });
}

json Service::ack_notices(const std::string& customer_id, const std::vector<std::int64_t>& ids) {
    return store_->write([&](Tx& tx) {
        const std::int64_t now = now_ms();
        std::int64_t n = 0;
        for (std::int64_t id : ids)
            n += tx.c.exec("UPDATE notices SET delivered_at = ? WHERE id = ? AND customer_id = ? AND delivered_at IS NULL",
                           {now, id, customer_id});
        return json{{"delivered", n}};
    });
}

json Service::outbox(bool pending_only, std::int64_t limit) {
    return store_->read([&](Tx& tx) {
        json list = json::array();
        std::string sql =
            "SELECT id, customer_id, to_address, subject, body, award_key, created_at, sent_at, attempts, last_error "
            "FROM email_outbox";
        if (pending_only) sql += " WHERE sent_at IS NULL";
        sql += " ORDER BY id LIMIT ?";
        tx.c.each(sql, {std::clamp<std::int64_t>(limit, 1, 1000)}, [&](const db::RowView& r) {
            json j{{"id", r.i64(0)},      {"customer_id", r.str(1)},       {"subject", r.str(3)},
                   {"body", r.str(4)},    {"created_at", iso(r.i64(6))}, {"attempts", r.i64(8)}};
            j["to"] = r.null(2) ? json() : json(r.str(2));
            if (!r.null(5)) j["award_key"] = r.str(5);
            if (!r.null(7)) j["sent_at"] = iso(r.i64(7));
            if (!r.null(9)) j["last_error"] = r.str(9);
            list.push_back(std::move(j));
            return true;
        });
        return json{{"emails", list}};
    });
}

json Service::mark_sent(std::int64_t id, const std::optional<std::string>& error) {
    return store_->write([&](Tx& tx) {
        const std::int64_t now = now_ms();
        std::int64_t n;
        if (error)
            n = tx.c.exec("UPDATE email_outbox SET attempts = attempts + 1, last_error = ? WHERE id = ? AND sent_at IS NULL",
                          {*error, id});
        else
            n = tx.c.exec("UPDATE email_outbox SET attempts = attempts + 1, sent_at = ? WHERE id = ? AND sent_at IS NULL",
                          {now, id});
        if (n == 0) throw ServiceError(404, "", "no such unsent email");
        return json{{"id", id}, {"sent", !error}};
    });
}

json Service::customers(const std::string& after, std::int64_t limit) {
    return store_->read([&](Tx& tx) {
        json list = json::array();
        const std::int64_t n = std::clamp<std::int64_t>(limit, 1, 1000);
        tx.c.each(std::string("SELECT ") + kCustomerColumns + " FROM customers WHERE id > ? ORDER BY id LIMIT ?",
                  {after, n}, [&](const db::RowView& r) {
                      list.push_back(customer_json(customer_from_row(r), *this));
                      return true;
                  });
        json out{{"customers", list}};
        // A full page may have more after it: the caller passes this as `after`.
        out["next_after"] = static_cast<std::int64_t>(list.size()) == n ? json(list.back()["id"]) : json();
        return out;
    });
}

json Service::customer(const std::string& id) {
    return store_->read([&](Tx& tx) {
        auto c = impl_->load_customer(tx, id);
        return c ? customer_json(*c, *this) : json();
    });
}

json Service::jobs() {
    return store_->read([&](Tx& tx) {
        json list = json::array();
        tx.c.each("SELECT id, kind, program_id, cursor, processed, total, awards, started_at, updated_at, finished_at FROM jobs ORDER BY started_at",
                  {}, [&](const db::RowView& r) {
                      json j{{"id", r.str(0)},         {"kind", r.str(1)},      {"processed", r.i64(4)},
                             {"total", r.i64(5)},      {"awards", r.i64(6)},    {"started_at", iso(r.i64(7))},
                             {"updated_at", iso(r.i64(8))}, {"finished", !r.null(9)}};
                      if (!r.null(2)) j["program_id"] = r.str(2);
                      if (!r.null(9)) j["finished_at"] = iso(r.i64(9));
                      list.push_back(std::move(j));
                      return true;
                  });
        return json{{"jobs", list}};
    });
}

}  // namespace stepwise::server
