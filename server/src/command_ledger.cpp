// ledger export (CSV for accounting) and ledger summary (totals), over the
// same filter: type, customer, a UTC time range.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>

#include "api_render.hpp"
#include "commands.hpp"

namespace stepwise::server::cli {

namespace {

struct LedgerArgs {
    bool csv = false, json = false;
    std::string out, type, from, to, customer;
};

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

// --type, --from, --to, --customer: the filter both commands take.
void add_filter(CLI::App* cmd, LedgerArgs& a, const std::string& type_help) {
    cmd->add_option("--type", a.type, type_help);
    cmd->add_option("--from", a.from, "From this UTC time (inclusive)");
    cmd->add_option("--to", a.to, "Until this UTC time (exclusive)");
    cmd->add_option("--customer", a.customer, "Only this customer");
}

int run_ledger(Service& service, const LedgerArgs& a, bool summary) {
    TransactionFilter f;
    if (!a.type.empty()) f.type = a.type;
    if (!a.customer.empty()) f.customer_id = a.customer;
    if (!a.from.empty()) {
        f.from = parse_time(a.from);
        if (!f.from) return fail("--from: must be a UTC time like 2026-01-01T00:00:00Z", 2);
    }
    if (!a.to.empty()) {
        f.to = parse_time(a.to);
        if (!f.to) return fail("--to: must be a UTC time like 2026-01-01T00:00:00Z", 2);
    }
    if (summary) {
        print_ledger_summary(render(service.ledger_summary(f), service), a.json);
        return 0;
    }
    if (a.out.empty()) {
        service.ledger_csv(f, std::cout);
        std::cout.flush();
    } else {
        std::ofstream out(a.out, std::ios::binary);
        if (!out) return fail("cannot write " + a.out);
        service.ledger_csv(f, out);
    }
    return 0;
}

}  // namespace

void add_ledger_commands(CLI::App& app, Common& c, Actions& actions) {
    auto* ledger = app.add_subcommand("ledger", "The wallet ledger");
    ledger->require_subcommand(1);
    auto a = std::make_shared<LedgerArgs>();
    auto* lexport = ledger->add_subcommand("export", "Export the ledger");
    add_db(lexport, c);
    lexport->add_flag("--csv", a->csv, "CSV for accounting (the only format)")->required();
    lexport->add_option("--out", a->out, "Write to this file (default stdout)");
    add_filter(lexport, *a, "Only this transaction type (e.g. \"Milestone Reward\")");
    actions.with_service(lexport, [a](Service& s) { return run_ledger(s, *a, false); });
    auto* lsummary = ledger->add_subcommand("summary", "Totals for accounting: per type, breakage, liability");
    add_db(lsummary, c);
    add_filter(lsummary, *a, "Only this transaction type");
    lsummary->add_flag("--json", a->json, "Print JSON (as GET /v1/ledger/summary)");
    actions.with_service(lsummary, [a](Service& s) { return run_ledger(s, *a, true); });
}

}  // namespace stepwise::server::cli
