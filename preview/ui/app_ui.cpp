// The preview's layout: editor on the left; simulator and analytics on the right.
#include "ui/widgets.hpp"

namespace stepwise::preview::ui {

namespace {

using namespace detail;

void draw_permission_prompt(Preview& p, UiState& ui) {
    const char* title = "Store credit access";
    if (p.permission_pending() && !ImGui::IsPopupOpen(title)) ImGui::OpenPopup(title);
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 28, 0), ImGuiCond_Appearing);
    if (ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::TextWrapped("Store credit rewards need permission to add cash credit to customer accounts. "
                           "This is a one-time grant that applies across all programs.");
        if (ImGui::Button("Grant access")) {
            p.grant_store_credit();
            ImGui::CloseCurrentPopup();
        }
        mark(ui, "grant-store-credit");
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) {
            p.decline_store_credit();
            ImGui::CloseCurrentPopup();
        }
        mark(ui, "decline-store-credit");
        if (!p.permission_pending()) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
}

void draw_menu(Preview& p, UiState& ui) {
    if (!ImGui::BeginMenuBar()) return;
    if (ImGui::BeginMenu("Program")) {
        if (ImGui::MenuItem("New journey")) p.new_program();
        if (ImGui::MenuItem("Load the example journey")) p.load_example();
        if (!ui.host_actions.empty()) ImGui::Separator();
        for (const HostAction& a : ui.host_actions)
            if (ImGui::MenuItem(a.label.c_str(), ui.path.c_str()) && ui.on_host_action) ui.on_host_action(a.id);
        ImGui::EndMenu();
    }
    mark(ui, "menu-program");
    if (!ui.status.empty()) ImGui::TextColored(kMutedColor, "%s", ui.status.c_str());
    ImGui::EndMenuBar();
}

// ImGui 1.86 tabs allow overlap, so a press on one counts only if no other item
// was hovered the frame before: a click that moves onto a tab and presses within
// one frame (a browser at a low frame rate) was lost. Notice it ourselves.
bool tab_clicked() {
    return ImGui::IsMouseClicked(ImGuiMouseButton_Left) && ImGui::IsWindowHovered() &&
           ImGui::IsMouseHoveringRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

}  // namespace

void draw_app(Preview& p, Cohort& cohort, UiState& ui) {
    ui.marks.clear();  // only what this frame draws
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                             ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_MenuBar |
                             ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("Stepwise preview", nullptr, flags);
    draw_menu(p, ui);

    float left = ImGui::GetContentRegionAvail().x * 0.48f;
    ImGui::BeginChild("editor", ImVec2(left, 0), true);
    ImGui::TextUnformatted(editor_title(p.program));
    ImGui::Separator();
    draw_editor(p, ui);
    ImGui::EndChild();
    mark(ui, "editor-panel");
    ImGui::SameLine();
    ImGui::BeginChild("right", ImVec2(0, 0), true);
    if (ImGui::BeginTabBar("panes")) {
        ImGuiTabItemFlags sim_flags = ui.select_tab && ui.tab == 0 ? ImGuiTabItemFlags_SetSelected : 0;
        ImGuiTabItemFlags ana_flags = ui.select_tab && ui.tab == 1 ? ImGuiTabItemFlags_SetSelected : 0;
        ui.select_tab = false;
        int clicked = -1;
        if (ImGui::BeginTabItem("Simulator", nullptr, sim_flags)) {
            ui.tab = 0;
            draw_simulator(p, ui);
            ImGui::EndTabItem();
        }
        mark(ui, "tab-simulator");
        if (tab_clicked()) clicked = 0;
        if (ImGui::BeginTabItem("Analytics", nullptr, ana_flags)) {
            ui.tab = 1;
            draw_analytics(p, cohort, ui);
            ImGui::EndTabItem();
        }
        mark(ui, "tab-analytics");
        if (tab_clicked()) clicked = 1;
        ImGui::EndTabBar();
        if (clicked >= 0 && clicked != ui.tab) {  // selected next frame
            ui.tab = clicked;
            ui.select_tab = true;
        }
    }
    ImGui::EndChild();
    draw_permission_prompt(p, ui);
    ImGui::End();
}

}  // namespace stepwise::preview::ui
