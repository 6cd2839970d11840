// Issuing what the engine decided, exactly once: award rows, the rewards and
// wallet credits they carry, codes for the stores, notices, emails, webhooks,
// and claw-backs. One customer's awards and a recalculation's many customers
// go through the same multi-row writes.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>
#include <unordered_map>

#include "awards_table.hpp"
#include "choices_table.hpp"
#include "email_outbox_table.hpp"
#include "internal.hpp"
#include "notices_table.hpp"
#include "platform_jobs.hpp"
#include "rewards_table.hpp"

namespace stepwise::server {
std::string Service::Impl::money_text(Money m) const {
    const std::string amount = s.money(m);
    const std::string& c = s.currency();
    if (c == "USD") return "$" + amount;
    if (c == "EUR") return "€" + amount;
    if (c == "GBP") return "£" + amount;
    if (c == "JPY") return "¥" + amount;
    return amount + " " + c;
}

std::string Service::Impl::reward_sentence(const Reward& r, const std::string& code, std::optional<Time> expires_at,
                                           std::int64_t not_credited) const {
    std::string text;
    switch (r.type) {
        case RewardType::store_credit:
            text = money_text(r.amount) + " has been added to your wallet.";
            if (not_credited > 0)
                text += " " + money_text(not_credited) + " could not be: a wallet holds at most " +
                        money_text(kMaxBalance) + ".";
            break;
        case RewardType::points:
            text = std::to_string(r.points) + " points have been added to your account.";
            if (not_credited > 0)
                text += " " + std::to_string(not_credited) + " more could not be: an account holds at most " +
                        std::to_string(kMaxPoints) + " points.";
            break;
        case RewardType::discount_amount: text = "Your " + money_text(r.amount) + " discount code is " + code + "."; break;
        case RewardType::discount_percent:
            text = "Your " + std::to_string(r.percent) + "% discount code is " + code + ".";
            break;
        case RewardType::free_shipping: text = "Your free shipping code is " + code + "."; break;
        case RewardType::free_gift:
            text = "Your free gift (" + (r.name.empty() ? r.product_id : r.name) + ") code is " + code + ".";
            break;
    }
    // The day (UTC) it lapses, so an expiry never surprises the shopper.
    if (expires_at) text += " Use it by " + format_time(*expires_at).substr(0, 10) + ".";
    return text;
}

CustomerFacts Service::Impl::load_facts(Tx& tx, const std::vector<std::string>& ids) {
    CustomerFacts facts;
    tx.c.in_list("SELECT id, email, name, balance, CASE WHEN EXISTS (SELECT 1 FROM ledger WHERE "
                 "ledger.customer_id = customers.id AND owed > 0) THEN 1 ELSE 0 END FROM customers WHERE id IN",
                 ids, [&](const db::RowView& r) {
                     CustomerFact& f = facts[r.str(0)];
                     f.email = r.opt_str(1);
                     if (f.email && f.email->empty()) f.email.reset();
                     f.name = r.opt_str(2);
                     f.balance = r.i64(3);
                     f.owes = r.i64(4) != 0;
                     return true;
                 });
    return facts;
}

std::vector<IssuedReward> Service::Impl::issue_rewards(Tx& tx, const std::string& customer_id,
                                                       const std::vector<RewardToIssue>& list, std::int64_t now) {
    CustomerFacts facts = load_facts(tx, {customer_id});
    return std::move(issue_rewards(tx, {RewardGroup{customer_id, list}}, facts, now).front());
}

std::vector<std::vector<IssuedReward>> Service::Impl::issue_rewards(Tx& tx, const std::vector<RewardGroup>& groups,
                                                                    CustomerFacts& facts, std::int64_t now) {
    std::vector<std::vector<IssuedReward>> out(groups.size());
    // Store credit: every wallet credit in one go (ledger.cpp).
    std::vector<LedgerEntry> credits;
    std::vector<std::pair<std::size_t, std::size_t>> credit_of;  // group, reward
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const std::string& customer_id = groups[g].customer_id;
        const std::vector<RewardToIssue>& list = groups[g].list;
        out[g].resize(list.size());
        for (std::size_t i = 0; i < list.size(); ++i) {
            const RewardToIssue& t = list[i];
            out[g][i].reward = t.reward;
            if (t.reward.type != RewardType::store_credit || t.reward.amount <= 0) continue;
            LedgerEntry c;
            c.customer_id = customer_id;
            c.type = "Milestone Reward";
            c.note = "Milestone Reward, " + t.step->name;
            c.memo = t.memo;
            c.amount = t.reward.amount;
            c.expires_at = t.expires_at;
            c.award_key = t.award_key;
            c.program_id = t.entry->id;
            c.source = t.source;
            c.order_id = t.order_id;
            credits.push_back(std::move(c));
            credit_of.emplace_back(g, i);
        }
    }
    const auto credited = credit_awards(tx, credits, facts, now);
    for (std::size_t k = 0; k < credited.size(); ++k) {
        IssuedReward& r = out[credit_of[k].first][credit_of[k].second];
        r.ledger_id = credited[k].id;
        r.not_credited = r.reward.amount - credited[k].amount;
        r.reward.amount = credited[k].amount;
        r.balance_after = credited[k].balance_after;
    }
    std::vector<rewards_table::NewReward> rows;
    std::vector<db::Params> jobs;
    std::vector<std::vector<PointsEntry>> earned(groups.size());  // the points ledger's rows, in the same transaction
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const std::string& customer_id = groups[g].customer_id;
        const std::vector<RewardToIssue>& list = groups[g].list;
        // Points: a customer's points balance (points_ledger.cpp) stays at most
        // kMaxPoints; each points reward writes its `earned` row below.
        bool any_points = false;
        for (const RewardToIssue& t : list)
            if (t.reward.type == RewardType::points) any_points = true;
        Money points_room = 0;
        if (any_points) points_room = std::max<Money>(0, kMaxPoints - points_balance(tx, customer_id));
        for (std::size_t i = 0; i < list.size(); ++i) {
            const RewardToIssue& t = list[i];
            IssuedReward& ir = out[g][i];
            Reward& r = ir.reward;
            if (r.type == RewardType::points) {
                const Money got = std::min<Money>(r.points, points_room);
                ir.not_credited = r.points - got;
                r.points = got;
                points_room -= got;
                PointsEntry p;
                p.customer_id = customer_id;
                p.type = "earned";
                p.points = got;
                if (ir.not_credited > 0) p.requested = got + ir.not_credited;
                p.expires_at = t.expires_at;
                p.award_key = t.award_key;
                p.program_id = t.entry->id;
                p.note = "Points earned, " + t.step->name;
                if (got > 0 || p.requested) earned[g].push_back(std::move(p));
            } else if (r.type != RewardType::store_credit) {
                ir.code = random_code();
            }
            rows.push_back({customer_id, t.award_key, t.entry->id, t.step->id, r, ir.code, ir.ledger_id, "issued", now,
                            t.expires_at});
        }
        queue_codes(customer_id, list, out[g], now, jobs);
    }
    rewards_table::insert(tx.c, rows);
    for (std::size_t g = 0; g < groups.size(); ++g) append_points(tx, groups[g].customer_id, earned[g], now);
    if (!jobs.empty()) tx.c.insert_rows(platform::kJobInsert, jobs, platform::kJobInsertTail);
    return out;
}

