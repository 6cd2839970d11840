#include <algorithm>

#include "ui/widgets.hpp"
// after imgui.h, which it needs
#include <misc/cpp/imgui_stdlib.h>

namespace stepwise::preview::ui {

void mark(UiState& ui, const std::string& name) {
    ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    ui.marks[name] = Rect{a.x, a.y, b.x, b.y};
}

namespace detail {

void fit_label(const char* label) {
    float label_width = ImGui::CalcTextSize(label, nullptr, true).x;  // the part before "##"
    if (label_width <= 0) return;
    float room = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemInnerSpacing.x - label_width;
    float width = std::min(ImGui::CalcItemWidth(), room);  // CalcItemWidth honours SetNextItemWidth
    ImGui::SetNextItemWidth(std::max(width, ImGui::GetFontSize() * 6));
}

void field_errors(const ProgramDraft& draft, const std::string& pointer) {
    for (const auto& message : draft.errors_at(pointer)) {
        ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
        ImGui::TextWrapped("%s", message.c_str());
        ImGui::PopStyleColor();
    }
}

bool text_field(ProgramDraft& draft, const char* label, const std::string& pointer, const char* hint) {
    std::string value = draft.text(pointer);
    fit_label(label);
    bool changed = hint ? ImGui::InputTextWithHint(label, hint, &value) : ImGui::InputText(label, &value);
    if (changed) draft.set(pointer, value);
    field_errors(draft, pointer);
    return changed;
}

bool optional_text_field(ProgramDraft& draft, const char* label, const std::string& pointer, const char* hint) {
    std::string value = draft.text(pointer);
    fit_label(label);
    bool changed = ImGui::InputTextWithHint(label, hint, &value);
    if (changed) draft.set_optional_text(pointer, value);
    field_errors(draft, pointer);
    return changed;
}

bool int_field(ProgramDraft& draft, const char* label, const std::string& pointer) {
    int value = static_cast<int>(draft.integer(pointer));
    fit_label(label);
    bool changed = ImGui::InputInt(label, &value);
    if (changed) draft.set(pointer, value);
    field_errors(draft, pointer);
    return changed;
}

bool bool_field(ProgramDraft& draft, const char* label, const std::string& pointer) {
    bool value = draft.flag(pointer);
    bool changed = ImGui::Checkbox(label, &value);
    if (changed) draft.set(pointer, value);
    field_errors(draft, pointer);
    return changed;
}

bool list_field(ProgramDraft& draft, const char* label, const std::string& pointer, const char* hint) {
    std::string value = draft.list_text(pointer);
    fit_label(label);
    bool changed = ImGui::InputTextWithHint(label, hint, &value);
    if (changed) draft.set_list_text(pointer, value);
    field_errors(draft, pointer);
    // Errors on the list's items ("/rules/roles/1") belong here too.
    for (std::size_t i = 0; i < draft.strings(pointer).size(); ++i) field_errors(draft, pointer + "/" + std::to_string(i));
    return changed;
}

bool combo(const char* label, int& current, const std::vector<const char*>& names, const char* fallback, UiState* ui,
           const std::string& item_mark) {
    bool changed = false;
    const char* shown = current >= 0 && current < static_cast<int>(names.size()) ? names[current] : fallback;
    fit_label(label);
    if (ImGui::BeginCombo(label, shown)) {
        for (int i = 0; i < static_cast<int>(names.size()); ++i) {
            if (ImGui::Selectable(names[i], i == current)) {
                changed = i != current;
                current = i;
            }
            if (ui) mark(*ui, item_mark + "/" + std::to_string(i));
        }
        ImGui::EndCombo();
    }
    return changed;
}

void help(const char* text) {
    ImGui::SameLine();
    ImGui::TextDisabled("(?)");
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
        ImGui::TextUnformatted(text);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

}  // namespace detail
}  // namespace stepwise::preview::ui
