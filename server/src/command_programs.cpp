// program put, list, activate, deactivate, versions, show, diff, restore:
// managing programs and their stored versions without the API.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>

#include "api_render.hpp"
#include "commands.hpp"

namespace stepwise::server::cli {

namespace {

struct ProgramArgs {
    std::string file, id;
    bool retroactive = false;
    std::int64_t if_version = 0, version = 0, from = 0, to = 0;
    std::optional<std::int64_t> expected() const {
        return if_version > 0 ? std::optional<std::int64_t>(if_version) : std::nullopt;
    }
};

int run_put(Service& service, const ProgramArgs& a) {
    std::ifstream in(a.file);
    if (!in) return fail("cannot read " + a.file);
    std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto parsed = parse_program(doc);
    if (!parsed.ok()) {
        for (const auto& e : parsed.errors) std::fprintf(stderr, "program: %s\n", e.to_string().c_str());
        return 2;
    }
    const ProgramSaved r = service.program_doc(parsed.value->id, false)
                               ? service.update_program(parsed.value->id, doc, a.retroactive, a.expected())
                               : service.create_program(doc, a.retroactive);
    std::printf("%s\n", render(r).dump().c_str());
    return 0;
}

int run_versions(Service& service, const ProgramArgs& a) {
    const json v = render(service.program_versions(a.id));
    std::printf("%-8s %-20s %-9s %s\n", "VERSION", "SAVED", "STATUS", "NAME");
    for (const auto& row : v["versions"])
        std::printf("%-8lld %-20s %-9s %s%s\n", static_cast<long long>(row["version"].get<std::int64_t>()),
                    row["created_at"].get<std::string>().c_str(), row.value("status", "").c_str(),
                    row.value("name", "").c_str(), row["version"] == v["current_version"] ? "  (current)" : "");
    return 0;
}

int run_show(Service& service, const ProgramArgs& a) {
    const std::string doc = a.version > 0 ? service.program_version_doc(a.id, a.version)
                                          : service.program_version_doc(a.id, service.program_versions(a.id).current_version);
    std::printf("%s\n", json::parse(doc).dump(2).c_str());
    return 0;
}

int run_diff(Service& service, const ProgramArgs& a) {
    const json d = render(service.program_diff(a.id, a.from, a.to > 0 ? std::optional<std::int64_t>(a.to) : std::nullopt));
    std::printf("%s: version %lld -> %lld, %zu change(s)\n", a.id.c_str(), static_cast<long long>(a.from),
                static_cast<long long>(d["to"].get<std::int64_t>()), d["changes"].size());
    for (const auto& ch : d["changes"]) {
        const std::string op = ch["op"].get<std::string>();
        std::printf("  %-7s %s", op.c_str(), ch["pointer"].get<std::string>().c_str());
        if (ch.contains("from")) std::printf("  %s", ch["from"].dump().c_str());
        if (op == "replace") std::printf(" ->");
        if (ch.contains("to")) std::printf("  %s", ch["to"].dump().c_str());
        std::printf("\n");
    }
    return 0;
}

// Prints a result of the service's as one line of JSON.
template <typename Result>
int print_line(const Result& r) {
    std::printf("%s\n", render(r).dump().c_str());
    return 0;
}

// A subcommand of `program` about one program: the common options, then its id.
CLI::App* add_about_one(CLI::App* program, const std::string& name, const std::string& help, Common& c, ProgramArgs& a) {
    auto* cmd = program->add_subcommand(name, help);
    add_db(cmd, c);
    cmd->add_option("id", a.id, "Program id")->required();
    return cmd;
}

}  // namespace

void add_program_commands(CLI::App& app, Common& c, Actions& actions) {
    auto* program = app.add_subcommand("program", "Manage programs without the API");
    program->require_subcommand(1);
    auto a = std::make_shared<ProgramArgs>();
    auto* put = program->add_subcommand("put", "Create or replace a program from a JSON file");
    add_db(put, c);
    put->add_option("file", a->file, "Program JSON")->required();
    put->add_flag("--retroactive", a->retroactive, "Evaluate every customer's history once (background job in serve)");
    put->add_option("--if-version", a->if_version, "Refuse (exit 4) unless the stored version is this one");
    actions.with_service(put, [a](Service& s) { return run_put(s, *a); });

    auto* list = program->add_subcommand("list", "List programs");
    add_db(list, c);
    actions.with_service(list, [](Service& s) {
        std::printf("%s\n", render(s.list_programs()).dump(2).c_str());
        return 0;
    });

    auto* activate = add_about_one(program, "activate", "Activate a program", c, *a);
    activate->add_flag("--retroactive", a->retroactive, "Evaluate every customer's history once");
    actions.with_service(activate, [a](Service& s) { return print_line(s.set_program_status(a->id, true, a->retroactive)); });
    auto* deactivate = add_about_one(program, "deactivate", "Deactivate a program (no new awards)", c, *a);
    actions.with_service(deactivate, [a](Service& s) { return print_line(s.set_program_status(a->id, false, a->retroactive)); });

    auto* versions = add_about_one(program, "versions", "List every stored version of a program", c, *a);
    actions.with_service(versions, [a](Service& s) { return run_versions(s, *a); });
    auto* show = add_about_one(program, "show", "Print a program (or one of its versions) as JSON", c, *a);
    show->add_option("--version", a->version, "This version (default: the current one)");
    actions.with_service(show, [a](Service& s) { return run_show(s, *a); });
    auto* diff = add_about_one(program, "diff", "What changed between two versions (JSON Pointers)", c, *a);
    diff->add_option("--from", a->from, "Older version")->required();
    diff->add_option("--to", a->to, "Newer version (default: the current one)");
    actions.with_service(diff, [a](Service& s) { return run_diff(s, *a); });
    auto* restore = add_about_one(program, "restore", "Save a new version with an old version's content (on/off unchanged)", c, *a);
    restore->add_option("--version", a->version, "The version to bring back")->required();
    restore->add_option("--if-version", a->if_version, "Refuse (exit 4) unless the stored version is this one");
    actions.with_service(restore, [a](Service& s) { return print_line(s.restore_program_version(a->id, a->version, a->expected())); });
}

}  // namespace stepwise::server::cli