// Every discount code issued becomes a job for each connected store, in this
// transaction: whatever path issued it, the code reaches the store or stays
// visible as a failed job; never lost.
void Service::Impl::queue_codes(const std::string& customer_id, const std::vector<RewardToIssue>& list,
                                const std::vector<IssuedReward>& issued, std::int64_t now, std::vector<db::Params>& jobs) {
    if (s.o_.code_platforms.empty()) return;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const IssuedReward& ir = issued[i];
        if (ir.code.empty()) continue;
        const Reward& r = ir.reward;
        json payload{{"code", ir.code},
                     {"type", to_string(r.type)},
                     {"title", list[i].step->name + " (" + ir.code + ")"},
                     {"starts_at", iso(now)},
                     {"expires_at", list[i].expires_at ? json(iso(*list[i].expires_at)) : json()}};
        if (r.type == RewardType::discount_amount) payload["amount"] = format_money(r.amount, s.digits());
        if (r.type == RewardType::discount_percent) payload["percent"] = r.percent;
        if (r.type == RewardType::free_gift) payload["product_id"] = r.product_id;
        if (!r.name.empty()) payload["title"] = list[i].step->name + ": " + r.name + " (" + ir.code + ")";
        // The code is unique and made once per reward: it keys the job.
        for (const std::string& p : s.o_.code_platforms)
            jobs.push_back(platform::job_row(p, platform::kDiscountCode, p + ":" + platform::kDiscountCode + ":" + ir.code,
                                             customer_id, list[i].award_key, payload, now));
    }
}

