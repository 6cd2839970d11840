#include "timeline.hpp"

#include <algorithm>
#include <iterator>
#include <tuple>

#include "spend.hpp"
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

// A change to an order's money: an edit (a later order event) states its new
// spend before refunds; a refund takes `value` off. Refunds made before an
// edit still apply after it: platforms send an edited order's own amounts and
// report refunds apart (docs/decisions.md "Order edits").
struct AmountChange {
    Stamp when;
    Money value;
    bool edit;
};

// One order's data; its status changes and amount changes are ranges of flat
// arrays shared by all orders (one allocation each instead of two per order).
struct OrderRecord {
    const std::string* order_id = nullptr;
    Money base = 0;                                    // from its first order event
    std::uint32_t changes_begin = 0, changes_end = 0;  // in order, the first being the order's own status
    std::uint32_t amounts_begin = 0, amounts_end = 0;  // in order
};

struct OrderData {
    std::vector<OrderRecord> orders;
    std::vector<StatusChange> changes;
    std::vector<AmountChange> amounts;
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

// Appends one order's moments to `moments` (in time order) or, when it is
// waiting out the refund hold, the order to `pending`.
void emit_order_moments(const Program& p, const OrderData& data, std::uint32_t index, Time as_of, bool immediate,
                        std::vector<Moment>& moments, std::vector<PendingOrder>& pending) {
    const OrderRecord& o = data.orders[index];
    const StatusChange* changes = data.changes.data() + o.changes_begin;
    const std::size_t change_count = o.changes_end - o.changes_begin;
    const AmountChange* amounts = data.amounts.data() + o.amounts_begin;
    const std::size_t amount_count = o.amounts_end - o.amounts_begin;
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
    // Status and amounts as they stand at the contribution moment: the latest
    // edit (or the first order event) less every refund so far, never below 0.
    std::size_t next_change = first + 1;
    while (next_change < change_count && changes[next_change].when <= contribution) ++next_change;
    if (!changes[next_change - 1].qualifies) return;
    Money base = o.base, refunded = 0;
    auto apply = [&](const AmountChange& a) {
        if (a.edit)
            base = a.value;
        else
            refunded = saturating_add(refunded, a.value);
        return std::max<Money>(0, base - refunded);
    };
    Money spend = std::max<Money>(0, base);
    std::size_t next_amount = 0;
    for (; next_amount < amount_count && amounts[next_amount].when <= contribution; ++next_amount)
        spend = apply(amounts[next_amount]);
    if (contribution.at > as_of) {
        // Every event is at or before as_of, so `spend` is its spend now.
        if (spend > 0 && in_program(p, contribution.at)) {
            // Still qualifying now? Then it is waiting out the refund hold.
            bool still = true;
            for (std::size_t i = first + 1; i < change_count; ++i) still = changes[i].qualifies;
            if (still) pending.push_back({o.order_id ? *o.order_id : std::string(), contribution.at, spend});
        }
        return;
    }
    // It stops counting at the first later status outside the qualifying ones.
    std::optional<Stamp> withdrawn;
    for (std::size_t i = next_change; i < change_count; ++i)
        if (!changes[i].qualifies) {
            withdrawn = changes[i].when;
            break;
        }
    // Nothing to count yet (no items in the categories, refunded during the
    // hold...): the first later edit that gives it spend starts it counting.
    for (; spend <= 0 && next_amount < amount_count; ++next_amount) {
        if (withdrawn && *withdrawn <= amounts[next_amount].when) break;
        spend = apply(amounts[next_amount]);
        if (spend > 0) contribution = amounts[next_amount].when;
    }
    if (!in_program(p, contribution.at) || spend <= 0) return;

    moments.push_back({contribution.at, 1, contribution.seq, MomentKind::contribution, Metric::orders, index, spend});
    // Refunds and edits move its spend; at 0 it stops counting for good.
    for (std::size_t i = next_amount; i < amount_count && spend > 0; ++i) {
        const AmountChange& a = amounts[i];
        if (withdrawn && *withdrawn <= a.when) break;
        Money after = apply(a);
        if (after == spend) continue;  // e.g. an edit of items outside the categories
        spend = after;
        moments.push_back(
            {a.when.at, 1, a.when.seq, a.edit ? MomentKind::edit : MomentKind::refund, Metric::orders, index, spend});
    }
    if (withdrawn && withdrawn->at <= as_of && spend > 0)
        moments.push_back({withdrawn->at, 1, withdrawn->seq, MomentKind::withdrawal, Metric::orders, index, 0});
    if (p.kind == ProgramKind::tiers) {
        std::optional<Time> exit = window_exit(p, contribution.at);
        if (exit && *exit <= as_of)
            moments.push_back({*exit, 0, contribution.seq, MomentKind::window_exit, Metric::orders, index, 0});
    }
}

// Which reviews count under rules.reviews. With require_purchase, only a review
// of a product an earlier order event listed (by sku); with one_per_product,
// only the first review of each product that passes the other checks (those
// outside the program's dates or before the purchase use nothing up).
class ReviewFilter {
public:
    ReviewFilter(const ReviewRules& rules, std::size_t events)
        : rules_(rules), bought_(rules.require_purchase ? events : 0), reviewed_(rules.one_per_product ? events : 0) {}

