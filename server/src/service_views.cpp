// The read side: progress reports, history, wallet, rewards, choices,
// notices, outbox, ledger export.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <ostream>

#include "awards_table.hpp"
#include "choices_table.hpp"
#include "customers_table.hpp"
#include "email_outbox_table.hpp"
#include "events_table.hpp"
#include "internal.hpp"
#include "ledger_table.hpp"
#include "notices_table.hpp"
#include "programs_table.hpp"
#include "read_cache.hpp"
#include "rewards_table.hpp"

namespace stepwise::server {

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

namespace {

// What a progress read needs of one customer: from the read cache while the
// customer's rev is unchanged, else loaded (and kept) in this transaction.
std::shared_ptr<const CustomerSnapshot> snapshot(Service::Impl& impl, Tx& tx, const std::string& customer_id,
                                                 bool items) {
    auto rev = customers_table::rev(tx.c, customer_id);
    if (!rev) {
        auto none = std::make_shared<CustomerSnapshot>();
        none->history.customer.id = customer_id;
        return none;
    }
    if (auto kept = impl.read_cache->find(customer_id, *rev, items)) return kept;
    auto snap = std::make_shared<CustomerSnapshot>();
    snap->rev = *rev;
    snap->exists = true;
    snap->with_items = items;
    snap->history.customer.id = customer_id;
    if (auto c = impl.load_customer(tx, customer_id)) snap->history.customer.roles = c->roles;
    snap->history.events = events_table::of_customer(tx.c, customer_id, impl.s.digits(), items);
    std::map<std::string, std::size_t> by_key;
    snap->awards = awards_table::stored_of_customer(tx.c, customer_id);
    for (std::size_t i = 0; i < snap->awards.size(); ++i) by_key.emplace(snap->awards[i].key, i);
    // An award's ledger row: the first reward of that key that moved money.
    for (const auto& [key, ledger_id] : rewards_table::ledger_ids_of_customer(tx.c, customer_id)) {
        auto it = by_key.find(key);
        if (it != by_key.end() && !snap->awards[it->second].transaction_id) snap->awards[it->second].transaction_id = ledger_id;
    }
    for (const StoredAward& a : snap->awards) append_grant(a, snap->history.events);
    impl.read_cache->keep(customer_id, snap);
    return snap;
}

std::map<std::string, StoredAward> stored_awards(const CustomerSnapshot& snap, const std::string& program_id) {
    std::map<std::string, StoredAward> out;
    for (const StoredAward& a : snap.awards)
        if (a.program_id == program_id) out.emplace(a.key, a);
    return out;
}

bool has_awards(const CustomerSnapshot& snap, const std::string& program_id) {
    for (const StoredAward& a : snap.awards)
        if (a.program_id == program_id) return true;
    return false;
}

// The step an award was for: in the program as it is now, else in the version
// that issued it (a step removed since), appended to `shown` for writing only.
std::optional<std::size_t> award_step(Tx& tx, const ProgramEntry& e, const StoredAward& a, Program& shown) {
    for (std::size_t i = 0; i < shown.steps.size(); ++i)
        if (shown.steps[i].id == a.step_id) return i;
    auto doc = programs_table::version_doc(tx.c, e.id, a.program_version);
    if (!doc) return std::nullopt;
    auto old = parse_program(*doc);
    if (!old.ok()) return std::nullopt;
    for (const Step& st : old.value->steps)
        if (st.id == a.step_id) {
            shown.steps.push_back(st);
            shown.steps.back().status = Status::inactive;
            return shown.steps.size() - 1;
        }
    return std::nullopt;
}

}  // namespace

// The engine's report, plus what the server did: every award it recorded for
// this program (engine, manual, choice; of steps and programs inactive now
// too) appears in the awards list with its status, source, real expiry and
// ledger row, so nothing a customer earned ever vanishes from a report.
static std::string report_with_ids(Tx& tx, const ProgramEntry& e, const CustomerSnapshot& snap, Time as_of) {
    Report r = evaluate(e.program, snap.history, as_of);
    std::map<std::string, StoredAward> known = stored_awards(snap, e.id);
    Program shown = e.program;
    std::set<std::string> in_report;
    for (Award& a : r.awards) {
        in_report.insert(a.key);
        auto it = known.find(a.key);
        if (it != known.end() && it->second.state != "vetoed") a.expires_at = it->second.expires_at;  // credited then
    }
    std::vector<Award> extra;
    for (const auto& [key, stored] : known) {
        if (in_report.count(key) || stored.awarded_at > as_of) continue;
        auto step = award_step(tx, e, stored, shown);
        if (!step) continue;
        Award a;
        a.key = key;
        a.step_index = *step;
        a.step_id = stored.step_id;
        a.occurrence = static_cast<int>(stored.occurrence);
        a.awarded_at = stored.awarded_at;
        a.expires_at = stored.expires_at;
        a.clawed_back_at = stored.clawed_back_at;
        extra.push_back(std::move(a));
    }
    // In the order the engine would have decided them: by time, then step, then occurrence.
    std::sort(extra.begin(), extra.end(), [](const Award& x, const Award& y) {
        return std::tie(x.awarded_at, x.step_index, x.occurrence) < std::tie(y.awarded_at, y.step_index, y.occurrence);
    });
    for (Award& a : extra) r.awards.push_back(std::move(a));
    std::stable_sort(r.awards.begin(), r.awards.end(),
                     [](const Award& x, const Award& y) { return x.awarded_at < y.awarded_at; });
    std::string text = report_json(shown, r);
    if (r.awards.empty()) return text;
    // Insert "status", "source" and "transaction_id" after each award's "key"
    // inside the awards list (milestones_earned / awards, which precedes
    // "clawbacks"), keeping the engine's bytes and key order. Keys are ids
    // joined by ':' and never need escaping; inside JSON strings a quote is
    // always escaped, so the pattern cannot match text in a name.
    const char* list = e.program.kind == ProgramKind::tiers ? "\"milestones_earned\":[" : "\"awards\":[";
    std::size_t from = text.find(list);
    std::size_t until = text.find("\"clawbacks\":[", from == std::string::npos ? 0 : from);
    if (from == std::string::npos || until == std::string::npos) return text;
    std::string out;
    out.reserve(text.size() + r.awards.size() * 64);
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
        if (it == known.end()) {
            out += ",\"status\":\"not_issued\"";
        } else {
            out += ",\"status\":\"" + it->second.state + "\",\"source\":\"" + it->second.source + "\"";
            if (it->second.transaction_id) out += ",\"transaction_id\":" + std::to_string(*it->second.transaction_id);
        }
        pos = vend + 1;
    }
    out.append(text, pos, std::string::npos);
    return out;
}

