#include "commands.hpp"

#include <chrono>
#include <iostream>
#include <set>

#include <nlohmann/json.hpp>

#include "input.hpp"
#include "stepwise/stepwise.hpp"

namespace stepwise::cli {

namespace {

constexpr int kBadInput = 2;

void print_errors(const std::string& what, const Errors& errors) {
    for (const Error& e : errors) std::cerr << what << ": " << e.to_string() << "\n";
}

void print_json(const std::string& text, bool pretty) {
    if (pretty)
        std::cout << nlohmann::ordered_json::parse(text).dump(2) << "\n";
    else
        std::cout << text << "\n";
}

std::optional<std::string> load(const std::string& what, const std::string& path) {
    std::string why;
    auto text = read_file(path, why);
    if (!text) std::cerr << what << ": " << why << "\n";
    return text;
}

std::optional<Program> load_program(const Inputs& in) {
    auto text = load("program", in.program_path);
    if (!text) return std::nullopt;
    auto parsed = parse_program(*text);
    if (!parsed.ok()) {
        print_errors("program", parsed.errors);
        return std::nullopt;
    }
    return std::move(*parsed.value);
}

std::optional<History> load_history(const Inputs& in, const Program& p) {
    auto text = load("history", in.history_path);
    if (!text) return std::nullopt;
    auto parsed = parse_history(*text, p);
    if (!parsed.ok()) {
        print_errors("history", parsed.errors);
        return std::nullopt;
    }
    return std::move(*parsed.value);
}

std::optional<Time> load_as_of(const Inputs& in) {
    if (in.as_of == "now") {
        auto now = std::chrono::system_clock::now().time_since_epoch();
        return std::chrono::duration_cast<std::chrono::seconds>(now).count() * kMillisPerSecond;
    }
    auto t = parse_as_of(in.as_of);
    if (!t.ok()) print_errors("--as-of", t.errors);
    return t.value;
}

// A JSON array of award keys, as the server keeps them.
std::optional<std::set<std::string>> load_keys(const std::string& what, const std::string& path) {
    std::set<std::string> keys;
    if (path.empty()) return keys;
    auto text = load(what, path);
    if (!text) return std::nullopt;
    auto doc = nlohmann::json::parse(*text, nullptr, false);
    if (doc.is_discarded() || !doc.is_array()) {
        std::cerr << what << ": /: must be a JSON array of award keys\n";
        return std::nullopt;
    }
    for (std::size_t i = 0; i < doc.size(); ++i) {
        if (!doc[i].is_string()) {
            std::cerr << what << ": /" << i << ": must be a string\n";
            return std::nullopt;
        }
        keys.insert(doc[i].get<std::string>());
    }
    return keys;
}

struct Loaded {
    Program program;
    History history;
    Time as_of;
};

std::optional<Loaded> load_all(const Inputs& in) {
    auto as_of = load_as_of(in);
    auto program = load_program(in);
    if (!program || !as_of) return std::nullopt;
    auto history = load_history(in, *program);
    if (!history) return std::nullopt;
    return Loaded{std::move(*program), std::move(*history), *as_of};
}

}  // namespace

int run_eval(const Inputs& in) {
    auto l = load_all(in);
    if (!l) return kBadInput;
    print_json(report_json(l->program, evaluate(l->program, l->history, l->as_of)), in.pretty);
    return 0;
}

int run_validate(const Inputs& in) {
    auto p = load_program(in);
    if (!p) return kBadInput;
    std::cout << "program " << p->id << ": valid (" << to_string(p->kind) << ", " << p->steps.size() << " steps)\n";
    return 0;
}

int run_project(const Inputs& in) {
    auto l = load_all(in);
    if (!l) return kBadInput;
    auto text = load("cart", in.cart_path);
    if (!text) return kBadInput;
    auto cart = parse_cart(*text, l->program);
    if (!cart.ok()) {
        print_errors("cart", cart.errors);
        return kBadInput;
    }
    print_json(projection_json(l->program, project(l->program, l->history, l->as_of, *cart.value)), in.pretty);
    return 0;
}

int run_view(const Inputs& in) {
    auto l = load_all(in);
    if (!l) return kBadInput;
    Report r = evaluate(l->program, l->history, l->as_of);
    print_json(view_model_json(view_model(l->program, r)), in.pretty);
    return 0;
}

int run_due(const Inputs& in) {
    auto l = load_all(in);
    if (!l) return kBadInput;
    auto issued = load_keys("issued", in.issued_path);
    auto clawed = load_keys("clawed", in.clawed_path);
    if (!issued || !clawed) return kBadInput;
    Report r = evaluate(l->program, l->history, l->as_of);
    print_json(due_json(l->program, newly_due(r, *issued, *clawed)), in.pretty);
    return 0;
}

}  // namespace stepwise::cli
