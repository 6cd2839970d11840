#include "stepwise/view_model.hpp"

namespace stepwise {

namespace {

std::string quantity_text(Metric metric, std::int64_t v, int digits) {
    return metric == Metric::spend ? format_money(v, digits) : std::to_string(v);
}

ViewItem base_item(const Step& s) {
    ViewItem item;
    item.id = s.id;
    item.label = s.name;
    item.description = s.description;
    item.metric = s.metric;
    item.rewards = &s.rewards;
    item.pick = s.pick;
    item.repeating = s.repeating;
    return item;
}

void fill_amounts(ViewItem& item, const Step& s, std::int64_t value, int digits) {
    item.value = quantity_text(s.metric, value, digits);
    item.target = quantity_text(s.metric, s.target, digits);
    item.remaining = quantity_text(s.metric, value >= s.target ? 0 : s.target - value, digits);
}

}  // namespace

ViewModel view_model(const Program& p, const Report& r) {
    ViewModel v;
    v.program_id = p.id;
    v.program_name = p.name;
    v.currency = p.currency;
    v.digits = p.digits();
    v.kind = p.kind;
    v.eligible = r.eligible;
    v.ended = r.ended;
    if (p.kind == ProgramKind::journey) {
        v.completed = r.completed;
        v.overall_pct_tenths = r.progress_tenths;
        v.current = r.current_step;
        for (std::size_t i = 0; i < p.steps.size() && i < r.steps.size(); ++i) {
            const StepProgress& sp = r.steps[i];
            ViewItem item = base_item(p.steps[i]);
            item.state = sp.state == StepState::completed ? "done" : sp.state == StepState::active ? "current" : "locked";
            item.pct_tenths = sp.state == StepState::completed ? 1000 : percent_tenths(sp.value, p.steps[i].target);
            item.completed_at = sp.completed_at;
            item.times_earned = sp.state == StepState::completed ? 1 : 0;
            fill_amounts(item, p.steps[i], sp.value, v.digits);
            v.items.push_back(std::move(item));
        }
        return v;
    }
    v.current = r.next_milestone;
    bool all_earned = !p.steps.empty();
    for (std::size_t i = 0; i < p.steps.size() && i < r.tiers.size(); ++i) {
        const Step& s = p.steps[i];
        const TierProgress& t = r.tiers[i];
        ViewItem item = base_item(s);
        item.times_earned = t.times_awarded;
        bool earned = !s.repeating && t.times_awarded > 0;
        all_earned = all_earned && earned;
        item.state = s.status == Status::inactive ? "inactive"
                     : earned                     ? "earned"
                     : r.next_milestone == i      ? "next"
                                                  : "upcoming";
        item.pct_tenths = earned ? 1000 : percent_tenths(t.counter, s.target);
        for (const Award& a : r.awards)
            if (a.step_index == i && !a.clawed_back_at) item.completed_at = a.awarded_at;
        fill_amounts(item, s, t.counter, v.digits);
        v.items.push_back(std::move(item));
    }
    v.completed = all_earned;
    if (r.next_milestone)
        v.overall_pct_tenths = v.items[*r.next_milestone].pct_tenths;
    else
        v.overall_pct_tenths = all_earned ? 1000 : 0;
    return v;
}

}  // namespace stepwise
