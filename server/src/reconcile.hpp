// Reconciliation: webhooks get lost (WooCommerce never retries a failed
// delivery, Shopify drops some), so the orders changed since a watermark are
// read from the platform's REST API and fed through the order-state path
// (Service::put_order_state), exactly as a webhook would be. An order already
// applied comes back "unchanged": running it again, or after the webhook,
// changes nothing. The watermark (per platform, in the database) moves only
// after a whole page was applied, so a crash or a kill resumes safely.
#pragma once
#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <thread>

#include "connector_rest.hpp"
#include "stepwise/server/service.hpp"

namespace stepwise::server {

struct ReconcileOptions {
    std::string platform;           // "shopify" | "woocommerce"
    PlatformApis apis;
    std::optional<Time> since;      // start here instead of at the watermark
    // Without a watermark and without `since`: look back this far (the periodic
    // job), or refuse (0: the command line asks for --since).
    Time first_lookback_ms = 0;
    Time overlap_ms = 5 * 60 * 1000;  // read a little before the watermark: clock skew between platform and us
    RetryPolicy retry;
};

struct ReconcileStats {
    std::string platform;
    Time from = 0;                    // the updated-since time asked for
    std::optional<Time> watermark;    // as saved now
    std::int64_t pages = 0, total_pages = 0;  // total_pages 0: not known (Shopify pages by links)
    std::int64_t total = -1;          // orders the platform says match (-1: not known)
    std::int64_t read = 0, created = 0, updated = 0, unchanged = 0, stale = 0, guests = 0, invalid = 0;
    std::int64_t awards = 0, retries = 0, category_failures = 0;
    bool finished = false;            // false: stopped (signal) before the last page
};

// One run. Throws PlatformError (the platform refused, or retries ran out),
// std::invalid_argument (options), db::DbError; pages applied before stay applied.
ReconcileStats reconcile(Service& service, const ReconcileOptions& options,
                         const std::function<void(const ReconcileStats&)>& progress, const std::atomic<bool>* stop);

// The saved watermark of a platform (the newest updated_at applied), if any.
std::optional<Time> reconcile_watermark(Service& service, const std::string& platform);

// `serve --reconcile-minutes N`: every N minutes (and once at start), each
// platform whose REST credentials are given. Failures are logged; the next
// run tries again from the same watermark.
class ReconcileJob {
public:
    ReconcileJob(Service& service, PlatformApis apis, double minutes, const std::atomic<bool>& stop);
    ~ReconcileJob();  // waits for the run in progress (it checks `stop` between requests)
    ReconcileJob(const ReconcileJob&) = delete;
    ReconcileJob& operator=(const ReconcileJob&) = delete;

private:
    std::thread thread_;
};

}  // namespace stepwise::server
