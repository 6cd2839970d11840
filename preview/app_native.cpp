// The preview as a native program: a GLFW + OpenGL3 window for developers, or
// --headless (ImGui without a window) to run frames and print the state.
//
//   stepwise_preview [--program FILE] [--history FILE] [--as-of TIME] [--example]
//                    [--headless [--frames N]] [--file PATH] [--screenshot FILE.ppm]
//
// --file names the JSON file behind the "Program" menu's import/export items.
// With a window, --frames N stops after N frames and --screenshot saves the
// last one (binary PPM), for smoke tests under Xvfb.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "headless.hpp"
#include "ui/ui.hpp"

#ifdef STEPWISE_PREVIEW_WINDOW
#include <GLFW/glfw3.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#endif

using namespace stepwise;
using namespace stepwise::preview;

namespace {

bool read_file(const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream s;
    s << in.rdbuf();
    out = s.str();
    return true;
}

void host_action(Preview& p, ui::UiState& ui, const std::string& id) {
    std::string text;
    if (id == "import-program" || id == "import-history") {
        if (!read_file(ui.path, text)) {
            ui.status = "cannot read " + ui.path;
            return;
        }
        auto refused = id == "import-program" ? p.program.load_json(text) : p.customer.load_json(text);
        ui.status = refused ? ui.path + ": " + *refused : "imported " + ui.path;
    } else if (id == "export-program" || id == "export-history") {
        std::ofstream out(ui.path, std::ios::binary);
        out << (id == "export-program" ? p.program.json(true) : p.customer.json(true)) << "\n";
        ui.status = out ? "exported " + ui.path : "cannot write " + ui.path;
    }
}

int run_headless(Preview& p, Cohort& cohort, ui::UiState& ui, int frames) {
    HeadlessImGui imgui(1400, 900);
    int vertices = 0;
    for (int i = 0; i < frames; ++i) vertices = imgui.frame([&] { ui::draw_app(p, cohort, ui); })->TotalVtxCount;
    std::fprintf(stderr, "headless: %d frames, %d vertices in the last one\n", frames, vertices);
    std::printf("%s\n", p.state_json().c_str());
    return vertices > 0 ? 0 : 1;
}

#ifdef STEPWISE_PREVIEW_WINDOW
void save_ppm(const std::string& path, int w, int h) {
    std::vector<unsigned char> rgb(static_cast<std::size_t>(w) * h * 3);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, rgb.data());
    std::ofstream out(path, std::ios::binary);
    out << "P6\n" << w << " " << h << "\n255\n";
    for (int y = h - 1; y >= 0; --y) out.write(reinterpret_cast<const char*>(&rgb[static_cast<std::size_t>(y) * w * 3]), w * 3);
}

int run_window(Preview& p, Cohort& cohort, ui::UiState& ui, int frames, const std::string& screenshot) {
    if (!glfwInit()) {
        std::fprintf(stderr, "no display: try --headless\n");
        return 1;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    GLFWwindow* window = glfwCreateWindow(1440, 900, "Stepwise admin preview", nullptr, nullptr);
    if (!window) {
        glfwTerminate();
        std::fprintf(stderr, "cannot open an OpenGL 3.0 window: try --headless\n");
        return 1;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    ImGui::StyleColorsDark();
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 130");
    int frames_left = frames;  // -1: until the window closes
    while (!glfwWindowShouldClose(window) && frames_left != 0) {
        if (frames_left > 0) --frames_left;
        glfwPollEvents();
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        ui::draw_app(p, cohort, ui);
        ImGui::Render();
        int w = 0, h = 0;
        glfwGetFramebufferSize(window, &w, &h);
        glViewport(0, 0, w, h);
        glClearColor(0.1f, 0.1f, 0.12f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        if (frames_left == 0 && !screenshot.empty()) save_ppm(screenshot, w, h);
        glfwSwapBuffers(window);
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return 0;
}
#endif

}  // namespace

int main(int argc, char** argv) {
    Preview p;
    Cohort cohort;
    ui::UiState ui;
    ui.path = "program.json";
    bool headless = false;
    int frames = -1;
    std::string screenshot;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
        std::string text;
        if (a == "--headless") {
            headless = true;
        } else if (a == "--frames") {
            frames = std::atoi(value().c_str());
        } else if (a == "--screenshot") {
            screenshot = value();
        } else if (a == "--example") {
            p.load_example();
        } else if (a == "--file") {
            ui.path = value();
        } else if (a == "--program" || a == "--history") {
            std::string path = value();
            if (!read_file(path, text)) {
                std::fprintf(stderr, "cannot read %s\n", path.c_str());
                return 2;
            }
            auto refused = a == "--program" ? p.program.load_json(text) : p.customer.load_json(text);
            if (refused) {
                std::fprintf(stderr, "%s: %s\n", path.c_str(), refused->c_str());
                return 2;
            }
        } else if (a == "--as-of") {
            auto t = parse_time(value());
            if (!t) {
                std::fprintf(stderr, "--as-of: expected a time such as 2026-03-01T00:00:00Z\n");
                return 2;
            }
            p.set_as_of(*t);
        } else {
            std::fprintf(stderr,
                         "usage: stepwise_preview [--program FILE] [--history FILE] [--as-of TIME] [--example]\n"
                         "                        [--headless] [--frames N] [--file PATH] [--screenshot FILE.ppm]\n");
            return a == "--help" ? 0 : 2;
        }
    }
    cohort.generate(ui.cohort_size, static_cast<std::uint64_t>(ui.cohort_seed), p.range_begin(), ui.cohort_days);
    ui.host_actions = {{"import-program", "Import program from --file"},
                       {"export-program", "Export program to --file"},
                       {"import-history", "Import history from --file"},
                       {"export-history", "Export history to --file"}};
    ui.on_host_action = [&](const std::string& id) { host_action(p, ui, id); };
#ifdef STEPWISE_PREVIEW_WINDOW
    if (!headless) return run_window(p, cohort, ui, frames, screenshot);
#endif
    return run_headless(p, cohort, ui, frames < 0 ? 3 : frames);
}
