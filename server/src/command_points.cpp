// points options, redeem and history (docs/points.md): what the routes under
// /v1/points and /v1/customers/{id}/points do, from the command line.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>

#include "api_render.hpp"
#include "commands.hpp"

namespace stepwise::server::cli {

namespace {

struct PointsArgs {
    std::string options_file, customer, option, key;
};

int run_options(Service& service, const PointsArgs& a) {
    if (!a.options_file.empty()) {
        std::ifstream in(a.options_file);
        if (!in) return fail("cannot read " + a.options_file);
        const json body = json::parse(in, nullptr, false);
        if (body.is_discarded()) return fail(a.options_file + ": not JSON", 2);
        impl_of(service).set_points_options(body);
    }
    std::printf("%s\n", render(service.points_options(), service).dump(2).c_str());
    return 0;
}

int run_redeem(Service& service, const Common& c, const PointsArgs& a) {
    // A fresh key when none is given, printed so that a retry can reuse it.
    const std::string key =
        a.key.empty() ? "cli-" + std::to_string(std::chrono::system_clock::now().time_since_epoch().count()) : a.key;
    const PointsRedemption r = service.redeem_points(a.customer, a.option, key);
    deliver_queued_webhooks(service, c);
    std::printf("%s\n", render(r, service).dump().c_str());
    return 0;
}

int run_history(Service& service, const PointsArgs& a) {
    const PointsView v = service.points(a.customer, 500, std::nullopt);
    std::printf("customer %s: %lld points\n", a.customer.c_str(), static_cast<long long>(v.balance));
    std::printf("%-20s %-9s %12s %14s %-20s %s\n", "AT", "TYPE", "POINTS", "BALANCE", "EXPIRES", "NOTE");
    for (const PointsMove& h : v.history)
        std::printf("%-20s %-9s %12lld %14lld %-20s %s\n", iso(h.at).c_str(), h.type.c_str(),
                    static_cast<long long>(h.points), static_cast<long long>(h.balance_after),
                    (h.expires_at ? iso(*h.expires_at) : std::string("-")).c_str(), h.note.c_str());
    return 0;
}

}  // namespace

void add_points_commands(CLI::App& app, Common& c, Actions& actions) {
    auto* points = app.add_subcommand("points", "Points: redemption options, redeeming, a customer's history");
    points->require_subcommand(1);
    auto a = std::make_shared<PointsArgs>();
    auto* options = points->add_subcommand("options", "Print the redemption options, or replace them from a file");
    add_db(options, c);
    options->add_option("--set", a->options_file, "JSON file {\"options\": [...]}, as PUT /v1/points/options");
    actions.with_service(options, [a](Service& s) { return run_options(s, *a); });
    auto* redeem = points->add_subcommand("redeem", "Redeem an option for a customer (once per --key)");
    add_db(redeem, c);
    redeem->add_option("--customer", a->customer, "Customer id")->required();
    redeem->add_option("--option", a->option, "Option id")->required();
    redeem->add_option("--key", a->key, "Idempotency key: the same key never redeems twice (default: a new one, printed)");
    actions.with_service(redeem, [&c, a](Service& s) { return run_redeem(s, c, *a); });
    auto* history = points->add_subcommand("history", "A customer's points balance and ledger");
    add_db(history, c);
    history->add_option("--customer", a->customer, "Customer id")->required();
    actions.with_service(history, [a](Service& s) { return run_history(s, *a); });
}

}  // namespace stepwise::server::cli
