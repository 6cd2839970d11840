// Dear ImGui without a window: a context, a display size and a font atlas,
// enough to run frames of the preview UI (tests and --headless).
#pragma once
#include <imgui.h>

namespace stepwise::preview {

class HeadlessImGui {
public:
    explicit HeadlessImGui(float width = 1400, float height = 900) {
        IMGUI_CHECKVERSION();
        context_ = ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(width, height);
        io.DeltaTime = 1.0f / 60.0f;
        for (int k = 0; k < ImGuiKey_COUNT; ++k) io.KeyMap[k] = k;  // keys are their own indices
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);  // builds the atlas; nothing uploads it
        ImGui::StyleColorsDark();
    }
    ~HeadlessImGui() { ImGui::DestroyContext(context_); }
    HeadlessImGui(const HeadlessImGui&) = delete;
    HeadlessImGui& operator=(const HeadlessImGui&) = delete;

    // Runs one frame of `draw` and renders it (to draw lists only).
    template <class F>
    const ImDrawData* frame(F&& draw) {
        ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
        ImGui::NewFrame();
        draw();
        ImGui::Render();
        return ImGui::GetDrawData();
    }

private:
    ImGuiContext* context_ = nullptr;
};

}  // namespace stepwise::preview
