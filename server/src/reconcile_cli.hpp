// The command line of reconciliation: `stepwise-server reconcile` and the
// platform REST options `serve` shares (reconcile.hpp does the work).
#pragma once
#include <atomic>
#include <string>

#include "connector_rest.hpp"

namespace CLI {
class App;
}

namespace stepwise::server {

class Service;

struct ReconcileCommand {
    std::string platform, since;
    double overlap_minutes = 5;
    double progress_interval = 2.0;
    PlatformApis apis;
};

// --shopify-shop, --shopify-token, --woocommerce-url, --woocommerce-key, --woocommerce-key-secret (and their envs).
void add_platform_api_options(CLI::App* cmd, PlatformApis& apis);

// The `reconcile` subcommand (without --db, which command_upkeep.cpp adds as for every command).
CLI::App* add_reconcile_command(CLI::App& app, ReconcileCommand& args);

// Runs it with progress on stdout and a summary at the end. Exit codes:
// 0 done; 1 the platform refused (401/403/404, clear message) or kept failing,
// or the database failed (pages applied before stay applied, the watermark with
// them); 2 bad options, or no watermark yet and no --since; 130 interrupted.
int run_reconcile(Service& service, const ReconcileCommand& args, const std::atomic<bool>* stop);

}  // namespace stepwise::server
