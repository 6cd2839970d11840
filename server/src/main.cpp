// stepwise-server: the awarding service and its command line. Each command
// family is a file of its own: `serve` in command_serve.cpp, the others listed
// in commands.hpp; what they share is in command_support.cpp.
//
// CLI11 (libcli11-dev, header-only) parses the command line, as in the
// `stepwise` CLI: subcommands, environment fallbacks for secrets, --help.
// spdlog (libspdlog-dev) logs to stderr, leaving stdout for data (CSV, JSON).
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>

#include "command_serve.hpp"    // serve
#include "command_support.hpp"  // what every command shares
#include "commands.hpp"         // the other command families

using namespace stepwise::server;
using namespace stepwise::server::cli;

int main(int argc, char** argv) {
    auto logger = spdlog::stderr_color_mt("stepwise");
    spdlog::set_default_logger(logger);

    CLI::App app{"stepwise-server: the Stepwise awarding service (REST API, wallet ledger) and its command line"};
    app.require_subcommand(1);
    Common c;
    Actions actions;
    // In the order `--help` lists them.
    ServeArgs sa;
    actions.alone(add_serve_command(app, c, sa), [&] { return run_serve(c, sa); });
    add_milestone_commands(app, c, actions);
    add_ledger_commands(app, c, actions);
    add_points_commands(app, c, actions);
    add_platform_jobs_command(app, c, actions);
    add_token_command(app, actions);
    add_import_command(app, c, actions);
    add_program_commands(app, c, actions);
    add_upkeep_commands(app, c, actions);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    spdlog::set_level(spdlog::level::from_str(c.log_level));

    try {
        return actions.run(c);
    } catch (const ServiceError& e) {
        return print_service_error(e);
    } catch (const std::exception& e) {
        return fail(e.what());
    }
}
