// The command families of stepwise-server but `serve` (command_serve.hpp), one
// file each. Every add_* function adds its subcommands and their options to the
// app, in the order `--help` lists them, and registers what each does in
// `actions`; main.cpp calls them in that order, parses, then runs the action.
#pragma once
#include <CLI/CLI.hpp>

#include "command_support.hpp"

namespace stepwise::server::cli {

// milestone list; recalculate and award, at the top and under `milestone` (command_milestones.cpp)
void add_milestone_commands(CLI::App& app, Common& c, Actions& actions);
// ledger export, ledger summary (command_ledger.cpp)
void add_ledger_commands(CLI::App& app, Common& c, Actions& actions);
// points options, redeem, history (command_points.cpp)
void add_points_commands(CLI::App& app, Common& c, Actions& actions);
// platform-jobs: list, --retry (command_platform_jobs.cpp)
void add_platform_jobs_command(CLI::App& app, Common& c, Actions& actions);
// token (command_token.cpp)
void add_token_command(CLI::App& app, Actions& actions);
// import (command_import.cpp)
void add_import_command(CLI::App& app, Common& c, Actions& actions);
// program put, list, activate, deactivate, versions, show, diff, restore (command_programs.cpp)
void add_program_commands(CLI::App& app, Common& c, Actions& actions);
// sweep, migrate, reconcile: the operator's jobs on the database (command_upkeep.cpp)
void add_upkeep_commands(CLI::App& app, Common& c, Actions& actions);

}  // namespace stepwise::server::cli
