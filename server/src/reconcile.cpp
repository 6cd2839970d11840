#include "reconcile.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <thread>

#include "connector_categories.hpp"
#include "connector_fields.hpp"
#include "connector_shopify.hpp"
#include "connector_woocommerce.hpp"
#include "internal.hpp"

namespace stepwise::server {

namespace {

// Shopify's REST API version the requests name (its answers keep this shape for a year at least).
constexpr const char* kShopifyApiVersion = "2024-10";
// Orders of a page applied at once (PostgreSQL: one pooled connection each, well under --pool).
constexpr std::size_t kWorkers = 8;

// "<https://...page_info=abc>; rel=\"next\", <...>; rel=\"previous\"": the next page's URL, or "".
std::string next_link(const std::string& header) {
    std::size_t pos = 0;
    while (pos < header.size()) {
        const std::size_t open = header.find('<', pos);
        if (open == std::string::npos) break;
        const std::size_t close = header.find('>', open);
        if (close == std::string::npos) break;
        const std::size_t end = std::min(header.find(',', close), header.size());
        const std::string params = header.substr(close + 1, end - close - 1);
        if (params.find("rel=\"next\"") != std::string::npos || params.find("rel=next") != std::string::npos)
            return header.substr(open + 1, close - open - 1);
        pos = end + 1;
    }
    return "";
}

void save_watermark(Service& s, const std::string& platform, Time t) {
    store_of(s).write([&](Tx& tx) {
        // Never backwards: a run with an older --since leaves a newer watermark alone.
        tx.c.exec("INSERT INTO connector_watermarks (platform, updated_at, saved_at) VALUES (?, ?, ?) "
                  "ON CONFLICT (platform) DO UPDATE SET updated_at = excluded.updated_at, saved_at = excluded.saved_at "
                  "WHERE connector_watermarks.updated_at < excluded.updated_at",
                  {platform, t, now_ms()});
    });
}

json parse_answer(const outbound::Response& res, const std::string& platform, bool want_array, const char* key) {
    json body = json::parse(res.body, nullptr, false);
    const json* list = &body;
    if (!want_array && body.is_object() && body.contains(key)) list = &body[key];
    if (body.is_discarded() || !list->is_array())
        throw PlatformError(res.status, platform + ": unexpected answer (expected " +
                                            (want_array ? std::string("a JSON array") : "{\"" + std::string(key) + "\": [...]}") + ")");
    return *list;
}

class Run {
public:
    Run(Service& s, const ReconcileOptions& o, const std::function<void(const ReconcileStats&)>& progress,
        const std::atomic<bool>* stop)
        : s_(s), o_(o), progress_(progress), stop_(stop) {
        st_.platform = o.platform;
    }

    ReconcileStats go() {
        if (o_.platform != "shopify" && o_.platform != "woocommerce")
            throw std::invalid_argument("--platform: must be shopify or woocommerce");
        const bool shopify = o_.platform == "shopify";
        if (shopify ? !o_.apis.shopify() : !o_.apis.woocommerce())
            throw std::invalid_argument(shopify ? "reconcile --platform shopify needs --shopify-shop and --shopify-token"
                                                : "reconcile --platform woocommerce needs --woocommerce-url, --woocommerce-key "
                                                  "and --woocommerce-key-secret");
        client_ = rest_client(o_.apis, o_.platform);
        client_.retry = o_.retry;
        st_.watermark = reconcile_watermark(s_, o_.platform);
        if (o_.since)
            st_.from = *o_.since;
        else if (st_.watermark)
            st_.from = *st_.watermark - o_.overlap_ms;
        else if (o_.first_lookback_ms > 0)
            st_.from = now_ms() - o_.first_lookback_ms;
        else
            throw std::invalid_argument("no watermark saved for " + o_.platform +
                                        " yet: pass --since TIME for the first run (e.g. the day the store was connected)");
        shopify ? shopify_pages() : woocommerce_pages();
        st_.retries = client_.retries;
        st_.finished = !stopped();
        return st_;
    }

private:
    bool stopped() const { return stop_ && stop_->load(); }

