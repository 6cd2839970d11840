// milestone list, recalculate and award. The last two stand at the top and
// under `milestone` (the seed's spelling), both spellings bound to one set of values.
#include <chrono>
#include <cstdio>
#include <memory>

#include "api_render.hpp"
#include "commands.hpp"
#include "recalc_progress.hpp"  // recalculate --all's progress

namespace stepwise::server::cli {

namespace {

struct ListArgs {
    bool json = false;
    std::string program;
};

struct RecalcArgs {
    std::string user;
    bool all = false, restart = false;
    std::size_t chunk = 0;
    unsigned threads = 0;
    double interval = 2.0;
};

struct AwardArgs {
    std::string user, milestone, program, note = "Manual award via CLI";
};

int run_list(Service& service, const ListArgs& a) {
    json j = render(service.milestones(a.program.empty() ? std::nullopt : std::optional<std::string>(a.program)), service);
    if (a.json) {
        std::printf("%s\n", j.dump(2).c_str());
        return 0;
    }
    std::printf("%-20s %-24s %-28s %-10s %14s %12s %-9s %s\n", "PROGRAM", "ID", "NAME", "METRIC", "TARGET", "REWARD",
                "REPEATS", "STATUS");
    for (const auto& m : j["milestones"]) {
        std::string target = m.contains("threshold") ? m["threshold"].get<std::string>() : m["target"].dump();
        std::printf("%-20s %-24s %-28s %-10s %14s %12s %-9s %s\n", m["program_id"].get<std::string>().c_str(),
                    m["id"].get<std::string>().c_str(), m["name"].get<std::string>().c_str(),
                    m["metric"].get<std::string>().c_str(), target.c_str(), m["reward_amount"].get<std::string>().c_str(),
                    m["repeating"].get<bool>() ? "yes" : "no", m["status"].get<std::string>().c_str());
    }
    return 0;
}

int run_recalc(Service& service, const Common& c, const RecalcArgs& a) {
    if (!a.user.empty()) {
        auto st = service.recalculate_customer(a.user);
        deliver_queued_webhooks(service, c);
        std::printf("customer %s: %lld award(s), %lld claw-back(s) issued\n", a.user.c_str(),
                    static_cast<long long>(st.awards), static_cast<long long>(st.clawbacks));
        return 0;
    }
    if (!a.all) return fail("recalculate needs --user ID or --all", 2);
    install_stop_handler();
    RecalcOptions ro;
    ro.restart = a.restart;
    ro.chunk = a.chunk;
    ro.threads = a.threads;
    Progress bar(a.interval);
    auto t0 = std::chrono::steady_clock::now();
    auto st = service.recalculate_all(ro, [&](const RecalcStats& s) { bar.update(s); }, &g_stop);
    bar.update(st, true);
    deliver_queued_webhooks(service, c);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!st.finished) {
        std::printf("interrupted after %s customers; run the same command again to resume\n",
                    thousands(st.customers).c_str());
        return 130;
    }
    std::printf("done: %s customers, %s awards, %s claw-backs in %.1f s\n", thousands(st.customers).c_str(),
                thousands(st.awards).c_str(), thousands(st.clawbacks).c_str(), secs);
    return 0;
}

int run_award(Service& service, const Common& c, const AwardArgs& a) {
    auto award = service.manual_award(a.user, a.program.empty() ? std::nullopt : std::optional<std::string>(a.program),
                                      a.milestone, a.note, "manual");
    deliver_queued_webhooks(service, c);
    std::printf("awarded %s to customer %s (%s%s)\n", award.key.c_str(), a.user.c_str(), award.state.c_str(),
                award.store_credit > 0
                    ? (", " + service.money(award.store_credit) + " " + service.currency() + " credited").c_str()
                    : "");
    return 0;
}

CLI::App* add_recalc(CLI::App* parent, Common& c, RecalcArgs& a) {
    auto* cmd = parent->add_subcommand("recalculate", "Re-evaluate customers and issue what is due (never twice)");
    add_db(cmd, c);
    add_secret(cmd, c);
    auto* user_opt = cmd->add_option("--user", a.user, "One customer id");
    auto* all_opt = cmd->add_flag("--all", a.all, "Every customer, resumable from a checkpoint");
    user_opt->excludes(all_opt);
    cmd->add_flag("--restart", a.restart, "Ignore the checkpoint of an interrupted --all run");
    cmd->add_option("--chunk", a.chunk, "Customers per transaction (default 2000 SQLite, 200 PostgreSQL)");
    cmd->add_option("--threads", a.threads, "Evaluation threads (default: all cores)");
    cmd->add_option("--progress-interval", a.interval, "Seconds between progress lines when not on a terminal")
        ->capture_default_str();
    return cmd;
}

CLI::App* add_award(CLI::App* parent, Common& c, AwardArgs& a) {
    auto* cmd = parent->add_subcommand("award", "Force-award a milestone to a customer");
    add_db(cmd, c);
    add_secret(cmd, c);
    cmd->add_option("--user", a.user, "Customer id")->required();
    cmd->add_option("--milestone", a.milestone, "Milestone (step) id, or its number in `milestone list`")->required();
    cmd->add_option("--program", a.program, "Program id (when several programs use the milestone id)");
    cmd->add_option("--note", a.note, "Internal note for the ledger")->capture_default_str();
    return cmd;
}

}  // namespace

void add_milestone_commands(CLI::App& app, Common& c, Actions& actions) {
    auto* milestone = app.add_subcommand("milestone", "Milestones (the steps and tiers of every program)");
    milestone->require_subcommand(1);
    auto* list = milestone->add_subcommand("list", "List all milestones");
    add_db(list, c);
    auto la = std::make_shared<ListArgs>();
    list->add_flag("--json", la->json, "Print JSON (as GET /v1/milestones)");
    list->add_option("--program", la->program, "Only this program");
    actions.with_service(list, [la](Service& s) { return run_list(s, *la); });

    auto ra = std::make_shared<RecalcArgs>();
    auto recalc = [&c, ra](Service& s) { return run_recalc(s, c, *ra); };
    actions.with_service(add_recalc(&app, c, *ra), recalc);
    actions.with_service(add_recalc(milestone, c, *ra), recalc);

    auto aa = std::make_shared<AwardArgs>();
    auto award = [&c, aa](Service& s) { return run_award(s, c, *aa); };
    actions.with_service(add_award(&app, c, *aa), award);
    actions.with_service(add_award(milestone, c, *aa), award);
}

}  // namespace stepwise::server::cli
