// The preview in the browser (web/admin): Dear ImGui on GLFW + WebGL2,
// drawn into the page's <canvas id="canvas">. The page talks to it through a
// few C exports (coarse calls, JSON text in and out) and one callback:
//
//   Module.onPreviewChange()  called after a frame in which the program, the
//                             simulated history, the as-of time or the
//                             permission changed; read sw_preview_state() then.
//   sw_preview_state()        -> the state JSON of Preview::state_json()
//   sw_preview_load_program(json), sw_preview_load_history(json)
//                             -> "" or why the text was refused
//   sw_preview_load_cohort(json, source) -> "" or why refused
//   sw_preview_set_as_of(time) -> "" or why refused
//   sw_preview_set_store_credit_permission(0|1), sw_preview_set_status(text),
//   sw_preview_load_example(), sw_preview_revision(), sw_preview_marks(),
//   sw_preview_funnel() -> the Analytics funnel (model/cohort.hpp funnel_json + source, as_of)
// See docs/preview.md.
#include <string>

#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include "ui/ui.hpp"

using namespace stepwise;
using namespace stepwise::preview;

namespace {

struct App {
    Preview preview;
    Cohort cohort;
    ui::UiState ui;
    GLFWwindow* window = nullptr;
    std::uint64_t notified = 0;
    std::string out;  // the last string returned to JS, alive until the next call
};

App* app = nullptr;

const char* reply(std::string text) {
    app->out = std::move(text);
    return app->out.c_str();
}

}  // namespace

EM_JS(void, js_preview_changed, (), {
    if (Module["onPreviewChange"]) Module["onPreviewChange"]();
});

EM_JS(void, js_canvas_size, (int* w, int* h), {
    var c = Module["canvas"];
    var r = c.getBoundingClientRect();
    HEAP32[w >> 2] = Math.max(1, Math.round(r.width));
    HEAP32[h >> 2] = Math.max(1, Math.round(r.height));
});

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* sw_preview_state() { return reply(app->preview.state_json()); }

EMSCRIPTEN_KEEPALIVE double sw_preview_revision() { return static_cast<double>(app->preview.revision()); }

EMSCRIPTEN_KEEPALIVE const char* sw_preview_load_program(const char* json) {
    auto refused = app->preview.program.load_json(json);
    return reply(refused.value_or(""));
}

EMSCRIPTEN_KEEPALIVE const char* sw_preview_load_history(const char* json) {
    auto refused = app->preview.customer.load_json(json);
    return reply(refused.value_or(""));
}

EMSCRIPTEN_KEEPALIVE const char* sw_preview_load_cohort(const char* json, const char* source) {
    auto refused = app->cohort.load_json(json, source);
    return reply(refused.value_or(""));
}

EMSCRIPTEN_KEEPALIVE const char* sw_preview_set_as_of(const char* time) {
    auto t = parse_time(time);
    if (!t) return reply("expected a time such as 2026-03-01T00:00:00Z");
    app->preview.set_as_of(*t);
    return reply("");
}

EMSCRIPTEN_KEEPALIVE void sw_preview_set_store_credit_permission(int granted) {
    app->preview.set_store_credit_granted(granted != 0);
}

EMSCRIPTEN_KEEPALIVE void sw_preview_set_status(const char* text) { app->ui.status = text; }

EMSCRIPTEN_KEEPALIVE void sw_preview_load_example() { app->preview.load_example(); }

// The Analytics funnel of the current cohort, as of the preview's time (funnel_json).
EMSCRIPTEN_KEEPALIVE const char* sw_preview_funnel() {
    Doc j = Doc::parse(funnel_json(app->cohort.funnel(app->preview.program, app->preview.as_of())));
    j["source"] = app->cohort.source();
    j["as_of"] = format_time(app->preview.as_of());
    return reply(j.dump());
}

// Where the named widgets were drawn in the last frame, in canvas pixels:
// {"add-step":[x0,y0,x1,y1],...}. Browser tests press them with the mouse.
EMSCRIPTEN_KEEPALIVE const char* sw_preview_marks() {
    Doc marks = Doc::object();
    for (const auto& [name, r] : app->ui.marks) marks[name] = {r.x0, r.y0, r.x1, r.y1};
    return reply(marks.dump());
}

}  // extern "C"

// Emscripten's GLFW (3.1.6) passes the browser's raw wheel deltas, in pixels
// and with the page's sign, so ImGui scrolled the wrong way by a hundred notches:
// the wheel comes from the DOM event instead, in notches (ImGui: up is positive).
static EM_BOOL on_wheel(int, const EmscriptenWheelEvent* e, void*) {
    double per_notch = e->deltaMode == DOM_DELTA_PIXEL ? 100.0 : e->deltaMode == DOM_DELTA_LINE ? 3.0 : 1.0 / 8;
    ImGuiIO& io = ImGui::GetIO();
    io.MouseWheelH -= static_cast<float>(e->deltaX / per_notch);
    io.MouseWheel -= static_cast<float>(e->deltaY / per_notch);
    return EM_TRUE;  // the page does not scroll under the canvas
}

static void frame() {
    glfwPollEvents();
    int w = 0, h = 0;
    js_canvas_size(&w, &h);  // follow the canvas's CSS size
    int cw = 0, ch = 0;
    glfwGetWindowSize(app->window, &cw, &ch);
    if (cw != w || ch != h) glfwSetWindowSize(app->window, w, h);

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    ui::draw_app(app->preview, app->cohort, app->ui);
    ImGui::Render();
    glfwGetFramebufferSize(app->window, &w, &h);
    glViewport(0, 0, w, h);
    glClearColor(0.1f, 0.1f, 0.12f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    if (app->preview.revision() != app->notified) {
        app->notified = app->preview.revision();
        js_preview_changed();
    }
}

int main() {
    app = new App();
    if (!glfwInit()) return 1;
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);  // WebGL2
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    int w = 1280, h = 800;
    js_canvas_size(&w, &h);
    app->window = glfwCreateWindow(w, h, "Stepwise admin preview", nullptr, nullptr);
    if (!app->window) return 1;
    glfwMakeContextCurrent(app->window);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    ImGui::StyleColorsDark();
    ImGui_ImplGlfw_InitForOpenGL(app->window, true);
    ImGui_ImplOpenGL3_Init("#version 300 es");
    glfwSetScrollCallback(app->window, nullptr);  // see on_wheel
    emscripten_set_wheel_callback("#canvas", nullptr, true, on_wheel);

    // New drafts (the first one, New journey, the example) get fresh ids: saving
    // one in the admin page creates a program, never replaces one.
    app->preview.fresh_ids = true;
    app->preview.new_program();
    app->cohort.generate(app->ui.cohort_size, static_cast<std::uint64_t>(app->ui.cohort_seed),
                         app->preview.range_begin(), app->ui.cohort_days);
    emscripten_set_main_loop(frame, 0, false);
    return 0;
}
