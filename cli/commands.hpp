// The subcommands. Each returns the process exit code: 0 success, 2 bad input.
#pragma once
#include <optional>
#include <string>

namespace stepwise::cli {

struct Inputs {
    std::string program_path, history_path, cart_path, as_of = "now";
    std::string issued_path, clawed_path;
    bool pretty = false;
};

int run_eval(const Inputs& in);
int run_validate(const Inputs& in);
int run_project(const Inputs& in);
int run_view(const Inputs& in);
int run_due(const Inputs& in);

}  // namespace stepwise::cli
