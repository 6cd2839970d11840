#include "shopify_graphql.hpp"

#include <algorithm>
#include <cctype>

namespace stepwise::server::platform {

namespace {

bool digits_only(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

}  // namespace

std::string shopify_gid(const std::string& type, const std::string& id) {
    if (id.rfind("gid://shopify/" + type + "/", 0) == 0) return id;
    return digits_only(id) ? "gid://shopify/" + type + "/" + id : "";
}

std::string user_error_text(const json& errors, std::vector<std::string>* codes) {
    std::string text;
    if (!errors.is_array()) return text;
    for (const json& e : errors) {
        if (!e.is_object()) continue;
        if (codes) codes->push_back(e.value("code", std::string()));
        text += (text.empty() ? "" : "; ") + e.value("message", std::string());
    }
    return text;
}

GraphqlAnswer shopify_graphql(const RestClient& c, long timeout_ms, const std::string& version, const std::string& needs,
                              const char* query, const json& variables) {
    const std::string url = c.base + "/admin/api/" + version + "/graphql.json";
    const outbound::Response res =
        store_request(c, "POST", url, json{{"query", query}, {"variables", variables}}.dump(), timeout_ms);
    GraphqlAnswer a;
    if (res.status != 200) {
        a.stop = http_failure("Shopify", needs, res);
        return a;
    }
    json body = json::parse(res.body, nullptr, false);
    if (!body.is_object()) {
        a.stop = Outcome::again("Shopify answered 200 without JSON");
        return a;
    }
    if (auto errors = body.find("errors"); errors != body.end() && !errors->empty()) {
        std::string text, code;
        for (const json& e : errors->is_array() ? *errors : json::array({*errors})) {
            if (e.is_object()) {
                text += (text.empty() ? "" : "; ") + e.value("message", std::string());
                if (e.contains("extensions") && e["extensions"].is_object())
                    code = e["extensions"].value("code", code);
            } else if (e.is_string()) {
                text += (text.empty() ? "" : "; ") + e.get<std::string>();
            }
        }
        if (code == "THROTTLED") {
            // The bucket refills at restoreRate points a second: wait for what this query costs.
            std::int64_t wait = 2000;
            if (auto cost = body.find("extensions"); cost != body.end() && cost->is_object() && cost->contains("cost")) {
                const json& k = (*cost)["cost"];
                const json ts = k.value("throttleStatus", json::object());
                const double need = k.value("requestedQueryCost", 10.0) - ts.value("currentlyAvailable", 0.0);
                const double rate = ts.value("restoreRate", 50.0);
                if (rate > 0 && need > 0) wait = static_cast<std::int64_t>(need / rate * 1000) + 100;
            }
            a.stop = Outcome::again("Shopify throttled the request (THROTTLED)", wait);
        } else if (code == "ACCESS_DENIED") {
            a.stop = Outcome::refused("Shopify denied access (ACCESS_DENIED): the app needs " + needs + "; " + text);
        } else if (code == "INTERNAL_SERVER_ERROR") {
            a.stop = Outcome::again("Shopify: " + text);
        } else {
            a.stop = Outcome::refused("Shopify refused the request: " + text);
        }
        return a;
    }
    a.data = body.value("data", json::object());
    return a;
}

}  // namespace stepwise::server::platform
