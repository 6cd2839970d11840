// Small ImGui helpers shared by the preview's panels: fields bound to a JSON
// Pointer of the draft, each followed by the engine's errors for that pointer.
#pragma once
#include <string>
#include <vector>

#include <imgui.h>

#include "ui/ui.hpp"

namespace stepwise::preview::ui::detail {

inline const ImVec4 kErrorColor{1.0f, 0.45f, 0.4f, 1.0f};
inline const ImVec4 kMutedColor{0.6f, 0.6f, 0.65f, 1.0f};
inline const ImVec4 kGoodColor{0.45f, 0.85f, 0.5f, 1.0f};

// Narrows the next field so that its label (on the right) fits in the panel
// instead of being cut off at its edge ("Rewards expire after (da").
void fit_label(const char* label);

// The engine's messages for exactly this pointer, in red under the field.
void field_errors(const ProgramDraft& draft, const std::string& pointer);

// Fields bound to the draft; each returns true when it changed the draft.
bool text_field(ProgramDraft& draft, const char* label, const std::string& pointer, const char* hint = nullptr);
bool optional_text_field(ProgramDraft& draft, const char* label, const std::string& pointer, const char* hint);
bool int_field(ProgramDraft& draft, const char* label, const std::string& pointer);
bool bool_field(ProgramDraft& draft, const char* label, const std::string& pointer);
bool list_field(ProgramDraft& draft, const char* label, const std::string& pointer, const char* hint);

// A combo over `names`; `current` is the index shown (-1 shows `fallback`).
// With `ui` and `item_mark`, its open items are marked "<item_mark>/<index>".
bool combo(const char* label, int& current, const std::vector<const char*>& names, const char* fallback = "?",
           UiState* ui = nullptr, const std::string& item_mark = "");

// A "(?)" marker with a tooltip.
void help(const char* text);

}  // namespace stepwise::preview::ui::detail
