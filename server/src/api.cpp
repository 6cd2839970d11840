#include "api.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <filesystem>
#include <memory>
#include <set>
#include <sstream>

#include "auth.hpp"
#include "http/router.hpp"
#include "internal.hpp"
#include "openapi.hpp"
#include "platform_jobs.hpp"
#include "referral.hpp"
#include "static_files.hpp"
#include "text.hpp"

namespace stepwise::server {

namespace {

using http::Request;
using http::Response;

constexpr int kMaxDepth = 32;

void send_json(Response& res, int status, const std::string& body) {
    res.status = status;
    res.set_content(body, "application/json");
}

// Messages may quote input (a JSON parse error shows the bytes it read): they
// are made valid UTF-8, so the error body is valid JSON.
std::string error_body(Errors errors) {
    for (Error& e : errors) {
        e.pointer = printable_utf8(e.pointer);
        e.message = printable_utf8(e.message);
    }
    return errors_json(errors);
}

void send_errors(Response& res, int status, const Errors& errors) { send_json(res, status, error_body(errors)); }

void send_error(Response& res, int status, const std::string& pointer, const std::string& message) {
    send_errors(res, status, Errors{{pointer, message}});
}

// A readable 4xx for a body that is not what the endpoint takes.
struct BadRequest {
    int status;
    Errors errors;
};

[[noreturn]] void bad(int status, const std::string& pointer, const std::string& message) {
    throw BadRequest{status, Errors{{pointer, message}}};
}

// Depth of nesting outside strings, so hostile input cannot exhaust the stack.
int json_depth(const std::string& s) {
    int depth = 0, max_depth = 0;
    bool in_string = false, escape = false;
    for (char c : s) {
        if (in_string) {
            if (escape)
                escape = false;
            else if (c == '\\')
                escape = true;
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == '"')
            in_string = true;
        else if (c == '{' || c == '[')
            max_depth = std::max(max_depth, ++depth);
        else if (c == '}' || c == ']')
            --depth;
    }
    return max_depth;
}

json parse_body(const Request& req, bool allow_empty = false) {
    const std::string ct = req.get_header_value("Content-Type");
    // JSON is read whatever the Content-Type says (curl -d sends a form type),
    // except multipart uploads, which are surely not JSON.
    if (ct.rfind("multipart/", 0) == 0) bad(415, "", "Content-Type must be application/json");
    if (req.body.empty() || req.body.find_first_not_of(" \t\r\n") == std::string::npos) {
        if (allow_empty) return json::object();
        bad(400, "", "request body is empty; expected JSON");
    }
    if (json_depth(req.body) > kMaxDepth) bad(400, "", "JSON nested deeper than 32 levels");
    try {
        json body = json::parse(req.body);
        // The parser has refused invalid UTF-8 already; \u0000 it accepts.
        if (Errors why = json_text_problems(body); !why.empty()) throw BadRequest{422, std::move(why)};
        return body;
    } catch (const json::parse_error& e) {
        std::string what = e.what();
        auto p = what.find("parse error");
        bad(400, "", "invalid JSON: " + (p == std::string::npos ? what : what.substr(p)));
    } catch (const json::exception& e) {  // e.g. a number too large for a double
        std::string what = e.what();
        auto p = what.find("] ");
        bad(400, "", "invalid JSON: " + (p == std::string::npos ? what : what.substr(p + 2)));
    }
}

// Strict reading of small request objects: unknown fields and wrong types are errors.
class Fields {
public:
    Fields(const json& j, std::initializer_list<const char*> allowed) : j_(j) {
        if (!j.is_object()) bad(422, "", "must be a JSON object");
        for (auto it = j.begin(); it != j.end(); ++it) {
            bool ok = false;
            for (const char* a : allowed)
                if (it.key() == a) ok = true;
            if (!ok) errors_.push_back({"/" + it.key(), "unknown field"});
        }
    }
    std::optional<std::string> str(const char* key, bool required = false, std::size_t max = 1000) {
        auto it = j_.find(key);
        if (it == j_.end() || it->is_null()) {
            if (required) errors_.push_back({std::string("/") + key, "is required"});
            return std::nullopt;
        }
        if (!it->is_string()) {
            errors_.push_back({std::string("/") + key, "must be a string"});
            return std::nullopt;
        }
        if (it->get_ref<const std::string&>().size() > max) {
            errors_.push_back({std::string("/") + key, "must be at most " + std::to_string(max) + " characters"});
            return std::nullopt;
        }
        return it->get<std::string>();
    }
    // A JSON integer (not 25.0, not "25"), as money in minor units is sent.
    std::optional<std::int64_t> integer(const char* key, bool required) {
        auto it = j_.find(key);
        if (it == j_.end() || it->is_null()) {
            if (required) errors_.push_back({std::string("/") + key, "is required"});
            return std::nullopt;
        }
        if (!it->is_number_integer() || (it->is_number_unsigned() && it->get<std::uint64_t>() > INT64_MAX)) {
            errors_.push_back({std::string("/") + key, "must be an integer"});
            return std::nullopt;
        }
        return it->get<std::int64_t>();
    }
    std::optional<bool> boolean(const char* key) {
        auto it = j_.find(key);
        if (it == j_.end() || it->is_null()) return std::nullopt;
        if (!it->is_boolean()) {
            errors_.push_back({std::string("/") + key, "must be true or false"});
            return std::nullopt;
        }
        return it->get<bool>();
    }
    std::optional<std::vector<std::string>> strings(const char* key) {
        auto it = j_.find(key);
        if (it == j_.end() || it->is_null()) return std::nullopt;
        if (!it->is_array()) {
            errors_.push_back({std::string("/") + key, "must be an array of strings"});
            return std::nullopt;
        }
        std::vector<std::string> out;
        for (std::size_t i = 0; i < it->size(); ++i) {
            if (!(*it)[i].is_string())
                errors_.push_back({std::string("/") + key + "/" + std::to_string(i), "must be a string"});
            else
                out.push_back((*it)[i].get<std::string>());
        }
        return out;
    }
    std::optional<std::vector<std::int64_t>> integers(const char* key, bool required, std::size_t max_items) {
        auto it = j_.find(key);
        if (it == j_.end() || it->is_null()) {
            if (required) errors_.push_back({std::string("/") + key, "is required"});
            return std::nullopt;
        }
        if (!it->is_array()) {
            errors_.push_back({std::string("/") + key, "must be an array of integers"});
            return std::nullopt;
        }
        if (it->size() > max_items) {
            errors_.push_back({std::string("/") + key, "at most " + std::to_string(max_items) + " items"});
            return std::nullopt;
        }
        std::vector<std::int64_t> out;
        for (std::size_t i = 0; i < it->size(); ++i) {
            const json& v = (*it)[i];
            if (!v.is_number_integer() || v.get<std::int64_t>() < 0 || v.get<std::int64_t>() > (1LL << 53))
                errors_.push_back({std::string("/") + key + "/" + std::to_string(i), "must be a non-negative integer"});
            else
                out.push_back(v.get<std::int64_t>());
        }
        return out;
    }
    void done() {
        if (!errors_.empty()) throw BadRequest{422, errors_};
    }

private:
    const json& j_;
    Errors errors_;
};

std::optional<Time> time_param(const Request& req, const char* name) {
    if (!req.has_param(name)) return std::nullopt;
    auto t = parse_time(req.get_param_value(name));
    if (!t) bad(400, "", std::string("query parameter ") + name + ": must be a UTC time like 2026-03-15T10:22:00Z");
    return t;
}

std::optional<std::string> str_param(const Request& req, const char* name) {
    if (!req.has_param(name)) return std::nullopt;
    std::string v = req.get_param_value(name);
    if (v.empty() || v.size() > 200) bad(400, "", std::string("query parameter ") + name + ": must be 1-200 characters");
    return v;
}

bool bool_param(const Request& req, const char* name) {
    if (!req.has_param(name)) return false;
    std::string v = req.get_param_value(name);
    if (v == "true" || v == "1" || v.empty()) return true;
    if (v == "false" || v == "0") return false;
    bad(400, "", std::string("query parameter ") + name + ": must be true or false");
}

std::int64_t int_param(const Request& req, const char* name, std::int64_t def, std::int64_t lo, std::int64_t hi) {
    if (!req.has_param(name)) return def;
    const std::string v = req.get_param_value(name);
    std::int64_t out = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec != std::errc() || p != v.data() + v.size() || out < lo || out > hi)
        bad(400, "", std::string("query parameter ") + name + ": must be an integer from " + std::to_string(lo) + " to " +
                         std::to_string(hi));
    return out;
}

std::int64_t path_int(const std::string& text) {
    std::int64_t out = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (ec != std::errc() || p != text.data() + text.size()) bad(404, "", "not found");
    return out;
}

// The version a client edits, from `If-Match: "3"` (the ETag of GET /v1/programs/{id});
// none (or `*`) means "whatever is stored".
std::optional<std::int64_t> if_match(const Request& req) {
    if (!req.has_header("If-Match")) return std::nullopt;
    std::string v = req.get_header_value("If-Match");
    if (v == "*") return std::nullopt;
    if (v.rfind("W/", 0) == 0) v = v.substr(2);
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    std::int64_t out = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec != std::errc() || p != v.data() + v.size() || out < 1)
        bad(400, "", "If-Match: must be a program version as GET gives it in ETag, e.g. \"3\"");
    return out;
}

