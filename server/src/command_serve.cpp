#include "command_serve.hpp"

#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <regex>
#include <thread>

#include "api.hpp"
#include "api_orders.hpp"
#include "api_shopify_proxy.hpp"
#include "credit_coupons.hpp"   // wallet credit as WooCommerce coupons (kinds of the outbox)
#include "http/server.hpp"
#include "internal.hpp"  // the database, for its description
#include "platform_codes.hpp"   // --codes-in: the reward-code outbox
#include "platform_credit.hpp"  // --credit-in: store credit mirrored into Shopify
#include "reconcile.hpp"        // reconcile: the periodic job in serve

namespace stepwise::server::cli {

CLI::App* add_serve_command(CLI::App& app, Common& c, ServeArgs& sa) {
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

    return serve;
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
                store_of(service).describe().c_str());
    std::fflush(stdout);
    spdlog::info("listening on http://{}:{} with {} threads, database {}", a.host, port, threads, store_of(service).describe());
    bool ok = svr.run();
    g_stop = true;
    cv.notify_all();
    background.join();
    spdlog::info("stopped");
    return ok ? 0 : 1;
}

}  // namespace stepwise::server::cli
