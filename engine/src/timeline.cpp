#include "timeline.hpp"

#include <algorithm>
#include <tuple>

#include "string_index.hpp"

namespace stepwise::detail {

namespace {

// Orders duplicates of one event id so the kept copy never depends on input order.
bool content_less(const Event& a, const Event& b) {
    auto key = [](const Event& e) {
        return std::tie(e.type, e.order_id, e.status, e.subtotal, e.tax, e.shipping, e.total, e.wallet_paid, e.amount,
                        e.product_id, e.referee_id, e.purchased, e.points, e.subscription_id, e.program_id,
                        e.step_id);
    };
    if (key(a) != key(b)) return key(a) < key(b);
    auto item_key = [](const Item& i) { return std::tie(i.sku, i.quantity, i.amount, i.categories); };
    return std::lexicographical_compare(a.items.begin(), a.items.end(), b.items.begin(), b.items.end(),
                                        [&](const Item& x, const Item& y) { return item_key(x) < item_key(y); });
}

// A point in the total order of the history.
struct Stamp {
    Time at;
    std::uint32_t seq;
    bool operator<=(const Stamp& o) const { return at < o.at || (at == o.at && seq <= o.seq); }
};

struct StatusChange {
    Stamp when;
    bool qualifies;  // the status is one of the program's order_statuses
};

struct Refund {
    Stamp when;
    Money amount;
};

// One order's data; its status changes and refunds are ranges of flat arrays
// shared by all orders (one allocation each instead of two per order).
struct OrderRecord {
    const std::string* order_id = nullptr;
    Money base = 0;
    std::uint32_t changes_begin = 0, changes_end = 0;  // in order, the first being the order's own status
    std::uint32_t refunds_begin = 0, refunds_end = 0;  // in order
};

struct OrderData {
    std::vector<OrderRecord> orders;
    std::vector<StatusChange> changes;
    std::vector<Refund> refunds;
};

bool qualifies(const Rules& rules, const std::string& status) {
    for (const auto& s : rules.order_statuses)
        if (s == status) return true;
    return false;
}

bool in_program(const Program& p, Time t) {
    return (!p.starts_at || t >= *p.starts_at) && (!p.ends_at || t <= *p.ends_at);
}

// The instant an order contributing at `c` leaves the program's spend window.
std::optional<Time> window_exit(const Program& p, Time c) {
    const Window& w = p.rules.window;
    if (w.kind == WindowKind::rolling_days) return c + static_cast<Time>(w.days) * kMillisPerDay;
    if (w.kind != WindowKind::calendar_months) return std::nullopt;
    Time local = c + p.timezone.offset_at(c) * 1000;
    std::int64_t days = local >= 0 ? local / kMillisPerDay : -((-local + kMillisPerDay - 1) / kMillisPerDay);
    std::int64_t year;
    int month, day;
    civil_from_days(days, year, month, day);
    std::int64_t months = year * 12 + (month - 1) + w.months;
    std::int64_t first = days_from_civil(months / 12, static_cast<int>(months % 12) + 1, 1);
    return p.timezone.to_utc(first * kMillisPerDay);
}

void emit_order_moments(const Program& p, const OrderData& data, std::uint32_t index, Time as_of, bool immediate,
                        Timeline& out) {
    const OrderRecord& o = data.orders[index];
    if (o.base <= 0) return;
    const StatusChange* changes = data.changes.data() + o.changes_begin;
    const std::size_t change_count = o.changes_end - o.changes_begin;
    const Refund* refunds = data.refunds.data() + o.refunds_begin;
    const std::size_t refund_count = o.refunds_end - o.refunds_begin;
    const Rules& rules = p.rules;
    // The first moment the order qualifies.
    std::size_t first = change_count;
    for (std::size_t i = 0; i < change_count; ++i)
        if (changes[i].qualifies) {
            first = i;
            break;
        }
    if (first == change_count) return;
    Stamp contribution = changes[first].when;
    if (!immediate) contribution.at += static_cast<Time>(rules.refund_hold_days) * kMillisPerDay;
    // Status and refunds as they stand at the contribution moment.
    std::size_t next_change = first + 1;
    while (next_change < change_count && changes[next_change].when <= contribution) ++next_change;
    if (!changes[next_change - 1].qualifies) return;
    Money spend = o.base;
    std::size_t next_refund = 0;
    for (; next_refund < refund_count && refunds[next_refund].when <= contribution; ++next_refund)
        spend = std::max<Money>(0, spend - refunds[next_refund].amount);
    if (contribution.at > as_of) {
        if (changes[first].when.at <= as_of && spend > 0 && in_program(p, contribution.at)) {
            // Still qualifying now? Then it is waiting out the refund hold.
            bool still = true;
            for (std::size_t i = first + 1; i < change_count && changes[i].when.at <= as_of; ++i)
                still = changes[i].qualifies;
            Money now = o.base;  // its spend now: refunds so far, not those still to come
            for (std::size_t i = 0; i < refund_count; ++i)
                if (refunds[i].when.at <= as_of) now = std::max<Money>(0, now - refunds[i].amount);
            if (still && now > 0)
                out.pending.push_back({o.order_id ? *o.order_id : std::string(), contribution.at, now});
        }
        return;
    }
    if (!in_program(p, contribution.at) || spend <= 0) return;

    out.moments.push_back({contribution.at, 1, contribution.seq, MomentKind::contribution, Metric::orders, index, spend});
    // It stops counting at the first later status outside the qualifying ones.
    std::optional<Stamp> withdrawn;
    for (std::size_t i = next_change; i < change_count; ++i)
        if (!changes[i].qualifies) {
            withdrawn = changes[i].when;
            break;
        }
    for (std::size_t i = next_refund; i < refund_count && spend > 0; ++i) {
        const Refund& r = refunds[i];
        if (r.when.at > as_of || (withdrawn && *withdrawn <= r.when)) break;
        spend = std::max<Money>(0, spend - r.amount);
        out.moments.push_back({r.when.at, 1, r.when.seq, MomentKind::refund, Metric::orders, index, spend});
    }
    if (withdrawn && withdrawn->at <= as_of && spend > 0)
        out.moments.push_back({withdrawn->at, 1, withdrawn->seq, MomentKind::withdrawal, Metric::orders, index, 0});
    if (p.kind == ProgramKind::tiers) {
        std::optional<Time> exit = window_exit(p, contribution.at);
        if (exit && *exit <= as_of)
            out.moments.push_back({*exit, 0, contribution.seq, MomentKind::window_exit, Metric::orders, index, 0});
    }
}

}  // namespace

Money order_base_spend(const Program& p, Money subtotal, Money tax, Money shipping, Money total, Money wallet_paid,
                       const std::vector<Item>& items) {
    const Rules& rules = p.rules;
    if (rules.exclude_wallet_paid && wallet_paid >= total) return 0;
    Money basis = subtotal;
    switch (rules.spend_basis) {
        case SpendBasis::subtotal: break;
        case SpendBasis::subtotal_tax: basis = saturating_add(subtotal, tax); break;
        case SpendBasis::subtotal_shipping: basis = saturating_add(subtotal, shipping); break;
        case SpendBasis::total: basis = total; break;
    }
    if (rules.min_order) {
        std::int64_t quantity = 0;
        for (const Item& i : items) quantity = saturating_add(quantity, i.quantity);
        if (basis < rules.min_order->amount || quantity < rules.min_order->quantity) return 0;
    }
    if (rules.categories.empty()) return basis;
    Money matching = 0;
    for (const Item& item : items) {
        bool match = false;
        for (const auto& c : item.categories)
            for (const auto& wanted : rules.categories) match = match || c == wanted;
        if (match) matching = saturating_add(matching, item.amount);
    }
    return matching;
}

Timeline build_timeline(const Program& p, const History& h, Time as_of, const Cart* cart) {
    // Events in (at, id) order, later than as_of dropped, one copy per id.
    // Sorting small keys keeps the large Event structs out of the cache.
    struct Key {
        Time at;
        std::uint32_t index;
    };
    std::vector<Key> keys;
    keys.reserve(h.events.size());
    for (std::uint32_t i = 0; i < h.events.size(); ++i)
        if (h.events[i].at <= as_of) keys.push_back({h.events[i].at, i});
    auto event_less = [&](const Key& a, const Key& b) {
        if (a.at != b.at) return a.at < b.at;
        const Event& x = h.events[a.index];
        const Event& y = h.events[b.index];
        int c = x.id.compare(y.id);
        if (c != 0) return c < 0;
        return content_less(x, y);
    };
    // Stored histories usually arrive in time order already.
    if (!std::is_sorted(keys.begin(), keys.end(), event_less)) std::sort(keys.begin(), keys.end(), event_less);
    std::vector<const Event*> sorted;
    sorted.reserve(keys.size());
    {
        StringIndex seen_ids(keys.size());
        for (const Key& k : keys) {
            bool inserted;
            seen_ids.insert(h.events[k.index].id, inserted);
            if (inserted) sorted.push_back(&h.events[k.index]);
        }
    }

    // First pass: number the orders and count their changes and refunds.
    Timeline out;
    out.moments.reserve(sorted.size() + 8);
    OrderData data;
    std::vector<std::uint32_t> order_of(sorted.size(), UINT32_MAX);
    StringIndex order_index(sorted.size() / 2 + 1);
    data.orders.reserve(sorted.size() / 2 + 1);
    std::uint32_t change_total = 0, refund_total = 0;
    for (std::uint32_t seq = 0; seq < sorted.size(); ++seq) {
        const Event& e = *sorted[seq];
        if (e.type == EventType::order) {
            bool inserted;
            std::uint32_t idx = order_index.insert(e.order_id, inserted);
            if (inserted) {
                OrderRecord rec;
                rec.order_id = &e.order_id;
                rec.base = order_base_spend(p, e.subtotal, e.tax, e.shipping, e.total, e.wallet_paid, e.items);
                data.orders.push_back(rec);
            }
            order_of[seq] = idx;
            ++data.orders[idx].changes_end;
            ++change_total;
        } else if (e.type == EventType::order_status || e.type == EventType::refund) {
            // Before its order event an order does not exist yet: ignored.
            std::uint32_t idx = order_index.find(e.order_id);
            if (idx == UINT32_MAX) continue;
            order_of[seq] = idx;
            if (e.type == EventType::refund)
                ++data.orders[idx].refunds_end, ++refund_total;
            else
                ++data.orders[idx].changes_end, ++change_total;
        } else if (e.type == EventType::grant) {
            // A merchant's grant of one of this program's steps (other programs' are not ours).
            if (e.program_id != p.id) continue;
            for (std::uint32_t s = 0; s < p.steps.size(); ++s)
                if (p.steps[s].id == e.step_id) out.moments.push_back({e.at, 1, seq, MomentKind::grant, Metric::orders, s, 0});
        } else if (in_program(p, e.at)) {
            Metric metric = e.type == EventType::review     ? Metric::reviews
                            : e.type == EventType::referral ? Metric::referrals
                            : e.type == EventType::points   ? Metric::points
                                                            : Metric::subscription_cycles;
            std::int64_t units = e.type == EventType::points ? e.points : 1;
            if (e.type == EventType::referral && !e.purchased) units = 0;
            if (units > 0) out.moments.push_back({e.at, 1, seq, MomentKind::count, metric, 0, units});
        }
    }
    // Turn counts into ranges, then fill the ranges in (at, id) order.
    std::uint32_t change_at = 0, refund_at = 0;
    for (OrderRecord& o : data.orders) {
        std::uint32_t changes = o.changes_end, refunds = o.refunds_end;
        o.changes_begin = o.changes_end = change_at;
        o.refunds_begin = o.refunds_end = refund_at;
        change_at += changes;
        refund_at += refunds;
    }
    data.changes.resize(change_total + 1);  // + 1 for a cart
    data.refunds.resize(refund_total);
    for (std::uint32_t seq = 0; seq < sorted.size(); ++seq) {
        if (order_of[seq] == UINT32_MAX) continue;
        const Event& e = *sorted[seq];
        OrderRecord& o = data.orders[order_of[seq]];
        if (e.type == EventType::refund)
            data.refunds[o.refunds_end++] = {{e.at, seq}, e.amount};
        else
            data.changes[o.changes_end++] = {{e.at, seq}, qualifies(p.rules, e.status)};
    }
    if (cart && !p.rules.order_statuses.empty()) {
        OrderRecord rec;
        rec.base = order_base_spend(p, cart->subtotal, cart->tax, cart->shipping, cart->total, cart->wallet_paid, cart->items);
        rec.changes_begin = change_total;
        rec.changes_end = change_total + 1;
        data.changes[change_total] = {{as_of, static_cast<std::uint32_t>(sorted.size())}, true};
        data.orders.push_back(rec);
    }
    out.order_count = static_cast<std::uint32_t>(data.orders.size());
    out.order_ids.reserve(data.orders.size());
    for (const OrderRecord& rec : data.orders) out.order_ids.push_back(rec.order_id);
    for (std::uint32_t i = 0; i < out.order_count; ++i)
        emit_order_moments(p, data, i, as_of, cart && i + 1 == out.order_count, out);
    // (at, priority, seq, kind) compared as two integers.
    auto tiebreak = [](const Moment& m) {
        return (std::uint64_t{m.priority} << 40) | (std::uint64_t{m.seq} << 8) | static_cast<std::uint64_t>(m.kind);
    };
    auto moment_less = [&](const Moment& a, const Moment& b) {
        return a.at != b.at ? a.at < b.at : tiebreak(a) < tiebreak(b);
    };
    if (!std::is_sorted(out.moments.begin(), out.moments.end(), moment_less))
        std::sort(out.moments.begin(), out.moments.end(), moment_less);
    return out;
}

}  // namespace stepwise::detail
