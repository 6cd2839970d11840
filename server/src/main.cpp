// stepwise-server: the awarding service and its command line.
//
// CLI11 (libcli11-dev, header-only) parses the command line, as in the
// `stepwise` CLI: subcommands, environment fallbacks for secrets, --help.
// spdlog (libspdlog-dev) logs to stderr, leaving stdout for data (CSV, JSON).
#include <signal.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <regex>
#include <thread>

#include "mailer.hpp"
#include "api.hpp"
#include "api_orders.hpp"
#include "api_shopify_proxy.hpp"
#include "auth.hpp"
#include "http/server.hpp"
#include "internal.hpp"
#include "credit_coupons.hpp"  // wallet credit as WooCommerce coupons (kinds of the outbox)
#include "platform_codes.hpp"  // --codes-in: the reward-code outbox
#include "platform_credit.hpp"  // --credit-in: store credit mirrored into Shopify
#include "reconcile.hpp"      // reconcile: the periodic job in serve
#include "reconcile_cli.hpp"  // reconcile: the command and the platform REST options

using namespace stepwise;
using namespace stepwise::server;

namespace {

std::atomic<bool> g_stop{false};

void on_signal(int) {
    if (g_stop.exchange(true)) {
        // Second Ctrl-C: leave now (the last checkpoint is safe).
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
    }
}

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

// Progress for recalculate --all: a bar on a terminal, plain lines otherwise.
class Progress {
public:
    explicit Progress(double plain_interval)
        : tty_(isatty(STDOUT_FILENO) == 1), plain_interval_(plain_interval), start_(clock::now()),
          last_(start_ - std::chrono::hours(1)) {}