    void shopify_pages() {
        // Later pages are the Link header's URLs; with page_info only `limit` may be passed, and the link has it.
        std::string url = client_.base + "/admin/api/" + kShopifyApiVersion + "/orders.json?status=any&updated_at_min=" +
                          outbound::url_encode(iso(st_.from)) + "&limit=250&order=" + outbound::url_encode("updated_at asc");
        while (!url.empty() && !stopped()) {
            outbound::Response res = client_.get(url, stop_);
            const json orders = parse_answer(res, "shopify", false, "orders");
            apply_page(orders);
            url = next_link(res.header("Link"));
        }
    }

    void woocommerce_pages() {
        // WooCommerce reads modified_after as UTC with dates_are_gmt, written without a zone.
        std::string since = iso(st_.from);
        if (!since.empty() && since.back() == 'Z') since.pop_back();
        for (std::int64_t page = 1; !stopped(); ++page) {
            const std::string url = client_.base + "/wp-json/wc/v3/orders?modified_after=" + outbound::url_encode(since) +
                                    "&dates_are_gmt=true&orderby=modified&order=asc&per_page=100&page=" + std::to_string(page);
            outbound::Response res = client_.get(url, stop_);
            const json orders = parse_answer(res, "woocommerce", true, "");
            if (auto n = std::strtoll(res.header("X-WP-TotalPages").c_str(), nullptr, 10); n > 0) st_.total_pages = n;
            if (auto n = res.header("X-WP-Total"); !n.empty()) st_.total = std::strtoll(n.c_str(), nullptr, 10);
            apply_page(orders);
            // Without X-WP-TotalPages, a short page is the last one.
            if (orders.empty() || (st_.total_pages > 0 ? page >= st_.total_pages : orders.size() < 100)) break;
        }
    }

    // Each order through the one order-state path; then the watermark moves to
    // the newest order of the page. Orders are applied a few at a time: the
    // store groups concurrent writes into one commit (SQLite: one fsync for
    // many), and the order-state path locks each order and customer itself.
    void apply_page(const json& orders) {
        std::optional<Time> newest;
        const bool shopify = o_.platform == "shopify";
        std::vector<OrderState> states;
        for (const json& o : orders) {
            if (!o.is_object()) continue;
            ++st_.read;
            const Time updated = shopify ? shopify::parse_time(connector::text_of(o, "updated_at")).value_or(0)
                                         : woocommerce::parse_gmt(connector::text_of(o, "date_modified_gmt")).value_or(0);
            if (updated > 0) newest = std::max(newest.value_or(0), updated);
            std::string why;
            auto state = shopify ? shopify::order_state(o, s_.digits(), why)
                                 : woocommerce::order_state(o, s_.digits(), false, why);
            if (!state) {
                ++st_.guests;
                if (!shopify)
                    if (auto guest = woocommerce::guest_coupons(o, s_.digits(), false)) s_.settle_guest_coupons(*guest);
                continue;
            }
            if (!shopify) {
                const CategoryLookup looked = add_woocommerce_categories(s_, client_, *state, woocommerce::product_ids(o), stop_);
                st_.category_failures += static_cast<std::int64_t>(looked.failed.size());
            }
            states.push_back(std::move(*state));
        }
        std::mutex m;
        std::atomic<std::size_t> next{0};
        std::exception_ptr failure;
        auto work = [&] {
            for (std::size_t i; (i = next++) < states.size();) {
                try {
                    const OrderOutcome out = s_.put_order_state(states[i]);
                    std::lock_guard<std::mutex> lock(m);
                    st_.awards += static_cast<std::int64_t>(out.ingest.awards.size());
                    if (out.result == "created") ++st_.created;
                    else if (out.result == "updated") ++st_.updated;
                    else if (out.result == "stale") ++st_.stale;
                    else ++st_.unchanged;
                } catch (const ServiceError& e) {
                    // An order Stepwise cannot take (say, a customer id it refuses): the others go on.
                    spdlog::warn("{}: order {} not applied: {}", o_.platform, states[i].order_id, e.what());
                    std::lock_guard<std::mutex> lock(m);
                    ++st_.invalid;
                } catch (...) {
                    std::lock_guard<std::mutex> lock(m);
                    if (!failure) failure = std::current_exception();
                    next = states.size();  // stop: the page is not applied, the watermark stays
                }
            }
        };
        std::vector<std::thread> workers;
        for (std::size_t w = 1; w < std::min<std::size_t>(kWorkers, states.size()); ++w) workers.emplace_back(work);
        work();
        for (std::thread& t : workers) t.join();
        if (failure) std::rethrow_exception(failure);
        ++st_.pages;
        if (newest) {
            save_watermark(s_, o_.platform, *newest);
            st_.watermark = std::max(st_.watermark.value_or(0), *newest);
        }
        if (progress_) progress_(st_);
    }

