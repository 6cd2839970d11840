// platform-jobs: the outbox of requests to the connected stores (reward codes,
// store credit), as GET /v1/platform-jobs lists it; --retry makes a failed one due again.
#include <cstdio>
#include <memory>

#include "commands.hpp"
#include "platform_jobs.hpp"

namespace stepwise::server::cli {

namespace {

struct JobsArgs {
    std::string state;
    std::int64_t limit = 100;
    std::int64_t retry = 0;
};

int run_retry(Service& service, std::int64_t id) {
    const json r = platform::retry_job(service, id);
    std::printf("platform job %lld: pending again, due %s\n", static_cast<long long>(id),
                r["next_attempt_at"].get<std::string>().c_str());
    return 0;
}

int run_list(Service& service, const JobsArgs& a) {
    const json list = platform::list_jobs(service, a.state, a.limit)["jobs"];
    for (const json& j : list) {
        // A code job names its code; a store credit job its movement ("credit 15.00 USD"),
        // a store credit sync its order ("sync order 1001").
        const json& p = j["payload"];
        const std::string what = p.contains("code")       ? p.value("code", std::string())
                                 : p.contains("order_id") ? "sync order " + p.value("order_id", std::string())
                                                          : p.value("direction", std::string()) + " " +
                                                                p.value("amount", std::string()) + " " +
                                                                p.value("currency", std::string());
        std::printf("%lld %s %s %s %s attempts=%lld%s%s\n", static_cast<long long>(j["id"].get<std::int64_t>()),
                    j["state"].get<std::string>().c_str(), j["platform"].get<std::string>().c_str(), what.c_str(),
                    j["customer_id"].get<std::string>().c_str(),
                    static_cast<long long>(j["attempts"].get<std::int64_t>()),
                    j["platform_ref"].is_string() ? (" ref=" + j["platform_ref"].get<std::string>()).c_str() : "",
                    j["last_error"].is_string() ? (" error: " + j["last_error"].get<std::string>()).c_str() : "");
    }
    std::printf("%zu job(s)\n", list.size());
    return 0;
}

}  // namespace

void add_platform_jobs_command(CLI::App& app, Common& c, Actions& actions) {
    auto* jobs = app.add_subcommand(
        "platform-jobs",
        "List the platform jobs of the connected stores: reward codes (--codes-in), store credit (--credit-in)");
    add_db(jobs, c);
    auto a = std::make_shared<JobsArgs>();
    jobs->add_option("--state", a->state, "pending, done or failed (default: any)")
        ->check(CLI::IsMember({"pending", "done", "failed"}));
    jobs->add_option("--limit", a->limit, "At most this many, newest first")->capture_default_str()->check(CLI::Range(1, 1000));
    jobs->add_option("--retry", a->retry, "Make this failed job due again now (serve runs it), once its cause is fixed")
        ->check(CLI::PositiveNumber);
    actions.with_service(jobs, [a](Service& s) { return a->retry > 0 ? run_retry(s, a->retry) : run_list(s, *a); });
}

}  // namespace stepwise::server::cli
