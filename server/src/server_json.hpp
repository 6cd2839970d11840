// The JSON type of server/src (request bodies, renderers, stored documents).
// Only the implementation uses it: the public headers (server/include) do not.
#pragma once
#include <nlohmann/json.hpp>

namespace stepwise::server {
using json = nlohmann::json;
}  // namespace stepwise::server