json award_json(const IssuedAward& a, const Service& s) {
    json rewards = json::array();
    for (const Reward& r : a.rewards) rewards.push_back(reward_to_json(r, s.digits()));
    json j{{"customer_id", a.customer_id}, {"program_id", a.program_id},    {"milestone_id", a.step_id},
           {"name", a.step_name},          {"key", a.key},                  {"occurrence", a.occurrence},
           {"state", a.state},             {"source", a.source},            {"awarded_at", iso(a.awarded_at)},
           {"reward_amount", s.money(a.store_credit)}, {"rewards", rewards}};
    if (a.expires_at) j["expires_at"] = iso(*a.expires_at);
    if (a.transaction_id) j["transaction_id"] = *a.transaction_id;
    return j;
}

json clawback_json(const AppliedClawback& c, const Service& s) {
    json j{{"customer_id", c.customer_id}, {"program_id", c.program_id}, {"key", c.key},
           {"at", iso(c.at)},              {"amount", s.money(c.amount)}, {"collected", c.collected}};
    if (c.transaction_id) j["transaction_id"] = *c.transaction_id;
    return j;
}

enum class Access { open, admin, any_customer, self };

struct Ctx {
    bool admin = false;
    std::optional<std::string> customer;  // from a valid customer token
    std::string subject;                  // the customer in the path (Access::self)
};

}  // namespace