IssuedReward Service::Impl::issue_reward(Tx& tx, const std::string& customer_id, const RewardToIssue& r,
                                         std::int64_t now) {
    return issue_rewards(tx, customer_id, {r}, now).front();
}

void Service::Impl::add_notice(Tx& tx, const std::string& customer_id, const std::string& award_key, const char* kind,
                               const std::string& message, std::int64_t now) {
    notices_table::insert(tx.c, {{customer_id, award_key, kind, message, now}});
}

webhook_outbox_table::NewWebhook Service::Impl::webhook_row(const std::string& event, const std::string& url,
                                                            const json& payload, std::int64_t now) {
    json body = payload;
    body["event"] = event;
    body["created_at"] = iso(now);
    return {event, url, body.dump(), now};
}

void Service::Impl::enqueue_webhook(Tx& tx, const std::string& event, const std::string& url, const json& payload,
                                    std::int64_t now) {
    webhook_outbox_table::insert(tx.c, {webhook_row(event, url, payload, now)});
}

void Service::Impl::issue_award(Tx& tx, const std::string& customer_id, const ProgramEntry& e, const Award& a,
                                const Report* report, const std::string& source, const std::string& memo,
                                std::int64_t now, IngestOutcome& out) {
    issue_awards(tx, customer_id, e, {a}, report, source, memo, now, out);
}

// Every award of one program due at once (one order can bring 10,000): each
// table gets its rows in a few multi-row statements (db::Conn::insert_rows)
// instead of one round trip per row, in the order one-by-one issuing would
// write them.
void Service::Impl::issue_awards(Tx& tx, const std::string& customer_id, const ProgramEntry& e,
                                 const std::vector<Award>& awards, const Report* report, const std::string& source,
                                 const std::string& memo, std::int64_t now, IngestOutcome& out) {
    issue_awards(tx, {AwardSet{customer_id, &e, &awards, report}}, source, memo, now, out);
}

