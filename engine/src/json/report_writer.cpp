// Report, projection, due-list, view-model and error serializers.
#include <utility>

#include "stepwise/evaluate.hpp"
#include "stepwise/json.hpp"
#include "writer.hpp"

namespace stepwise {

namespace {

using detail::JsonWriter;

// A metric's quantity: a money string for spend, a plain integer otherwise.
void quantity(JsonWriter& w, Metric metric, std::int64_t v, int digits) {
    if (metric == Metric::spend)
        w.string(format_money(v, digits));
    else
        w.integer(v);
}

void write_reward(JsonWriter& w, const Reward& r, int digits) {
    w.begin_object().key("type").string(to_string(r.type));
    switch (r.type) {
        case RewardType::points: w.key("points").integer(r.points); break;
        case RewardType::store_credit:
        case RewardType::discount_amount: w.key("amount").string(format_money(r.amount, digits)); break;
        case RewardType::discount_percent: w.key("percent").integer(r.percent); break;
        case RewardType::free_gift:
            w.key("product_id").string(r.product_id);
            if (!r.name.empty()) w.key("name").string(r.name);
            break;
        case RewardType::free_shipping: break;
    }
    w.end_object();
}

void write_rewards(JsonWriter& w, const std::vector<Reward>& rewards, int digits) {
    w.begin_array();
    for (const Reward& r : rewards) write_reward(w, r, digits);
    w.end_array();
}

void write_award(JsonWriter& w, const Program& p, const Award& a) {
    const Step& step = p.steps[a.step_index];
    int digits = p.digits();
    w.begin_object();
    if (p.kind == ProgramKind::tiers) {
        w.key("milestone_id").string(a.step_id).key("name").string(step.name).key("occurrence").integer(a.occurrence);
        w.key("awarded_at").string(format_time(a.awarded_at));
        w.key("reward_amount").string(format_money(step_store_credit(step), digits)).key("key").string(a.key);
        w.key("rewards");
        write_rewards(w, step.rewards, digits);
    } else {
        w.key("key").string(a.key).key("step_id").string(a.step_id).key("occurrence").integer(a.occurrence);
        w.key("awarded_at").string(format_time(a.awarded_at)).key("rewards");
        write_rewards(w, step.rewards, digits);
        if (step.pick) w.key("choice").begin_object().key("pick").integer(*step.pick).end_object();
    }
    if (a.expires_at) w.key("expires_at").string(format_time(*a.expires_at));
    if (a.clawed_back_at) w.key("clawed_back_at").string(format_time(*a.clawed_back_at));
    w.end_object();
}

void write_clawback(JsonWriter& w, const Program& p, const Clawback& c) {
    w.begin_object().key("key").string(c.key);
    w.key(p.kind == ProgramKind::tiers ? "milestone_id" : "step_id").string(p.steps[c.step_index].id);
    w.key("at").string(format_time(c.at)).end_object();
}

void write_report_body(JsonWriter& w, const Program& p, const Report& r) {
    int digits = p.digits();
    w.key("customer_id").string(r.customer_id).key("program_id").string(r.program_id);
    w.key("kind").string(to_string(r.kind)).key("as_of").string(format_time(r.as_of));
    w.key("eligible").boolean(r.eligible).key("awarding").boolean(r.awarding).key("ended").boolean(r.ended);
    if (r.kind == ProgramKind::tiers) {
        w.key("qualifying_spend").string(format_money(r.qualifying_spend, digits));
        w.key("next_milestone");
        if (r.next_milestone) {
            const Step& s = p.steps[*r.next_milestone];
            std::int64_t value = r.tiers[*r.next_milestone].counter;
            w.begin_object().key("id").string(s.id).key("name").string(s.name);
            w.key("threshold").string(format_money(s.target, digits));
            w.key("reward_amount").string(format_money(step_store_credit(s), digits));
            w.key("remaining").string(format_money(value >= s.target ? 0 : s.target - value, digits));
            w.key("progress_pct").raw(format_percent_tenths(percent_tenths(value, s.target)));
            w.key("repeating").boolean(s.repeating).end_object();
        } else {
            w.null();
        }
        w.key("tiers").begin_array();
        for (std::size_t i = 0; i < p.steps.size() && i < r.tiers.size(); ++i) {
            const Step& s = p.steps[i];
            const TierProgress& t = r.tiers[i];
            w.begin_object().key("id").string(s.id).key("name").string(s.name);
            w.key("threshold").string(format_money(s.target, digits)).key("repeating").boolean(s.repeating);
            w.key("status").string(to_string(s.status)).key("value").string(format_money(t.counter, digits));
            w.key("progress_pct").raw(format_percent_tenths(percent_tenths(t.counter, s.target)));
            w.key("times_awarded").integer(t.times_awarded).end_object();
        }
        w.end_array();
        w.key("milestones_earned");
    } else {
        w.key("progress_pct").raw(format_percent_tenths(r.progress_tenths));
        w.key("current_step");
        if (r.current_step)
            w.integer(static_cast<std::int64_t>(*r.current_step));
        else
            w.null();
        w.key("completed").boolean(r.completed).key("steps").begin_array();
        for (std::size_t i = 0; i < p.steps.size() && i < r.steps.size(); ++i) {
            const Step& s = p.steps[i];
            const StepProgress& sp = r.steps[i];
            w.begin_object().key("id").string(s.id).key("name").string(s.name).key("description").string(s.description);
            w.key("metric").string(to_string(s.metric)).key("target");
            quantity(w, s.metric, s.target, digits);
            w.key("value");
            quantity(w, s.metric, sp.value, digits);
            w.key("remaining");
            quantity(w, s.metric, sp.value >= s.target ? 0 : s.target - sp.value, digits);
            std::int64_t pct = sp.state == StepState::completed ? 1000 : percent_tenths(sp.value, s.target);
            w.key("progress_pct").raw(format_percent_tenths(pct)).key("state").string(to_string(sp.state));
            if (sp.completed_at) w.key("completed_at").string(format_time(*sp.completed_at));
            w.end_object();
        }
        w.end_array();
        w.key("awards");
    }
    w.begin_array();
    for (const Award& a : r.awards) write_award(w, p, a);
    w.end_array().key("clawbacks").begin_array();
    for (const Clawback& c : r.clawbacks) write_clawback(w, p, c);
    w.end_array().key("pending").begin_array();
    for (const PendingOrder& o : r.pending) {
        w.begin_object().key("order_id").string(o.order_id).key("counts_at").string(format_time(o.counts_at));
        w.key("spend").string(format_money(o.spend, digits)).end_object();
    }
    w.end_array();
}

}  // namespace

std::string report_json(const Program& p, const Report& r) {
    JsonWriter w;
    w.begin_object();
    write_report_body(w, p, r);
    w.end_object();
    return w.take();
}

std::string projection_json(const Program& p, const Projection& proj) {
    JsonWriter w;
    w.begin_object().key("unlocked").begin_array();
    for (const Award& a : proj.unlocked) write_award(w, p, a);
    w.end_array().key("completes_steps").begin_array();
    for (std::size_t i : proj.completes_steps) w.integer(static_cast<std::int64_t>(i));
    const int digits = p.digits();
    w.end_array().key("adds_spend").string(format_money(proj.adds_spend, digits));
    w.key("min_order_short").string(format_money(proj.min_order_short, digits));
    w.key("min_quantity_short").integer(proj.min_quantity_short);
    w.key("not_carried").string(format_money(proj.not_carried, digits));
    w.key("after").begin_object();
    write_report_body(w, p, proj.after);
    w.end_object().end_object();
    return w.take();
}

std::string due_json(const Program& p, const Due& due) {
    JsonWriter w;
    w.begin_object().key("awards").begin_array();
    for (const Award& a : due.awards) write_award(w, p, a);
    w.end_array().key("clawbacks").begin_array();
    for (const Clawback& c : due.clawbacks) write_clawback(w, p, c);
    w.end_array().end_object();
    return w.take();
}

std::string view_model_json(const ViewModel& v) {
    JsonWriter w;
    w.begin_object().key("program_id").string(v.program_id).key("program_name").string(v.program_name);
    w.key("kind").string(to_string(v.kind)).key("currency").string(v.currency).key("digits").integer(v.digits);
    w.key("eligible").boolean(v.eligible).key("ended").boolean(v.ended).key("completed").boolean(v.completed);
    w.key("overall_pct").raw(format_percent_tenths(v.overall_pct_tenths));
    w.key("current");
    if (v.current)
        w.integer(static_cast<std::int64_t>(*v.current));
    else
        w.null();
    w.key("items").begin_array();
    for (const ViewItem& item : v.items) {
        w.begin_object().key("id").string(item.id).key("label").string(item.label);
        w.key("description").string(item.description).key("metric").string(to_string(item.metric));
        w.key("state").string(item.state).key("pct").raw(format_percent_tenths(item.pct_tenths));
        w.key("value").string(item.value).key("target").string(item.target).key("remaining").string(item.remaining);
        w.key("rewards");
        if (item.rewards)
            write_rewards(w, *item.rewards, v.digits);
        else
            w.begin_array().end_array();
        if (item.pick) w.key("pick").integer(*item.pick);
        w.key("repeating").boolean(item.repeating).key("times_earned").integer(item.times_earned);
        if (item.completed_at) w.key("completed_at").string(format_time(*item.completed_at));
        w.end_object();
    }
    w.end_array().end_object();
    return w.take();
}

std::string errors_json(const Errors& errors) {
    JsonWriter w;
    w.begin_object().key("errors").begin_array();
    for (const Error& e : errors)
        w.begin_object().key("pointer").string(e.pointer).key("message").string(e.message).end_object();
    w.end_array().end_object();
    return w.take();
}

std::string reward_json(const Reward& reward, int digits) {
    JsonWriter w;
    write_reward(w, reward, digits);
    return w.take();
}

std::string program_json(const Program& p) {
    int digits = p.digits();
    JsonWriter w;
    w.begin_object().key("id").string(p.id).key("name").string(p.name).key("kind").string(to_string(p.kind));
    w.key("status").string(to_string(p.status));
    if (p.starts_at) w.key("starts_at").string(format_time(*p.starts_at));
    if (p.ends_at) w.key("ends_at").string(format_time(*p.ends_at));
    w.key("currency").string(p.currency).key("timezone").string(p.timezone.text);
    const Rules& r = p.rules;
    w.key("rules").begin_object().key("order_statuses").begin_array();
    for (const auto& s : r.order_statuses) w.string(s);
    w.end_array().key("spend_basis").string(to_string(r.spend_basis));
    w.key("exclude_wallet_paid").boolean(r.exclude_wallet_paid);
    w.key("window").begin_object().key("kind").string(to_string(r.window.kind));
    if (r.window.kind == WindowKind::rolling_days) w.key("days").integer(r.window.days);
    if (r.window.kind == WindowKind::calendar_months) w.key("months").integer(r.window.months);
    w.end_object().key("categories").begin_array();
    for (const auto& c : r.categories) w.string(c);
    w.end_array().key("roles").begin_array();
    for (const auto& c : r.roles) w.string(c);
    w.end_array();
    if (r.min_order) {
        w.key("min_order").begin_object().key("amount").string(format_money(r.min_order->amount, digits));
        w.key("quantity").integer(r.min_order->quantity).end_object();
    }
    w.key("refund_hold_days").integer(r.refund_hold_days).key("clawback_on_refund").boolean(r.clawback_on_refund);
    w.key("reward_expiry_days").integer(r.reward_expiry_days);
    // Only when set, so programs without review rules keep their stored bytes.
    if (r.reviews.require_purchase || r.reviews.one_per_product) {
        w.key("reviews").begin_object().key("require_purchase").boolean(r.reviews.require_purchase);
        w.key("one_per_product").boolean(r.reviews.one_per_product).end_object();
    }
    w.end_object();
    w.key("steps").begin_array();
    for (const Step& s : p.steps) {
        w.begin_object().key("id").string(s.id).key("name").string(s.name).key("description").string(s.description);
        w.key("metric").string(to_string(s.metric)).key("target");
        quantity(w, s.metric, s.target, digits);
        w.key("rewards");
        write_rewards(w, s.rewards, digits);
        if (s.pick) w.key("reward_choice").begin_object().key("pick").integer(*s.pick).end_object();
        w.key("repeating").boolean(s.repeating).key("status").string(to_string(s.status)).end_object();
    }
    w.end_array().end_object();
    return w.take();
}

}  // namespace stepwise