std::string Service::progress(const std::string& customer_id, const std::optional<std::string>& program_id,
                              std::optional<ProgramKind> kind, std::optional<Time> as_of, bool shopper_view) {
    return impl_->store->read([&](Tx& tx) {
        auto ps = impl_->load_programs(tx);
        const ProgramEntry* e = choose_program(*ps, program_id, kind);
        // A shopper sees an inactive program only for what they earned in it.
        auto snap = snapshot(*impl_, tx, customer_id, e->needs_items);
        if (shopper_view && !e->active() && !has_awards(*snap, e->id))
            throw ServiceError(404, "", program_id ? "no such program" : "no program is running");
        return report_with_ids(tx, *e, *snap, as_of.value_or(now_ms()));
    });
}

std::string Service::view(const std::string& customer_id, const std::string& program_id, std::optional<Time> as_of,
                          bool shopper_view) {
    return impl_->store->read([&](Tx& tx) {
        auto ps = impl_->load_programs(tx);
        const ProgramEntry* e = ps->find(program_id);
        if (!e || e->deleted_at || (shopper_view && !e->active())) throw ServiceError(404, "", "no such program");
        auto snap = snapshot(*impl_, tx, customer_id, e->needs_items);
        const Time at = as_of.value_or(now_ms());
        // The pure engine on the stored history: what the widget's engine computes
        // from /history (report_with_ids adds the server's records; this does not).
        const Report r = evaluate(e->program, snap->history, at);
        return "{\"program_id\":" + json(e->id).dump() + ",\"as_of\":\"" + iso(at) + "\",\"view_model\":" +
               view_model_json(view_model(e->program, r)) + ",\"report\":" + report_json(e->program, r) + "}";
    });
}