// Many sets (a recalculation's customers, several programs each) are written
// like one: every table's rows in set order, so a table gets the same rows
// and ids as from issuing set after set. A customer's sets come together.
void Service::Impl::issue_awards(Tx& tx, const std::vector<AwardSet>& sets, const std::string& source,
                                 const std::string& memo, std::int64_t now, IngestOutcome& out) {
    struct Fresh {
        std::size_t set;
        const Award* award;
        const Step* step;
        std::string state;
    };
    // Rewards expire counted from now, when they are credited, whatever the
    // award's own moment (a retroactive or late award keeps its whole life).
    std::vector<std::optional<Time>> expiry(sets.size());
    std::vector<Fresh> due;
    std::vector<awards_table::NewAward> award_rows;
    for (std::size_t si = 0; si < sets.size(); ++si) {
        const AwardSet& set = sets[si];
        const ProgramEntry& e = *set.entry;
        const Program& program = e.program;
        const std::string& customer_id = set.customer_id;
        const std::optional<Time> expires_at = expiry[si] = reward_expires_at(program, now);
        for (const Award& a : *set.awards) {
            if (a.step_index >= program.steps.size()) continue;
            const Step& step = program.steps[a.step_index];
            const bool choice = step.pick && *step.pick < static_cast<int>(step.rewards.size());
            std::string state = choice ? "pending_choice" : "issued";
            if (set.report) {
                const Money spend = program.kind == ProgramKind::tiers ? set.report->qualifying_spend : 0;
                AwardContext ctx{customer_id, program, step, a, *set.report, spend};
                bool ok = true;
                if (hooks) ok = hooks->should_award(ctx);
                if (ok && !s.o_.webhook_should_award.empty()) ok = call_should_award(ctx);
                if (!ok) state = "vetoed";
            }
            award_rows.push_back({customer_id, a.key, e.id, step.id, std::int64_t{a.occurrence}, a.awarded_at,
                                  expires_at, now, source, state, memo, e.version});
            due.push_back({si, &a, &step, std::move(state)});
        }
    }
    // Exactly once: an award key already stored is skipped (and so are its rewards).
    auto inserted = awards_table::insert_new(tx.c, award_rows);
    std::vector<Fresh> fresh;
    for (Fresh& d : due)
        if (inserted.erase({sets[d.set].customer_id, d.award->key})) fresh.push_back(std::move(d));
    due = std::move(fresh);
    if (due.empty()) return;

    // One reward group per customer, in the order the customers come.
    std::vector<RewardGroup> groups;
    std::vector<std::string> ids;
    std::unordered_map<std::string, std::size_t> group_of;
    for (const Fresh& d : due) {
        const std::string& cid = sets[d.set].customer_id;
        auto [it, added] = group_of.emplace(cid, groups.size());
        if (added) {
            groups.push_back({cid, {}});
            ids.push_back(cid);
        }
        if (d.state != "issued") continue;
        for (const Reward& r : d.step->rewards)
            groups[it->second].list.push_back(
                {sets[d.set].entry, d.step, d.award->key, r, expiry[d.set], memo, source, d.award->order_id});
    }
    CustomerFacts facts = load_facts(tx, ids);
    // Balances before this call's credits: each set's emails count from there.
    std::unordered_map<std::string, Money> running_balance;
    for (const auto& [cid, f] : facts) running_balance[cid] = f.balance;
    const std::vector<std::vector<IssuedReward>> issued = issue_rewards(tx, groups, facts, now);
    std::vector<std::size_t> next_of(groups.size(), 0);  // next reward of each group

    std::vector<webhook_outbox_table::NewWebhook> webhooks;
    std::vector<email_outbox_table::NewEmail> emails;
    std::vector<notices_table::NewNotice> notices;
    std::vector<choices_table::NewChoice> choices;
    for (const Fresh& d : due) {
        const Award& a = *d.award;
        const Step& step = *d.step;
        const std::string& customer_id = sets[d.set].customer_id;
        const ProgramEntry& e = *sets[d.set].entry;
        const std::optional<Time>& expires_at = expiry[d.set];
        const CustomerFact& fact = facts[customer_id];
        const std::optional<std::string>& email_to = fact.email;
        const std::optional<std::string>& customer_name = fact.name;
        const std::size_t g = group_of.at(customer_id);
        Money& customer_balance = running_balance[customer_id];
        IssuedAward ia;
        ia.customer_id = customer_id;
        ia.program_id = e.id;
        ia.step_id = step.id;
        ia.step_name = step.name;
        ia.key = a.key;
        ia.occurrence = a.occurrence;
        ia.awarded_at = a.awarded_at;
        ia.expires_at = expires_at;
        ia.state = d.state;
        ia.source = source;
        // A points redemption (points_redeem.cpp) comes this way too: same rows, its own words.
        const bool redemption = source == "redemption";
        const std::string subject =
            redemption ? "Your " + step.name + " reward" : "You've reached the " + step.name + " milestone";
        const std::string lead = redemption ? "You redeemed your points for " + step.name + "."
                                            : "Congratulations! You've reached the " + step.name + " milestone.";
        auto email = [&](const std::string& body, const char* kind, json data) {
            if (!s.o_.notify_email) return;
            data["milestone_name"] = step.name;
            data["wallet_link"] = s.o_.wallet_url;
            data["customer_name"] = customer_name.value_or("");
            // No address: reported, not sent (reason no_recipient).
            emails.push_back({customer_id, email_to, subject, body, a.key, now, 0, kind, data.dump(),
                              email_to ? std::nullopt : std::optional<std::string>("no_recipient")});
        };
        if (d.state == "issued") {
            std::vector<std::string> sentences;
            std::optional<Money> balance_after;
            for (std::size_t k = 0; k < step.rewards.size(); ++k) {
                const IssuedReward& ir = issued[g][next_of[g]++];
                if (ir.reward.type == RewardType::store_credit) {
                    ia.store_credit += ir.reward.amount;
                    ia.store_credit_requested += ir.reward.amount + ir.not_credited;
                    if (ir.ledger_id && !ia.transaction_id) ia.transaction_id = ir.ledger_id;
                    if (ir.balance_after) balance_after = customer_balance = *ir.balance_after;
                }
                sentences.push_back(reward_sentence(ir.reward, ir.code, expires_at, ir.not_credited));
                ia.rewards.push_back(ir.reward);
            }
            std::string message = lead;
            for (const auto& s2 : sentences) message += " " + s2;
            notices.push_back({customer_id, a.key, redemption ? "redemption" : "award", message, now});
            std::string body = lead + "\n";
            for (const auto& s2 : sentences) body += s2 + "\n";
            if (ia.store_credit > 0 && balance_after)
                body += "Your wallet balance is now " + money_text(*balance_after) + ".\n";
            if (!s.o_.wallet_url.empty()) body += "\nSee your wallet: " + s.o_.wallet_url + "\n";
            std::string lines;
            for (const auto& s2 : sentences) lines += (lines.empty() ? "" : "\n") + s2;
            email(body, redemption ? "redemption" : "award",
                  json{{"option_name", step.name},
                       {"amount", ia.store_credit > 0 ? money_text(ia.store_credit) : ""},
                       {"balance", money_text(customer_balance)},
                       {"expires_on", expires_at ? format_time(*expires_at).substr(0, 10) : ""},
                       {"rewards", lines}});
        } else if (d.state == "pending_choice") {
            json options = json::array();
            for (const Reward& r : step.rewards) options.push_back(reward_to_json(r, s.digits()));
            choices.push_back({customer_id, a.key, e.id, step.id, std::int64_t{*step.pick}, options.dump(), "pending", now});
            std::string message = "Congratulations! You've reached the " + step.name + " milestone. Choose " +
                                  std::to_string(*step.pick) + " of " + std::to_string(step.rewards.size()) +
                                  " rewards in your account.";
            notices.push_back({customer_id, a.key, "choice", message, now});
            email(message + (s.o_.wallet_url.empty() ? "" : "\n\n" + s.o_.wallet_url) + "\n", "choice",
                  json{{"pick", std::to_string(*step.pick)}, {"options", std::to_string(step.rewards.size())}});
        }
        spdlog::debug("award {} {} for customer {} ({})", a.key, d.state, customer_id, source);
        notify_awarded(tx, ia, now, &webhooks);
        out.awards.push_back(std::move(ia));
    }
    choices_table::insert(tx.c, choices);
    notices_table::insert(tx.c, notices);
    email_outbox_table::insert(tx.c, emails);
    webhook_outbox_table::insert(tx.c, webhooks);
}

