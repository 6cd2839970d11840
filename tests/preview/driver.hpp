// Drives the preview UI headlessly like a merchant with a mouse and keyboard:
// frames of ImGui without a window, input through ImGuiIO, widgets found by
// the names the UI marks them with.
#pragma once
#include <string>

#include <catch2/catch.hpp>

#include "headless.hpp"
#include "ui/ui.hpp"

namespace stepwise::preview::test {

class Driver {
public:
    Preview preview;
    Cohort cohort;
    ui::UiState ui;

    // Tall enough that the editor shows several steps without scrolling.
    explicit Driver(float width = 1400, float height = 2400) : imgui_(width, height) { frame(); }

    const ImDrawData* frame() {
        return imgui_.frame([&] { ui::draw_app(preview, cohort, ui); });
    }
    void frames(int n) {
        for (int i = 0; i < n; ++i) frame();
    }

    bool has(const std::string& name) const { return ui.marks.count(name) != 0; }
    ui::Rect rect(const std::string& name) const {
        auto it = ui.marks.find(name);
        if (it == ui.marks.end()) FAIL("no widget named " << name << " in the last frame");
        return it->second;
    }

    void move_to(float x, float y) {
        ImGui::GetIO().MousePos = ImVec2(x, y);
        frame();
    }
    // Hover, press, release, then one more frame so the result shows.
    void click(const std::string& name) {
        ui::Rect r = rect(name);
        move_to(r.cx(), r.cy());
        r = rect(name);  // after a layout change, where it is now
        ImGui::GetIO().MousePos = ImVec2(r.cx(), r.cy());
        ImGui::GetIO().MouseDown[0] = true;
        frame();
        ImGui::GetIO().MouseDown[0] = false;
        frame();
        frame();
    }
    // Press on `from`, move in steps to `to`, release there.
    void drag(const std::string& from, const std::string& to) {
        ui::Rect a = rect(from);
        move_to(a.cx(), a.cy());
        ImGui::GetIO().MouseDown[0] = true;
        frame();
        for (int i = 1; i <= 3; ++i) move_to(a.cx() + 4.0f * i, a.cy() + 4.0f * i);
        ui::Rect b = rect(to);
        move_to(b.cx(), b.cy());
        move_to(b.cx(), b.cy() + 1);
        ImGui::GetIO().MouseDown[0] = false;
        frame();
        frame();
    }
    // Types into the focused text field.
    void type(const std::string& text) {
        for (char c : text) ImGui::GetIO().AddInputCharacter(static_cast<unsigned char>(c));
        frame();
    }
    void press_key(ImGuiKey key) {
        ImGuiIO& io = ImGui::GetIO();
        io.KeysDown[io.KeyMap[key]] = true;
        frame();
        io.KeysDown[io.KeyMap[key]] = false;
        frame();
    }

private:
    HeadlessImGui imgui_;
};

}  // namespace stepwise::preview::test
