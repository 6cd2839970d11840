// stepwise-server: the awarding service and its command line; `serve` is in
// command_serve.cpp, what the commands share in command_support.cpp.
//
// CLI11 (libcli11-dev, header-only) parses the command line, as in the
// `stepwise` CLI: subcommands, environment fallbacks for secrets, --help.
// spdlog (libspdlog-dev) logs to stderr, leaving stdout for data (CSV, JSON).
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "api_render.hpp"
#include "auth.hpp"
#include "command_serve.hpp"    // serve
#include "command_support.hpp"  // what every command shares
#include "commands.hpp"         // the command families moved out of main.cpp
#include "internal.hpp"
#include "platform_jobs.hpp"
#include "reconcile_cli.hpp"    // reconcile: the command and the platform REST options

using namespace stepwise;
using namespace stepwise::server;
using namespace stepwise::server::cli;

namespace {

// `ledger summary`: a short table for people, or the API's JSON.
void print_ledger_summary(const json& s, bool as_json) {
    if (as_json) {
        std::printf("%s\n", s.dump(2).c_str());
        return;
    }
    const std::string cur = s["currency"].get<std::string>();
    std::printf("ledger summary (%s), %s to %s: %s transactions\n", cur.c_str(),
                s["from"].is_null() ? "the start" : s["from"].get<std::string>().c_str(),
                s["to"].is_null() ? "now" : s["to"].get<std::string>().c_str(),
                thousands(s["transactions"].get<std::int64_t>()).c_str());
    for (const auto& t : s["by_type"])
        std::printf("  %-22s %10s  %s\n", t["type"].get<std::string>().c_str(),
                    thousands(t["count"].get<std::int64_t>()).c_str(), t["amount"].get<std::string>().c_str());
    for (const char* k : {"credited", "debited", "net", "breakage", "clawbacks_not_collected", "outstanding_now"})
        std::printf("%-24s %s\n", k, s[k].get<std::string>().c_str());
    if (s["outstanding_at_to"].is_string())
        std::printf("%-24s %s\n", "outstanding_at_to", s["outstanding_at_to"].get<std::string>().c_str());
}

}  // namespace

