// `serve --smtp-url ...`: delivers the durable email outbox (email_outbox)
// over SMTP, retried with exponential backoff (docs/email.md).
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "mailer_smtp.hpp"
#include "mailer_templates.hpp"

namespace stepwise::server {

class Service;

struct MailOptions {
    mail::SmtpConfig smtp;   // smtp.url empty: no built-in sender (the outbox API only)
    std::string templates;   // --mail-templates DIR (empty: the shipped ones)
};

class MailJob {
public:
    // Loads and checks the templates and the SMTP settings (throws
    // std::runtime_error with file and line), then starts sending when an
    // SMTP URL is given.
    MailJob(Service& service, MailOptions options, const std::atomic<bool>& stop);
    ~MailJob();  // lets the message in flight finish
    MailJob(const MailJob&) = delete;
    MailJob& operator=(const MailJob&) = delete;

    // One pass over the due rows; returns how many were sent.
    std::int64_t send_due();

private:
    void run();
    void report_no_recipient();

    Service& service_;
    MailOptions o_;
    mail::Templates templates_;
    const std::atomic<bool>& stop_;
    std::int64_t no_recipient_logged_ = -1;
    std::mutex m_;
    std::condition_variable cv_;
    std::thread thread_;
};

}  // namespace stepwise::server
