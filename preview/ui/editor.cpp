// The journey editor: program fields, rules, and the steps with their rewards.
#include <optional>

#include "ui/widgets.hpp"
// after imgui.h, which it needs
#include <misc/cpp/imgui_stdlib.h>

namespace stepwise::preview::ui {

namespace {

using namespace detail;

template <class E>
int index_of(const std::vector<E>& all, std::optional<E> value) {
    for (std::size_t i = 0; i < all.size(); ++i)
        if (value && all[i] == *value) return static_cast<int>(i);
    return -1;
}

int index_of_name(const std::vector<const char*>& names, const std::string& name) {
    for (std::size_t i = 0; i < names.size(); ++i)
        if (name == names[i]) return static_cast<int>(i);
    return -1;
}

std::vector<const char*> metric_labels() {
    std::vector<const char*> v;
    for (Metric m : all_metrics()) v.push_back(metric_label(m));
    return v;
}

void draw_problems(const ProgramDraft& d) {
    const Errors& errors = d.errors();
    if (errors.empty()) {
        ImGui::TextColored(kGoodColor, "The engine accepts this program.");
        return;
    }
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    bool open = ImGui::TreeNodeEx("problems", ImGuiTreeNodeFlags_DefaultOpen, "%zu problem%s to fix before saving",
                                  errors.size(), errors.size() == 1 ? "" : "s");
    ImGui::PopStyleColor();
    if (open) {
        for (const Error& e : errors) ImGui::BulletText("%s", e.to_string().c_str());
        ImGui::TreePop();
    }
}

void draw_program_fields(Preview& p, UiState& ui) {
    ProgramDraft& d = p.program;
    text_field(d, "Rule name", "/name", "Loyalty Journey");
    mark(ui, "program-name");
    text_field(d, "Program id", "/id", "loyalty-journey");
    help("Letters, digits, '-' and '_'. Award keys start with it.");

    static const std::vector<const char*> kinds{"journey", "tiers"};
    int kind = index_of_name(kinds, d.text("/kind"));
    if (combo("Type", kind, {"Mixed milestone (journey)", "Spend tiers"}))
        d.set_kind(kind == 1 ? ProgramKind::tiers : ProgramKind::journey);
    field_errors(d, "/kind");

    bool active = d.text("/status") == "active";
    ImGui::Text("Status: ");
    ImGui::SameLine();
    ImGui::TextColored(active ? kGoodColor : kMutedColor, "%s", active ? "on (active)" : "off (inactive)");
    ImGui::SameLine();
    if (ImGui::Button(active ? "Turn off" : "Turn on")) d.set_status(active ? Status::inactive : Status::active);
    mark(ui, "turn-on");
    field_errors(d, "/status");

    optional_text_field(d, "Start date", "/starts_at", "2026-01-01T00:00:00Z (optional)");
    optional_text_field(d, "End date", "/ends_at", "optional");
    text_field(d, "Currency", "/currency", "USD");
    text_field(d, "Time zone", "/timezone", "UTC0");
    help("A POSIX TZ rule, e.g. EST5EDT,M3.2.0,M11.1.0. It places calendar-month windows.");
}

void draw_rules(ProgramDraft& d, UiState& ui) {
    list_field(d, "Order statuses that count", "/rules/order_statuses", "completed, shipped");
    mark(ui, "rule/order_statuses");
    static const std::vector<const char*> bases{"subtotal", "subtotal_tax", "subtotal_shipping", "total"};
    int basis = index_of_name(bases, d.text("/rules/spend_basis"));
    if (combo("Spend basis", basis, {"Subtotal", "Subtotal + tax", "Subtotal + shipping", "Order total"}))
        d.set("/rules/spend_basis", bases[basis]);
    field_errors(d, "/rules/spend_basis");
    bool_field(d, "Exclude orders paid from the wallet", "/rules/exclude_wallet_paid");

    bool has_min = d.has("/rules/min_order");
    if (ImGui::Checkbox("Minimum order requirement", &has_min)) d.set_min_order(has_min);
    if (has_min) {
        ImGui::Indent();
        text_field(d, "Minimum amount", "/rules/min_order/amount", "20.00");
        int_field(d, "Minimum quantity", "/rules/min_order/quantity");
        ImGui::Unindent();
    }
    field_errors(d, "/rules/min_order");
    int_field(d, "Refund hold (days)", "/rules/refund_hold_days");
    help("Anti-cheat: an order counts only after this many days, so quick refunds earn nothing.");
    bool_field(d, "Claw back awards on refund", "/rules/clawback_on_refund");
    int_field(d, "Rewards expire after (days, 0 = never)", "/rules/reward_expiry_days");
    mark(ui, "rule/reward_expiry_days");
    list_field(d, "Only these product categories", "/rules/categories", "all categories");
    mark(ui, "rule/categories");
    list_field(d, "Only these customer roles", "/rules/roles", "all customers");
    mark(ui, "rule/roles");

    if (d.text("/kind") == "tiers") {
        static const std::vector<const char*> windows{"lifetime", "rolling_days", "calendar_months"};
        int w = index_of_name(windows, d.text("/rules/window/kind"));
        if (combo("Spend window", w, {"Lifetime", "Rolling days", "Calendar months"}))
            d.set_window_kind(static_cast<WindowKind>(w));
        if (w == 1) int_field(d, "Days", "/rules/window/days");
        if (w == 2) int_field(d, "Months", "/rules/window/months");
        field_errors(d, "/rules/window");
    }
}

void draw_reward(Preview& p, UiState& ui, std::size_t step, std::size_t r, std::optional<std::size_t>& remove) {
    ProgramDraft& d = p.program;
    std::string at = ProgramDraft::reward_pointer(step, r);
    std::string tag = std::to_string(step) + "/" + std::to_string(r);
    ImGui::PushID(static_cast<int>(r));
    int type = index_of(all_reward_types(), d.reward_type(step, r));
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
    if (ImGui::BeginCombo("##type", type >= 0 ? reward_label(all_reward_types()[type]) : "?")) {
        for (std::size_t t = 0; t < all_reward_types().size(); ++t) {
            if (ImGui::Selectable(reward_label(all_reward_types()[t]), static_cast<int>(t) == type) &&
                static_cast<int>(t) != type)
                p.choose_reward(step, r, all_reward_types()[t]);
            mark(ui, "reward-type-item/" + tag + "/" + to_string(all_reward_types()[t]));
        }
        ImGui::EndCombo();
    }
    mark(ui, "reward-type/" + tag);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    switch (type >= 0 ? all_reward_types()[type] : RewardType::free_shipping) {
        case RewardType::points: int_field(d, "points", at + "/points"); break;
        case RewardType::store_credit:
        case RewardType::discount_amount: text_field(d, "amount", at + "/amount", "5.00"); break;
        case RewardType::discount_percent: int_field(d, "% off", at + "/percent"); break;
        case RewardType::free_gift: text_field(d, "product id", at + "/product_id", "sku-1"); break;
        case RewardType::free_shipping: ImGui::TextDisabled("on the next order"); break;
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("Remove")) remove = r;
    mark(ui, "reward-remove/" + tag);
    field_errors(d, at);
    field_errors(d, at + "/type");
    ImGui::PopID();
}

void draw_step_fields(Preview& p, UiState& ui, std::size_t i, std::optional<std::pair<std::size_t, std::size_t>>& move,
                      std::optional<std::size_t>& remove_step) {
    ProgramDraft& d = p.program;
    std::string at = ProgramDraft::step_pointer(i);
    std::string tag = std::to_string(i);
    bool tiers = d.text("/kind") == "tiers";

    auto metric_now = d.metric(i);
    text_field(d, "Name", at + "/name", tiers ? "Silver" : "First Steps");
    mark(ui, "step-name/" + tag);
    std::string hint = metric_now ? description_hint(*metric_now, d.text(at + "/target")) : std::string();
    text_field(d, "Description", at + "/description", hint.c_str());
    mark(ui, "step-description/" + tag);
    help("Shown to customers on the storefront.");
    text_field(d, "Step id", at + "/id");

    std::vector<const char*> metrics = metric_labels();
    int metric = index_of(all_metrics(), d.metric(i));
    if (tiers) ImGui::BeginDisabled();
    if (combo("Step type", metric, metrics, "?", &ui, "step-metric-item/" + tag)) d.set_metric(i, all_metrics()[metric]);
    if (tiers) ImGui::EndDisabled();
    mark(ui, "step-metric/" + tag);
    field_errors(d, at + "/metric");

    std::string target = d.text(at + "/target");
    bool spend = d.metric(i) == Metric::spend;
    if (ImGui::InputTextWithHint(tiers ? "Threshold" : "Target", spend ? "500.00" : "3", &target))
        d.set_target_text(i, target);
    mark(ui, "step-target/" + tag);
    field_errors(d, at + "/target");

    if (tiers) {
        bool_field(d, "Repeating", at + "/repeating");
        bool on = d.text(at + "/status") != "inactive";
        if (ImGui::Checkbox("Tier active", &on)) d.set(at + "/status", on ? "active" : "inactive");
    } else {
        field_errors(d, at + "/repeating");
    }

    ImGui::TextUnformatted("Rewards");
    field_errors(d, at + "/rewards");
    std::optional<std::size_t> remove_reward;
    for (std::size_t r = 0; r < d.reward_count(i); ++r) draw_reward(p, ui, i, r, remove_reward);
    if (remove_reward) d.remove_reward(i, *remove_reward);
    if (ImGui::BeginCombo("##add-reward", "+ Add reward")) {
        for (RewardType t : all_reward_types()) {
            if (ImGui::Selectable(reward_label(t))) p.choose_reward(i, std::nullopt, t);
            mark(ui, "add-reward-item/" + tag + "/" + to_string(t));
        }
        ImGui::EndCombo();
    }
    mark(ui, "add-reward/" + tag);

    std::optional<int> pick = d.pick(i);
    if (ImGui::RadioButton("Grant all rewards", !pick)) d.set_pick(i, std::nullopt);
    mark(ui, "grant-all/" + tag);
    ImGui::SameLine();
    if (ImGui::RadioButton("Customer picks", pick.has_value())) d.set_pick(i, pick.value_or(1));
    mark(ui, "customer-picks/" + tag);
    if (pick) {
        ImGui::SameLine();
        int n = *pick;
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
        if (ImGui::InputInt("of the rewards", &n)) d.set_pick(i, n);
    }
    field_errors(d, at + "/reward_choice");
    field_errors(d, at + "/reward_choice/pick");

    if (ImGui::SmallButton("Move up") && i > 0) move = std::make_pair(i, i - 1);
    ImGui::SameLine();
    if (ImGui::SmallButton("Move down") && i + 1 < d.step_count()) move = std::make_pair(i, i + 1);
    ImGui::SameLine();
    if (ImGui::SmallButton("Remove step")) remove_step = i;
    mark(ui, "step-remove/" + tag);
    field_errors(d, at);
}

void draw_steps(Preview& p, UiState& ui) {
    ProgramDraft& d = p.program;
    bool tiers = d.text("/kind") == "tiers";
    ImGui::TextDisabled(tiers ? "Tiers award when qualifying spend reaches their threshold."
                              : "Drag a step by its handle to reorder: customers complete steps from top to bottom.");
    field_errors(d, "/steps");
    std::optional<std::pair<std::size_t, std::size_t>> move;  // (from, to), applied after drawing
    std::optional<std::size_t> remove;
    for (std::size_t i = 0; i < d.step_count(); ++i) {
        std::string at = ProgramDraft::step_pointer(i);
        std::string tag = std::to_string(i);
        ImGui::PushID(static_cast<int>(i));
        ImGui::BeginGroup();
        ImGui::Button("::");
        mark(ui, "step-handle/" + tag);
        if (ImGui::BeginDragDropSource(ImGuiDragDropFlags_None)) {
            int from = static_cast<int>(i);
            ImGui::SetDragDropPayload("STEPWISE_STEP", &from, sizeof from);
            ImGui::Text("Move step %zu: %s", i + 1, d.text(at + "/name").c_str());
            ImGui::EndDragDropSource();
        }
        ImGui::SameLine();
        std::size_t problems = d.errors_under(at);
        std::string target = d.text(at + "/target");
        auto metric = d.metric(i);
        std::string title = std::to_string(i + 1) + ". " + d.text(at + "/name") + "  -  " +
                            (metric ? metric_label(*metric) : "?") + ": " + target;
        if (problems) title += "  (" + std::to_string(problems) + " to fix)";
        if (problems) ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
        bool open = ImGui::TreeNodeEx("step", ImGuiTreeNodeFlags_DefaultOpen, "%s", title.c_str());
        if (problems) ImGui::PopStyleColor();
        mark(ui, "step-header/" + tag);
        if (open) {
            draw_step_fields(p, ui, i, move, remove);
            ImGui::TreePop();
        }
        ImGui::EndGroup();
        mark(ui, "step/" + tag);
        if (ImGui::BeginDragDropTarget()) {
            if (const ImGuiPayload* payload = ImGui::AcceptDragDropPayload("STEPWISE_STEP"))
                move = std::make_pair(static_cast<std::size_t>(*static_cast<const int*>(payload->Data)), i);
            ImGui::EndDragDropTarget();
        }
        ImGui::Separator();
        ImGui::PopID();
    }
    if (move) d.move_step(move->first, move->second);
    if (remove) d.remove_step(*remove);

    if (!tiers) {
        std::vector<const char*> metrics = metric_labels();
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
        combo("##new-step-metric", ui.new_step_metric, metrics, "?", &ui, "new-step-metric-item");
        mark(ui, "new-step-metric");
        ImGui::SameLine();
    }
    if (ImGui::Button(tiers ? "Add tier" : "Add step"))
        d.add_step(tiers ? Metric::spend : all_metrics()[static_cast<std::size_t>(ui.new_step_metric)]);
    mark(ui, "add-step");
}

}  // namespace

const char* editor_title(const ProgramDraft& draft) {
    return draft.text("/kind") == "tiers" ? "Tiers editor" : "Journey editor";
}

std::string description_hint(Metric metric, const std::string& target) {
    bool one = target == "1";
    std::string n = target.empty() ? (metric == Metric::spend ? "500.00" : "3") : target;
    switch (metric) {
        case Metric::orders: return "Place " + n + (one ? " order" : " orders");
        case Metric::spend: return "Spend " + n;
        case Metric::points: return "Earn " + n + (one ? " point" : " points");
        case Metric::reviews: return "Write " + n + (one ? " review" : " reviews");
        case Metric::referrals: return "Refer " + n + (one ? " friend" : " friends");
        case Metric::subscription_cycles: return "Renew your subscription " + n + (one ? " time" : " times");
    }
    return "";
}

void draw_editor(Preview& p, UiState& ui) {
    draw_problems(p.program);
    if (ImGui::CollapsingHeader("Rule information", ImGuiTreeNodeFlags_DefaultOpen)) draw_program_fields(p, ui);
    bool rules = ImGui::CollapsingHeader("Order requirements and rules");
    mark(ui, "rules-header");
    if (rules) draw_rules(p.program, ui);
    if (ImGui::CollapsingHeader(p.program.text("/kind") == "tiers" ? "Tiers" : "Milestone steps",
                                ImGuiTreeNodeFlags_DefaultOpen))
        draw_steps(p, ui);
}

}  // namespace stepwise::preview::ui
