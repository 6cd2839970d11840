// Wallet ledger movements: the one place rows are written, so the balance on
// the customer always equals the sum of open credit, and every row says where
// it came from (source) and which order triggered it.
#include <algorithm>

#include "internal.hpp"
#include "ledger_table.hpp"
#include "platform_jobs.hpp"

namespace stepwise::server {

Money Service::Impl::balance(Tx& tx, const std::string& customer_id) {
    return ledger_table::balance(tx.c, customer_id);
}

std::int64_t Service::Impl::insert_ledger(Tx& tx, const LedgerEntry& e, Money balance_after, std::int64_t now) {
    const std::int64_t id = ledger_table::insert(tx.c, {{&e, balance_after}}, now).front();
    queue_credit_mirror(tx, {{id, &e}}, now);
    return id;
}

// Each movement once, keyed by its ledger row. An expiry is not sent: the
// platform expires the credit itself at the expiresAt it was given, and a
// second debit would take the shopper's other credit. What the shopper spent
// or got back in Shopify is not sent either: Shopify made it.
void Service::Impl::queue_credit_mirror(Tx& tx, const std::vector<std::pair<std::int64_t, const LedgerEntry*>>& rows,
                                        std::int64_t now) {
    if (s.o_.credit_platforms.empty()) return;
    std::vector<db::Params> jobs;
    for (const auto& [id, e] : rows) {
        if (e->amount == 0 || e->source == "expiry" || e->source == kFromShopifyCredit) continue;
        json payload{{"direction", e->amount > 0 ? "credit" : "debit"},
                     {"amount", format_money(e->amount > 0 ? e->amount : -e->amount, s.digits())},
                     {"currency", s.currency()},
                     {"expires_at", e->amount > 0 && e->expires_at ? json(iso(*e->expires_at)) : json()},
                     {"ledger_id", id},
                     {"source", e->source}};
        for (const std::string& p : s.o_.credit_platforms)
            jobs.push_back(platform::job_row(p, platform::kStoreCredit,
                                             p + ":" + platform::kStoreCredit + ":" + std::to_string(id), e->customer_id,
                                             e->award_key, payload, now));
    }
    if (!jobs.empty()) tx.c.insert_rows(platform::kJobInsert, jobs, platform::kJobInsertTail);
}

void Service::Impl::cap_award_credit(LedgerEntry& e, Money balance_before) const {
    const Money room = std::max<Money>(0, kMaxBalance - balance_before);
    if (e.amount <= room) return;
    // An award is issued exactly once, inside its event's transaction:
    // failing it would fail the ingestion (and every later one for this
    // customer). It credits what the balance can hold and its row says
    // what was not credited (`requested`, and the memo).
    e.requested = e.amount;
    e.memo += std::string(e.memo.empty() ? "" : "; ") + "not credited: " + s.money(e.amount - room) +
              " (a wallet holds at most " + s.money(kMaxBalance) + ")";
    e.amount = room;
}

std::int64_t Service::Impl::credit(Tx& tx, LedgerEntry& e, std::int64_t now) {
    const Money before = balance(tx, e.customer_id);
    const Money room = std::max<Money>(0, kMaxBalance - before);
    if (e.amount > room && e.award_key.empty()) {
        // A wallet credit: whoever asked is told, and nothing moves.
        throw ServiceError(422, "/amount",
                           "would take the balance past " + s.money(kMaxBalance) + ", the most a wallet holds (room left: " +
                               s.money(room) + ")");
    }
    cap_award_credit(e, before);
    const Money after = ledger_table::add_to_balance(tx.c, e.customer_id, e.amount, now);
    const std::int64_t id = insert_ledger(tx, e, after, now);
    collect_owed(tx, e.customer_id, now);
    return id;
}

std::vector<Service::Impl::Credited> Service::Impl::credit_awards(Tx& tx, std::vector<LedgerEntry>& entries,
                                                                  CustomerFacts& facts, std::int64_t now) {
    std::vector<Credited> out(entries.size());
    // The same rows credit() would write one at a time: each capped by the
    // running balance, each with its balance after; one balance update per
    // customer and multi-row ledger inserts, in entry order.
    std::vector<ledger_table::NewRow> rows;
    std::vector<std::size_t> row_of;  // entry index of each pending row
    std::vector<std::pair<std::string, Money>> added;  // customer, credited in the pending rows
    auto write_pending = [&] {
        if (rows.empty()) return;
        for (const auto& [cid, amount] : added)
            ledger_table::add_to_balance(tx.c, cid, amount, now);
        const std::vector<std::int64_t> ids = ledger_table::insert(tx.c, rows, now);
        std::vector<std::pair<std::int64_t, const LedgerEntry*>> written;
        written.reserve(ids.size());
        for (std::size_t i = 0; i < ids.size(); ++i) {
            out[row_of[i]].id = ids[i];
            written.emplace_back(ids[i], &entries[row_of[i]]);
        }
        queue_credit_mirror(tx, written, now);
        rows.clear();
        row_of.clear();
        added.clear();
    };
    for (std::size_t i = 0; i < entries.size(); ++i) {
        LedgerEntry& e = entries[i];
        CustomerFact& f = facts.at(e.customer_id);
        if (f.owes) {
            // What is owed is collected after each credit (debits between the
            // credits): one by one, after the rows before it. It is rare; a
            // huge order is not.
            write_pending();
            const std::int64_t id = credit(tx, e, now);
            f.balance = balance(tx, e.customer_id);
            out[i] = {id, e.amount, f.balance};
            continue;
        }
        cap_award_credit(e, f.balance);
        f.balance += e.amount;
        rows.push_back({&e, f.balance});
        row_of.push_back(i);
        out[i] = {0, e.amount, f.balance};
        if (added.empty() || added.back().first != e.customer_id)
            added.emplace_back(e.customer_id, e.amount);
        else
            added.back().second += e.amount;
    }
    write_pending();
    return out;
}

std::int64_t Service::Impl::debit(Tx& tx, LedgerEntry e, std::optional<std::int64_t> prefer_ledger_id, std::int64_t now) {
    const Money amount = e.amount;
    const Money after = balance(tx, e.customer_id) - amount;
    // Consume open credits: the preferred row first, then the soonest to expire.
    Money left = amount;
    auto consume = [&](std::int64_t id, Money remaining) {
        Money take = std::min(left, remaining);
        if (take <= 0) return;
        ledger_table::set_remaining(tx.c, id, remaining - take);
        left -= take;
    };
    if (prefer_ledger_id) {
        if (auto remaining = ledger_table::remaining(tx.c, *prefer_ledger_id)) consume(*prefer_ledger_id, *remaining);
    }
    if (left > 0) {
        for (const ledger_table::OpenCredit& open : ledger_table::open_credits(tx.c, e.customer_id)) {
            if (left <= 0) break;
            consume(open.id, open.remaining);
        }
    }
    ledger_table::set_balance(tx.c, e.customer_id, after, now);
    e.amount = -amount;
    return insert_ledger(tx, e, after, now);
}

std::int64_t Service::Impl::record_uncollected(Tx& tx, LedgerEntry e, std::int64_t now) {
    const Money bal = balance(tx, e.customer_id);
    e.memo = "not collected: balance " + s.money(bal) + " < " + s.money(e.amount);
    e.requested = e.owed = e.amount;
    e.amount = 0;
    e.status = "not_collected";
    return insert_ledger(tx, e, bal, now);
}

// A claw-back the balance could not cover stays owed and is taken from the
// customer's next credit, oldest first (docs/decisions.md): the ledger never
// forgets it, and a balance never goes below zero.
void Service::Impl::collect_owed(Tx& tx, const std::string& customer_id, std::int64_t now) {
    for (const ledger_table::Owed& o : ledger_table::owed_of_customer(tx.c, customer_id)) {
        const Money take = std::min(o.owed, balance(tx, customer_id));
        if (take <= 0) return;
        LedgerEntry d;
        d.customer_id = customer_id;
        d.type = "Milestone Claw-back";
        d.note = o.note + " (collected from later credit)";
        d.amount = take;
        d.award_key = o.award_key;
        d.program_id = o.program_id;
        d.source = "claw-back";
        debit(tx, d, std::nullopt, now);
        ledger_table::reduce_owed(tx.c, o.id, take);
    }
}

}  // namespace stepwise::server