Api::Api(Service& service, ApiOptions options) : s_(service), o_(std::move(options)) {}

void Api::mount(http::Router& svr) {
    using Fn = std::function<void(const Request&, Response&, Ctx&)>;

    auto authorize = [this](const Request& req, Response& res, Access access, Ctx& ctx) -> bool {
        if (access == Access::open) return true;
        const std::string auth = req.get_header_value("Authorization");
        if (!auth.empty()) {
            const std::string prefix = "Bearer ";
            if (auth.rfind(prefix, 0) == 0 && !o_.admin_key.empty() &&
                constant_time_equal(auth.substr(prefix.size()), o_.admin_key)) {
                ctx.admin = true;
                return true;
            }
            send_error(res, 401, "", "invalid admin key");
            return false;
        }
        if (access == Access::admin) {
            send_error(res, 401, "", "this endpoint needs the admin key (Authorization: Bearer <key>)");
            return false;
        }
        const std::string token = req.get_header_value("X-Customer-Token");
        if (token.empty()) {
            send_error(res, 401, "", "send a customer token (X-Customer-Token) or the admin key");
            return false;
        }
        auto check = verify_customer_token(token, o_.store_secret, now_ms() / 1000, o_.token_leeway_seconds);
        if (!check.customer_id) {
            send_error(res, 401, "", "invalid customer token: " + check.why);
            return false;
        }
        ctx.customer = check.customer_id;
        if (access == Access::self && *ctx.customer != ctx.subject) {
            send_error(res, 403, "", "this token is for another customer");
            return false;
        }
        return true;
    };

    auto route = [&, authorize, this](const char* method, const std::string& pattern, Access access, Fn fn) {
        auto handler = [this, access, fn, authorize](const Request& req, Response& res) {
            Ctx ctx;
            try {
                if (access == Access::self) {
                    ctx.subject = req.matches.size() > 1 ? std::string(req.matches[1]) : "";
                    if (!valid_customer_id(ctx.subject)) {
                        send_error(res, 404, "", "no such customer (ids are 1-128 characters of A-Z a-z 0-9 _ . - @ + :)");
                        return;
                    }
                }
                if (!authorize(req, res, access, ctx)) return;
                fn(req, res, ctx);
            } catch (const BadRequest& e) {
                send_errors(res, e.status, e.errors);
            } catch (const ServiceError& e) {
                if (e.current_version) {
                    json body = json::parse(error_body(e.errors));
                    body["current_version"] = *e.current_version;
                    return send_json(res, e.status, body.dump());
                }
                send_errors(res, e.status, e.errors);
            } catch (const db::DbError& e) {
                // 503 only when trying again can work: a client retries a 503.
                spdlog::error("{} {}: database error: {}", req.method, req.path, e.what());
                if (e.failure == db::Failure::unavailable) {
                    res.set_header("Retry-After", "1");
                    send_error(res, 503, "", "database unavailable, try again");
                } else if (e.failure == db::Failure::bad_data) {
                    send_error(res, 422, "", "the database refused this: " + e.reason + " (nothing was changed)");
                } else {
                    send_error(res, 500, "", "internal database error");
                }
            } catch (const std::exception& e) {
                spdlog::error("{} {}: {}", req.method, req.path, e.what());
                send_error(res, 500, "", "internal error");
            }
        };
        const std::string m = method;
        if (m == "GET")
            svr.Get(pattern, handler);
        else if (m == "POST")
            svr.Post(pattern, handler);
        else if (m == "PUT")
            svr.Put(pattern, handler);
        else if (m == "DELETE")
            svr.Delete(pattern, handler);
    };

    const std::string C = "/v1/customers/([^/]+)";

    // ---- open
    route("GET", "/v1/health", Access::open, [this](const Request&, Response& res, Ctx&) {
        json j{{"status", "ok"},
               {"database", s_.store().dialect() == db::Dialect::sqlite ? "sqlite" : "postgresql"},
               {"schema_version", schema_version()},
               {"currency", s_.currency()}};
        send_json(res, 200, j.dump());
    });
    route("GET", "/v1/openapi.json", Access::open,
          [](const Request&, Response& res, Ctx&) { send_json(res, 200, openapi_json()); });

    // ---- events
    // Stores events and issues what is due; the reply of POST /v1/events.
    auto ingest_reply = [this](const json& body) {
        auto out = s_.ingest(s_.parse_events(body));
        json list = json::array(), awards = json::array(), clawbacks = json::array();
        std::int64_t accepted = 0, duplicates = 0;
        for (const auto& e : out.events) {
            list.push_back({{"customer_id", e.customer_id}, {"id", e.event_id}, {"status", e.status}});
            (e.status == "accepted" ? accepted : duplicates)++;
        }
        for (const auto& a : out.awards) awards.push_back(award_json(a, s_));
        for (const auto& c : out.clawbacks) clawbacks.push_back(clawback_json(c, s_));
        return json{{"accepted", accepted}, {"duplicates", duplicates}, {"events", list}, {"awards", awards},
                    {"clawbacks", clawbacks}};
    };
    route("POST", "/v1/events", Access::admin, [ingest_reply](const Request& req, Response& res, Ctx&) {
        send_json(res, 200, ingest_reply(parse_body(req)).dump());
    });

    // ---- programs
    route("GET", "/v1/programs", Access::admin, [this](const Request& req, Response& res, Ctx&) {
        send_json(res, 200, s_.list_programs(bool_param(req, "include_deleted")).dump());
    });
    route("POST", "/v1/programs", Access::admin, [this](const Request& req, Response& res, Ctx&) {
        parse_body(req);  // syntax, size and depth first, with readable errors
        send_json(res, 201, s_.create_program(req.body, bool_param(req, "retroactive")).dump());
    });
    route("GET", "/v1/programs/([^/]+)", Access::any_customer, [this](const Request& req, Response& res, Ctx& ctx) {
        auto doc = s_.program_doc(req.matches[1], !ctx.admin);
        if (!doc) return send_error(res, 404, "", "no such program");
        res.set_header("ETag", "\"" + std::to_string(doc->version) + "\"");
        send_json(res, 200, doc->doc);
    });
    route("PUT", "/v1/programs/([^/]+)", Access::admin, [this](const Request& req, Response& res, Ctx&) {
        parse_body(req);
        send_json(res, 200,
                  s_.update_program(req.matches[1], req.body, bool_param(req, "retroactive"), if_match(req)).dump());
    });
    route("GET", "/v1/programs/([^/]+)/versions", Access::admin, [this](const Request& req, Response& res, Ctx&) {
        send_json(res, 200, s_.program_versions(req.matches[1]).dump());
    });
    route("GET", "/v1/programs/([^/]+)/versions/([0-9]+)", Access::admin, [this](const Request& req, Response& res, Ctx&) {
        send_json(res, 200, s_.program_version_doc(req.matches[1], path_int(req.matches[2])));
    });
    route("POST", "/v1/programs/([^/]+)/versions/([0-9]+)/restore", Access::admin,
          [this](const Request& req, Response& res, Ctx&) {
              send_json(res, 200, s_.restore_program_version(req.matches[1], path_int(req.matches[2]), if_match(req)).dump());
          });
    route("GET", "/v1/programs/([^/]+)/diff", Access::admin, [this](const Request& req, Response& res, Ctx&) {
        const std::int64_t max = std::numeric_limits<std::int64_t>::max();
        if (!req.has_param("from")) bad(400, "", "query parameter from: the version to compare from is required");
        std::optional<std::int64_t> to;
        if (req.has_param("to")) to = int_param(req, "to", 0, 1, max);
        send_json(res, 200, s_.program_diff(req.matches[1], int_param(req, "from", 0, 1, max), to).dump());
    });
    route("DELETE", "/v1/programs/([^/]+)", Access::admin, [this](const Request& req, Response& res, Ctx&) {
        s_.delete_program(req.matches[1]);
        res.status = 204;
    });
    for (const bool activate : {true, false}) {
        route("POST", std::string("/v1/programs/([^/]+)/") + (activate ? "activate" : "deactivate"), Access::admin,
              [this, activate](const Request& req, Response& res, Ctx&) {
                  json body = parse_body(req, true);
                  Fields f(body, {"retroactive"});
                  bool retro = f.boolean("retroactive").value_or(bool_param(req, "retroactive"));
                  f.done();
                  send_json(res, 200, s_.set_program_status(req.matches[1], activate, retro).dump());
              });
    }
    route("GET", "/v1/milestones", Access::any_customer, [this](const Request& req, Response& res, Ctx& ctx) {
        send_json(res, 200, s_.milestones(str_param(req, "program_id"), !ctx.admin).dump());
    });

    // ---- customers (admin)
    route("PUT", C, Access::admin, [this](const Request& req, Response& res, Ctx&) {
        json body = parse_body(req);
        Fields f(body, {"roles", "email", "name"});
        auto roles = f.strings("roles");
        auto email = f.str("email", false, 320);
        auto name = f.str("name", false, 200);
        f.done();
        std::string id = req.matches[1];
        if (!valid_customer_id(id)) bad(404, "", "no such customer");
        send_json(res, 200, s_.upsert_customer(id, roles, email, name).dump());
    });
    route("POST", C + "/milestone-progress/award", Access::self, [this](const Request& req, Response& res, Ctx& ctx) {
        if (!ctx.admin) bad(403, "", "manual awards need the admin key");
        json body = parse_body(req);
        // The seed's integer milestone ids are looked up like the string ones.
        if (body.is_object() && body.contains("milestone_id") && body["milestone_id"].is_number_unsigned())
            body["milestone_id"] = std::to_string(body["milestone_id"].get<std::uint64_t>());
        Fields f(body, {"milestone_id", "program_id", "note"});
        auto milestone = f.str("milestone_id", true, 64);
        auto program = f.str("program_id", false, 64);
        auto note = f.str("note", false, 500);
        f.done();
        auto a = s_.manual_award(ctx.subject, program, *milestone, note.value_or("Manual award via API"), "manual");
        send_json(res, 201, award_json(a, s_).dump());
    });
    route("POST", C + "/recalculate", Access::self, [this](const Request&, Response& res, Ctx& ctx) {
        if (!ctx.admin) bad(403, "", "recalculation needs the admin key");
        auto st = s_.recalculate_customer(ctx.subject);
        send_json(res, 200, json{{"customer_id", ctx.subject}, {"awards", st.awards}, {"clawbacks", st.clawbacks}}.dump());
    });
    route("POST", C + "/wallet/transactions", Access::self, [this](const Request& req, Response& res, Ctx& ctx) {
        if (!ctx.admin) bad(403, "", "wallet adjustments need the admin key");
        json body = parse_body(req);
        Fields f(body, {"type", "amount", "note", "expires_at"});
        auto type = f.str("type", true, 10);
        auto amount = f.str("amount", true, 40);
        auto note = f.str("note", false, 500);
        auto expires_text = f.str("expires_at", false, 40);
        f.done();
        std::optional<Time> expires_at;
        if (expires_text && !(expires_at = parse_time(*expires_text)))
            bad(422, "/expires_at", "must be a UTC time like 2026-03-15T10:22:00Z");
        send_json(res, 201, s_.wallet_adjust(ctx.subject, *type, *amount, note.value_or(""), expires_at).dump());
    });
    route("POST", C + "/rewards/([0-9]+)/redeem", Access::self, [this](const Request& req, Response& res, Ctx& ctx) {
        if (!ctx.admin) bad(403, "", "redeeming needs the admin key");
        send_json(res, 200, s_.redeem_reward(ctx.subject, path_int(req.matches[2])).dump());
    });

    // ---- customers (own record or admin)
    route("GET", C + "/milestone-progress", Access::self, [this](const Request& req, Response& res, Ctx& ctx) {
        send_json(res, 200,
                  s_.progress(ctx.subject, str_param(req, "program_id"), ProgramKind::tiers, time_param(req, "as_of"),
                              !ctx.admin));
    });
    route("GET", C + "/journey", Access::self, [this](const Request& req, Response& res, Ctx& ctx) {
        send_json(res, 200,
                  s_.progress(ctx.subject, str_param(req, "program_id"), ProgramKind::journey, time_param(req, "as_of"),
                              !ctx.admin));
    });
    route("GET", C + "/progress", Access::self, [this](const Request& req, Response& res, Ctx& ctx) {
        send_json(res, 200, s_.all_progress(ctx.subject, time_param(req, "as_of")));
    });
    route("GET", C + "/history", Access::self,
          [this](const Request&, Response& res, Ctx& ctx) { send_json(res, 200, s_.history_json(ctx.subject)); });
    route("GET", C + "/wallet", Access::self,
          [this](const Request&, Response& res, Ctx& ctx) { send_json(res, 200, s_.wallet(ctx.subject).dump()); });
    // The customer's own referral code and link (referral.hpp), remembered so
    // that an order carrying the code finds its referrer (referral_orders.hpp).
    route("GET", C + "/referral", Access::self, [this](const Request&, Response& res, Ctx& ctx) {
        const std::string code = referral_code(o_.store_secret, ctx.subject);
        s_.remember_referral_code(ctx.subject, code);
        send_json(res, 200, json{{"customer_id", ctx.subject}, {"code", code},
                                 {"url", o_.referral_url.empty() ? json(nullptr) : json(referral_url(o_.referral_url, code))}}
                                .dump());
    });
    route("GET", C + "/wallet/transactions", Access::self, [this](const Request& req, Response& res, Ctx& ctx) {
        TransactionFilter f;
        f.customer_id = ctx.subject;
        f.shopper_view = !ctx.admin;
        f.type = str_param(req, "type");
        f.from = time_param(req, "from");
        f.to = time_param(req, "to");
        f.limit = int_param(req, "limit", 100, 1, 1000);
        if (req.has_param("before_id")) f.before_id = int_param(req, "before_id", 0, 0, std::numeric_limits<std::int64_t>::max());
        send_json(res, 200, s_.transactions(f).dump());
    });
    // ---- points that buy something (docs/points.md)
    route("GET", "/v1/points/options", Access::admin,
          [this](const Request&, Response& res, Ctx&) { send_json(res, 200, s_.points_options().dump()); });
    route("PUT", "/v1/points/options", Access::admin, [this](const Request& req, Response& res, Ctx&) {
        send_json(res, 200, s_.set_points_options(parse_body(req)).dump());
    });
    route("GET", C + "/points", Access::self, [this](const Request& req, Response& res, Ctx& ctx) {
        std::optional<std::int64_t> before;
        if (req.has_param("before_id")) before = int_param(req, "before_id", 0, 0, std::numeric_limits<std::int64_t>::max());
        send_json(res, 200, s_.points(ctx.subject, int_param(req, "limit", 50, 1, 500), before).dump());
    });
    route("POST", C + "/points/redemptions", Access::self, [this](const Request& req, Response& res, Ctx& ctx) {
        json body = parse_body(req);
        Fields f(body, {"option", "key"});
        auto option = f.str("option", true, 64);
        auto key = f.str("key", true, 128);
        f.done();
        json r = s_.redeem_points(ctx.subject, *option, *key);
        send_json(res, r["replayed"].get<bool>() ? 200 : 201, r.dump());
    });
    // ---- wallet credit as WooCommerce coupons (credit_coupons.hpp)
    route("GET", C + "/credit-coupons", Access::self,
          [this](const Request&, Response& res, Ctx& ctx) { send_json(res, 200, s_.credit_coupons(ctx.subject).dump()); });
    route("POST", C + "/credit-coupons", Access::self, [this](const Request& req, Response& res, Ctx& ctx) {
        json body = parse_body(req);
        Fields f(body, {"amount", "idempotency_key"});
        auto amount = f.integer("amount", true);
        auto key = f.str("idempotency_key", true, kMaxClientKey);
        f.done();
        json r = s_.request_credit_coupon(ctx.subject, *amount, *key);
        send_json(res, r["replayed"].get<bool>() ? 200 : 201, r.dump());
    });
    route("GET", C + "/rewards", Access::self,
          [this](const Request&, Response& res, Ctx& ctx) { send_json(res, 200, s_.rewards(ctx.subject).dump()); });
    route("GET", C + "/choices", Access::self,
          [this](const Request&, Response& res, Ctx& ctx) { send_json(res, 200, s_.choices(ctx.subject).dump()); });
    route("POST", C + "/choices/([0-9]+)", Access::self, [this](const Request& req, Response& res, Ctx& ctx) {
        json body = parse_body(req);
        Fields f(body, {"picks"});
        auto picks = f.integers("picks", true, 100);
        f.done();
        std::vector<int> p;
        for (auto v : *picks) p.push_back(static_cast<int>(std::min<std::int64_t>(v, 1 << 20)));
        send_json(res, 200, s_.pick(ctx.subject, path_int(req.matches[2]), p).dump());
    });
    route("GET", C + "/notices", Access::self,
          [this](const Request&, Response& res, Ctx& ctx) { send_json(res, 200, s_.notices(ctx.subject).dump()); });
    route("POST", C + "/notices/delivered", Access::self, [this](const Request& req, Response& res, Ctx& ctx) {
        json body = parse_body(req);
        Fields f(body, {"ids"});
        auto ids = f.integers("ids", true, 1000);
        f.done();
        send_json(res, 200, s_.ack_notices(ctx.subject, *ids).dump());
    });

    // ---- ledger, outbox, jobs (admin)
    auto ledger_filter = [](const Request& req) {
        TransactionFilter f;
        f.customer_id = str_param(req, "customer_id");
        f.type = str_param(req, "type");
        f.from = time_param(req, "from");
        f.to = time_param(req, "to");
        f.limit = int_param(req, "limit", 100, 1, 1000);
        if (req.has_param("before_id")) f.before_id = int_param(req, "before_id", 0, 0, std::numeric_limits<std::int64_t>::max());
        return f;
    };
    route("GET", "/v1/ledger", Access::admin, [this, ledger_filter](const Request& req, Response& res, Ctx&) {
        send_json(res, 200, s_.transactions(ledger_filter(req)).dump());
    });
    route("GET", "/v1/ledger/summary", Access::admin, [this, ledger_filter](const Request& req, Response& res, Ctx&) {
        send_json(res, 200, s_.ledger_summary(ledger_filter(req)).dump());
    });
    route("GET", "/v1/ledger.csv", Access::admin, [this, ledger_filter](const Request& req, Response& res, Ctx&) {
        std::ostringstream out;
        s_.ledger_csv(ledger_filter(req), out);
        res.status = 200;
        res.set_header("Content-Disposition", "attachment; filename=\"stepwise-ledger.csv\"");
        res.set_content(out.str(), "text/csv; charset=utf-8");
    });
    // Reward codes being made in the stores; ?state=failed: what needs the merchant (platform_jobs.hpp).
    route("POST", "/v1/platform-jobs/([0-9]+)/retry", Access::admin, [this](const Request& req, Response& res, Ctx&) {
        send_json(res, 200, platform::retry_job(s_, path_int(req.matches[1])).dump());
    });
    route("GET", "/v1/platform-jobs", Access::admin, [this](const Request& req, Response& res, Ctx&) {
        send_json(res, 200,
                  platform::list_jobs(s_, str_param(req, "state").value_or(""), int_param(req, "limit", 100, 1, 1000)).dump());
    });
    route("GET", "/v1/outbox/emails", Access::admin, [this](const Request& req, Response& res, Ctx&) {
        bool pending = req.has_param("pending") ? bool_param(req, "pending") : true;
        send_json(res, 200, s_.outbox(pending, int_param(req, "limit", 100, 1, 1000)).dump());
    });
    route("POST", "/v1/outbox/emails/([0-9]+)/sent", Access::admin, [this](const Request& req, Response& res, Ctx&) {
        json body = parse_body(req, true);
        Fields f(body, {"error"});
        auto error = f.str("error", false, 1000);
        f.done();
        send_json(res, 200, s_.mark_sent(path_int(req.matches[1]), error).dump());
    });
    route("GET", "/v1/jobs", Access::admin,
          [this](const Request&, Response& res, Ctx&) { send_json(res, 200, s_.jobs().dump()); });

    route("GET", "/v1/customers", Access::admin, [this](const Request& req, Response& res, Ctx&) {
        send_json(res, 200,
                  s_.customers(str_param(req, "after").value_or(""), int_param(req, "limit", 100, 1, 1000),
                               str_param(req, "q").value_or(""))
                      .dump());
    });

    // ---- demo store backend (serve --demo): what a real store's backend does
    // with its secrets, so the demo pages work without one.
    if (o_.demo) {
        // Short order numbers for demo checkouts, as shoppers expect them: a
        // counter that starts at the seconds since 2026 when the server starts,
        // so a restart continues above the numbers already used (unless a run
        // averaged more than one order a second, which a demo does not).
        auto demo_id = [] {
            static std::atomic<std::int64_t> last{now_ms() / 1000 - 1767225600};
            return std::to_string(++last);
        };
        route("GET", "/v1/demo/customers", Access::open, [this](const Request&, Response& res, Ctx&) {
            json out = json::array();
            const json page = s_.customers("", 50);
            for (const auto& c : page["customers"])
                out.push_back({{"id", c["id"]}, {"name", c["name"].is_null() ? c["id"] : c["name"]}});
            send_json(res, 200, json{{"customers", out}}.dump());
        });
        route("POST", "/v1/demo/token", Access::open, [this](const Request& req, Response& res, Ctx&) {
            json body = parse_body(req);
            Fields f(body, {"customer_id"});
            auto id = f.str("customer_id", true, 128);
            f.done();
            if (!valid_customer_id(*id) || s_.customer(*id).is_null()) bad(404, "/customer_id", "no such customer");
            const std::int64_t expiry = now_ms() / 1000 + 12 * 3600;
            send_json(res, 200,
                      json{{"customer_id", *id}, {"token", mint_customer_token(*id, expiry, o_.store_secret)}}.dump());
        });
        // A checkout: the cart becomes a completed order event, now.
        route("POST", "/v1/demo/orders", Access::any_customer, [demo_id, ingest_reply](const Request& req, Response& res, Ctx& ctx) {
            json body = parse_body(req);
            Fields f(body, {"subtotal", "tax", "shipping", "total", "wallet_paid", "items"});
            f.done();
            const std::string order_id = demo_id();
            json event = body;
            event["customer_id"] = *ctx.customer;
            event["id"] = "demo-order-" + order_id;
            event["type"] = "order";
            event["at"] = iso(now_ms());
            event["order_id"] = order_id;
            event["status"] = "completed";
            json out = ingest_reply(event);
            out["order_id"] = order_id;
            send_json(res, 200, out.dump());
        });
        route("POST", "/v1/demo/reviews", Access::any_customer, [demo_id, ingest_reply](const Request& req, Response& res, Ctx& ctx) {
            json body = parse_body(req);
            Fields f(body, {"product_id"});
            auto product = f.str("product_id", false, 64);
            f.done();
            json event{{"customer_id", *ctx.customer}, {"id", "demo-review-" + demo_id()}, {"type", "review"},
                       {"at", iso(now_ms())}};
            if (product) event["product_id"] = *product;
            send_json(res, 200, ingest_reply(event).dump());
        });
    }

    // CORS: pages on the listed origins may call /v1/* and load
    // the widget's files (module scripts and fetch() are CORS requests).
    if (!o_.cors_origins.empty()) {
        const bool any = std::find(o_.cors_origins.begin(), o_.cors_origins.end(), "*") != o_.cors_origins.end();
        const std::set<std::string> allowed(o_.cors_origins.begin(), o_.cors_origins.end());
        svr.Options("/v1/.*", [](const Request&, Response& res) { res.status = 204; });
        svr.set_post_routing_handler([any, allowed](const Request& req, Response& res) {
            // The answer depends on Origin: caches must keep one per origin.
            if (!any) res.set_header("Vary", "Origin");
            const std::string origin = req.get_header_value("Origin");
            if (!any && !allowed.count(origin)) return;
            res.set_header("Access-Control-Allow-Origin", any ? "*" : origin);
            if (req.path.rfind("/v1/", 0) != 0) return;
            res.set_header("Access-Control-Allow-Headers", "Authorization, X-Customer-Token, Content-Type");
            res.set_header("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS");
            res.set_header("Access-Control-Max-Age", "600");
        });
    }

    // Static files (static_files.hpp: ETags, caching, precompressed forms)
    if (!o_.web_dir.empty()) {
        if (!std::filesystem::is_directory(o_.web_dir)) {
            spdlog::warn("--web {}: not a directory; not serving files", o_.web_dir);
        } else {
            auto files = std::make_shared<StaticFiles>(o_.web_dir);
            // Every path but /v1/*, so a file never shadows the API (routes
            // added later are all under /v1/); GET routes answer HEAD too.
            svr.Get("/(?!v1/).*", [files](const Request& req, Response& res) {
                if (!files->serve(req, res)) res.status = 404;
            });
        }
    }

    // Before any route or file: what every request must be, checked once here
    // rather than endpoint by endpoint. (Framing, sizes and timeouts are the
    // HTTP layer's: server/src/http.)
    svr.set_pre_routing_handler([](const Request& req, Response& res) {
        using R = http::Router::HandlerResponse;
        auto refuse = [&](const std::string& message) {
            send_error(res, 400, "", message);
            return R::Handled;
        };
        // The path and query as decoded: "%00" must never reach a file name
        // ("/index.html%00.png" would be index.html served as an image) and
        // "%ff" never the database.
        if (const char* why = text_problem(req.path)) return refuse(std::string("the path ") + why);
        for (const auto& [name, value] : req.params) {
            if (const char* why = text_problem(name)) return refuse(std::string("a query parameter name ") + why);
            if (const char* why = text_problem(value))
                return refuse("query parameter " + printable_utf8(name) + ": " + why);
        }
        return R::Unhandled;
    });

    // Answers the router or the HTTP layer made without a JSON body (no route,
    // a limit, a timeout, bad framing; the layer says why in plain text): the
    // same JSON error shape as everything else.
    svr.set_error_handler([](const Request&, Response& res) {
        using R = http::Router::HandlerResponse;
        if (!res.body.empty() && res.get_header_value("Content-Type").rfind("text/plain", 0) != 0) return R::Unhandled;
        std::string message = res.body;
        if (message.empty()) {
            switch (res.status) {
                case 404: message = "no such endpoint"; break;
                case 405: message = "method not allowed"; break;
                case 400: message = "bad request"; break;
                default: message = "error " + std::to_string(res.status);
            }
        }
        send_error(res, res.status, "", message);
        return R::Handled;
    });
    svr.set_exception_handler([](const Request& req, Response& res, std::exception_ptr ep) {
        try {
            if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
            spdlog::error("{} {}: {}", req.method, req.path, e.what());
        } catch (...) {
        }
        send_error(res, 500, "", "internal error");
    });
    if (o_.access_log)
        svr.set_logger([](const Request& req, const Response& res) {
            spdlog::info("{} {} {} {}", req.remote_addr, req.method, req.path, res.status);
        });
}

}  // namespace stepwise::server
