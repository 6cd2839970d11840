// Each command reads its files and hands the texts to the engine's JSON
// pipeline (stepwise/json_api.hpp), the same calls the WebAssembly module and
// the preview make, so the command line can never accept what they refuse.
#include "commands.hpp"

#include <chrono>
#include <iostream>

#include <nlohmann/json.hpp>

#include "input.hpp"
#include "stepwise/stepwise.hpp"

namespace stepwise::cli {

namespace {

constexpr int kBadInput = 2;

void print_errors(const std::string& what, const Errors& errors) {
    for (const Error& e : errors) std::cerr << what << ": " << e.to_string() << "\n";
}

// Prints the result or, for a failure, every problem under the input's name
// as the user typed it (--as-of for as_of).
int reply(const json_api::Reply& r, bool pretty) {
    if (!r.ok()) {
        print_errors(r.input == "as_of" ? "--as-of" : r.input, r.errors);
        return kBadInput;
    }
    if (pretty)
        std::cout << nlohmann::ordered_json::parse(r.json).dump(2) << "\n";
    else
        std::cout << r.json << "\n";
    return 0;
}

std::optional<std::string> load(const std::string& what, const std::string& path) {
    std::string why;
    auto text = read_file(path, why);
    if (!text) std::cerr << what << ": " << why << "\n";
    return text;
}

struct Texts {
    std::string program, history, as_of;
};

std::optional<Texts> load_texts(const Inputs& in) {
    Texts t;
    t.as_of = in.as_of;
    if (in.as_of == "now") {
        auto now = std::chrono::system_clock::now().time_since_epoch();
        t.as_of = format_time(std::chrono::duration_cast<std::chrono::seconds>(now).count() * kMillisPerSecond);
    }
    auto program = load("program", in.program_path);
    auto history = program ? load("history", in.history_path) : std::nullopt;
    if (!program || !history) return std::nullopt;
    t.program = std::move(*program);
    t.history = std::move(*history);
    return t;
}

// An award key list's text; no file means none.
std::optional<std::string> load_keys(const std::string& what, const std::string& path) {
    if (path.empty()) return std::string();
    return load(what, path);
}

}  // namespace

int run_eval(const Inputs& in) {
    auto t = load_texts(in);
    if (!t) return kBadInput;
    return reply(json_api::evaluate(t->program, t->history, t->as_of), in.pretty);
}

int run_validate(const Inputs& in) {
    auto text = load("program", in.program_path);
    if (!text) return kBadInput;
    auto p = parse_program(*text);
    if (!p.ok()) {
        print_errors("program", p.errors);
        return kBadInput;
    }
    std::cout << "program " << p.value->id << ": valid (" << to_string(p.value->kind) << ", "
              << p.value->steps.size() << " steps)\n";
    return 0;
}

int run_project(const Inputs& in) {
    auto t = load_texts(in);
    if (!t) return kBadInput;
    auto cart = load("cart", in.cart_path);
    if (!cart) return kBadInput;
    return reply(json_api::project(t->program, t->history, t->as_of, *cart), in.pretty);
}

int run_view(const Inputs& in) {
    auto t = load_texts(in);
    if (!t) return kBadInput;
    return reply(json_api::view_model(t->program, t->history, t->as_of), in.pretty);
}

int run_due(const Inputs& in) {
    auto t = load_texts(in);
    if (!t) return kBadInput;
    auto issued = load_keys("issued", in.issued_path);
    auto clawed = load_keys("clawed", in.clawed_path);
    if (!issued || !clawed) return kBadInput;
    return reply(json_api::newly_due(t->program, t->history, t->as_of, *issued, *clawed), in.pretty);
}

}  // namespace stepwise::cli
