#include "reconcile_cli.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>

#include "internal.hpp"
#include "reconcile.hpp"

namespace stepwise::server {

namespace {

std::string counts(const ReconcileStats& st) {
    char line[320];
    std::snprintf(line, sizeof line,
                  "%lld orders read: %lld created, %lld updated, %lld unchanged, %lld stale, %lld guests skipped",
                  static_cast<long long>(st.read), static_cast<long long>(st.created), static_cast<long long>(st.updated),
                  static_cast<long long>(st.unchanged), static_cast<long long>(st.stale), static_cast<long long>(st.guests));
    std::string out = line;
    if (st.invalid > 0) out += ", " + std::to_string(st.invalid) + " refused";
    return out;
}

// As recalculate --all shows it: one line rewritten on a terminal, plain lines otherwise.
class Progress {
public:
    explicit Progress(double interval) : tty_(isatty(STDOUT_FILENO) == 1), interval_(interval) {}
    void update(const ReconcileStats& st) {
        const auto now = std::chrono::steady_clock::now();
        if (!tty_ && std::chrono::duration<double>(now - last_).count() < interval_ && st.pages > 1) return;
        last_ = now;
        const std::string page = st.total_pages > 0 ? std::to_string(st.pages) + "/" + std::to_string(st.total_pages)
                                                    : std::to_string(st.pages);
        std::printf(tty_ ? "\r%s: page %s, %s   " : "%s: page %s, %s\n", st.platform.c_str(), page.c_str(), counts(st).c_str());
        std::fflush(stdout);
        shown_ = true;
    }
    void end() {
        if (tty_ && shown_) std::fputs("\n", stdout);
    }

private:
    bool tty_;
    double interval_;
    bool shown_ = false;
    std::chrono::steady_clock::time_point last_{};
};

}  // namespace

void add_platform_api_options(CLI::App* cmd, PlatformApis& apis) {
    cmd->add_option("--shopify-shop", apis.shopify_shop, "Shopify shop (my-store.myshopify.com, or a base URL) for its Admin REST API")
        ->envname("STEPWISE_SHOPIFY_SHOP");
    cmd->add_option("--shopify-token", apis.shopify_token, "Shopify Admin API access token (scope read_orders)")
        ->envname("STEPWISE_SHOPIFY_TOKEN");
    cmd->add_option("--woocommerce-url", apis.woocommerce_url, "WooCommerce site URL (https://shop.example.com) for its REST API")
        ->envname("STEPWISE_WOOCOMMERCE_URL");
    cmd->add_option("--woocommerce-key", apis.woocommerce_key, "WooCommerce REST API consumer key (ck_..., Read access)")
        ->envname("STEPWISE_WOOCOMMERCE_KEY");
    cmd->add_option("--woocommerce-key-secret", apis.woocommerce_secret, "WooCommerce REST API consumer secret (cs_...)")
        ->envname("STEPWISE_WOOCOMMERCE_KEY_SECRET");
}

CLI::App* add_reconcile_command(CLI::App& app, ReconcileCommand& a) {
    auto* cmd = app.add_subcommand("reconcile",
                                   "Read orders changed since the last watermark from a platform's REST API and apply "
                                   "them as webhooks would (lost webhooks change nothing)");
    cmd->add_option("--platform", a.platform, "shopify or woocommerce")->required()->check(CLI::IsMember({"shopify", "woocommerce"}));
    cmd->add_option("--since", a.since, "Orders updated since this UTC time (default: the saved watermark, less the overlap)");
    cmd->add_option("--overlap-minutes", a.overlap_minutes, "Read this far before the watermark (clock skew)")
        ->capture_default_str();
    cmd->add_option("--progress-interval", a.progress_interval, "Seconds between progress lines when not on a terminal")
        ->capture_default_str();
    add_platform_api_options(cmd, a.apis);
    return cmd;
}

int run_reconcile(Service& service, const ReconcileCommand& a, const std::atomic<bool>* stop) {
    ReconcileOptions o;
    o.platform = a.platform;
    o.apis = a.apis;
    o.overlap_ms = static_cast<Time>(a.overlap_minutes * 60000);
    if (!a.since.empty()) {
        o.since = parse_time(a.since);
        if (!o.since) {
            std::fprintf(stderr, "stepwise-server: --since: must be a UTC time like 2026-03-01T00:00:00Z\n");
            return 2;
        }
    }
    Progress progress(a.progress_interval);
    const auto t0 = std::chrono::steady_clock::now();
    ReconcileStats st;
    try {
        st = reconcile(service, o, [&](const ReconcileStats& s) { progress.update(s); }, stop);
    } catch (const std::invalid_argument& e) {
        progress.end();
        std::fprintf(stderr, "stepwise-server: %s\n", e.what());
        return 2;
    } catch (const PlatformError& e) {
        progress.end();
        const auto mark = reconcile_watermark(service, a.platform);
        if (stop && stop->load()) {
            std::printf("interrupted %s; the watermark stays at %s; run the same command again to go on\n", a.platform.c_str(),
                        mark ? iso(*mark).c_str() : "(none)");
            return 130;
        }
        std::fprintf(stderr, "stepwise-server: reconcile %s: %s\n", a.platform.c_str(), e.what());
        std::fprintf(stderr, "stepwise-server: the watermark stays at %s; run the same command again to go on\n",
                     mark ? iso(*mark).c_str() : "(none)");
        return 1;
    }
    progress.end();
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("%s %s: %s in %lld page(s), %lld award(s), %lld retried request(s), %.1f s; watermark %s\n",
                st.finished ? "done" : "interrupted", st.platform.c_str(), counts(st).c_str(),
                static_cast<long long>(st.pages), static_cast<long long>(st.awards), static_cast<long long>(st.retries), secs,
                st.watermark ? iso(*st.watermark).c_str() : "(none)");
    if (st.category_failures > 0)
        std::printf("%lld product(s) without categories (lookup failed; see the log)\n",
                    static_cast<long long>(st.category_failures));
    return st.finished ? 0 : 130;
}

}  // namespace stepwise::server
