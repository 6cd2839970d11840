// stepwise: evaluate loyalty programs from the command line.
#include <CLI/CLI.hpp>

#include "commands.hpp"

int main(int argc, char** argv) {
    using namespace stepwise::cli;
    CLI::App app{"stepwise: loyalty journeys and spend tiers, evaluated exactly as the server awards them"};
    app.require_subcommand(1);
    Inputs in;

    auto add_common = [&](CLI::App* cmd, bool history) {
        cmd->add_option("--program", in.program_path, "Program JSON file ('-' for stdin)")->required();
        if (history) {
            cmd->add_option("--history", in.history_path, "Customer history JSON file ('-' for stdin)")->required();
            cmd->add_option("--as-of", in.as_of, "Evaluation time, UTC (2026-03-15T10:22:00Z) or 'now'")
                ->capture_default_str();
            cmd->add_flag("--pretty", in.pretty, "Indent the JSON output");
        }
    };
    auto* eval = app.add_subcommand("eval", "Print the progress report and award decisions");
    add_common(eval, true);
    auto* validate = app.add_subcommand("validate", "Check a program against the contract");
    add_common(validate, false);
    auto* project = app.add_subcommand("project", "What a cart would complete and unlock if ordered now");
    add_common(project, true);
    project->add_option("--cart", in.cart_path, "Cart JSON file")->required();
    auto* view = app.add_subcommand("view", "Print the display view model the widget and preview draw");
    add_common(view, true);
    auto* due = app.add_subcommand("due", "Print the awards and claw-backs not yet applied");
    add_common(due, true);
    due->add_option("--issued", in.issued_path, "JSON array of award keys already issued");
    due->add_option("--clawed", in.clawed_path, "JSON array of award keys already clawed back");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? 0 : 2;  // usage errors are bad input too
    }
    if (eval->parsed()) return run_eval(in);
    if (validate->parsed()) return run_validate(in);
    if (project->parsed()) return run_project(in);
    if (view->parsed()) return run_view(in);
    return run_due(in);
}
