#include "api_errors.hpp"

#include <spdlog/spdlog.h>

#include "auth.hpp"
#include "internal.hpp"
#include "text.hpp"

namespace stepwise::server {

std::string error_body(Errors errors) {
    for (Error& e : errors) {
        e.pointer = printable_utf8(e.pointer);
        e.message = printable_utf8(e.message);
    }
    return errors_json(errors);
}

ErrorAnswer error_answer(std::exception_ptr error, const std::string& what_for) {
    ErrorAnswer a;
    try {
        std::rethrow_exception(error);
    } catch (const ServiceError& e) {
        a.status = e.status;
        a.body = error_body(e.errors);
        if (e.current_version) {
            json body = json::parse(a.body);
            body["current_version"] = *e.current_version;
            a.body = body.dump();
        }
    } catch (const db::DbError& e) {
        spdlog::error("{}: database error: {}", what_for, e.what());
        if (e.failure == db::Failure::unavailable) {
            a.status = 503;
            a.retry_after = true;
            a.body = error_body({{"", "database unavailable, try again"}});
        } else if (e.failure == db::Failure::bad_data) {
            a.status = 422;
            a.body = error_body({{"", "the database refused this: " + e.reason + " (nothing was changed)"}});
        } else {
            a.status = 500;
            a.body = error_body({{"", "internal database error"}});
        }
    } catch (const std::exception& e) {
        spdlog::error("{}: {}", what_for, e.what());
        a.status = 500;
        a.body = error_body({{"", "internal error"}});
    } catch (...) {
        spdlog::error("{}: unknown exception", what_for);
        a.status = 500;
        a.body = error_body({{"", "internal error"}});
    }
    return a;
}

bool admin_authorized(const std::string& authorization, const std::string& admin_key) {
    const std::string prefix = "Bearer ";
    return !admin_key.empty() && authorization.rfind(prefix, 0) == 0 &&
           constant_time_equal(authorization.substr(prefix.size()), admin_key);
}

}  // namespace stepwise::server
