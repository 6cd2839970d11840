// The program being edited: a JSON document in the contract's form, edited by
// field (JSON Pointer) or by the journey operations below, and checked by the
// engine's own parser. The draft may hold anything a merchant can type; the
// engine decides what is valid, and its errors carry the pointer of the field
// they concern, so the editor shows each one next to that field.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <stepwise/stepwise.hpp>

namespace stepwise::preview {

using Doc = nlohmann::ordered_json;

// Revisions come from one process-wide counter, so that a revision number
// never names two different states, even across replaced objects.
std::uint64_t next_revision();

class ProgramDraft {
public:
    ProgramDraft();  // a new, inactive journey with one step

    // ---- whole document -------------------------------------------------
    // Replaces the draft with `text`. Text that is not a JSON object is refused
    // (the draft is kept) and the reason returned. A valid program is stored
    // in the engine's canonical form (every field present); an invalid one is
    // kept as written so that its errors point at what the merchant wrote.
    std::optional<std::string> load_json(std::string_view text);
    std::string json(bool pretty = false) const;  // the draft as written
    const Doc& doc() const { return doc_; }
    std::uint64_t revision() const { return revision_; }

    // ---- engine verdict (cached per revision) -----------------------------
    const Result<Program>& parsed() const;
    bool valid() const { return parsed().ok(); }
    const Errors& errors() const { return parsed().errors; }
    // Messages whose pointer is exactly `pointer`.
    std::vector<std::string> errors_at(const std::string& pointer) const;
    // Number of errors at `pointer` or below it.
    std::size_t errors_under(const std::string& pointer) const;

    // ---- fields by JSON Pointer ("/name", "/rules/window/days") -----------
    bool has(const std::string& pointer) const;
    std::string text(const std::string& pointer) const;  // strings as is, numbers printed, else ""
    std::int64_t integer(const std::string& pointer, std::int64_t fallback = 0) const;
    bool flag(const std::string& pointer, bool fallback = false) const;
    std::vector<std::string> strings(const std::string& pointer) const;
    void set(const std::string& pointer, Doc value);  // creates parents as needed
    void erase(const std::string& pointer);
    // Optional time fields ("/starts_at"): empty text removes the field.
    void set_optional_text(const std::string& pointer, const std::string& text);
    // A list of strings edited as "a, b, c".
    void set_list_text(const std::string& pointer, const std::string& text);
    std::string list_text(const std::string& pointer) const;

    // ---- program-level choices --------------------------------------------
    void set_kind(ProgramKind kind);  // tiers force every step to spend
    void set_status(Status status);
    void set_window_kind(WindowKind kind);  // adds/removes days or months
    void set_min_order(bool enabled);

    // ---- steps ------------------------------------------------------------
    std::size_t step_count() const;
    static std::string step_pointer(std::size_t step);  // "/steps/2"
    std::size_t add_step(Metric metric);  // returns its index
    void remove_step(std::size_t step);
    // Moves step `from` so that it ends at index `to` (the journey's order).
    void move_step(std::size_t from, std::size_t to);
    void set_metric(std::size_t step, Metric metric);  // keeps the target's number, changes its form
    // The target as typed: counting metrics store an integer when the text is
    // one, spend stores the text; anything else reaches the engine as typed.
    void set_target_text(std::size_t step, const std::string& text);
    std::optional<Metric> metric(std::size_t step) const;

    // ---- rewards ----------------------------------------------------------
    std::size_t reward_count(std::size_t step) const;
    static std::string reward_pointer(std::size_t step, std::size_t reward);
    std::optional<RewardType> reward_type(std::size_t step, std::size_t reward) const;
    std::size_t add_reward(std::size_t step, RewardType type);
    void remove_reward(std::size_t step, std::size_t reward);
    void set_reward_type(std::size_t step, std::size_t reward, RewardType type);  // resets its fields
    // Reward logic: nullopt = grant all rewards; n = customer picks n.
    void set_pick(std::size_t step, std::optional<int> pick);
    std::optional<int> pick(std::size_t step) const;

    bool uses_store_credit() const;

private:
    void changed();
    Doc* node(const std::string& pointer);
    const Doc* node(const std::string& pointer) const;
    Doc* steps();
    std::string unique_step_id(const std::string& base) const;

    Doc doc_;
    std::uint64_t revision_ = next_revision();
    mutable std::uint64_t parsed_revision_ = 0;
    mutable Result<Program> parsed_;
};

// Reward with the default fields of its type ({"type":"points","points":100}).
Doc default_reward(RewardType type);
// Every value of the engine's enums, in declaration order, for menus.
const std::vector<Metric>& all_metrics();
const std::vector<RewardType>& all_reward_types();
// "a, b , c" <-> ["a","b","c"] (empty items dropped), for list fields.
std::vector<std::string> split_list(const std::string& text);
std::string join_list(const std::vector<std::string>& items);
// Merchant-facing names ("Number of orders", "Store credit").
const char* metric_label(Metric metric);
const char* reward_label(RewardType type);

}  // namespace stepwise::preview
