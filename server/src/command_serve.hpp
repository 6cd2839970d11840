// `stepwise-server serve`: its options and the running service (the REST API,
// the background sweeps, email, the platform outbox, reconciliation).
#pragma once
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "command_support.hpp"
#include "mailer.hpp"
#include "reconcile_cli.hpp"

namespace stepwise::server::cli {

struct ServeArgs {
    std::string host = "127.0.0.1";
    int port = 8080;
    std::string admin_key, store_secret, web, wallet_url, shopify_secret, woocommerce_secret;
    std::vector<std::string> cors;  // --cors-origin, repeatable
    std::string referral_url;       // --referral-url
    int threads = 64;
    // The HTTP layer's deadlines and bounds (docs/server.md, Limits).
    int io_threads = 2;
    double header_timeout = 10, body_timeout = 30, idle_timeout = 30;
    std::size_t max_connections = 10000, max_connections_per_peer = 256;
    int tick_seconds = 5;
    PlatformApis apis;             // platform REST APIs (reconcile_cli.cpp)
    double reconcile_minutes = 0;  // the periodic reconciliation; 0 = off
    bool no_email = false, access_log = false, demo = false;
    std::vector<std::string> codes_in;  // --codes-in shopify|woocommerce (platform_codes.hpp)
    std::vector<std::string> credit_in;  // --credit-in shopify (platform_credit.hpp)
    double platform_timeout = 30;       // --platform-timeout seconds, each request of the platform outbox
    double credit_coupon_days = 30;     // --credit-coupon-days (credit_coupons.hpp)
    MailOptions mail;  // --smtp-url, --mail-from, --smtp-ca-file, --mail-templates (mailer.hpp)
    std::string wh_should, wh_awarded, wh_clawed, wh_spend, wh_expired, should_on_error = "allow";
    int should_timeout_ms = 2000;
    std::size_t max_batch = 256;
    std::size_t pool = 16;
    std::size_t read_cache = 10000;
};

// Adds `serve` and its options to the app; the values land in `a`.
CLI::App* add_serve_command(CLI::App& app, Common& c, ServeArgs& a);
int run_serve(const Common& c, const ServeArgs& a);

}  // namespace stepwise::server::cli
