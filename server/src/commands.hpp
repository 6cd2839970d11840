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

}  // namespace stepwise::server::cli
