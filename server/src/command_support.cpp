#include "command_support.hpp"

#include <signal.h>
#include <spdlog/spdlog.h>

#include <cstdio>

namespace stepwise::server::cli {

std::atomic<bool> g_stop{false};

namespace {

void on_signal(int) {
    if (g_stop.exchange(true)) {
        // Second Ctrl-C: leave now (the last checkpoint is safe).
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
    }
}

}  // namespace

void install_stop_handler() {
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
}

std::string thousands(std::int64_t n) {
    std::string s = std::to_string(n);
    for (int i = static_cast<int>(s.size()) - 3; i > (n < 0 ? 1 : 0); i -= 3) s.insert(static_cast<std::size_t>(i), ",");
    return s;
}

std::string duration_text(double seconds) {
    if (seconds < 0 || seconds > 1e7) return "--:--";
    auto s = static_cast<long long>(seconds + 0.5);
    char buf[32];
    if (s >= 3600)
        snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", s / 3600, (s / 60) % 60, s % 60);
    else
        snprintf(buf, sizeof buf, "%lld:%02lld", s / 60, s % 60);
    return buf;
}

ServiceOptions service_options(const Common& c) {
    ServiceOptions o;
    o.db_url = c.db;
    o.currency = c.currency;
    o.store_secret = c.store_secret;
    return o;
}

// Webhooks a command queued (awards, claw-backs, expiries): sent now when the
// command can sign them, else left in the durable outbox for the running server.
void deliver_queued_webhooks(Service& service, const Common& c) {
    if (!service.has_webhooks()) return;
    if (c.store_secret.empty()) {
        spdlog::info("webhooks queued in the outbox; the running server sends them (or pass --store-secret)");
        return;
    }
    const std::int64_t sent = service.deliver_webhooks();
    if (sent > 0) spdlog::info("{} webhook(s) delivered", sent);
}

int fail(const std::string& message, int code) {
    std::fprintf(stderr, "stepwise-server: %s\n", message.c_str());
    return code;
}

int print_service_error(const ServiceError& e) {
    for (const auto& err : e.errors) std::fprintf(stderr, "stepwise-server: %s\n", err.to_string().c_str());
    if (e.current_version) return 4;  // a version conflict: someone saved meanwhile
    return e.status == 404 ? 3 : 2;
}

void add_db(CLI::App* cmd, Common& c) {
    cmd->add_option("--db", c.db, "Database: sqlite:PATH or postgresql://user@host/db")
        ->envname("STEPWISE_DB")
        ->capture_default_str();
    cmd->add_option("--currency", c.currency, "Store currency (fixed when the database is created)")
        ->envname("STEPWISE_CURRENCY")
        ->capture_default_str();
    cmd->add_option("--log-level", c.log_level, "trace, debug, info, warn, error")->capture_default_str();
}

// Commands that may award, claw back or expire: they sign the webhooks they send.
void add_secret(CLI::App* cmd, Common& c) {
    cmd->add_option("--store-secret", c.store_secret, "Store secret (signs the webhooks this command sends)")
        ->envname("STEPWISE_STORE_SECRET");
}

void Actions::with_service(const CLI::App* cmd, std::function<int(Service&)> run) {
    entries_.push_back({cmd, nullptr, std::move(run)});
}

void Actions::alone(const CLI::App* cmd, std::function<int()> run) { entries_.push_back({cmd, std::move(run), nullptr}); }

int Actions::run(const Common& c) const {
    for (const Entry& e : entries_) {
        if (!e.cmd->parsed()) continue;
        if (e.alone) return e.alone();
        Service service(service_options(c));
        return e.with_service(service);
    }
    return 0;
}

}  // namespace stepwise::server::cli