    void saw_order(const Event& order) {
        bool inserted;
        if (rules_.require_purchase)
            for (const Item& i : order.items)
                if (!i.sku.empty()) bought_.insert(i.sku, inserted);
    }

    bool counts(const Event& review) {
        if (rules_.require_purchase && (review.product_id.empty() || bought_.find(review.product_id) == UINT32_MAX))
            return false;
        bool first = true;
        if (rules_.one_per_product) reviewed_.insert(review.product_id, first);
        return first;
    }

private:
    const ReviewRules& rules_;
    StringIndex bought_, reviewed_;
};


// Sorts a list that is mostly in order already (stored histories, the moments
// of orders emitted one order at a time): insertion sort, whose cost is the
// number of places things move, handing over to std::sort when that passes a
// few moves per element, so that no input costs quadratic time. `less` is a
// total order on what differs in results, so either algorithm gives them.
template <class T, class Less>
void sort_mostly_ordered(std::vector<T>& v, Less less) {
    std::size_t budget = 4 * v.size() + 16;
    for (std::size_t i = 1; i < v.size(); ++i) {
        if (!less(v[i], v[i - 1])) continue;
        T moving = v[i];
        std::size_t j = i;
        for (; j > 0 && less(moving, v[j - 1]); --j) v[j] = v[j - 1];
        v[j] = moving;
        if ((budget -= std::min(budget, i - j)) == 0) {
            std::sort(v.begin(), v.end(), less);
            return;
        }
    }
}

// Buffers reused across evaluations are given back past this many elements.
constexpr std::size_t kKeepEvents = 1 << 16;

// Sort key of one event: sorting small keys keeps the large Event structs out of the cache.
struct EventKey {
    Time at;
    std::uint32_t index;
};

// What one evaluation needs besides its results, kept between evaluations on
// a thread so that a warm evaluation allocates only what it returns (the
// timeline's own buffers are the caller's, reused the same way). Results never
// depend on it: every buffer is emptied before use.
struct Scratch {
    std::vector<EventKey> keys;
    std::vector<const Event*> sorted;
    StringIndex seen_ids, order_index;
    OrderData data;
    std::vector<std::uint32_t> order_of;
    std::vector<const Event*> latest;
    std::vector<Moment> order_moments, merged;

    // A huge history's buffers are not kept for the thread's lifetime.
    void trim() {
        if (keys.capacity() > kKeepEvents) *this = Scratch{};
    }
};

}  // namespace

