// sweep, migrate and reconcile: the operator's jobs on the database (due work,
// the schema, orders the webhooks missed). reconcile's options and run are in
// reconcile_cli.cpp; here it gets the common options and its place in the app.
#include <algorithm>
#include <cstdio>
#include <memory>

#include "commands.hpp"
#include "reconcile_cli.hpp"

namespace stepwise::server::cli {

namespace {

int run_sweep(Service& service, const Common& c) {
    install_stop_handler();
    std::int64_t total = 0, n;
    while ((n = service.tick(&g_stop)) > 0) total += n;
    deliver_queued_webhooks(service, c);
    std::printf("sweep: %lld item(s) processed\n", static_cast<long long>(total));
    return 0;
}

// Without --to, opening the service migrates to the newest version; with it,
// only the store is opened, stopping at that version.
int run_migrate(const Common& c, int to) {
    if (to > 0) {
        StoreOptions so;
        so.migrate_to = to;
        auto store = Store::open(c.db, so);
        std::printf("schema version %d of %d (%s)\n", std::min(to, schema_version()), schema_version(),
                    store->describe().c_str());
        return 0;
    }
    Service service(service_options(c));
    std::printf("schema version %d (%s)\n", schema_version(), store_of(service).describe().c_str());
    return 0;
}

}  // namespace

void add_upkeep_commands(CLI::App& app, Common& c, Actions& actions) {
    auto* sweep = app.add_subcommand("sweep", "Expire credit, issue awards for orders past their refund hold, run retroactive jobs");
    add_db(sweep, c);
    add_secret(sweep, c);
    actions.with_service(sweep, [&c](Service& s) { return run_sweep(s, c); });

    auto* migrate = app.add_subcommand("migrate", "Create or upgrade the database schema");
    auto to = std::make_shared<int>(0);
    migrate->add_option("--to", *to, "Stop at this schema version (default: the newest), e.g. to test an upgrade")
        ->check(CLI::PositiveNumber);
    add_db(migrate, c);
    actions.alone(migrate, [&c, to] { return run_migrate(c, *to); });

    auto rc = std::make_shared<ReconcileCommand>();
    auto* reconcile = add_reconcile_command(app, *rc);
    add_db(reconcile, c);
    add_secret(reconcile, c);
    actions.with_service(reconcile, [&c, rc](Service& s) {
        install_stop_handler();
        const int code = run_reconcile(s, *rc, &g_stop);
        deliver_queued_webhooks(s, c);
        return code;
    });
}

}  // namespace stepwise::server::cli
