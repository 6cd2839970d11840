// One email over SMTP through libcurl (a well-kept client: SMTP, STARTTLS,
// AUTH, certificate checks and MIME, none of it hand-written here).
#pragma once
#include <string>

namespace stepwise::server::mail {

struct SmtpConfig {
    std::string url;      // smtp://user:pass@host:port or smtps://...
    std::string from;     // the envelope and From: address
    std::string ca_file;  // a private CA for the server's certificate (empty: the system's)
    long timeout_s = 30;
};

struct Message {
    std::string to, subject, text, html;
    std::string message_id;  // without <>; the outbox row names it, so a resend can be recognized
};

struct SendResult {
    bool ok = false;
    long smtp_code = 0;  // the server's last reply code (0: no reply)
    std::string error;
};

// Checks the URL (scheme, host) and the rule that credentials never travel
// in clear: smtp:// with a user name requires STARTTLS. Throws std::runtime_error.
void check_config(const SmtpConfig& config);
SendResult send(const SmtpConfig& config, const Message& message);

}  // namespace stepwise::server::mail