    void update(const RecalcStats& st, bool final = false) {
        auto now = clock::now();
        if (!first_) {
            first_ = true;
            base_ = st.customers;
            if (st.resumed) std::printf("resuming from checkpoint: %s of %s customers done\n", thousands(st.customers).c_str(), thousands(st.total).c_str());
        }
        const double since = std::chrono::duration<double>(now - last_).count();
        if (!final && since < (tty_ ? 0.1 : plain_interval_)) return;
        last_ = now;
        const double elapsed = std::chrono::duration<double>(now - start_).count();
        const double rate = elapsed > 0 ? static_cast<double>(st.customers - base_) / elapsed : 0;
        const std::int64_t left = std::max<std::int64_t>(0, st.total - st.customers);
        const double eta = rate > 0 ? static_cast<double>(left) / rate : -1;
        const double pct = st.total > 0 ? 100.0 * static_cast<double>(std::min(st.customers, st.total)) / static_cast<double>(st.total) : 100.0;
        char line[256];
        if (tty_) {
            const int width = 30;
            const int filled = static_cast<int>(pct / 100.0 * width);
            std::string bar(static_cast<std::size_t>(filled), '#');
            bar += std::string(static_cast<std::size_t>(width - filled), '-');
            snprintf(line, sizeof line, "\r[%s] %5.1f%%  %s/%s customers  %s/s  ETA %s  awards %s   ", bar.c_str(), pct,
                     thousands(st.customers).c_str(), thousands(st.total).c_str(),
                     thousands(static_cast<std::int64_t>(rate)).c_str(), duration_text(eta).c_str(),
                     thousands(st.awards).c_str());
            std::fputs(line, stdout);
            if (final) std::fputs("\n", stdout);
        } else {
            snprintf(line, sizeof line, "recalculate: %s/%s customers (%.1f%%), %s/s, ETA %s, awards %s\n",
                     thousands(st.customers).c_str(), thousands(st.total).c_str(), pct,
                     thousands(static_cast<std::int64_t>(rate)).c_str(), duration_text(eta).c_str(),
                     thousands(st.awards).c_str());
            std::fputs(line, stdout);
        }
        std::fflush(stdout);
    }

private:
    using clock = std::chrono::steady_clock;
    bool tty_;
    double plain_interval_;
    bool first_ = false;
    std::int64_t base_ = 0;
    clock::time_point start_, last_;
};

struct Common {
    std::string db = "sqlite:stepwise.db";
    std::string currency = "USD";
    std::string log_level = "info";
    std::string store_secret;  // signs the webhooks a command sends itself
};

// Every command but `serve` runs with the webhooks `serve` saved in the database.
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

int fail(const std::string& message, int code = 1) {
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

// `ledger summary`: a short table for people, or the API's JSON.
void print_ledger_summary(const json& s, bool as_json) {
    if (as_json) {
        std::printf("%s\n", s.dump(2).c_str());
        return;
    }
    const std::string cur = s["currency"].get<std::string>();
    std::printf("ledger summary (%s), %s to %s: %s transactions\n", cur.c_str(),
                s["from"].is_null() ? "the start" : s["from"].get<std::string>().c_str(),
                s["to"].is_null() ? "now" : s["to"].get<std::string>().c_str(),
                thousands(s["transactions"].get<std::int64_t>()).c_str());
    for (const auto& t : s["by_type"])
        std::printf("  %-22s %10s  %s\n", t["type"].get<std::string>().c_str(),
                    thousands(t["count"].get<std::int64_t>()).c_str(), t["amount"].get<std::string>().c_str());
    for (const char* k : {"credited", "debited", "net", "breakage", "clawbacks_not_collected", "outstanding_now"})
        std::printf("%-24s %s\n", k, s[k].get<std::string>().c_str());
    if (s["outstanding_at_to"].is_string())
        std::printf("%-24s %s\n", "outstanding_at_to", s["outstanding_at_to"].get<std::string>().c_str());
}

int run_serve(const Common& c, const ServeArgs& a) {
    if (a.admin_key.empty()) return fail("serve needs --admin-key (or STEPWISE_ADMIN_KEY)", 2);
    if (a.admin_key.size() < 16) spdlog::warn("the admin key is short; use 32+ random characters in production");
    if (a.store_secret.empty()) spdlog::warn("no --store-secret: storefront customer tokens are disabled");
    ServiceOptions so = service_options(c);
    so.store_secret = a.store_secret;
    so.wallet_url = a.wallet_url;
    so.notify_email = !a.no_email;
    so.webhook_should_award = a.wh_should;
    so.webhook_awarded = a.wh_awarded;
    so.webhook_clawed_back = a.wh_clawed;
    so.webhook_spend_recalculated = a.wh_spend;
    so.webhook_expired = a.wh_expired;
    so.save_webhook_settings = true;
    so.should_award_timeout_ms = a.should_timeout_ms;
    so.should_award_on_error = a.should_on_error != "deny";
    so.max_batch = a.max_batch;
    so.pool_size = a.pool;
    so.read_cache_customers = a.read_cache;
    so.code_platforms = a.codes_in;
    so.credit_platforms = a.credit_in;
    so.credit_coupon_days = a.credit_coupon_days;
    // Discount rewards become codes in these stores, made with their REST credentials.
    platform::WorkerOptions platform_jobs;
    platform::CodeOptions code_options;
    code_options.timeout_ms = static_cast<long>(std::max(0.1, a.platform_timeout) * 1000);
    // One attempt: at most a lookup and a request, or (a claw-back short of funds) two of each.
    platform_jobs.claim_ms = 4 * code_options.timeout_ms + 5000;
    for (const std::string& p : a.codes_in) {
        const bool shopify = p == "shopify";
        if (shopify ? !a.apis.shopify() : !a.apis.woocommerce())
            return fail("--codes-in " + p + " needs " +
                            (shopify ? std::string("--shopify-shop and --shopify-token (scope write_discounts)")
                                     : std::string("--woocommerce-url, --woocommerce-key and --woocommerce-key-secret "
                                                   "(Read/Write)")),
                        2);
        try {
            platform::Handler codes = shopify ? platform::shopify_codes(a.apis, code_options)
                                              : platform::woocommerce_codes(a.apis, code_options);
            platform_jobs.handlers[{p, platform::kDiscountCode}] = codes;
            platform_jobs.handlers[{p, platform::kDeactivateCode}] = codes;
            if (p == platform::kCreditCouponPlatform) {  // wallet credit as coupons: made and deleted there
                platform_jobs.handlers[{p, platform::kCreditCoupon}] = codes;
                platform_jobs.handlers[{p, platform::kCreditCouponDelete}] = codes;
            }
        } catch (const std::invalid_argument& e) {
            return fail(e.what(), 2);
        }
    }
    // Store credit mirrored into Shopify's store credit accounts.
    for (const std::string& p : a.credit_in) {
        if (!a.apis.shopify())
            return fail("--credit-in shopify needs --shopify-shop and --shopify-token (scopes "
                        "write_store_credit_account_transactions, read_store_credit_account_transactions, "
                        "read_store_credit_accounts)",
                        2);
        try {
            platform_jobs.handlers[{p, platform::kStoreCredit}] = platform::shopify_store_credit(a.apis, code_options);
        } catch (const std::invalid_argument& e) {
            return fail(e.what(), 2);
        }
    }

    // Signals go to one thread that stops the server cleanly.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);

    Service service(so);
    // What the shopper spends of Shopify store credit is read back into the ledger.
    for (const std::string& p : a.credit_in)
        platform_jobs.handlers[{p, platform::kStoreCreditSync}] = platform::shopify_store_credit_sync(
            a.apis, code_options, [&service](const std::string& customer_id, const std::vector<PlatformCreditMove>& moves) {
                return service.record_platform_credit(customer_id, moves);
            });
    ApiOptions ao;
    ao.admin_key = a.admin_key;
    ao.store_secret = a.store_secret;
    ao.web_dir = a.web;
    ao.cors_origins = a.cors;
    ao.access_log = a.access_log;
    ao.demo = a.demo;
    ao.referral_url = a.referral_url;
    if (a.demo) {
        if (a.store_secret.empty()) return fail("serve --demo needs --store-secret (it signs the demo shoppers' tokens)", 2);
        spdlog::warn("--demo: anyone can sign in as any customer; for the demo store only");
    }
    Api api(service, ao);

    http::Router router;
    api.mount(router);
    OrderRouteOptions orders;
    orders.admin_key = a.admin_key;
    orders.shopify_secret = a.shopify_secret;
    orders.woocommerce_secret = a.woocommerce_secret;
    orders.apis = a.apis;
    mount_order_routes(router, service, orders);
    ShopifyProxyOptions shopify_proxy;  // the storefront's token through Shopify's app proxy
    shopify_proxy.shopify_secret = a.shopify_secret;
    shopify_proxy.store_secret = a.store_secret;
    shopify_proxy.shop = a.apis.shopify_shop;
    mount_shopify_proxy(router, shopify_proxy);

    http::ServerOptions ho;
    const std::size_t threads = static_cast<std::size_t>(std::max(2, a.threads));
    ho.workers = threads;
    ho.io_threads = static_cast<std::size_t>(std::max(1, a.io_threads));
    auto ms = [](double seconds) { return std::chrono::milliseconds(static_cast<std::int64_t>(std::max(0.001, seconds) * 1000)); };
    ho.header_timeout = ms(a.header_timeout);
    ho.body_timeout = ms(a.body_timeout);
    ho.idle_timeout = ms(a.idle_timeout);
    ho.max_connections = std::max<std::size_t>(1, a.max_connections);
    ho.max_connections_per_peer = std::max<std::size_t>(1, a.max_connections_per_peer);
    // Each connection is a descriptor: keep the bound under the process limit.
    rlimit fds{};
    if (getrlimit(RLIMIT_NOFILE, &fds) == 0) {
        if (fds.rlim_cur < fds.rlim_max) {
            fds.rlim_cur = fds.rlim_max;
            setrlimit(RLIMIT_NOFILE, &fds);
            getrlimit(RLIMIT_NOFILE, &fds);
        }
        const std::size_t room = fds.rlim_cur > 256 ? static_cast<std::size_t>(fds.rlim_cur) - 256 : 64;
        if (ho.max_connections > room) {
            spdlog::warn("--max-connections {} is above what the descriptor limit allows; using {}", ho.max_connections, room);
            ho.max_connections = room;
        }
    }
    http::Server svr(router, ho);
    std::string bind_error;
    const int port = svr.bind(a.host, a.port, bind_error);
    if (port <= 0) return fail("cannot bind " + a.host + ":" + std::to_string(a.port) + " (" + bind_error + ")");
    // The email outbox's SMTP sender; a bad template or URL stops the start.
    std::unique_ptr<MailJob> mail_job;
    try {
        mail_job = std::make_unique<MailJob>(service, a.mail, g_stop);
    } catch (const std::exception& e) {
        return fail(std::string("email: ") + e.what());
    }

    std::thread signals([&] {
        int sig = 0;
        sigwait(&set, &sig);
        spdlog::info("signal {}: stopping", sig);
        g_stop = true;
        svr.stop();
    });
    signals.detach();

    std::mutex m;
    std::condition_variable cv;
    std::thread background([&] {
        auto next_tick = std::chrono::steady_clock::now();
        while (!g_stop) {
            try {
                if (std::chrono::steady_clock::now() >= next_tick) {
                    while (!g_stop && service.tick(&g_stop) > 0) {
                    }
                    next_tick = std::chrono::steady_clock::now() + std::chrono::seconds(a.tick_seconds);
                }
                // Always: the command line queues webhooks for this server to send.
                service.deliver_webhooks();
            } catch (const std::exception& e) {
                spdlog::error("background work failed: {}", e.what());
            }
            std::unique_lock<std::mutex> lock(m);
            cv.wait_for(lock, std::chrono::seconds(1), [] { return g_stop.load(); });
        }
    });

    // Reward codes in the stores (platform_jobs.hpp): after the signal thread, stopped by g_stop.
    platform::Worker platform_worker(service, platform_jobs, g_stop);

    // Orders lost by webhooks, read back from the platforms' REST APIs (reconcile.hpp).
    ReconcileJob reconcile_job(service, a.apis, a.reconcile_minutes, g_stop);

    std::printf("stepwise-server listening on http://%s:%d (%s)\n", a.host.c_str(), port,
                service.store().describe().c_str());
    std::fflush(stdout);
    spdlog::info("listening on http://{}:{} with {} threads, database {}", a.host, port, threads, service.store().describe());
    bool ok = svr.run();
    g_stop = true;
    cv.notify_all();
    background.join();
    spdlog::info("stopped");
    return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    auto logger = spdlog::stderr_color_mt("stepwise");
    spdlog::set_default_logger(logger);

    CLI::App app{"stepwise-server: the Stepwise awarding service (REST API, wallet ledger) and its command line"};
    app.require_subcommand(1);
    Common c;

    // serve
    ServeArgs sa;
    auto* serve = app.add_subcommand("serve", "Run the REST API (and background expiry/retroactive jobs)");
    add_db(serve, c);
    serve->add_option("--host", sa.host, "Address to listen on")->capture_default_str();
    serve->add_option("--port", sa.port, "Port (0 = any free port, printed on stdout)")->capture_default_str();
    serve->add_option("--admin-key", sa.admin_key, "Admin API key (Authorization: Bearer KEY)")->envname("STEPWISE_ADMIN_KEY");
    serve->add_option("--store-secret", sa.store_secret, "Secret that signs customer tokens and webhooks")
        ->envname("STEPWISE_STORE_SECRET");
    serve->add_option("--web", sa.web, "Serve this directory's files at /");
    serve->add_option("--shopify-secret", sa.shopify_secret,
                      "Shopify app's API secret: verifies webhooks at /v1/connectors/shopify/webhooks")
        ->envname("STEPWISE_SHOPIFY_SECRET");
    serve->add_option("--woocommerce-secret", sa.woocommerce_secret,
                      "WooCommerce webhook secret: verifies webhooks at /v1/connectors/woocommerce/webhooks")
        ->envname("STEPWISE_WOOCOMMERCE_SECRET");
    add_platform_api_options(serve, sa.apis);
    serve->add_option("--reconcile-minutes", sa.reconcile_minutes,
                      "Reconcile every N minutes (fractions allowed) for each platform whose REST credentials are given; 0 = off")
        ->capture_default_str();
    // --cors-origin: repeatable; each an origin as browsers send it.
    serve->add_option("--cors-origin", sa.cors,
                      "Allow pages on this origin (https://shop.example.com, or *) to use the API and the widget's "
                      "files; repeat for each origin")
        ->check([](const std::string& v) -> std::string {
            static const std::regex origin(R"(https?://[a-z0-9.-]+(:[0-9]{1,5})?|\*)");
            return std::regex_match(v, origin)
                       ? ""
                       : "--cors-origin " + v + ": give scheme://host[:port] in lower case, without a path or a "
                                                "trailing /, as the browser sends it in Origin (or *)";
        });
    serve->add_option("--referral-url", sa.referral_url,
                      "The store's referral link, {code} standing for the customer's referral code "
                      "(https://shop.example/?ref={code}); GET /v1/customers/{id}/referral answers it")
        ->check([](const std::string& v) -> std::string {
            return (v.rfind("https://", 0) == 0 || v.rfind("http://", 0) == 0) && v.find("{code}") != std::string::npos
                       ? ""
                       : "--referral-url " + v + ": give an http(s):// URL containing {code}, e.g. https://shop.example/?ref={code}";
        });
    serve->add_option("--codes-in", sa.codes_in,
                      "Make discount rewards real single-use codes in this store: shopify or woocommerce "
                      "(repeatable; uses the platform's REST credentials; docs/rewards-at-checkout.md)")
        ->check(CLI::IsMember({"shopify", "woocommerce"}))
        ->delimiter(',');
    serve->add_option("--credit-in", sa.credit_in,
                      "Mirror every store credit movement (award, claw-back, manual credit or debit) into the "
                      "customer's store credit account in this store: shopify (docs/rewards-at-checkout.md)")
        ->check(CLI::IsMember({"shopify"}))
        ->delimiter(',');
    serve->add_option("--credit-coupon-days", sa.credit_coupon_days,
                      "With --codes-in woocommerce: days a coupon the shopper makes from wallet credit stays usable "
                      "before its hold goes back (fractions allowed)")
        ->check(CLI::Range(0.00001, 3650.0))
        ->capture_default_str();
    serve->add_option("--platform-timeout", sa.platform_timeout,
                      "Seconds each request of the platform outbox (reward codes, store credit) may take")
        ->capture_default_str();
    serve->add_option("--wallet-url", sa.wallet_url, "Link to the customer's wallet page, used in reward emails");
    serve->add_flag("--no-email", sa.no_email, "Do not write reward emails to the outbox");
    // The built-in SMTP sender (docs/email.md)
    serve->add_option("--smtp-url", sa.mail.smtp.url, "Send the email outbox: smtp://user:pass@host:port or smtps://...")
        ->envname("STEPWISE_SMTP_URL");
    serve->add_option("--mail-from", sa.mail.smtp.from, "From address of the emails (with --smtp-url)")
        ->envname("STEPWISE_MAIL_FROM");
    serve->add_option("--smtp-ca-file", sa.mail.smtp.ca_file, "CA certificate (PEM) of the SMTP server's private CA");
    serve->add_option("--mail-templates", sa.mail.templates, "Directory of email templates (default: the built-in ones)");
    serve->add_option("--threads", sa.threads, "Worker threads running requests (database work)")->capture_default_str();
    serve->add_option("--io-threads", sa.io_threads, "Threads reading and writing connections")->capture_default_str();
    serve->add_option("--header-timeout", sa.header_timeout, "Seconds for a request's whole head, from its first byte (408)")
        ->capture_default_str();
    serve->add_option("--body-timeout", sa.body_timeout, "Seconds for a request's body, after its head (408)")->capture_default_str();
    serve->add_option("--idle-timeout", sa.idle_timeout, "Seconds a connection may wait between requests")->capture_default_str();
    serve->add_option("--max-connections", sa.max_connections, "Open connections in all (past it: 503)")->capture_default_str();
    serve->add_option("--max-connections-per-peer", sa.max_connections_per_peer,
                      "Open connections from one address (past it: 503)")
        ->capture_default_str();
    serve->add_option("--tick-seconds", sa.tick_seconds, "Seconds between expiry / pending-order sweeps")->capture_default_str();
    serve->add_option("--max-batch", sa.max_batch, "SQLite: most requests grouped into one commit")->capture_default_str();
    serve->add_option("--pool", sa.pool, "PostgreSQL: connections per process")->capture_default_str();
    serve->add_option("--read-cache", sa.read_cache,
                      "Customers whose history progress reads keep in memory, checked by version (0 = off)")
        ->capture_default_str();
    serve->add_option("--webhook-should-award", sa.wh_should, "URL asked before each award (reply {\"award\": false} to veto)");
    serve->add_option("--webhook-awarded", sa.wh_awarded, "URL told about each award");
    serve->add_option("--webhook-clawed-back", sa.wh_clawed, "URL told about each claw-back");
    serve->add_option("--webhook-spend-recalculated", sa.wh_spend, "URL told the qualifying spend after each ingest");
    serve->add_option("--webhook-expired", sa.wh_expired, "URL told about each expired credit or reward");
    serve->add_option("--should-award-timeout-ms", sa.should_timeout_ms, "Timeout of the should-award webhook")->capture_default_str();
    serve->add_option("--should-award-on-error", sa.should_on_error, "allow or deny when that webhook fails")
        ->check(CLI::IsMember({"allow", "deny"}))
        ->capture_default_str();
    serve->add_flag("--access-log", sa.access_log, "Log every request");
    serve->add_flag("--demo", sa.demo,
                    "Answer the demo store's backend calls (/v1/demo/*: sign in as any customer, check out); "
                    "never in production");

    // milestone list
    auto* milestone = app.add_subcommand("milestone", "Milestones (the steps and tiers of every program)");
    milestone->require_subcommand(1);
    auto* mlist = milestone->add_subcommand("list", "List all milestones");
    add_db(mlist, c);
    bool mjson = false;
    std::string mprogram;
    mlist->add_flag("--json", mjson, "Print JSON (as GET /v1/milestones)");
    mlist->add_option("--program", mprogram, "Only this program");

    // recalculate (also as `milestone recalculate`, the seed's spelling)
    std::string ruser;
    bool rall = false, rrestart = false;
    std::size_t rchunk = 0;
    unsigned rthreads = 0;
    double rinterval = 2.0;
    auto add_recalc = [&](CLI::App* parent) {
        auto* cmd = parent->add_subcommand("recalculate", "Re-evaluate customers and issue what is due (never twice)");
        add_db(cmd, c);
        add_secret(cmd, c);
        auto* user_opt = cmd->add_option("--user", ruser, "One customer id");
        auto* all_opt = cmd->add_flag("--all", rall, "Every customer, resumable from a checkpoint");
        user_opt->excludes(all_opt);
        cmd->add_flag("--restart", rrestart, "Ignore the checkpoint of an interrupted --all run");
        cmd->add_option("--chunk", rchunk, "Customers per transaction (default 2000 SQLite, 200 PostgreSQL)");
        cmd->add_option("--threads", rthreads, "Evaluation threads (default: all cores)");
        cmd->add_option("--progress-interval", rinterval, "Seconds between progress lines when not on a terminal")
            ->capture_default_str();
        return cmd;
    };
    auto* recalc = add_recalc(&app);
    auto* mrecalc = add_recalc(milestone);

    // award (also as `milestone award`)
    std::string auser, amilestone, aprogram, anote = "Manual award via CLI";
    auto add_award = [&](CLI::App* parent) {
        auto* cmd = parent->add_subcommand("award", "Force-award a milestone to a customer");
        add_db(cmd, c);
        add_secret(cmd, c);
        cmd->add_option("--user", auser, "Customer id")->required();
        cmd->add_option("--milestone", amilestone, "Milestone (step) id, or its number in `milestone list`")->required();
        cmd->add_option("--program", aprogram, "Program id (when several programs use the milestone id)");
        cmd->add_option("--note", anote, "Internal note for the ledger")->capture_default_str();
        return cmd;
    };
    auto* award = add_award(&app);
    auto* maward = add_award(milestone);

    // ledger export
    auto* ledger = app.add_subcommand("ledger", "The wallet ledger");
    ledger->require_subcommand(1);
    auto* lexport = ledger->add_subcommand("export", "Export the ledger");
    add_db(lexport, c);
    bool lcsv = false;
    std::string lout, ltype, lfrom, lto, lcustomer;
    lexport->add_flag("--csv", lcsv, "CSV for accounting (the only format)")->required();
    lexport->add_option("--out", lout, "Write to this file (default stdout)");
    lexport->add_option("--type", ltype, "Only this transaction type (e.g. \"Milestone Reward\")");
    lexport->add_option("--from", lfrom, "From this UTC time (inclusive)");
    lexport->add_option("--to", lto, "Until this UTC time (exclusive)");
    lexport->add_option("--customer", lcustomer, "Only this customer");
    auto* lsummary = ledger->add_subcommand("summary", "Totals for accounting: per type, breakage, liability");
    add_db(lsummary, c);
    bool ljson = false;
    lsummary->add_option("--type", ltype, "Only this transaction type");
    lsummary->add_option("--from", lfrom, "From this UTC time (inclusive)");
    lsummary->add_option("--to", lto, "Until this UTC time (exclusive)");
    lsummary->add_option("--customer", lcustomer, "Only this customer");
    lsummary->add_flag("--json", ljson, "Print JSON (as GET /v1/ledger/summary)");

    // points (docs/points.md)
    auto* points = app.add_subcommand("points", "Points: redemption options, redeeming, a customer's history");
    points->require_subcommand(1);
    auto* poptions = points->add_subcommand("options", "Print the redemption options, or replace them from a file");
    add_db(poptions, c);
    std::string poptions_file, pcustomer, poption, pkey;
    poptions->add_option("--set", poptions_file, "JSON file {\"options\": [...]}, as PUT /v1/points/options");
    auto* predeem = points->add_subcommand("redeem", "Redeem an option for a customer (once per --key)");
    add_db(predeem, c);
    predeem->add_option("--customer", pcustomer, "Customer id")->required();
    predeem->add_option("--option", poption, "Option id")->required();
    predeem->add_option("--key", pkey, "Idempotency key: the same key never redeems twice (default: a new one, printed)");
    auto* phistory = points->add_subcommand("history", "A customer's points balance and ledger");
    add_db(phistory, c);
    phistory->add_option("--customer", pcustomer, "Customer id")->required();
    // platform-jobs: the reward codes the stores were asked to make (GET /v1/platform-jobs)
    auto* pjobs = app.add_subcommand("platform-jobs", "List the platform jobs of the connected stores: reward codes (--codes-in), store credit (--credit-in)");
    add_db(pjobs, c);
    std::string pjstate;
    std::int64_t pjlimit = 100;
    pjobs->add_option("--state", pjstate, "pending, done or failed (default: any)")
        ->check(CLI::IsMember({"pending", "done", "failed"}));
    pjobs->add_option("--limit", pjlimit, "At most this many, newest first")->capture_default_str()->check(CLI::Range(1, 1000));
    std::int64_t pjretry = 0;
    pjobs->add_option("--retry", pjretry, "Make this failed job due again now (serve runs it), once its cause is fixed")
        ->check(CLI::PositiveNumber);

    // token
    auto* token = app.add_subcommand("token", "Mint a customer token (development helper)");
    std::string tcustomer, tsecret;
    std::int64_t tttl = 3600;
    token->add_option("--customer", tcustomer, "Customer id")->required();
    token->add_option("--secret", tsecret, "Store secret")->envname("STEPWISE_STORE_SECRET")->required();
    token->add_option("--ttl", tttl, "Seconds until it expires")->capture_default_str();

    // import
    auto* import = app.add_subcommand("import", "Bulk-load historical events (NDJSON) without evaluating; then run recalculate --all");
    add_db(import, c);
    std::string ifile;
    import->add_option("file", ifile, "NDJSON file, one POST /v1/events event per line ('-' = stdin)")->required();

    // program
    auto* program = app.add_subcommand("program", "Manage programs without the API");
    program->require_subcommand(1);
    auto* pput = program->add_subcommand("put", "Create or replace a program from a JSON file");
    add_db(pput, c);
    std::string pfile;
    bool pretro = false;
    pput->add_option("file", pfile, "Program JSON")->required();
    pput->add_flag("--retroactive", pretro, "Evaluate every customer's history once (background job in serve)");
    auto* plist = program->add_subcommand("list", "List programs");
    add_db(plist, c);
    auto* pact = program->add_subcommand("activate", "Activate a program");
    add_db(pact, c);
    std::string pid;
    pact->add_option("id", pid, "Program id")->required();
    pact->add_flag("--retroactive", pretro, "Evaluate every customer's history once");
    auto* pdeact = program->add_subcommand("deactivate", "Deactivate a program (no new awards)");
    add_db(pdeact, c);
    pdeact->add_option("id", pid, "Program id")->required();
    std::int64_t pif_version = 0, pversion = 0, pfrom = 0, pto = 0;
    pput->add_option("--if-version", pif_version, "Refuse (exit 4) unless the stored version is this one");
    auto* pversions = program->add_subcommand("versions", "List every stored version of a program");
    add_db(pversions, c);
    pversions->add_option("id", pid, "Program id")->required();
    auto* pshow = program->add_subcommand("show", "Print a program (or one of its versions) as JSON");
    add_db(pshow, c);
    pshow->add_option("id", pid, "Program id")->required();
    pshow->add_option("--version", pversion, "This version (default: the current one)");
    auto* pdiff = program->add_subcommand("diff", "What changed between two versions (JSON Pointers)");
    add_db(pdiff, c);
    pdiff->add_option("id", pid, "Program id")->required();
    pdiff->add_option("--from", pfrom, "Older version")->required();
    pdiff->add_option("--to", pto, "Newer version (default: the current one)");
    auto* prestore = program->add_subcommand("restore", "Save a new version with an old version's content (on/off unchanged)");
    add_db(prestore, c);
    prestore->add_option("id", pid, "Program id")->required();
    prestore->add_option("--version", pversion, "The version to bring back")->required();
    prestore->add_option("--if-version", pif_version, "Refuse (exit 4) unless the stored version is this one");

    auto* sweep = app.add_subcommand("sweep", "Expire credit, issue awards for orders past their refund hold, run retroactive jobs");
    add_db(sweep, c);
    add_secret(sweep, c);
    auto* migrate_cmd = app.add_subcommand("migrate", "Create or upgrade the database schema");
    // reconcile (reconcile_cli.cpp)
    ReconcileCommand rc;
    auto* reconcile_cmd = add_reconcile_command(app, rc);
    add_db(reconcile_cmd, c);
    add_secret(reconcile_cmd, c);
    int migrate_to = 0;
    migrate_cmd->add_option("--to", migrate_to, "Stop at this schema version (default: the newest), e.g. to test an upgrade")
        ->check(CLI::PositiveNumber);
    add_db(migrate_cmd, c);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    spdlog::set_level(spdlog::level::from_str(c.log_level));

    try {
        if (serve->parsed()) return run_serve(c, sa);

        if (token->parsed()) {
            if (!valid_customer_id(tcustomer)) return fail("--customer: must be 1-128 characters of A-Z a-z 0-9 _ . - @ + :", 2);
            const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
            std::printf("%s\n", mint_customer_token(tcustomer, now + tttl, tsecret).c_str());
            return 0;
        }

        if (migrate_cmd->parsed() && migrate_to > 0) {
            StoreOptions so;
            so.migrate_to = migrate_to;
            auto store = Store::open(c.db, so);
            std::printf("schema version %d of %d (%s)\n", std::min(migrate_to, schema_version()), schema_version(),
                        store->describe().c_str());
            return 0;
        }
        Service service(service_options(c));

        if (migrate_cmd->parsed()) {
            std::printf("schema version %d (%s)\n", schema_version(), service.store().describe().c_str());
            return 0;
        }
        if (mlist->parsed()) {
            json j = service.milestones(mprogram.empty() ? std::nullopt : std::optional<std::string>(mprogram));
            if (mjson) {
                std::printf("%s\n", j.dump(2).c_str());
                return 0;
            }
            std::printf("%-20s %-24s %-28s %-10s %14s %12s %-9s %s\n", "PROGRAM", "ID", "NAME", "METRIC", "TARGET",
                        "REWARD", "REPEATS", "STATUS");
            for (const auto& m : j["milestones"]) {
                std::string target = m.contains("threshold") ? m["threshold"].get<std::string>() : m["target"].dump();
                std::printf("%-20s %-24s %-28s %-10s %14s %12s %-9s %s\n", m["program_id"].get<std::string>().c_str(),
                            m["id"].get<std::string>().c_str(), m["name"].get<std::string>().c_str(),
                            m["metric"].get<std::string>().c_str(), target.c_str(),
                            m["reward_amount"].get<std::string>().c_str(), m["repeating"].get<bool>() ? "yes" : "no",
                            m["status"].get<std::string>().c_str());
            }
            return 0;
        }
        if (recalc->parsed() || mrecalc->parsed()) {
            if (!ruser.empty()) {
                auto st = service.recalculate_customer(ruser);
                deliver_queued_webhooks(service, c);
                std::printf("customer %s: %lld award(s), %lld claw-back(s) issued\n", ruser.c_str(),
                            static_cast<long long>(st.awards), static_cast<long long>(st.clawbacks));
                return 0;
            }
            if (!rall) return fail("recalculate needs --user ID or --all", 2);
            install_stop_handler();
            RecalcOptions ro;
            ro.restart = rrestart;
            ro.chunk = rchunk;
            ro.threads = rthreads;
            Progress bar(rinterval);
            auto t0 = std::chrono::steady_clock::now();
            auto st = service.recalculate_all(ro, [&](const RecalcStats& s) { bar.update(s); }, &g_stop);
            bar.update(st, true);
            deliver_queued_webhooks(service, c);
            const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            if (!st.finished) {
                std::printf("interrupted after %s customers; run the same command again to resume\n",
                            thousands(st.customers).c_str());
                return 130;
            }
            std::printf("done: %s customers, %s awards, %s claw-backs in %.1f s\n", thousands(st.customers).c_str(),
                        thousands(st.awards).c_str(), thousands(st.clawbacks).c_str(), secs);
            return 0;
        }
        if (award->parsed() || maward->parsed()) {
            auto a = service.manual_award(auser, aprogram.empty() ? std::nullopt : std::optional<std::string>(aprogram),
                                          amilestone, anote, "manual");
            deliver_queued_webhooks(service, c);
            std::printf("awarded %s to customer %s (%s%s)\n", a.key.c_str(), auser.c_str(), a.state.c_str(),
                        a.store_credit > 0 ? (", " + service.money(a.store_credit) + " " + service.currency() + " credited").c_str() : "");
            return 0;
        }
        if (poptions->parsed()) {
            if (!poptions_file.empty()) {
                std::ifstream in(poptions_file);
                if (!in) return fail("cannot read " + poptions_file);
                const json body = json::parse(in, nullptr, false);
                if (body.is_discarded()) return fail(poptions_file + ": not JSON", 2);
                service.set_points_options(body);
            }
            std::printf("%s\n", service.points_options().dump(2).c_str());
            return 0;
        }
        if (predeem->parsed()) {
            // A fresh key when none is given, printed so that a retry can reuse it.
            if (pkey.empty()) pkey = "cli-" + std::to_string(std::chrono::system_clock::now().time_since_epoch().count());
            const json r = service.redeem_points(pcustomer, poption, pkey);
            deliver_queued_webhooks(service, c);
            std::printf("%s\n", r.dump().c_str());
            return 0;
        }
        if (phistory->parsed()) {
            const json v = service.points(pcustomer, 500, std::nullopt);
            std::printf("customer %s: %lld points\n", pcustomer.c_str(), static_cast<long long>(v["balance"].get<std::int64_t>()));
            std::printf("%-20s %-9s %12s %14s %-20s %s\n", "AT", "TYPE", "POINTS", "BALANCE", "EXPIRES", "NOTE");
            for (const auto& h : v["history"])
                std::printf("%-20s %-9s %12lld %14lld %-20s %s\n", h["at"].get<std::string>().c_str(),
                            h["type"].get<std::string>().c_str(), static_cast<long long>(h["points"].get<std::int64_t>()),
                            static_cast<long long>(h["balance_after"].get<std::int64_t>()),
                            h.value("expires_at", std::string("-")).c_str(), h["note"].get<std::string>().c_str());
            return 0;
        }
        if (pjobs->parsed() && pjretry > 0) {
            const json r = platform::retry_job(service, pjretry);
            std::printf("platform job %lld: pending again, due %s\n", static_cast<long long>(pjretry),
                        r["next_attempt_at"].get<std::string>().c_str());
            return 0;
        }
        if (pjobs->parsed()) {
            const json list = platform::list_jobs(service, pjstate, pjlimit)["jobs"];
            for (const json& j : list) {
                // A code job names its code; a store credit job its movement ("credit 15.00 USD"),
                // a store credit sync its order ("sync order 1001").
                const json& p = j["payload"];
                const std::string what = p.contains("code")       ? p.value("code", std::string())
                                         : p.contains("order_id") ? "sync order " + p.value("order_id", std::string())
                                                                  : p.value("direction", std::string()) + " " +
                                                                        p.value("amount", std::string()) + " " +
                                                                        p.value("currency", std::string());
                std::printf("%lld %s %s %s %s attempts=%lld%s%s\n", static_cast<long long>(j["id"].get<std::int64_t>()),
                            j["state"].get<std::string>().c_str(), j["platform"].get<std::string>().c_str(),
                            what.c_str(), j["customer_id"].get<std::string>().c_str(),
                            static_cast<long long>(j["attempts"].get<std::int64_t>()),
                            j["platform_ref"].is_string() ? (" ref=" + j["platform_ref"].get<std::string>()).c_str() : "",
                            j["last_error"].is_string() ? (" error: " + j["last_error"].get<std::string>()).c_str() : "");
            }
            std::printf("%zu job(s)\n", list.size());
            return 0;
        }
        if (lexport->parsed() || lsummary->parsed()) {
            TransactionFilter f;
            if (!ltype.empty()) f.type = ltype;
            if (!lcustomer.empty()) f.customer_id = lcustomer;
            if (!lfrom.empty()) {
                f.from = parse_time(lfrom);
                if (!f.from) return fail("--from: must be a UTC time like 2026-01-01T00:00:00Z", 2);
            }
            if (!lto.empty()) {
                f.to = parse_time(lto);
                if (!f.to) return fail("--to: must be a UTC time like 2026-01-01T00:00:00Z", 2);
            }
            if (lsummary->parsed()) {
                print_ledger_summary(service.ledger_summary(f), ljson);
                return 0;
            }
            if (lout.empty()) {
                service.ledger_csv(f, std::cout);
                std::cout.flush();
            } else {
                std::ofstream out(lout, std::ios::binary);
                if (!out) return fail("cannot write " + lout);
                service.ledger_csv(f, out);
            }
            return 0;
        }
        if (import->parsed()) {
            std::ifstream file;
            std::istream* in = &std::cin;
            if (ifile != "-") {
                file.open(ifile);
                if (!file) return fail("cannot read " + ifile);
                in = &file;
            }
            const bool tty = isatty(STDOUT_FILENO) == 1;
            auto t0 = std::chrono::steady_clock::now();
            auto last = t0;
            std::int64_t n = service.import_events(*in, [&](std::int64_t count) {
                auto now = std::chrono::steady_clock::now();
                if (std::chrono::duration<double>(now - last).count() < (tty ? 0.2 : 5.0)) return;
                last = now;
                const double secs = std::chrono::duration<double>(now - t0).count();
                std::printf(tty ? "\rimported %s events (%s/s)   " : "imported %s events (%s/s)\n", thousands(count).c_str(),
                            thousands(static_cast<std::int64_t>(count / std::max(secs, 1e-3))).c_str());
                std::fflush(stdout);
            });
            const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            std::printf("%simported %s events in %.1f s; run `recalculate --all` to issue awards\n", tty ? "\r" : "",
                        thousands(n).c_str(), secs);
            return 0;
        }
        if (pput->parsed()) {
            std::ifstream in(pfile);
            if (!in) return fail("cannot read " + pfile);
            std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            auto parsed = parse_program(doc);
            if (!parsed.ok()) {
                for (const auto& e : parsed.errors) std::fprintf(stderr, "program: %s\n", e.to_string().c_str());
                return 2;
            }
            json r;
            const auto if_version = pif_version > 0 ? std::optional<std::int64_t>(pif_version) : std::nullopt;
            if (service.program_doc(parsed.value->id, false))
                r = service.update_program(parsed.value->id, doc, pretro, if_version);
            else
                r = service.create_program(doc, pretro);
            std::printf("%s\n", r.dump().c_str());
            return 0;
        }
        if (plist->parsed()) {
            std::printf("%s\n", service.list_programs().dump(2).c_str());
            return 0;
        }
        if (pversions->parsed()) {
            const json v = service.program_versions(pid);
            std::printf("%-8s %-20s %-9s %s\n", "VERSION", "SAVED", "STATUS", "NAME");
            for (const auto& row : v["versions"])
                std::printf("%-8lld %-20s %-9s %s%s\n", static_cast<long long>(row["version"].get<std::int64_t>()),
                            row["created_at"].get<std::string>().c_str(), row.value("status", "").c_str(),
                            row.value("name", "").c_str(),
                            row["version"] == v["current_version"] ? "  (current)" : "");
            return 0;
        }
        if (pshow->parsed()) {
            const std::string doc = pversion > 0 ? service.program_version_doc(pid, pversion)
                                                 : service.program_version_doc(pid, service.program_versions(pid)["current_version"]);
            std::printf("%s\n", json::parse(doc).dump(2).c_str());
            return 0;
        }
        if (pdiff->parsed()) {
            const json d = service.program_diff(pid, pfrom, pto > 0 ? std::optional<std::int64_t>(pto) : std::nullopt);
            std::printf("%s: version %lld -> %lld, %zu change(s)\n", pid.c_str(), static_cast<long long>(pfrom),
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
        if (prestore->parsed()) {
            const auto if_version = pif_version > 0 ? std::optional<std::int64_t>(pif_version) : std::nullopt;
            std::printf("%s\n", service.restore_program_version(pid, pversion, if_version).dump().c_str());
            return 0;
        }
        if (pact->parsed() || pdeact->parsed()) {
            std::printf("%s\n", service.set_program_status(pid, pact->parsed(), pretro).dump().c_str());
            return 0;
        }
        if (reconcile_cmd->parsed()) {
            install_stop_handler();
            const int code = run_reconcile(service, rc, &g_stop);
            deliver_queued_webhooks(service, c);
            return code;
        }
        if (sweep->parsed()) {
            install_stop_handler();
            std::int64_t total = 0, n;
            while ((n = service.tick(&g_stop)) > 0) total += n;
            deliver_queued_webhooks(service, c);
            std::printf("sweep: %lld item(s) processed\n", static_cast<long long>(total));
            return 0;
        }
    } catch (const ServiceError& e) {
        return print_service_error(e);
    } catch (const std::exception& e) {
        return fail(e.what());
    }
    return 0;
}