// One award as the API answers it and the milestone.awarded webhook sends it.
// store_credit and reward_amount: what the wallet got (reward_amount is kept
// for old readers); store_credit_requested: what the rewards grant, more when
// the balance maximum capped it.
json award_json(const IssuedAward& a, const Service& s) {
    json rewards = json::array();
    for (const Reward& r : a.rewards) rewards.push_back(reward_to_json(r, s.digits()));
    return json{{"customer_id", a.customer_id},
                {"program_id", a.program_id},
                {"milestone_id", a.step_id},
                {"name", a.step_name},
                {"key", a.key},
                {"occurrence", a.occurrence},
                {"state", a.state},
                {"source", a.source},
                {"awarded_at", iso(a.awarded_at)},
                {"expires_at", a.expires_at ? json(iso(*a.expires_at)) : json()},
                {"store_credit", s.money(a.store_credit)},
                {"store_credit_requested", s.money(a.store_credit_requested)},
                {"reward_amount", s.money(a.store_credit)},
                {"currency", s.currency()},
                {"rewards", std::move(rewards)},
                {"transaction_id", a.transaction_id ? json(*a.transaction_id) : json()}};
}

void Service::Impl::notify_awarded(Tx& tx, const IssuedAward& ia, std::int64_t now,
                                   std::vector<webhook_outbox_table::NewWebhook>* batch) {
    if (hooks) {
        auto hk = hooks;
        tx.after_commit([hk, ia] { hk->awarded(ia); });
    }
    if (s.o_.webhook_awarded.empty()) return;
    json payload = award_json(ia, s);
    webhook_outbox_table::NewWebhook row = webhook_row("milestone.awarded", s.o_.webhook_awarded, payload, now);
    if (batch)
        batch->push_back(std::move(row));
    else
        webhook_outbox_table::insert(tx.c, {std::move(row)});
}

