// What the commands of stepwise-server share: the database options, the stop
// flag that SIGINT/SIGTERM set, error exits, number formatting and the table
// of what each command does once parsed.
#pragma once
#include <CLI/CLI.hpp>
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "internal.hpp"

namespace stepwise::server::cli {

// Set by the first SIGINT or SIGTERM (install_stop_handler) or by serve's
// signal thread; long jobs stop at their next checkpoint.
extern std::atomic<bool> g_stop;
void install_stop_handler();

std::string thousands(std::int64_t n);     // 1234567 -> "1,234,567"
std::string duration_text(double seconds);  // "m:ss" or "h:mm:ss"

struct Common {
    std::string db = "sqlite:stepwise.db";
    std::string currency = "USD";
    std::string log_level = "info";
    std::string store_secret;  // signs the webhooks a command sends itself
};

// Every command but `serve` runs with the webhooks `serve` saved in the database.
ServiceOptions service_options(const Common& c);
// Webhooks a command queued (awards, claw-backs, expiries): sent now when the
// command can sign them, else left in the durable outbox for the running server.
void deliver_queued_webhooks(Service& service, const Common& c);
int fail(const std::string& message, int code = 1);  // prints the message, returns the exit code
int print_service_error(const ServiceError& e);      // exit 2, 3 (not found) or 4 (version conflict)
void add_db(CLI::App* cmd, Common& c);
// Commands that may award, claw back or expire: they sign the webhooks they send.
void add_secret(CLI::App* cmd, Common& c);

// What each subcommand does, registered with it by its family (commands.hpp);
// main.cpp runs the one the command line gave, inside its error handling.
class Actions {
public:
    // Runs with the service opened from the common options.
    void with_service(const CLI::App* cmd, std::function<int(Service&)> run);
    // Runs without it: the command needs no database, or opens it its own way.
    void alone(const CLI::App* cmd, std::function<int()> run);
    // The exit code of the parsed subcommand's action; 0 when it has none.
    int run(const Common& c) const;

private:
    struct Entry {
        const CLI::App* cmd;
        std::function<int()> alone;
        std::function<int(Service&)> with_service;
    };
    std::vector<Entry> entries_;
};

}  // namespace stepwise::server::cli
