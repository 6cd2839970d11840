// Dear ImGui drawing of the preview model. These functions read the model and
// call its operations; they keep no program or progress state of their own,
// only what a form holds before it is submitted (UiState).
#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "model/cohort.hpp"
#include "model/preview.hpp"

namespace stepwise::preview::ui {

// Where a named widget was drawn in the last frame (screen pixels). The UI
// names the widgets a merchant acts on ("add-step", "step-handle/0", ...) so
// that headless tests can press them like a mouse would.
struct Rect {
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    float cx() const { return (x0 + x1) / 2; }
    float cy() const { return (y0 + y1) / 2; }
};

// An action the host offers in the menu bar (native: import/export files).
struct HostAction {
    std::string id, label;
};

struct UiState {
    // Simulator forms.
    OrderInput order;
    int order_pick = 0;
    std::string new_status = "refunded";
    std::string refund_amount = "10.00";
    std::string review_product = "A";
    bool referral_purchased = true;
    int points = 100;
    std::string subscription = "S1";
    bool auto_advance = true;  // adding an event moves "as of" one day on
    std::string as_of_text;
    bool as_of_editing = false;
    // Editor forms.
    int new_step_metric = 0;
    // Analytics forms.
    int cohort_size = 200, cohort_seed = 7, cohort_days = 120;
    // Host integration.
    std::vector<HostAction> host_actions;
    std::function<void(const std::string&)> on_host_action;
    std::string status;  // one line from the host ("Saved loyalty-journey")
    std::string path;    // native import/export path
    // Widget positions of the last frame, by name.
    std::map<std::string, Rect> marks;
    int tab = 0;  // right-hand pane: 0 simulator, 1 analytics (set by tests / host)
    bool select_tab = false;
};

// The whole preview in one full-window ImGui window.
void draw_app(Preview& preview, Cohort& cohort, UiState& ui);

void draw_editor(Preview& preview, UiState& ui);
void draw_simulator(Preview& preview, UiState& ui);
void draw_storefront(const Preview& preview, UiState& ui);
void draw_awards(const Preview& preview, UiState& ui);
void draw_analytics(const Preview& preview, Cohort& cohort, UiState& ui);
// The funnel chart alone: one ImDrawList bar per step (and one for completion).
void draw_funnel(const Funnel& funnel, UiState& ui);

// The editor panel's title: "Journey editor", or "Tiers editor" for tiers.
const char* editor_title(const ProgramDraft& draft);

// The placeholder of a step's description, in the words of its metric and
// target ("Write 2 reviews", "Spend 500.00"), as a shopper would read it.
std::string description_hint(Metric metric, const std::string& target);

// Records the last item's rectangle under `name`.
void mark(UiState& ui, const std::string& name);

}  // namespace stepwise::preview::ui