void Service::Impl::notify_expired(Tx& tx, const ExpiredReward& x, std::int64_t now) {
    if (hooks) {
        auto hk = hooks;
        tx.after_commit([hk, x] { hk->expired(x); });
    }
    if (s.o_.webhook_expired.empty()) return;
    enqueue_webhook(tx, "reward.expired", s.o_.webhook_expired,
                    json{{"customer_id", x.customer_id},
                         {"program_id", x.program_id.empty() ? json() : json(x.program_id)},
                         {"key", x.key.empty() ? json() : json(x.key)},
                         {"type", x.type},
                         {"at", iso(x.at)},
                         {"amount", s.money(x.amount)},
                         {"currency", s.currency()},
                         {"transaction_id", x.transaction_id ? json(*x.transaction_id) : json()},
                         {"reward_id", x.reward_id ? json(*x.reward_id) : json()}},
                    now);
}

void Service::Impl::apply_clawback(Tx& tx, const std::string& customer_id, const ProgramEntry& e, const Clawback& c,
                                   std::int64_t now, IngestOutcome& out) {
    auto live = awards_table::live(tx.c, customer_id, c.key);
    if (!live) return;
    const std::string state = live->state;
    const std::string step_id = live->step_id;
    if (!awards_table::mark_clawed_back(tx.c, customer_id, c.key, c.at)) return;
    AppliedClawback ac;
    ac.customer_id = customer_id;
    ac.program_id = e.id;
    ac.key = c.key;
    ac.at = c.at;
    if (state == "vetoed") {
        out.clawbacks.push_back(ac);
        return;
    }
    std::string name = step_id;
    for (const Step& st : e.program.steps)
        if (st.id == step_id) name = st.name;
    // Store credit the award gave.
    Money amount = 0;
    std::optional<std::int64_t> ledger_id;
    // What was really credited (a credit near the balance cap may have been cut).
    for (const rewards_table::Credited& r : rewards_table::store_credit_of_award(tx.c, customer_id, c.key)) {
        amount += r.amount;
        if (!ledger_id) ledger_id = r.ledger_id;
    }
    // Codes the store may hold are switched off there, in this transaction.
    if (!s.o_.code_platforms.empty()) {
        std::vector<db::Params> jobs;
        for (const std::string& code : rewards_table::issued_codes_of_award(tx.c, customer_id, c.key))
            for (const std::string& p : s.o_.code_platforms)
                jobs.push_back(platform::job_row(p, platform::kDeactivateCode, p + ":" + platform::kDeactivateCode + ":" + code,
                                                 customer_id, c.key, json{{"code", code}}, now));
        if (!jobs.empty()) tx.c.insert_rows(platform::kJobInsert, jobs, platform::kJobInsertTail);
    }
    rewards_table::mark_award_revoked(tx.c, customer_id, c.key);
    choices_table::mark_award_revoked(tx.c, customer_id, c.key, now);
    reverse_points(tx, customer_id, c.key, e.id, now);
    ac.amount = amount;
    if (amount > 0) {
        LedgerEntry d;
        d.customer_id = customer_id;
        d.type = "Milestone Claw-back";
        d.note = "Milestone Claw-back, " + name;
        d.amount = amount;
        d.award_key = c.key;
        d.program_id = e.id;
        d.source = "claw-back";
        d.order_id = c.order_id;
        if (balance(tx, customer_id) >= amount) {
            ac.transaction_id = debit(tx, d, ledger_id, now);
        } else {
            // The balance does not cover it: owed, taken from the next credit.
            ac.collected = false;
            ac.transaction_id = record_uncollected(tx, d, now);
        }
    }
    if (hooks) {
        auto hk = hooks;
        tx.after_commit([hk, ac] { hk->clawed_back(ac); });
    }
    if (!s.o_.webhook_clawed_back.empty())
        enqueue_webhook(tx, "milestone.clawed_back", s.o_.webhook_clawed_back,
                        json{{"customer_id", customer_id},
                             {"program_id", e.id},
                             {"key", c.key},
                             {"at", iso(c.at)},
                             {"amount", s.money(amount)},
                             {"currency", s.currency()},
                             {"collected", ac.collected},
                             {"transaction_id", ac.transaction_id ? json(*ac.transaction_id) : json()}},
                        now);
    out.clawbacks.push_back(ac);
}

}  // namespace stepwise::server
