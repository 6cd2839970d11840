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

}  // namespace stepwise::server
