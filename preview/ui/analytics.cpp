// Cohort analytics: the funnel of a cohort through the draft's steps.
#include <algorithm>
#include <cstdio>

#include "ui/widgets.hpp"

namespace stepwise::preview::ui {

namespace {
using namespace detail;
}

void draw_funnel(const Funnel& f, UiState& ui) {
    if (!f.ok) {
        ImGui::TextColored(kErrorColor, "Fix the program first: the funnel needs a valid program.");
        return;
    }
    if (f.customers == 0) {
        ImGui::TextDisabled("No customers in the cohort.");
        return;
    }
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float row_h = ImGui::GetTextLineHeight() * 2.0f;
    const float width = std::max(ImGui::GetContentRegionAvail().x, 200.0f);
    const float label_w = std::min(width * 0.35f, ImGui::GetFontSize() * 16);
    const float bar_w = width - label_w - ImGui::GetFontSize() * 9;
    const ImU32 track = ImGui::GetColorU32(ImGuiCol_FrameBg);
    const ImU32 reached = IM_COL32(70, 130, 200, 255);
    const ImU32 standing = IM_COL32(240, 160, 60, 255);
    const ImU32 done = IM_COL32(80, 180, 100, 255);
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);

    auto row = [&](const std::string& label, int value, int inner, ImU32 color) {
        ImVec2 at = ImGui::GetCursorScreenPos();
        draw->AddText(ImVec2(at.x, at.y + row_h * 0.25f), text, label.c_str());
        ImVec2 a(at.x + label_w, at.y + 2), b(at.x + label_w + bar_w, at.y + row_h - 2);
        draw->AddRectFilled(a, b, track, 3.0f);
        float share = static_cast<float>(value) / static_cast<float>(f.customers);
        draw->AddRectFilled(a, ImVec2(a.x + bar_w * share, b.y), color, 3.0f);
        if (inner > 0) {
            float inner_share = static_cast<float>(inner) / static_cast<float>(f.customers);
            draw->AddRectFilled(ImVec2(a.x, a.y + row_h * 0.3f), ImVec2(a.x + bar_w * inner_share, b.y - row_h * 0.3f + 4),
                                standing, 2.0f);
        }
        char numbers[64];
        std::snprintf(numbers, sizeof numbers, "%d (%d%%)", value, value * 100 / f.customers);
        if (inner > 0) std::snprintf(numbers, sizeof numbers, "%d (%d here)", value, inner);
        draw->AddText(ImVec2(b.x + 6, at.y + row_h * 0.25f), text, numbers);
        ImGui::Dummy(ImVec2(width, row_h));
    };

    for (std::size_t i = 0; i < f.rows.size(); ++i) {
        const FunnelRow& r = f.rows[i];
        row(std::to_string(i + 1) + ". " + r.label, r.reached, r.standing, reached);
        mark(ui, "funnel-row/" + std::to_string(i));
    }
    bool journey = f.kind == ProgramKind::journey;
    if (journey) {
        row("Completed", f.completed, 0, done);
        mark(ui, "funnel-completed");
    }
    ImGui::TextColored(ImColor(reached), journey ? "reached the step" : "earned the tier");
    ImGui::SameLine();
    ImGui::TextColored(ImColor(standing), journey ? "standing at it now" : "next milestone");
    if (journey) {
        ImGui::SameLine();
        ImGui::TextColored(ImColor(done), "completed the journey");
    }
}

void draw_analytics(const Preview& p, Cohort& cohort, UiState& ui) {
    ImGui::TextWrapped("How many customers of a cohort stand at each step as of %s, evaluated by the engine with the "
                       "program being edited.",
                       format_time(p.as_of()).c_str());
    ImGui::Text("Cohort: %s", cohort.source().c_str());
    float w = ImGui::GetFontSize() * 6;
    ImGui::SetNextItemWidth(w);
    ImGui::InputInt("customers", &ui.cohort_size, 50);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(w);
    ImGui::InputInt("days", &ui.cohort_days, 30);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(w);
    ImGui::InputInt("seed", &ui.cohort_seed);
    ImGui::SameLine();
    if (ImGui::Button("Generate cohort")) {
        ui.cohort_size = std::clamp(ui.cohort_size, 1, 5000);
        ui.cohort_days = std::clamp(ui.cohort_days, 1, 3650);
        cohort.generate(ui.cohort_size, static_cast<std::uint64_t>(ui.cohort_seed), p.range_begin(), ui.cohort_days);
    }
    mark(ui, "generate-cohort");
    const Funnel& f = cohort.funnel(p.program, p.as_of());
    if (f.rejected) ImGui::TextColored(kErrorColor, "%d histories refused by the engine", f.rejected);
    for (const auto& problem : f.problems) ImGui::BulletText("%s", problem.c_str());
    if (p.program.text("/kind") == "tiers")
        ImGui::TextDisabled("Tiers: bars show customers who earned each tier; orange, those for whom it is next.");
    ImGui::Separator();
    draw_funnel(f, ui);
}

}  // namespace stepwise::preview::ui