void build_timeline(const Program& p, const History& h, Time as_of, const Cart* cart, Timeline& out) {
    thread_local Scratch scratch;
    // Events in (at, id) order, later than as_of dropped, one copy per id.
    std::vector<EventKey>& keys = scratch.keys;
    keys.clear();
    keys.reserve(h.events.size());
    for (std::uint32_t i = 0; i < h.events.size(); ++i)
        if (h.events[i].at <= as_of) keys.push_back({h.events[i].at, i});
    auto event_less = [&](const EventKey& a, const EventKey& b) {
        if (a.at != b.at) return a.at < b.at;
        const Event& x = h.events[a.index];
        const Event& y = h.events[b.index];
        int c = x.id.compare(y.id);
        if (c != 0) return c < 0;
        return content_less(x, y);
    };
    // Stored histories usually arrive in time order already.
    sort_mostly_ordered(keys, event_less);
    std::vector<const Event*>& sorted = scratch.sorted;
    sorted.clear();
    sorted.reserve(keys.size());
    StringIndex& seen_ids = scratch.seen_ids;
    seen_ids.reset(keys.size());
    for (const EventKey& k : keys) {
        bool inserted;
        seen_ids.insert(h.events[k.index].id, inserted);
        if (inserted) sorted.push_back(&h.events[k.index]);
    }

    // First pass: number the orders and count their status and amount changes.
    out.moments.clear();
    out.moments.reserve(sorted.size() + 8);
    out.order_ids.clear();
    out.pending.clear();
    OrderData& data = scratch.data;
    data.orders.clear();
    data.orders.reserve(sorted.size() / 2 + 1);
    std::vector<std::uint32_t>& order_of = scratch.order_of;
    order_of.assign(sorted.size(), UINT32_MAX);
    StringIndex& order_index = scratch.order_index;
    order_index.reset(sorted.size() / 2 + 1);
    std::uint32_t change_total = 0, amount_total = 0;
    ReviewFilter reviews(p.rules.reviews, sorted.size());
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
            } else {
                ++data.orders[idx].amounts_end, ++amount_total;  // an edit
            }
            order_of[seq] = idx;
            ++data.orders[idx].changes_end;
            ++change_total;
            reviews.saw_order(e);
        } else if (e.type == EventType::order_status || e.type == EventType::refund) {
            // Before its order event an order does not exist yet: ignored.
            std::uint32_t idx = order_index.find(e.order_id);
            if (idx == UINT32_MAX) continue;
            order_of[seq] = idx;
            if (e.type == EventType::refund)
                ++data.orders[idx].amounts_end, ++amount_total;
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
            if (e.type == EventType::review && !reviews.counts(e)) units = 0;
            if (units > 0) out.moments.push_back({e.at, 1, seq, MomentKind::count, metric, 0, units});
        }
    }
    // Turn counts into ranges, then fill the ranges in (at, id) order.
    std::uint32_t change_at = 0, amount_at = 0;
    for (OrderRecord& o : data.orders) {
        std::uint32_t changes = o.changes_end, amounts = o.amounts_end;
        o.changes_begin = o.changes_end = change_at;
        o.amounts_begin = o.amounts_end = amount_at;
        change_at += changes;
        amount_at += amounts;
    }
    data.changes.resize(change_total + 1);  // + 1 for a cart
    data.amounts.resize(amount_total);
    std::vector<const Event*>& latest = scratch.latest;  // each order's latest order event so far
    latest.assign(data.orders.size(), nullptr);
    for (std::uint32_t seq = 0; seq < sorted.size(); ++seq) {
        if (order_of[seq] == UINT32_MAX) continue;
        const Event& e = *sorted[seq];
        OrderRecord& o = data.orders[order_of[seq]];
        const Event*& order = latest[order_of[seq]];
        if (e.type == EventType::refund) {
            data.amounts[o.amounts_end++] = {{e.at, seq}, refund_spend(p, e, order->items), false};
            continue;
        }
        if (e.type == EventType::order) {
            if (order)  // a later order event: the order's amounts from now on
                data.amounts[o.amounts_end++] = {
                    {e.at, seq}, order_base_spend(p, e.subtotal, e.tax, e.shipping, e.total, e.wallet_paid, e.items), true};
            order = &e;
        }
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
    // The counting moments are in order already (pushed in event order); the
    // orders' moments, emitted one order at a time, are sorted, then the two merged.
    std::vector<Moment>& order_moments = scratch.order_moments;
    order_moments.clear();
    for (std::uint32_t i = 0; i < out.order_count; ++i)
        emit_order_moments(p, data, i, as_of, cart && i + 1 == out.order_count, order_moments, out.pending);
    // (at, priority, seq, kind) compared as two integers.
    auto tiebreak = [](const Moment& m) {
        return (std::uint64_t{m.priority} << 40) | (std::uint64_t{m.seq} << 8) | static_cast<std::uint64_t>(m.kind);
    };
    auto moment_less = [&](const Moment& a, const Moment& b) {
        return a.at != b.at ? a.at < b.at : tiebreak(a) < tiebreak(b);
    };
    sort_mostly_ordered(order_moments, moment_less);
    if (out.moments.empty()) {  // a spend program: orders only
        out.moments.swap(order_moments);
    } else if (!order_moments.empty()) {
        std::vector<Moment>& merged = scratch.merged;
        merged.clear();
        merged.reserve(out.moments.size() + order_moments.size());
        std::merge(out.moments.begin(), out.moments.end(), order_moments.begin(), order_moments.end(),
                   std::back_inserter(merged), moment_less);
        out.moments.swap(merged);
    }
    scratch.trim();
}

void release_if_large(Timeline& timeline) {
    if (timeline.moments.capacity() > kKeepEvents || timeline.order_ids.capacity() > kKeepEvents) timeline = Timeline{};
}

}  // namespace stepwise::detail
