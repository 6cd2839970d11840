// The OpenAPI 3.0 document served at GET /v1/openapi.json (generated at build
// time from server/src/openapi.json).
#pragma once
#include <string>

namespace stepwise::server {
const std::string& openapi_json();
}