int main(int argc, char** argv) {
    auto logger = spdlog::stderr_color_mt("stepwise");
    spdlog::set_default_logger(logger);

    CLI::App app{"stepwise-server: the Stepwise awarding service (REST API, wallet ledger) and its command line"};
    app.require_subcommand(1);
    Common c;
    // serve (command_serve.cpp)
    ServeArgs sa;
    auto* serve = add_serve_command(app, c, sa);

    Actions actions;
    add_milestone_commands(app, c, actions);  // command_milestones.cpp

    // ledger export
    auto* ledger = app.add_subcommand("ledger", "The wallet ledger");
    ledger->require_subcommand(1);
    auto* lexport = ledger->add_subcommand("export", "Export the ledger");
    add_db(lexport, c);
    bool lcsv = false;
    std::string lout, ltype, lfrom, lto, lcustomer;
    lexport->add_flag("--csv", lcsv, "CSV for accounting (the only format)")->required();
    lexport->add_option("--out", lout, "Write to this file (default stdout)");
    lexport->add_option("--type", ltype, "Only this transaction type (e.g. \"Milestone Reward\")");
    lexport->add_option("--from", lfrom, "From this UTC time (inclusive)");
    lexport->add_option("--to", lto, "Until this UTC time (exclusive)");
    lexport->add_option("--customer", lcustomer, "Only this customer");
    auto* lsummary = ledger->add_subcommand("summary", "Totals for accounting: per type, breakage, liability");
    add_db(lsummary, c);
    bool ljson = false;
    lsummary->add_option("--type", ltype, "Only this transaction type");
    lsummary->add_option("--from", lfrom, "From this UTC time (inclusive)");
    lsummary->add_option("--to", lto, "Until this UTC time (exclusive)");
    lsummary->add_option("--customer", lcustomer, "Only this customer");
    lsummary->add_flag("--json", ljson, "Print JSON (as GET /v1/ledger/summary)");

    // points (docs/points.md)
    auto* points = app.add_subcommand("points", "Points: redemption options, redeeming, a customer's history");
    points->require_subcommand(1);
    auto* poptions = points->add_subcommand("options", "Print the redemption options, or replace them from a file");
    add_db(poptions, c);
    std::string poptions_file, pcustomer, poption, pkey;
    poptions->add_option("--set", poptions_file, "JSON file {\"options\": [...]}, as PUT /v1/points/options");
    auto* predeem = points->add_subcommand("redeem", "Redeem an option for a customer (once per --key)");
    add_db(predeem, c);
    predeem->add_option("--customer", pcustomer, "Customer id")->required();
    predeem->add_option("--option", poption, "Option id")->required();
    predeem->add_option("--key", pkey, "Idempotency key: the same key never redeems twice (default: a new one, printed)");
    auto* phistory = points->add_subcommand("history", "A customer's points balance and ledger");
    add_db(phistory, c);
    phistory->add_option("--customer", pcustomer, "Customer id")->required();
    // platform-jobs: the reward codes the stores were asked to make (GET /v1/platform-jobs)
    auto* pjobs = app.add_subcommand("platform-jobs", "List the platform jobs of the connected stores: reward codes (--codes-in), store credit (--credit-in)");
    add_db(pjobs, c);
    std::string pjstate;
    std::int64_t pjlimit = 100;
    pjobs->add_option("--state", pjstate, "pending, done or failed (default: any)")
        ->check(CLI::IsMember({"pending", "done", "failed"}));
    pjobs->add_option("--limit", pjlimit, "At most this many, newest first")->capture_default_str()->check(CLI::Range(1, 1000));
    std::int64_t pjretry = 0;
    pjobs->add_option("--retry", pjretry, "Make this failed job due again now (serve runs it), once its cause is fixed")
        ->check(CLI::PositiveNumber);

    // token
    auto* token = app.add_subcommand("token", "Mint a customer token (development helper)");
    std::string tcustomer, tsecret;
    std::int64_t tttl = 3600;
    token->add_option("--customer", tcustomer, "Customer id")->required();
    token->add_option("--secret", tsecret, "Store secret")->envname("STEPWISE_STORE_SECRET")->required();
    token->add_option("--ttl", tttl, "Seconds until it expires")->capture_default_str();

    // import
    auto* import = app.add_subcommand("import", "Bulk-load historical events (NDJSON) without evaluating; then run recalculate --all");
    add_db(import, c);
    std::string ifile;
    import->add_option("file", ifile, "NDJSON file, one POST /v1/events event per line ('-' = stdin)")->required();

    // program
    auto* program = app.add_subcommand("program", "Manage programs without the API");
    program->require_subcommand(1);
    auto* pput = program->add_subcommand("put", "Create or replace a program from a JSON file");
    add_db(pput, c);
    std::string pfile;
    bool pretro = false;
    pput->add_option("file", pfile, "Program JSON")->required();
    pput->add_flag("--retroactive", pretro, "Evaluate every customer's history once (background job in serve)");
    auto* plist = program->add_subcommand("list", "List programs");
    add_db(plist, c);
    auto* pact = program->add_subcommand("activate", "Activate a program");
    add_db(pact, c);
    std::string pid;
    pact->add_option("id", pid, "Program id")->required();
    pact->add_flag("--retroactive", pretro, "Evaluate every customer's history once");
    auto* pdeact = program->add_subcommand("deactivate", "Deactivate a program (no new awards)");
    add_db(pdeact, c);
    pdeact->add_option("id", pid, "Program id")->required();
    std::int64_t pif_version = 0, pversion = 0, pfrom = 0, pto = 0;
    pput->add_option("--if-version", pif_version, "Refuse (exit 4) unless the stored version is this one");
    auto* pversions = program->add_subcommand("versions", "List every stored version of a program");
    add_db(pversions, c);
    pversions->add_option("id", pid, "Program id")->required();
    auto* pshow = program->add_subcommand("show", "Print a program (or one of its versions) as JSON");
    add_db(pshow, c);
    pshow->add_option("id", pid, "Program id")->required();
    pshow->add_option("--version", pversion, "This version (default: the current one)");
    auto* pdiff = program->add_subcommand("diff", "What changed between two versions (JSON Pointers)");
    add_db(pdiff, c);
    pdiff->add_option("id", pid, "Program id")->required();
    pdiff->add_option("--from", pfrom, "Older version")->required();
    pdiff->add_option("--to", pto, "Newer version (default: the current one)");
    auto* prestore = program->add_subcommand("restore", "Save a new version with an old version's content (on/off unchanged)");
    add_db(prestore, c);
    prestore->add_option("id", pid, "Program id")->required();
    prestore->add_option("--version", pversion, "The version to bring back")->required();
    prestore->add_option("--if-version", pif_version, "Refuse (exit 4) unless the stored version is this one");

    auto* sweep = app.add_subcommand("sweep", "Expire credit, issue awards for orders past their refund hold, run retroactive jobs");
    add_db(sweep, c);
    add_secret(sweep, c);
    auto* migrate_cmd = app.add_subcommand("migrate", "Create or upgrade the database schema");
    // reconcile (reconcile_cli.cpp)
    ReconcileCommand rc;
    auto* reconcile_cmd = add_reconcile_command(app, rc);
    add_db(reconcile_cmd, c);
    add_secret(reconcile_cmd, c);
    int migrate_to = 0;
    migrate_cmd->add_option("--to", migrate_to, "Stop at this schema version (default: the newest), e.g. to test an upgrade")
        ->check(CLI::PositiveNumber);
    add_db(migrate_cmd, c);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    spdlog::set_level(spdlog::level::from_str(c.log_level));

    try {
        if (serve->parsed()) return run_serve(c, sa);
        // The families moved out of main.cpp so far.
        const std::string given = app.get_subcommands().front()->get_name();
        if (given == "milestone" || given == "recalculate" || given == "award") return actions.run(c);

        if (token->parsed()) {
            if (!valid_customer_id(tcustomer)) return fail("--customer: must be 1-128 characters of A-Z a-z 0-9 _ . - @ + :", 2);
            const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
            std::printf("%s\n", mint_customer_token(tcustomer, now + tttl, tsecret).c_str());
            return 0;
        }

        if (migrate_cmd->parsed() && migrate_to > 0) {
            StoreOptions so;
            so.migrate_to = migrate_to;
            auto store = Store::open(c.db, so);
            std::printf("schema version %d of %d (%s)\n", std::min(migrate_to, schema_version()), schema_version(),
                        store->describe().c_str());
            return 0;
        }
        Service service(service_options(c));

        if (migrate_cmd->parsed()) {
            std::printf("schema version %d (%s)\n", schema_version(), store_of(service).describe().c_str());
            return 0;
        }
        if (poptions->parsed()) {
            if (!poptions_file.empty()) {
                std::ifstream in(poptions_file);
                if (!in) return fail("cannot read " + poptions_file);
                const json body = json::parse(in, nullptr, false);
                if (body.is_discarded()) return fail(poptions_file + ": not JSON", 2);
                impl_of(service).set_points_options(body);
            }
            std::printf("%s\n", render(service.points_options(), service).dump(2).c_str());
            return 0;
        }
        if (predeem->parsed()) {
            // A fresh key when none is given, printed so that a retry can reuse it.
            if (pkey.empty()) pkey = "cli-" + std::to_string(std::chrono::system_clock::now().time_since_epoch().count());
            const PointsRedemption r = service.redeem_points(pcustomer, poption, pkey);
            deliver_queued_webhooks(service, c);
            std::printf("%s\n", render(r, service).dump().c_str());
            return 0;
        }
        if (phistory->parsed()) {
            const PointsView v = service.points(pcustomer, 500, std::nullopt);
            std::printf("customer %s: %lld points\n", pcustomer.c_str(), static_cast<long long>(v.balance));
            std::printf("%-20s %-9s %12s %14s %-20s %s\n", "AT", "TYPE", "POINTS", "BALANCE", "EXPIRES", "NOTE");
            for (const PointsMove& h : v.history)
                std::printf("%-20s %-9s %12lld %14lld %-20s %s\n", iso(h.at).c_str(), h.type.c_str(),
                            static_cast<long long>(h.points), static_cast<long long>(h.balance_after),
                            (h.expires_at ? iso(*h.expires_at) : std::string("-")).c_str(), h.note.c_str());
            return 0;
        }
        if (pjobs->parsed() && pjretry > 0) {
            const json r = platform::retry_job(service, pjretry);
            std::printf("platform job %lld: pending again, due %s\n", static_cast<long long>(pjretry),
                        r["next_attempt_at"].get<std::string>().c_str());
            return 0;
        }
        if (pjobs->parsed()) {
            const json list = platform::list_jobs(service, pjstate, pjlimit)["jobs"];
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
                            j["state"].get<std::string>().c_str(), j["platform"].get<std::string>().c_str(),
                            what.c_str(), j["customer_id"].get<std::string>().c_str(),
                            static_cast<long long>(j["attempts"].get<std::int64_t>()),
                            j["platform_ref"].is_string() ? (" ref=" + j["platform_ref"].get<std::string>()).c_str() : "",
                            j["last_error"].is_string() ? (" error: " + j["last_error"].get<std::string>()).c_str() : "");
            }
            std::printf("%zu job(s)\n", list.size());
            return 0;
        }
        if (lexport->parsed() || lsummary->parsed()) {
            TransactionFilter f;
            if (!ltype.empty()) f.type = ltype;
            if (!lcustomer.empty()) f.customer_id = lcustomer;
            if (!lfrom.empty()) {
                f.from = parse_time(lfrom);
                if (!f.from) return fail("--from: must be a UTC time like 2026-01-01T00:00:00Z", 2);
            }
            if (!lto.empty()) {
                f.to = parse_time(lto);
                if (!f.to) return fail("--to: must be a UTC time like 2026-01-01T00:00:00Z", 2);
            }
            if (lsummary->parsed()) {
                print_ledger_summary(render(service.ledger_summary(f), service), ljson);
                return 0;
            }
            if (lout.empty()) {
                service.ledger_csv(f, std::cout);
                std::cout.flush();
            } else {
                std::ofstream out(lout, std::ios::binary);
                if (!out) return fail("cannot write " + lout);
                service.ledger_csv(f, out);
            }
            return 0;
        }
        if (import->parsed()) {
            std::ifstream file;
            std::istream* in = &std::cin;
            if (ifile != "-") {
                file.open(ifile);
                if (!file) return fail("cannot read " + ifile);
                in = &file;
            }
            const bool tty = isatty(STDOUT_FILENO) == 1;
            auto t0 = std::chrono::steady_clock::now();
            auto last = t0;
            std::int64_t n = service.import_events(*in, [&](std::int64_t count) {
                auto now = std::chrono::steady_clock::now();
                if (std::chrono::duration<double>(now - last).count() < (tty ? 0.2 : 5.0)) return;
                last = now;
                const double secs = std::chrono::duration<double>(now - t0).count();
                std::printf(tty ? "\rimported %s events (%s/s)   " : "imported %s events (%s/s)\n", thousands(count).c_str(),
                            thousands(static_cast<std::int64_t>(count / std::max(secs, 1e-3))).c_str());
                std::fflush(stdout);
            });
            const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            std::printf("%simported %s events in %.1f s; run `recalculate --all` to issue awards\n", tty ? "\r" : "",
                        thousands(n).c_str(), secs);
            return 0;
        }
        if (pput->parsed()) {
            std::ifstream in(pfile);
            if (!in) return fail("cannot read " + pfile);
            std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            auto parsed = parse_program(doc);
            if (!parsed.ok()) {
                for (const auto& e : parsed.errors) std::fprintf(stderr, "program: %s\n", e.to_string().c_str());
                return 2;
            }
            const auto if_version = pif_version > 0 ? std::optional<std::int64_t>(pif_version) : std::nullopt;
            const ProgramSaved r = service.program_doc(parsed.value->id, false)
                                       ? service.update_program(parsed.value->id, doc, pretro, if_version)
                                       : service.create_program(doc, pretro);
            std::printf("%s\n", render(r).dump().c_str());
            return 0;
        }
        if (plist->parsed()) {
            std::printf("%s\n", render(service.list_programs()).dump(2).c_str());
            return 0;
        }
        if (pversions->parsed()) {
            const json v = render(service.program_versions(pid));
            std::printf("%-8s %-20s %-9s %s\n", "VERSION", "SAVED", "STATUS", "NAME");
            for (const auto& row : v["versions"])
                std::printf("%-8lld %-20s %-9s %s%s\n", static_cast<long long>(row["version"].get<std::int64_t>()),
                            row["created_at"].get<std::string>().c_str(), row.value("status", "").c_str(),
                            row.value("name", "").c_str(),
                            row["version"] == v["current_version"] ? "  (current)" : "");
            return 0;
        }
        if (pshow->parsed()) {
            const std::string doc = pversion > 0 ? service.program_version_doc(pid, pversion)
                                                 : service.program_version_doc(pid, service.program_versions(pid).current_version);
            std::printf("%s\n", json::parse(doc).dump(2).c_str());
            return 0;
        }
        if (pdiff->parsed()) {
            const json d = render(service.program_diff(pid, pfrom, pto > 0 ? std::optional<std::int64_t>(pto) : std::nullopt));
            std::printf("%s: version %lld -> %lld, %zu change(s)\n", pid.c_str(), static_cast<long long>(pfrom),
                        static_cast<long long>(d["to"].get<std::int64_t>()), d["changes"].size());
            for (const auto& ch : d["changes"]) {
                const std::string op = ch["op"].get<std::string>();
                std::printf("  %-7s %s", op.c_str(), ch["pointer"].get<std::string>().c_str());
                if (ch.contains("from")) std::printf("  %s", ch["from"].dump().c_str());
                if (op == "replace") std::printf(" ->");
                if (ch.contains("to")) std::printf("  %s", ch["to"].dump().c_str());
                std::printf("\n");
            }
            return 0;
        }
        if (prestore->parsed()) {
            const auto if_version = pif_version > 0 ? std::optional<std::int64_t>(pif_version) : std::nullopt;
            std::printf("%s\n", render(service.restore_program_version(pid, pversion, if_version)).dump().c_str());
            return 0;
        }
        if (pact->parsed() || pdeact->parsed()) {
            std::printf("%s\n", render(service.set_program_status(pid, pact->parsed(), pretro)).dump().c_str());
            return 0;
        }
        if (reconcile_cmd->parsed()) {
            install_stop_handler();
            const int code = run_reconcile(service, rc, &g_stop);
            deliver_queued_webhooks(service, c);
            return code;
        }
        if (sweep->parsed()) {
            install_stop_handler();
            std::int64_t total = 0, n;
            while ((n = service.tick(&g_stop)) > 0) total += n;
            deliver_queued_webhooks(service, c);
            std::printf("sweep: %lld item(s) processed\n", static_cast<long long>(total));
            return 0;
        }
    } catch (const ServiceError& e) {
        return print_service_error(e);
    } catch (const std::exception& e) {
        return fail(e.what());
    }
    return 0;
}
