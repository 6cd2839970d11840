// One Shopify Admin GraphQL exchange for the platform outbox's handlers
// (reward codes, store credit). GraphQL answers 200 with `userErrors` (the
// input was refused) or top-level `errors` (THROTTLED when the cost bucket is
// empty, ACCESS_DENIED without the scope); this turns the failures into the
// outbox's outcomes.
#pragma once
#include <optional>
#include <string>

#include "server_json.hpp"
#include "connector_rest.hpp"
#include "platform_jobs.hpp"

namespace stepwise::server::platform {

struct GraphqlAnswer {
    json data;                    // "data" of the answer
    std::optional<Outcome> stop;  // set when the exchange failed (the outcome to record)
};

// POST /admin/api/<version>/graphql.json. `needs` names the token and scope
// a refusal should ask the merchant for.
GraphqlAnswer shopify_graphql(const RestClient& c, long timeout_ms, const std::string& version, const std::string& needs,
                              const char* query, const json& variables);

// Shopify names customers and products by global ids; the connector stores
// the numeric part. "" when `id` is neither.
std::string shopify_gid(const std::string& type, const std::string& id);

// The messages of a userErrors list, joined; `codes` gets their codes.
std::string user_error_text(const json& errors, std::vector<std::string>* codes = nullptr);

}  // namespace stepwise::server::platform
