// The email outbox's built-in sender. At least once, never twice for a row
// the SMTP server accepted: a row is claimed (its next attempt pushed out, so
// a second server process leaves it alone), sent, and marked sent in the
// next step; only a crash between the server's "250 OK" and that commit
// sends it again (docs/email.md, "At least once").
#include "mailer.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

#include "email_outbox_table.hpp"
#include "internal.hpp"

namespace stepwise::server {

namespace {

constexpr std::int64_t kClaimMs = 10 * 60 * 1000;  // longer than any one send (libcurl times out at 30 s)
constexpr std::int64_t kMaxAttempts = 10;

// 1 s, 2 s, 4 s, ... capped at one hour.
std::int64_t backoff_ms(std::int64_t attempts) {
    return std::min<std::int64_t>(3600000, 1000LL << std::min<std::int64_t>(attempts, 12));
}

std::string short_error(const std::string& e) {
    std::string t = e.substr(0, 300);
    for (char& c : t)
        if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    return t;
}

}  // namespace

MailJob::MailJob(Service& service, MailOptions options, const std::atomic<bool>& stop)
    : service_(service), o_(std::move(options)), templates_(mail::Templates::load(o_.templates)), stop_(stop) {
    if (o_.smtp.url.empty()) return;
    mail::check_config(o_.smtp);
    thread_ = std::thread([this] { run(); });
}

MailJob::~MailJob() {
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void MailJob::run() {
    spdlog::info("email: sending the outbox through {}", o_.smtp.url.substr(0, o_.smtp.url.find("://") + 3) + "...");
    while (!stop_) {
        try {
            report_no_recipient();
            while (!stop_ && send_due() > 0) {
            }
        } catch (const std::exception& e) {
            spdlog::error("email: {}", e.what());
        }
        std::unique_lock<std::mutex> lock(m_);
        cv_.wait_for(lock, std::chrono::seconds(1), [this] { return stop_.load(); });
    }
}

// A count in the log whenever it changes: emails that cannot be sent because
// the customer has no address (also in GET /v1/outbox/emails and operate.html).
void MailJob::report_no_recipient() {
    const std::int64_t n = store_of(service_).read([](Tx& tx) {
        return email_outbox_table::no_recipient_count(tx.c);
    });
    if (n == no_recipient_logged_) return;
    no_recipient_logged_ = n;
    if (n > 0)
        spdlog::warn("email: {} email(s) not sent: the customer has no email address (reason no_recipient; "
                     "GET /v1/outbox/emails lists them)",
                     n);
}

std::int64_t MailJob::send_due() {
    std::vector<email_outbox_table::Due> due;
    const std::int64_t now = now_ms();
    store_of(service_).write([&](Tx& tx) {
        due = email_outbox_table::due(tx.c, now, 20);
        std::vector<email_outbox_table::Due> claimed;
        for (email_outbox_table::Due& d : due) {
            if (d.to.empty()) {  // a row written before rows carried a reason
                email_outbox_table::mark_no_recipient(tx.c, d.id);
                continue;
            }
            // Only one of two processes that saw the row due claims it, so only one sends it.
            if (email_outbox_table::claim(tx.c, d.id, now, now + kClaimMs)) claimed.push_back(std::move(d));
        }
        due = std::move(claimed);
    });
    std::int64_t sent = 0;
    for (const email_outbox_table::Due& d : due) {
        if (stop_) break;
        mail::Message m;
        m.to = d.to;
        m.message_id = "stepwise-email-" + std::to_string(d.id) + "@" + o_.smtp.from.substr(o_.smtp.from.find('@') + 1);
        if (mail::Templates::known_kind(d.kind)) {
            const auto r = templates_.render(d.kind, json::parse(d.data, nullptr, false));
            m.subject = r.subject;
            m.text = r.text;
            m.html = r.html;
        } else {  // rows from before templates: the text the outbox API shows
            m.subject = d.subject;
            m.text = d.body;
            m.html = "<pre>" + mail::html_escape(d.body) + "</pre>";
        }
        const mail::SendResult res = mail::send(o_.smtp, m);
        const std::int64_t attempts = d.attempts + 1;
        store_of(service_).write([&](Tx& tx) {
            if (res.ok) {
                email_outbox_table::mark_sent(tx.c, d.id, now_ms(), attempts);
            } else {
                const bool last = attempts >= kMaxAttempts;
                email_outbox_table::mark_failed(
                    tx.c, d.id, attempts, short_error((res.smtp_code ? std::to_string(res.smtp_code) + " " : "") + res.error),
                    now_ms() + backoff_ms(d.attempts), last ? std::optional<std::string>("failed") : std::nullopt);
            }
        });
        if (res.ok) {
            ++sent;
            spdlog::debug("email {} sent to {}", d.id, d.to);
        } else {
            spdlog::warn("email {} to {}: attempt {} failed: {}", d.id, d.to, attempts, res.error);
        }
    }
    return sent;
}

}  // namespace stepwise::server