    Service& s_;
    const ReconcileOptions& o_;
    const std::function<void(const ReconcileStats&)>& progress_;
    const std::atomic<bool>* stop_;
    RestClient client_;
    ReconcileStats st_;
};

}  // namespace

std::optional<Time> reconcile_watermark(Service& s, const std::string& platform) {
    return store_of(s).read([&](Tx& tx) -> std::optional<Time> {
        auto row = tx.c.one("SELECT updated_at FROM connector_watermarks WHERE platform = ?", {platform});
        return row ? std::optional<Time>(row->i64(0)) : std::nullopt;
    });
}

ReconcileStats reconcile(Service& service, const ReconcileOptions& options,
                         const std::function<void(const ReconcileStats&)>& progress, const std::atomic<bool>* stop) {
    return Run(service, options, progress, stop).go();
}

ReconcileJob::ReconcileJob(Service& service, PlatformApis apis, double minutes, const std::atomic<bool>& stop) {
    std::vector<std::string> platforms;
    if (apis.shopify()) platforms.push_back("shopify");
    if (apis.woocommerce()) platforms.push_back("woocommerce");
    if (minutes <= 0 || platforms.empty()) {
        if (minutes > 0) spdlog::warn("--reconcile-minutes: no platform's REST credentials given; reconciliation is off");
        return;
    }
    spdlog::info("reconciliation every {} minute(s): {}", minutes, json(platforms).dump());
    thread_ = std::thread([&service, apis, minutes, platforms, &stop] {
        const auto every = std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(minutes * 60));
        while (!stop) {
            for (const std::string& p : platforms) {
                if (stop) break;
                try {
                    ReconcileOptions o;
                    o.platform = p;
                    o.apis = apis;
                    o.first_lookback_ms = 24LL * 3600 * 1000;  // a new connection: the last day
                    const ReconcileStats st = reconcile(service, o, nullptr, &stop);
                    if (st.created + st.updated > 0 || st.invalid > 0)
                        spdlog::info("reconcile {}: {} orders read, {} created, {} updated, {} unchanged, {} stale, {} guests, "
                                     "{} invalid, {} awards",
                                     p, st.read, st.created, st.updated, st.unchanged, st.stale, st.guests, st.invalid, st.awards);
                } catch (const std::exception& e) {
                    if (stop) break;  // shutting down while waiting to retry
                    spdlog::error("reconcile {}: {} (the next run starts again from the saved watermark)", p, e.what());
                }
            }
            const auto until = std::chrono::steady_clock::now() + every;
            while (!stop && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    });
}

ReconcileJob::~ReconcileJob() {
    if (thread_.joinable()) thread_.join();
}

}  // namespace stepwise::server
