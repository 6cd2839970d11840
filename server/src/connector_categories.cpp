#include "connector_categories.hpp"

#include <spdlog/spdlog.h>

#include <map>
#include <optional>
#include <set>

#include "internal.hpp"

namespace stepwise::server {

namespace {

struct Cached {
    std::optional<std::vector<std::string>> categories;  // the last ones known
    bool failed = false;                                 // the last lookup failed
    std::int64_t fetched_at = 0;
};

std::vector<std::string> slugs(const json& product) {
    std::vector<std::string> out;
    if (auto c = product.find("categories"); c != product.end() && c->is_array())
        for (const json& cat : *c)
            if (cat.is_object() && cat.contains("slug") && cat["slug"].is_string() && !cat["slug"].get<std::string>().empty())
                out.push_back(cat["slug"].get<std::string>());
    return out;
}

}  // namespace

CategoryLookup add_woocommerce_categories(Service& s, RestClient& client, OrderState& state,
                                          const std::vector<std::string>& product_ids, const std::atomic<bool>* stop) {
    CategoryLookup out;
    std::set<std::string> wanted;
    for (const std::string& id : product_ids)
        if (!id.empty() && id != "0") wanted.insert(id);
    if (wanted.empty()) return out;

    std::map<std::string, Cached> cache;
    store_of(s).read([&](Tx& tx) {
        for (const std::string& id : wanted)
            if (auto row = tx.c.one("SELECT categories, error, fetched_at FROM product_categories "
                                    "WHERE platform = 'woocommerce' AND product_id = ?",
                                    {id})) {
                Cached c;
                if (!row->null(0)) {
                    json j = json::parse(row->text(0), nullptr, false);
                    if (j.is_array()) c.categories = j.get<std::vector<std::string>>();
                }
                c.failed = !row->null(1);
                c.fetched_at = row->i64(2);
                cache[id] = std::move(c);
            }
    });

    const std::int64_t now = now_ms();
    struct Fetched {
        std::optional<std::vector<std::string>> categories;
        std::string error;
    };
    std::map<std::string, Fetched> fetched;
    for (const std::string& id : wanted) {
        auto it = cache.find(id);
        if (it != cache.end() && now - it->second.fetched_at < (it->second.failed ? kCategoryRetryMs : kCategoryTtlMs)) continue;
        Fetched f;
        try {
            ++out.requests;
            outbound::Response res = client.get(client.base + "/wp-json/wc/v3/products/" + outbound::url_encode(id), stop);
            json product = json::parse(res.body, nullptr, false);
            if (!product.is_object()) throw PlatformError(res.status, "the product answer is not a JSON object");
            f.categories = slugs(product);
        } catch (const PlatformError& e) {
            if (e.status == 404) f.categories = std::vector<std::string>{};  // the product is gone: no categories
            else f.error = e.what();
        }
        fetched[id] = std::move(f);
    }
    if (!fetched.empty())
        store_of(s).write([&](Tx& tx) {
            for (const auto& [id, f] : fetched) {
                if (f.categories)
                    tx.c.exec("INSERT INTO product_categories (platform, product_id, categories, error, fetched_at) "
                              "VALUES ('woocommerce', ?, ?, NULL, ?) ON CONFLICT (platform, product_id) DO UPDATE SET "
                              "categories = excluded.categories, error = NULL, fetched_at = excluded.fetched_at",
                              {id, json(*f.categories).dump(), now});
                else  // keep the last categories known; note the failure and when to try again
                    tx.c.exec("INSERT INTO product_categories (platform, product_id, categories, error, fetched_at) "
                              "VALUES ('woocommerce', ?, NULL, ?, ?) ON CONFLICT (platform, product_id) DO UPDATE SET "
                              "error = excluded.error, fetched_at = excluded.fetched_at",
                              {id, f.error.substr(0, 500), now});
            }
        });

    std::set<std::string> failed;
    for (std::size_t i = 0; i < state.items.size() && i < product_ids.size(); ++i) {
        const std::string& id = product_ids[i];
        if (!wanted.count(id)) continue;
        std::optional<std::vector<std::string>> categories;
        bool ok = true;
        if (auto f = fetched.find(id); f != fetched.end()) {
            categories = f->second.categories;
            ok = f->second.categories.has_value();
            if (!ok)
                if (auto c = cache.find(id); c != cache.end()) categories = c->second.categories;  // the last known
        } else {
            const Cached& c = cache.at(id);
            categories = c.categories;
            ok = !c.failed;
        }
        if (categories) state.items[i].categories = *categories;
        if (!ok && !categories) failed.insert(id);
    }
    out.failed.assign(failed.begin(), failed.end());
    if (!out.failed.empty()) {
        spdlog::warn("woocommerce: order {}: no categories for product(s) {} (lookup failed; see the product_categories "
                     "table); the order is recorded without them",
                     state.order_id, json(out.failed).dump());
        s.count_connector_event("woocommerce", "category_lookup_failed", static_cast<std::int64_t>(out.failed.size()));
    }
    return out;
}

}  // namespace stepwise::server
