// The simulator: a customer's timeline, the "as of" slider, the storefront
// view (the engine's view model) and the awards log.
#include <algorithm>
#include <cstdio>

#include "ui/widgets.hpp"
// after imgui.h, which it needs
#include <misc/cpp/imgui_stdlib.h>

namespace stepwise::preview::ui {

namespace {

using namespace detail;

const std::vector<const char*> kStatuses{"completed", "processing", "pending", "on-hold", "cancelled", "refunded"};

void history_errors(const Preview& p, const std::string& pointer, bool below = false) {
    for (const Error& e : p.evaluation().history_errors) {
        bool hit = e.pointer == pointer || (below && e.pointer.rfind(pointer + "/", 0) == 0);
        if (hit) ImGui::TextColored(kErrorColor, "%s", e.to_string().c_str());
    }
}

void status_combo(const char* label, std::string& status) {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    if (ImGui::BeginCombo(label, status.c_str())) {
        for (const char* s : kStatuses)
            if (ImGui::Selectable(s, status == s)) status = s;
        ImGui::EndCombo();
    }
}

// After adding an event at "as of", move on a day so the next one follows it.
void added(Preview& p, UiState& ui) {
    if (ui.auto_advance) p.set_as_of(p.as_of() + kMillisPerDay);
}

void draw_as_of(Preview& p, UiState& ui) {
    Time begin = p.range_begin(), end = p.range_end();
    int days = static_cast<int>((end - begin) / kMillisPerDay);
    int day = static_cast<int>((std::clamp(p.as_of(), begin, end) - begin) / kMillisPerDay);
    std::string shown = format_time(p.as_of());
    ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 6);
    if (ImGui::SliderInt("As of", &day, 0, days, shown.c_str())) p.set_as_of(begin + day * kMillisPerDay);
    mark(ui, "as-of");
    if (ImGui::SmallButton("-1 day")) p.set_as_of(p.as_of() - kMillisPerDay);
    ImGui::SameLine();
    if (ImGui::SmallButton("+1 day")) p.set_as_of(p.as_of() + kMillisPerDay);
    ImGui::SameLine();
    if (ImGui::SmallButton("+1 hour")) p.set_as_of(p.as_of() + 3600 * kMillisPerSecond);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
    if (!ui.as_of_editing) ui.as_of_text = shown;
    if (ImGui::InputText("##as-of-text", &ui.as_of_text, ImGuiInputTextFlags_EnterReturnsTrue))
        if (auto t = parse_time(ui.as_of_text)) p.set_as_of(*t);
    ui.as_of_editing = ImGui::IsItemActive();
    ImGui::SameLine();
    ImGui::Checkbox("advance a day per event", &ui.auto_advance);
    bool as_active = p.simulate_as_active();
    if (ImGui::Checkbox("simulate as if turned on", &as_active)) p.set_simulate_as_active(as_active);
    mark(ui, "simulate-as-active");
    help("A program that is off shows progress but awards nothing. Simulating it as if on shows the awards it "
         "will make; the program itself stays off until you turn it on.");
}

void draw_event_forms(Preview& p, UiState& ui) {
    CustomerSim& c = p.customer;
    Time at = p.as_of();
    ImGui::TextDisabled("New events happen at the \"as of\" time: %s", format_time(at).c_str());

    if (ImGui::TreeNodeEx("Order", ImGuiTreeNodeFlags_DefaultOpen)) {
        float w = ImGui::GetFontSize() * 6;
        ImGui::SetNextItemWidth(w);
        ImGui::InputText("subtotal", &ui.order.subtotal);
        mark(ui, "order-subtotal");
        ImGui::SameLine();
        ImGui::SetNextItemWidth(w);
        ImGui::InputTextWithHint("tax", "0.00", &ui.order.tax);
        ImGui::SameLine();
        ImGui::SetNextItemWidth(w);
        ImGui::InputTextWithHint("shipping", "0.00", &ui.order.shipping);
        status_combo("status", ui.order.status);
        ImGui::SameLine();
        ImGui::SetNextItemWidth(w);
        ImGui::InputTextWithHint("wallet-paid", "0.00", &ui.order.wallet_paid);
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
        ImGui::InputTextWithHint("categories", "shoes, bags", &ui.order.categories);
        ImGui::SameLine();
        int q = static_cast<int>(ui.order.quantity);
        ImGui::SetNextItemWidth(w);
        if (ImGui::InputInt("items", &q)) ui.order.quantity = std::max(q, 0);
        ImGui::SameLine();
        if (ImGui::Button("Add order")) {
            OrderInput o = ui.order;
            o.at = at;
            c.add_order(o);
            added(p, ui);
        }
        mark(ui, "add-order");
        ImGui::TreePop();
    }

    std::vector<std::string> orders = c.order_ids();
    if (!orders.empty() && ImGui::TreeNode("Order status change / refund")) {
        ui.order_pick = std::clamp(ui.order_pick, 0, static_cast<int>(orders.size()) - 1);
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
        if (ImGui::BeginCombo("order", ("#" + orders[ui.order_pick]).c_str())) {
            for (int i = 0; i < static_cast<int>(orders.size()); ++i)
                if (ImGui::Selectable(("#" + orders[i]).c_str(), i == ui.order_pick)) ui.order_pick = i;
            ImGui::EndCombo();
        }
        ImGui::SameLine();
        status_combo("##new-status", ui.new_status);
        ImGui::SameLine();
        if (ImGui::Button("Change status")) {
            c.add_status_change(at, orders[ui.order_pick], ui.new_status);
            added(p, ui);
        }
        mark(ui, "change-status");
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
        ImGui::InputText("amount", &ui.refund_amount);
        ImGui::SameLine();
        if (ImGui::Button("Refund")) {
            c.add_refund(at, orders[ui.order_pick], ui.refund_amount);
            added(p, ui);
        }
        mark(ui, "refund");
        ImGui::TreePop();
    }

    if (ImGui::TreeNodeEx("Other actions", ImGuiTreeNodeFlags_DefaultOpen)) {
        if (ImGui::Button("Add review")) {
            c.add_review(at, ui.review_product);
            added(p, ui);
        }
        mark(ui, "add-review");
        ImGui::SameLine();
        if (ImGui::Button("Add referral")) {
            c.add_referral(at, ui.referral_purchased);
            added(p, ui);
        }
        mark(ui, "add-referral");
        ImGui::SameLine();
        ImGui::Checkbox("friend bought", &ui.referral_purchased);
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
        ImGui::InputInt("##points", &ui.points, 50);
        ImGui::SameLine();
        if (ImGui::Button("Add points")) {
            c.add_points(at, ui.points);
            added(p, ui);
        }
        mark(ui, "add-points");
        ImGui::SameLine();
        if (ImGui::Button("Add renewal")) {
            c.add_renewal(at, ui.subscription);
            added(p, ui);
        }
        mark(ui, "add-renewal");
        ImGui::TreePop();
    }
}

void draw_timeline(Preview& p, UiState& ui) {
    CustomerSim& c = p.customer;
    std::string id = c.customer_id(), roles = c.roles_text();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    if (ImGui::InputText("customer id", &id)) c.set_customer_id(id);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    if (ImGui::InputText("roles", &roles)) c.set_roles_text(roles);
    ImGui::SameLine();
    if (ImGui::SmallButton("Clear events")) c.clear();
    mark(ui, "clear-events");
    history_errors(p, "/customer", true);
    history_errors(p, "");

    std::optional<std::size_t> remove;
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY;
    float height = ImGui::GetTextLineHeightWithSpacing() * 7;
    if (ImGui::BeginTable("timeline", 4, flags, ImVec2(0, height))) {
        ImGui::TableSetupColumn("at", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 11);
        ImGui::TableSetupColumn("id", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 2.5f);
        ImGui::TableSetupColumn("event");
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 1.5f);
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableHeadersRow();
        for (const TimelineRow& row : c.timeline()) {
            ImGui::PushID(static_cast<int>(row.index));
            ImGui::TableNextRow();
            bool future = parse_time(row.at).value_or(0) > p.as_of();
            if (future) ImGui::PushStyleColor(ImGuiCol_Text, kMutedColor);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(row.at.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(row.id.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(row.summary.c_str());
            if (future) ImGui::PopStyleColor();
            history_errors(p, "/events/" + std::to_string(row.index), true);
            ImGui::TableNextColumn();
            if (ImGui::SmallButton("x")) remove = row.index;
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    if (remove) c.remove_event(*remove);
}

}  // namespace

void draw_storefront(const Preview& p, UiState& ui) {
    const Evaluation& e = p.evaluation();
    if (!e.ok) {
        ImGui::TextColored(kErrorColor, "Fix the %s first: the storefront shows nothing for invalid input.",
                           e.program_errors.empty() ? "customer's history" : "program");
        return;
    }
    const ViewModel& v = e.view;
    ImGui::Text("%s", v.program_name.c_str());
    if (!v.eligible) ImGui::TextColored(kMutedColor, "This customer's roles do not take part.");
    if (v.ended) ImGui::TextColored(kMutedColor, "The program has ended.");
    if (!e.report.awarding && e.report.eligible)
        ImGui::TextColored(kMutedColor, "The program is off: progress shows, nothing is awarded.");
    char overall[32];
    std::snprintf(overall, sizeof overall, "%s%% %s", format_percent_tenths(v.overall_pct_tenths).c_str(),
                  v.completed ? "complete" : "");
    ImGui::ProgressBar(static_cast<float>(v.overall_pct_tenths) / 1000.0f, ImVec2(-1, 0), overall);
    mark(ui, "storefront-overall");
    for (std::size_t i = 0; i < v.items.size(); ++i) {
        const ViewItem& it = v.items[i];
        ImGui::PushID(static_cast<int>(i));
        bool current = v.current && *v.current == i;
        ImVec4 color = it.state == "done" || it.state == "earned" ? kGoodColor
                       : current                                  ? ImVec4(1, 1, 1, 1)
                                                                  : kMutedColor;
        ImGui::TextColored(color, "%s %zu. %s", it.state == "done" || it.state == "earned" ? "[x]" : current ? "[>]" : "[ ]",
                           i + 1, it.label.c_str());
        ImGui::SameLine();
        ImGui::TextColored(kMutedColor, "(%s)", it.state.c_str());
        if (!it.description.empty()) ImGui::TextWrapped("    %s", it.description.c_str());
        std::string counts = it.value + " / " + it.target;
        if (it.remaining != "0") counts += ", " + it.remaining + " to go";
        if (it.times_earned > 1) counts += ", earned " + std::to_string(it.times_earned) + "x";
        ImGui::Indent();
        ImGui::ProgressBar(static_cast<float>(it.pct_tenths) / 1000.0f, ImVec2(-1, 0), counts.c_str());
        mark(ui, "storefront-item/" + std::to_string(i));
        if (it.rewards && !it.rewards->empty()) {
            std::string rewards = rewards_phrase(*it.rewards, v.digits, v.currency);
            if (it.pick) rewards = "pick " + std::to_string(*it.pick) + " of: " + rewards;
            ImGui::TextColored(kMutedColor, "Reward: %s", rewards.c_str());
        }
        if (it.completed_at) ImGui::TextColored(kMutedColor, "Completed %s", format_time(*it.completed_at).c_str());
        ImGui::Unindent();
        ImGui::PopID();
    }
}

void draw_awards(const Preview& p, UiState& ui) {
    std::vector<AwardRow> rows = p.awards_log();
    const Evaluation& e = p.evaluation();
    if (rows.empty()) {
        ImGui::TextDisabled(e.ok ? "No awards yet." : "-");
    } else if (ImGui::BeginTable("awards", 4,
                                 ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit)) {
        ImGui::TableSetupColumn("key");
        ImGui::TableSetupColumn("awarded at");
        ImGui::TableSetupColumn("rewards", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("notes");
        ImGui::TableHeadersRow();
        for (const AwardRow& r : rows) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.key.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.awarded_at.c_str());
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s%s", r.pick ? ("pick " + std::to_string(*r.pick) + " of: ").c_str() : "",
                               r.rewards.c_str());
            ImGui::TableNextColumn();
            std::string notes;
            if (!r.expires_at.empty()) notes += "expires " + r.expires_at;
            if (!r.clawed_back_at.empty()) notes += (notes.empty() ? "" : "; ") + std::string("clawed back ") + r.clawed_back_at;
            ImGui::TextUnformatted(notes.c_str());
        }
        ImGui::EndTable();
    }
    mark(ui, "awards");
    for (const Clawback& c : e.ok ? e.report.clawbacks : std::vector<Clawback>{})
        ImGui::TextColored(kErrorColor, "claw-back %s at %s", c.key.c_str(), format_time(c.at).c_str());
}

void draw_simulator(Preview& p, UiState& ui) {
    draw_as_of(p, ui);
    if (ImGui::CollapsingHeader("Customer timeline", ImGuiTreeNodeFlags_DefaultOpen)) {
        draw_timeline(p, ui);
        draw_event_forms(p, ui);
    }
    if (ImGui::CollapsingHeader("Storefront view (what the shopper sees)", ImGuiTreeNodeFlags_DefaultOpen))
        draw_storefront(p, ui);
    if (ImGui::CollapsingHeader("Awards log", ImGuiTreeNodeFlags_DefaultOpen)) draw_awards(p, ui);
    if (ImGui::CollapsingHeader("Report (engine JSON)")) {
        const Evaluation& e = p.evaluation();
        ImGui::TextWrapped("%s", e.ok ? e.report_json.c_str() : "-");
    }
}

}  // namespace stepwise::preview::ui
