// The progress of recalculate --all: a bar on a terminal, plain lines at an
// interval otherwise (a log file, CI).
#pragma once
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>

#include "command_support.hpp"

namespace stepwise::server::cli {

class Progress {
public:
    explicit Progress(double plain_interval)
        : tty_(isatty(STDOUT_FILENO) == 1), plain_interval_(plain_interval), start_(clock::now()),
          last_(start_ - std::chrono::hours(1)) {}

    void update(const RecalcStats& st, bool final = false) {
        auto now = clock::now();
        if (!first_) {
            first_ = true;
            base_ = st.customers;
            if (st.resumed) std::printf("resuming from checkpoint: %s of %s customers done\n", thousands(st.customers).c_str(), thousands(st.total).c_str());
        }
        const double since = std::chrono::duration<double>(now - last_).count();
        if (!final && since < (tty_ ? 0.1 : plain_interval_)) return;
        last_ = now;
        const double elapsed = std::chrono::duration<double>(now - start_).count();
        const double rate = elapsed > 0 ? static_cast<double>(st.customers - base_) / elapsed : 0;
        const std::int64_t left = std::max<std::int64_t>(0, st.total - st.customers);
        const double eta = rate > 0 ? static_cast<double>(left) / rate : -1;
        const double pct = st.total > 0 ? 100.0 * static_cast<double>(std::min(st.customers, st.total)) / static_cast<double>(st.total) : 100.0;
        char line[256];
        if (tty_) {
            const int width = 30;
            const int filled = static_cast<int>(pct / 100.0 * width);
            std::string bar(static_cast<std::size_t>(filled), '#');
            bar += std::string(static_cast<std::size_t>(width - filled), '-');
            snprintf(line, sizeof line, "\r[%s] %5.1f%%  %s/%s customers  %s/s  ETA %s  awards %s   ", bar.c_str(), pct,
                     thousands(st.customers).c_str(), thousands(st.total).c_str(),
                     thousands(static_cast<std::int64_t>(rate)).c_str(), duration_text(eta).c_str(),
                     thousands(st.awards).c_str());
            std::fputs(line, stdout);
            if (final) std::fputs("\n", stdout);
        } else {
            snprintf(line, sizeof line, "recalculate: %s/%s customers (%.1f%%), %s/s, ETA %s, awards %s\n",
                     thousands(st.customers).c_str(), thousands(st.total).c_str(), pct,
                     thousands(static_cast<std::int64_t>(rate)).c_str(), duration_text(eta).c_str(),
                     thousands(st.awards).c_str());
            std::fputs(line, stdout);
        }
        std::fflush(stdout);
    }

private:
    using clock = std::chrono::steady_clock;
    bool tty_;
    double plain_interval_;
    bool first_ = false;
    std::int64_t base_ = 0;
    clock::time_point start_, last_;
};

}  // namespace stepwise::server::cli
