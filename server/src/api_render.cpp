// JSON renderers of the typed results. The keys are those the API has always
// sent (nlohmann's json writes an object's keys in sorted order, so the bytes
// do not depend on the order they are set in here); absent optionals are
// left out unless the API documents them as null.
#include "api_render.hpp"

#include "internal.hpp"

namespace stepwise::server {

namespace {

template <class T, class F>
json list(const std::vector<T>& items, F&& one) {
    json out = json::array();
    for (const T& item : items) out.push_back(one(item));
    return out;
}

json render_summary(const ProgramSummary& p) {
    json j{{"id", p.id},
           {"name", p.name},
           {"kind", to_string(p.kind)},
           {"status", to_string(p.status)},
           {"version", p.version},
           {"steps", p.steps},
           {"awards_issued", p.awards_issued},
           {"created_at", iso(p.created_at)},
           {"updated_at", iso(p.updated_at)}};
    if (p.deleted_at) j["deleted_at"] = iso(*p.deleted_at);
    return j;
}

}  // namespace

json render(const Wallet& w, const Service& s) {
    return json{{"customer_id", w.customer_id},
                {"currency", w.currency},
                {"balance", s.money(w.balance)},
                {"held", s.money(w.held)},
                {"available", s.money(w.available)},
                {"credit_coupons", w.credit_coupons},
                {"points", w.points},
                {"expiring", list(w.expiring, [&](const ExpiringCredit& e) {
                     return json{{"transaction_id", e.transaction_id},
                                 {"amount", s.money(e.amount)},
                                 {"expires_at", iso(e.expires_at)}};
                 })}};
}

json render(const LedgerRow& l, const Service& s) {
    json j{{"id", l.id},
           {"customer_id", l.customer_id},
           {"date", iso(l.at)},
           {"type", l.type},
           {"note", l.note},
           {"amount", s.money(l.amount)},
           {"balance_after", s.money(l.balance_after)},
           {"currency", l.currency},
           {"status", l.status},
           {"direction", ledger_direction(l.amount)}};
    if (l.memo) j["memo"] = *l.memo;
    if (l.requested) j["requested"] = s.money(*l.requested);
    if (l.expires_at) j["expires_at"] = iso(*l.expires_at);
    if (l.remaining) j["remaining"] = s.money(*l.remaining);
    if (l.award_key) j["award_key"] = *l.award_key;
    if (l.program_id) j["program_id"] = *l.program_id;
    if (l.source) j["source"] = *l.source;
    if (l.order_id) j["order_id"] = *l.order_id;
    if (l.owed) j["owed"] = s.money(*l.owed);
    return j;
}

json render(const Transactions& t, const Service& s) {
    json j{{"transactions", list(t.rows, [&](const LedgerRow& l) { return render(l, s); })}};
    if (t.next_before_id) j["next_before_id"] = *t.next_before_id;
    return j;
}

json render(const RewardRecord& r, const Service& s) {
    json j{{"id", r.id},
           {"award_key", r.award_key},
           {"program_id", r.program_id},
           {"milestone_id", r.milestone_id},
           {"type", r.type},
           {"state", r.state},
           {"issued_at", iso(r.issued_at)}};
    if (r.points) j["points"] = *r.points;
    if (r.amount) j["amount"] = s.money(*r.amount);
    if (r.percent) j["percent"] = *r.percent;
    if (r.product_id) j["product_id"] = *r.product_id;
    if (r.code) j["code"] = *r.code;
    if (r.transaction_id) j["transaction_id"] = *r.transaction_id;
    if (r.expires_at) j["expires_at"] = iso(*r.expires_at);
    if (r.redeemed_at) j["redeemed_at"] = iso(*r.redeemed_at);
    if (r.earned_at) j["earned_at"] = iso(*r.earned_at);
    if (r.name) j["name"] = *r.name;
    return j;
}

json render(const Rewards& r, const Service& s) {
    return json{{"customer_id", r.customer_id},
                {"rewards", list(r.rewards, [&](const RewardRecord& x) { return render(x, s); })}};
}

json render(const RedeemedReward& r) {
    return json{{"id", r.id}, {"state", "redeemed"}, {"redeemed_at", iso(r.redeemed_at)}};
}

json render(const Choices& c) {
    return json{{"customer_id", c.customer_id}, {"choices", list(c.choices, [](const Choice& x) {
                     return json{{"id", x.id},
                                 {"award_key", x.award_key},
                                 {"program_id", x.program_id},
                                 {"milestone_id", x.milestone_id},
                                 {"pick", x.pick},
                                 {"options", json::parse(x.options_json, nullptr, false)},
                                 {"created_at", iso(x.created_at)}};
                 })}};
}

json render(const Picked& p, const Service& s) {
    return json{{"id", p.id}, {"state", "resolved"}, {"picked", p.picked}, {"rewards", list(p.rewards, [&](const PickedReward& r) {
                     json j = reward_to_json(r.reward, s.digits());
                     if (!r.code.empty()) j["code"] = r.code;
                     return j;
                 })}};
}

json render(const Notices& n, const Service& s) {
    return json{{"customer_id", n.customer_id}, {"notices", list(n.notices, [&](const Notice& x) {
                     json j{{"id", x.id}, {"message", x.message}, {"created_at", iso(x.created_at)}};
                     if (x.kind) j["kind"] = *x.kind;
                     if (x.award_key) j["award_key"] = *x.award_key;
                     if (x.program_id) j["program_id"] = *x.program_id;
                     if (x.milestone_id) j["milestone_id"] = *x.milestone_id;
                     if (x.rewards) j["rewards"] = list(*x.rewards, [&](const RewardRecord& r) { return render(r, s); });
                     return j;
                 })}};
}

json render_delivered(std::int64_t delivered) { return json{{"delivered", delivered}}; }

json render(const PointsView& v, const Service& s) {
    auto expiring = [](const ExpiringPoints& e) { return json{{"points", e.points}, {"expires_at", iso(e.expires_at)}}; };
    json j{{"customer_id", v.customer_id},
           {"balance", v.balance},
           {"next_expiry", v.expiring.empty() ? json() : expiring(v.expiring.front())},
           {"expiring", list(v.expiring, expiring)},
           {"history", list(v.history, [](const PointsMove& m) {
                json h{{"id", m.id},         {"at", iso(m.at)},
                       {"type", m.type},     {"points", m.points},
                       {"balance_after", m.balance_after}, {"note", m.note}};
                if (m.remaining) h["remaining"] = *m.remaining;
                if (m.expires_at) h["expires_at"] = iso(*m.expires_at);
                if (m.award_key) h["award_key"] = *m.award_key;
                if (m.redemption_key) h["redemption_key"] = *m.redemption_key;
                if (m.requested) h["requested"] = *m.requested;
                return h;
            })},
           {"options", list(v.options, [&](const PointsOffer& o) {
                // An offer is the option as the merchant stores it, without its internal switch.
                json x = points_option_json(o.option, s.digits());
                x.erase("active");
                x["affordable"] = o.affordable;
                x["missing"] = o.missing;
                return x;
            })}};
    if (v.next_before_id) j["next_before_id"] = *v.next_before_id;
    return j;
}

json render(const PointsRedemption& r, const Service& s) {
    return json{{"customer_id", r.customer_id},
                {"key", r.key},
                {"option", r.option},
                {"points", r.points},
                {"award_key", r.award_key},
                {"reward", r.reward ? render(*r.reward, s) : json()},
                {"balance", r.balance},
                {"created_at", iso(r.created_at)},
                {"replayed", r.replayed}};
}

json render(const CreditCoupon& c, const Service& s) {
    return json{{"id", c.id},
                {"code", c.code},
                {"amount", c.amount},
                {"amount_text", s.money(c.amount)},
                {"currency", c.currency},
                {"state", c.state},
                {"created_at", iso(c.created_at)},
                {"expires_at", iso(c.expires_at)},
                {"idempotency_key", c.idempotency_key},
                {"closed_at", c.closed_at ? json(iso(*c.closed_at)) : json()},
                {"order_id", c.order_id ? json(*c.order_id) : json()},
                {"used_amount", c.used_amount ? json(*c.used_amount) : json()}};
}

json render(const CreditCoupons& c, const Service& s) {
    return json{{"customer_id", c.customer_id},
                {"enabled", c.enabled},
                {"currency", c.currency},
                {"balance", c.balance},
                {"held", c.held},
                {"available", c.available},
                {"expiry_days", c.expiry_days},
                {"coupons", list(c.coupons, [&](const CreditCoupon& x) { return render(x, s); })}};
}

json render(const CreditCouponRequest& r, const Service& s) {
    json j = render(r.coupon, s);
    j["available"] = r.available;
    j["replayed"] = r.replayed;
    return j;
}

json render(const CustomerRecord& c, const Service& s) {
    return json{{"id", c.id},
                {"roles", c.roles},
                {"balance", s.money(c.balance)},
                {"email", c.email ? json(*c.email) : json()},
                {"name", c.name ? json(*c.name) : json()}};
}

json render(const CustomerPage& p, const Service& s) {
    return json{{"customers", list(p.customers, [&](const CustomerRecord& c) { return render(c, s); })},
                {"next_after", p.next_after ? json(*p.next_after) : json()}};
}

json render(const UpsertedCustomer& u, const Service& s) {
    json j = render(u.customer, s);
    j["currency"] = u.currency;
    j["awards_issued"] = u.awards_issued;
    return j;
}

json render(const LedgerSummary& l, const Service& s) {
    auto time = [](const std::optional<Time>& t) { return t ? json(iso(*t)) : json(); };
    json j{{"currency", l.currency},
           {"transactions", l.transactions},
           {"by_type", list(l.by_type, [&](const LedgerSummary::ByType& t) {
                return json{{"type", t.type}, {"count", t.count}, {"amount", s.money(t.amount)}};
            })},
           {"credited", s.money(l.credited)},
           {"debited", s.money(l.debited)},
           {"net", s.money(l.credited - l.debited)},
           {"breakage", s.money(l.breakage)},
           {"clawbacks_not_collected", s.money(l.clawbacks_not_collected)},
           {"outstanding_now", s.money(l.outstanding_now)},
           {"outstanding_at_to", l.outstanding_at_to ? json(s.money(*l.outstanding_at_to)) : json()},
           {"from", time(l.from)},
           {"to", time(l.to)}};
    if (l.customer_id) j["customer_id"] = *l.customer_id;
    return j;
}

json render(const std::vector<OutboxEmail>& emails) {
    return json{{"emails", list(emails, [](const OutboxEmail& m) {
                     json j{{"id", m.id},
                            {"customer_id", m.customer_id},
                            {"to", m.to ? json(*m.to) : json()},
                            {"subject", m.subject},
                            {"body", m.body},
                            {"created_at", iso(m.created_at)},
                            {"attempts", m.attempts}};
                     if (m.award_key) j["award_key"] = *m.award_key;
                     if (m.sent_at) j["sent_at"] = iso(*m.sent_at);
                     if (m.last_error) j["last_error"] = *m.last_error;
                     if (m.reason) j["reason"] = *m.reason;
                     if (m.next_attempt_at) j["next_attempt_at"] = iso(*m.next_attempt_at);
                     return j;
                 })}};
}

json render(const std::vector<ProgramSummary>& programs) {
    return json{{"programs", list(programs, [](const ProgramSummary& p) { return render_summary(p); })}};
}

json render(const ProgramSaved& p) {
    json j = render_summary(p.program);
    if (p.retroactive) j["retroactive"] = *p.retroactive;
    if (p.warnings) j["warnings"] = list(*p.warnings, [](const Error& w) {
        return json{{"pointer", w.pointer}, {"message", w.message}};
    });
    if (p.restored_from) j["restored_from"] = *p.restored_from;
    return j;
}

json render(const ProgramVersions& v) {
    return json{{"program_id", v.program_id},
                {"current_version", v.current_version},
                {"versions", list(v.versions, [](const ProgramVersion& x) {
                     json j{{"version", x.version}, {"created_at", iso(x.created_at)}};
                     if (x.name) j["name"] = *x.name;
                     if (x.status) j["status"] = to_string(*x.status);
                     if (x.steps) j["steps"] = *x.steps;
                     return j;
                 })}};
}

json render(const ProgramDiff& d) {
    return json{{"program_id", d.program_id}, {"from", d.from}, {"to", d.to}, {"changes", list(d.changes, [](const ProgramChange& c) {
                     json j{{"pointer", c.pointer}, {"op", c.op}};
                     if (c.from) j["from"] = json::parse(*c.from);
                     if (c.to) j["to"] = json::parse(*c.to);
                     return j;
                 })}};
}

json render(const std::vector<Milestone>& milestones, const Service& s) {
    return json{{"milestones", list(milestones, [&](const Milestone& m) {
                     json j{{"id", m.id},
                            {"number", m.number},
                            {"slug", m.id},
                            {"program_id", m.program_id},
                            {"program_kind", to_string(m.program_kind)},
                            {"name", m.name},
                            {"description", m.description},
                            {"metric", to_string(m.metric)},
                            {"reward_amount", s.money(m.reward_amount)},
                            {"rewards", list(m.rewards, [&](const Reward& r) { return reward_to_json(r, s.digits()); })},
                            {"repeating", m.repeating},
                            {"status", m.active ? "active" : "inactive"}};
                     // A spend step's target is an amount; the others count.
                     if (m.metric == Metric::spend)
                         j["threshold"] = s.money(m.target);
                     else
                         j["target"] = m.target;
                     if (m.pick) j["choice"] = json{{"pick", *m.pick}};
                     return j;
                 })}};
}

json render(const std::vector<PointsOption>& options, const Service& s) {
    return json{{"options", list(options, [&](const PointsOption& o) { return points_option_json(o, s.digits()); })}};
}

json render(const DeliveryCounts& d) {
    using D = DeliveryCounts;
    return json{{"deliveries", list(d.deliveries, [](const D::Delivery& x) {
                     return json{{"platform", x.platform}, {"topic", x.topic}, {"outcome", x.outcome}, {"count", x.count}};
                 })},
                {"counters", list(d.counters, [](const D::Counter& x) {
                     return json{{"platform", x.platform}, {"name", x.name}, {"count", x.count}};
                 })},
                {"reconcile_watermarks", list(d.reconcile_watermarks, [](const D::Watermark& x) {
                     return json{{"platform", x.platform}, {"updated_at", iso(x.updated_at)}, {"saved_at", iso(x.saved_at)}};
                 })}};
}

json render(const CustomerExport& e) {
    return json{{"id", e.id}, {"platform", e.platform}, {"customer_id", e.customer_id}, {"created_at", iso(e.created_at)}};
}

json render(const std::vector<CustomerExport>& exports) {
    return json{{"exports", list(exports, [](const CustomerExport& e) { return render(e); })}};
}

json render(const IssuedAward& a, const Service& s) { return award_json(a, s); }

json render(const AppliedClawback& c, const Service& s) {
    json j{{"customer_id", c.customer_id}, {"program_id", c.program_id}, {"key", c.key}, {"at", iso(c.at)},
           {"amount", s.money(c.amount)},  {"collected", c.collected}};
    if (c.transaction_id) j["transaction_id"] = *c.transaction_id;
    return j;
}

json render(const IngestOutcome& o, const Service& s) {
    std::int64_t accepted = 0, duplicates = 0;
    for (const auto& e : o.events) (e.status == "accepted" ? accepted : duplicates)++;
    return json{{"accepted", accepted},
                {"duplicates", duplicates},
                {"events", list(o.events, [](const IngestOutcome::Status& e) {
                     return json{{"customer_id", e.customer_id}, {"id", e.event_id}, {"status", e.status}};
                 })},
                {"awards", list(o.awards, [&](const IssuedAward& a) { return render(a, s); })},
                {"clawbacks", list(o.clawbacks, [&](const AppliedClawback& c) { return render(c, s); })}};
}

// An order's answer names less of each award than POST /v1/events does.
json render(const OrderOutcome& o, const Service& s) {
    return json{{"order_id", o.order_id},
                {"result", o.result},
                {"events", o.event_ids},
                {"awards", list(o.ingest.awards, [&](const IssuedAward& a) {
                     return json{{"key", a.key},
                                 {"program_id", a.program_id},
                                 {"milestone_id", a.step_id},
                                 {"state", a.state},
                                 {"store_credit", s.money(a.store_credit)}};
                 })},
                {"clawbacks", list(o.ingest.clawbacks, [&](const AppliedClawback& c) {
                     return json{{"key", c.key}, {"amount", s.money(c.amount)}, {"collected", c.collected}};
                 })}};
}

json render(const SentMark& m) { return json{{"id", m.id}, {"sent", m.sent}}; }

json render(const std::vector<JobRecord>& jobs) {
    return json{{"jobs", list(jobs, [](const JobRecord& r) {
                     json j{{"id", r.id},
                            {"kind", r.kind},
                            {"processed", r.processed},
                            {"total", r.total},
                            {"awards", r.awards},
                            {"started_at", iso(r.started_at)},
                            {"updated_at", iso(r.updated_at)},
                            {"finished", r.finished_at.has_value()}};
                     if (r.program_id) j["program_id"] = *r.program_id;
                     if (r.finished_at) j["finished_at"] = iso(*r.finished_at);
                     return j;
                 })}};
}

}  // namespace stepwise::server