std::string Service::all_progress(const std::string& customer_id, std::optional<Time> as_of) {
    return impl_->store->read([&](Tx& tx) {
        auto ps = impl_->load_programs(tx);
        auto snap = snapshot(*impl_, tx, customer_id, ps->any_needs_items());
        std::string out = "{\"customer_id\":" + json(customer_id).dump() + ",\"reports\":[";
        bool first = true;
        for (const auto& e : ps->list) {
            // Active programs, and inactive ones in which this customer earned.
            if (e->deleted_at || (!e->active() && !has_awards(*snap, e->id))) continue;
            if (!first) out += ",";
            first = false;
            out += report_with_ids(tx, *e, *snap, as_of.value_or(now_ms()));
        }
        return out + "]}";
    });
}

std::string Service::history_json(const std::string& customer_id) {
    return impl_->store->read([&](Tx& tx) {
        json customer{{"id", customer_id}, {"roles", json::array()}};
        json events = json::array();
        if (auto c = impl_->load_customer(tx, customer_id)) {
            customer["roles"] = c->roles;
            std::vector<std::pair<std::pair<std::int64_t, std::string>, json>> rows;
            for (const events_table::StoredEvent& stored : events_table::stored_of_customer(tx.c, customer_id, digits())) {
                const Event& e = stored.event;
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
                        if (stored.items_json) {
                            json items = json::parse(*stored.items_json, nullptr, false);
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
                        if (stored.breakdown) {  // the breakdown, when one was given
                            j["subtotal"] = money(e.subtotal);
                            j["tax"] = money(e.tax);
                            j["shipping"] = money(e.shipping);
                        }
                        if (stored.items_json) {
                            json items = json::parse(*stored.items_json, nullptr, false);
                            if (items.is_array()) j["items"] = items;
                        }
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
                    case EventType::grant: break;  // not stored; added below from the manual awards
                }
                rows.push_back({{e.at, e.id}, std::move(j)});
            }
            std::vector<Event> grants;
            append_grants(awards_table::of_customer(tx.c, customer_id), grants);
            for (const Event& g : grants)
                rows.push_back({{g.at, g.id},
                                json{{"id", g.id}, {"type", "grant"}, {"at", iso(g.at)}, {"program_id", g.program_id},
                                     {"step_id", g.step_id}}});
            std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
            for (auto& r : rows) events.push_back(std::move(r.second));
        }
        return json{{"customer", customer}, {"events", events}}.dump();
    });
}

// ------------------------------------------------------------------ wallet

