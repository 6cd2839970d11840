// import: bulk-loads historical events (NDJSON) without evaluating them, with
// a rate line as it goes; `recalculate --all` issues the awards afterwards.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>

#include "commands.hpp"

namespace stepwise::server::cli {

namespace {

int run_import(Service& service, const std::string& path) {
    std::ifstream file;
    std::istream* in = &std::cin;
    if (path != "-") {
        file.open(path);
        if (!file) return fail("cannot read " + path);
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

}  // namespace

void add_import_command(CLI::App& app, Common& c, Actions& actions) {
    auto* import = app.add_subcommand("import", "Bulk-load historical events (NDJSON) without evaluating; then run recalculate --all");
    add_db(import, c);
    auto file = std::make_shared<std::string>();
    import->add_option("file", *file, "NDJSON file, one POST /v1/events event per line ('-' = stdin)")->required();
    actions.with_service(import, [file](Service& s) { return run_import(s, *file); });
}

}  // namespace stepwise::server::cli