namespace {

// The repository's row for the API: the store's currency, and no merchant's
// memo in a shopper's own view.
LedgerRow shown(LedgerRow l, const Service& s, bool shopper_view = false) {
    l.currency = s.currency();
    if (shopper_view) l.memo.reset();
    return l;
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

Wallet Service::wallet(const std::string& customer_id) {
    return impl_->store->read([&](Tx& tx) {
        Wallet w;
        w.customer_id = customer_id;
        w.currency = currency();
        w.credit_coupons = credit_coupons_on();
        if (auto c = impl_->load_customer(tx, customer_id)) {
            w.balance = c->balance;
            w.held = impl_->held_credit(tx, customer_id);
            for (const ledger_table::OpenCredit& open : ledger_table::expiring_credits(tx.c, customer_id))
                w.expiring.push_back({open.id, open.remaining, *open.expires_at});
            w.points = impl_->points_balance(tx, customer_id);
        }
        // available: what is not held by open credit coupons (credit_coupons.hpp).
        w.available = std::max<Money>(0, w.balance - w.held);
        return w;
    });
}

Transactions Service::transactions(const TransactionFilter& f) {
    return impl_->store->read([&](Tx& tx) {
        const std::int64_t limit = std::clamp<std::int64_t>(f.limit, 1, 1000);
        Transactions t;
        for (LedgerRow& l : ledger_table::page(tx.c, f, limit)) t.rows.push_back(shown(std::move(l), *this, f.shopper_view));
        if (t.rows.size() == static_cast<std::size_t>(limit)) t.next_before_id = t.rows.back().id;
        return t;
    });
}

LedgerSummary Service::ledger_summary(const TransactionFilter& f) {
    return impl_->store->read([&](Tx& tx) {
        LedgerSummary sum;
        sum.currency = currency();
        for (const ledger_table::TypeTotals& t : ledger_table::totals_by_type(tx.c, f)) {
            sum.by_type.push_back({t.type, t.count, t.credited - t.debited});
            sum.transactions = saturating_add(sum.transactions, t.count);
            // Saturating: per-type sums are in range, their total need not be.
            sum.credited = saturating_add(sum.credited, t.credited);
            sum.debited = saturating_add(sum.debited, t.debited);
            sum.clawbacks_not_collected = saturating_add(sum.clawbacks_not_collected, t.not_collected);
            if (t.type == kCreditExpired) sum.breakage = saturating_add(sum.breakage, t.debited);
        }
        sum.outstanding_now = ledger_table::total_balance(tx.c, f.customer_id);
        // The liability at `to` (month-end reporting): each customer's balance
        // after their last movement before it.
        if (f.to) sum.outstanding_at_to = ledger_table::balances_at(tx.c, *f.to, f.customer_id);
        sum.from = f.from;
        sum.to = f.to;
        sum.customer_id = f.customer_id;
        return sum;
    });
}

void Service::ledger_csv(const TransactionFilter& f, std::ostream& out) {
    out << "transaction_id,date,customer_id,type,note,memo,amount,balance_after,currency,status,requested,expires_at,"
           "remaining,award_key,program_id,source,order_id,direction,owed\r\n";
    std::int64_t after = 0;
    for (;;) {  // in pages, so PostgreSQL never materializes the whole ledger
        std::int64_t n = 0;
        impl_->store->read([&](Tx& tx) {
            ledger_table::each_after(tx.c, f, after, 5000, [&](const LedgerRow& row) {
                ++n;
                after = row.id;
                const LedgerRow l = shown(row, *this);
                auto text = [](const std::optional<std::string>& v) { return csv_field(v.value_or("")); };
                out << l.id << ',' << iso(l.at) << ',' << csv_field(l.customer_id) << ',' << csv_field(l.type) << ','
                    << csv_field(l.note) << ',' << text(l.memo) << ',' << money(l.amount) << ','
                    << money(l.balance_after) << ',' << l.currency << ',' << l.status << ','
                    << (l.requested ? money(*l.requested) : "") << ',' << (l.expires_at ? iso(*l.expires_at) : "")
                    << ',' << (l.remaining ? money(*l.remaining) : "") << ',' << text(l.award_key) << ','
                    << text(l.program_id) << ',' << text(l.source) << ',' << text(l.order_id) << ','
                    << ledger_direction(l.amount) << ',' << (l.owed ? money(*l.owed) : "")
                    << "\r\n";
            });
        });
        if (n < 5000) break;
    }
}

LedgerRow Service::wallet_adjust(const std::string& customer_id, const std::string& type, const std::string& amount_text,
                                 const std::string& note, std::optional<Time> expires_at) {
    if (!valid_customer_id(customer_id)) throw ServiceError(404, "", "no such customer");
    if (type != "credit" && type != "debit") throw ServiceError(422, "/type", "must be \"credit\" or \"debit\"");
    // 10^12 minor units (10,000,000,000.00 in a two-decimal currency): far
    // above any real adjustment, and 1% of what a balance may hold (ledger.cpp).
    constexpr Money kMaxAdjustment = 1'000'000'000'000;
    auto amount = parse_money(amount_text, digits());
    if (!amount || *amount <= 0 || *amount > kMaxAdjustment)
        throw ServiceError(422, "/amount",
                           "must be a positive amount with at most " + std::to_string(digits()) + " decimals, at most " +
                               money(kMaxAdjustment));
    if (expires_at && type != "credit") throw ServiceError(422, "/expires_at", "only a credit can expire");
    if (expires_at && *expires_at <= now_ms()) throw ServiceError(422, "/expires_at", "must be in the future");
    return impl_->store->write([&](Tx& tx) {
        const std::int64_t now = now_ms();
        tx.lock_customer(customer_id);
        impl_->ensure_customer(tx, customer_id, std::nullopt, now);
        std::int64_t id;
        if (type == "credit") {
            LedgerEntry c;
            c.customer_id = customer_id;
            c.type = "Manual Credit";
            c.note = note.empty() ? "Manual Credit" : note;
            c.amount = *amount;
            c.expires_at = expires_at;
            c.source = "manual";
            id = impl_->credit(tx, c, now);
        } else {
            // Credit held by open coupons is promised: a debit takes only what is available.
            const Money bal = impl_->balance(tx, customer_id), held = impl_->held_credit(tx, customer_id);
            if (bal - held < *amount)
                throw ServiceError(422, "/amount",
                                   held > 0 ? "exceeds the available credit (" + money(std::max<Money>(0, bal - held)) +
                                                  "; " + money(held) + " of the balance " + money(bal) +
                                                  " is held by open credit coupons)"
                                            : "exceeds the balance (" + money(bal) + ")");
            LedgerEntry d;
            d.customer_id = customer_id;
            d.type = "Wallet Payment";
            d.note = note.empty() ? "Wallet Payment" : note;
            d.amount = *amount;
            d.source = "redemption";
            id = impl_->debit(tx, d, std::nullopt, now);
        }
        auto row = ledger_table::find(tx.c, id);
        if (!row) throw db::DbError("ledger row " + std::to_string(id) + " missing after writing it", false, db::Failure::internal);
        return shown(std::move(*row), *this);
    });
}

// ------------------------------------------------------------------ rewards, choices, notices

Rewards Service::rewards(const std::string& customer_id) {
    return impl_->store->read([&](Tx& tx) {
        // earned_at, the award's own moment, beside issued_at (when it was credited).
        return Rewards{customer_id, rewards_table::of_customer(tx.c, customer_id)};
    });
}

RedeemedReward Service::redeem_reward(const std::string& customer_id, std::int64_t reward_id) {
    return impl_->store->write([&](Tx& tx) {
        const std::int64_t now = now_ms();
        auto row = rewards_table::state_of(tx.c, customer_id, reward_id);
        if (!row) throw ServiceError(404, "", "no such reward");
        if (row->type == "store_credit") throw ServiceError(409, "", "store credit is spent from the wallet, not redeemed");
        if (row->state != "issued") throw ServiceError(409, "", "reward is " + row->state);
        rewards_table::mark_redeemed(tx.c, reward_id, now);
        return RedeemedReward{reward_id, now};
    });
}

Choices Service::choices(const std::string& customer_id) {
    return impl_->store->read([&](Tx& tx) {
        return Choices{customer_id, choices_table::pending_of_customer(tx.c, customer_id)};
    });
}

Picked Service::pick(const std::string& customer_id, std::int64_t choice_id, const std::vector<int>& picks) {
    return impl_->store->write([&](Tx& tx) {
        const std::int64_t now = now_ms();
        tx.lock_customer(customer_id);
        auto row = choices_table::find(tx.c, customer_id, choice_id);
        if (!row) throw ServiceError(404, "", "no such choice");
        if (row->state != "pending") throw ServiceError(409, "", "choice is already " + row->state);
        const std::string key = row->award_key, program_id = row->program_id, step_id = row->step_id;
        const auto pick = static_cast<std::size_t>(row->pick);
        json options = json::parse(row->options_json, nullptr, false);
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
        // The picked rewards are credited now: their expiry runs from now.
        const std::optional<Time> expires_at = reward_expires_at(e->program, now);
        Picked out;
        out.id = choice_id;
        out.picked = sorted;
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
            const IssuedReward ir =
                impl_->issue_reward(tx, customer_id, {e, step, key, *r, expires_at, "customer choice", "choice", ""}, now);
            if (ir.reward.type == RewardType::store_credit) {
                ia.store_credit += ir.reward.amount;
                ia.store_credit_requested += r->amount;
                if (ir.ledger_id && !ia.transaction_id) ia.transaction_id = ir.ledger_id;
            }
            ia.rewards.push_back(ir.reward);
            message += " " + impl_->reward_sentence(ir.reward, ir.code, expires_at, ir.not_credited);
            out.rewards.push_back({ir.reward, ir.code});
        }
        choices_table::mark_resolved(tx.c, choice_id, json(sorted).dump(), now);
        awards_table::mark_chosen(tx.c, customer_id, key, expires_at);
        impl_->add_notice(tx, customer_id, key, "picked", message, now);
        ia.expires_at = expires_at;
        if (auto award = awards_table::find(tx.c, customer_id, key)) {
            ia.occurrence = static_cast<int>(award->occurrence);
            ia.awarded_at = award->awarded_at;
        }
        impl_->notify_awarded(tx, ia, now);
        return out;
    });
}

Notices Service::notices(const std::string& customer_id) {
    return impl_->store->read([&](Tx& tx) {
        Notices out{customer_id, notices_table::unread_of_customer(tx.c, customer_id)};
        // What each award gave (codes included), so the storefront can name it in its own words: one
        // query for every unread notice (an order of thousands of awards has as many notices).
        std::map<std::string, std::vector<RewardRecord>> given;
        for (RewardRecord& r : rewards_table::of_unread_notices(tx.c, customer_id)) {
            std::vector<RewardRecord>& of_key = given[r.award_key];
            of_key.push_back(std::move(r));
        }
        for (Notice& n : out.notices) {
            if (!n.kind || n.kind->empty() || *n.kind == "choice" || !n.award_key) continue;
            auto it = given.find(*n.award_key);
            if (it != given.end()) n.rewards = it->second;
        }
        return out;
    });
}

std::int64_t Service::ack_notices(const std::string& customer_id, const std::vector<std::int64_t>& ids) {
    return impl_->store->write([&](Tx& tx) {
        const std::int64_t now = now_ms();
        std::int64_t n = 0;
        for (std::int64_t id : ids)
            if (notices_table::mark_delivered(tx.c, customer_id, id, now)) ++n;
        return n;
    });
}

std::vector<OutboxEmail> Service::outbox(bool pending_only, std::int64_t limit) {
    return impl_->store->read([&](Tx& tx) {
        return email_outbox_table::list(tx.c, pending_only, std::clamp<std::int64_t>(limit, 1, 1000));
    });
}

SentMark Service::mark_sent(std::int64_t id, const std::optional<std::string>& error) {
    return impl_->store->write([&](Tx& tx) {
        const std::int64_t now = now_ms();
        const bool found = error ? email_outbox_table::record_failed(tx.c, id, *error)
                                 : email_outbox_table::record_sent(tx.c, id, now);
        if (!found) throw ServiceError(404, "", "no such unsent email");
        return SentMark{id, !error};
    });
}

CustomerPage Service::customers(const std::string& after, std::int64_t limit, const std::string& prefix) {
    return impl_->store->read([&](Tx& tx) {
        CustomerPage page;
        const std::int64_t n = std::clamp<std::int64_t>(limit, 1, 1000);
        for (const CustomerRow& c : customers_table::page(tx.c, after, prefix, n)) page.customers.push_back(customer_record(c));
        // A full page may have more after it: the caller passes this as `after`.
        if (static_cast<std::int64_t>(page.customers.size()) == n) page.next_after = page.customers.back().id;
        return page;
    });
}

std::optional<CustomerRecord> Service::customer(const std::string& id) {
    return impl_->store->read([&](Tx& tx) -> std::optional<CustomerRecord> {
        auto c = impl_->load_customer(tx, id);
        if (!c) return std::nullopt;
        return customer_record(*c);
    });
}

std::vector<JobRecord> Service::jobs() {
    return impl_->store->read([&](Tx& tx) {
        std::vector<JobRecord> list;
        tx.c.each("SELECT id, kind, program_id, cursor, processed, total, awards, started_at, updated_at, finished_at FROM jobs ORDER BY started_at",
                  {}, [&](const db::RowView& r) {
                      JobRecord j;
                      j.id = r.str(0);
                      j.kind = r.str(1);
                      if (!r.null(2)) j.program_id = r.str(2);
                      j.processed = r.i64(4);
                      j.total = r.i64(5);
                      j.awards = r.i64(6);
                      j.started_at = r.i64(7);
                      j.updated_at = r.i64(8);
                      if (!r.null(9)) j.finished_at = r.i64(9);
                      list.push_back(std::move(j));
                      return true;
                  });
        return list;
    });
}

}  // namespace stepwise::server
