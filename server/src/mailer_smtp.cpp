// SMTP through libcurl's easy interface and its MIME API: a text and an HTML
// part under multipart/alternative, quoted-printable, UTF-8.
#include "mailer_smtp.hpp"

#include <curl/curl.h>
#include <openssl/evp.h>

#include <ctime>
#include <memory>
#include <stdexcept>

namespace stepwise::server::mail {

namespace {

struct UrlParts {
    std::string scheme, user, host;
};

UrlParts parse(const std::string& url) {
    UrlParts p;
    std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> u(curl_url(), curl_url_cleanup);
    if (!u || curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK)
        throw std::runtime_error("--smtp-url: not a URL (smtp://user:pass@host:port or smtps://...)");
    auto get = [&](CURLUPart part) {
        char* v = nullptr;
        std::string out;
        if (curl_url_get(u.get(), part, &v, 0) == CURLUE_OK && v) out = v;
        curl_free(v);
        return out;
    };
    p.scheme = get(CURLUPART_SCHEME);
    p.user = get(CURLUPART_USER);
    p.host = get(CURLUPART_HOST);
    return p;
}

// RFC 2047: a subject that is not plain ASCII goes as =?UTF-8?B?...?=.
std::string header_text(const std::string& s) {
    bool ascii = true;
    for (unsigned char c : s)
        if (c >= 0x80 || c < 0x20) ascii = false;
    if (ascii) return s;
    std::string out(4 * ((s.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(s.data()), static_cast<int>(s.size()));
    out.resize(static_cast<std::size_t>(n));
    return "=?UTF-8?B?" + out + "?=";
}

std::string crlf(const std::string& s) {
    std::string out;
    out.reserve(s.size() + s.size() / 20);
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r')) out += '\r';
        out += s[i];
    }
    return out;
}

std::string rfc5322_date() {
    char buf[64];
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    return buf;
}

}  // namespace

void check_config(const SmtpConfig& c) {
    static const bool init = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
    if (!init) throw std::runtime_error("libcurl failed to initialize");
    const UrlParts p = parse(c.url);
    if (p.scheme != "smtp" && p.scheme != "smtps")
        throw std::runtime_error("--smtp-url: the scheme must be smtp:// or smtps://, not " + p.scheme + "://");
    if (p.host.empty()) throw std::runtime_error("--smtp-url: no host");
    if (c.from.empty() || c.from.find('@') == std::string::npos)
        throw std::runtime_error("--mail-from: an address such as rewards@shop.example is required with --smtp-url");
}

SendResult send(const SmtpConfig& c, const Message& m) {
    SendResult r;
    const UrlParts p = parse(c.url);
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) {
        r.error = "libcurl: no handle";
        return r;
    }
    CURL* h = curl.get();
    char errbuf[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_URL, c.url.c_str());
    // smtp://: STARTTLS when offered, and required when a password would
    // otherwise cross the network in clear. smtps:// is TLS from the start.
    if (p.scheme == "smtp") curl_easy_setopt(h, CURLOPT_USE_SSL, p.user.empty() ? CURLUSESSL_TRY : CURLUSESSL_ALL);
    if (!c.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, c.ca_file.c_str());
    curl_easy_setopt(h, CURLOPT_TIMEOUT, c.timeout_s);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    const std::string from = "<" + c.from + ">";
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, from.c_str());
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> rcpt(
        curl_slist_append(nullptr, ("<" + m.to + ">").c_str()), curl_slist_free_all);
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt.get());

    curl_slist* hs = nullptr;
    for (const std::string& line : {"Date: " + rfc5322_date(), "From: " + c.from, "To: " + m.to,
                                    "Subject: " + header_text(m.subject), "Message-ID: <" + m.message_id + ">",
                                    std::string("MIME-Version: 1.0"), std::string("Content-Type: multipart/alternative")})
        hs = curl_slist_append(hs, line.c_str());
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(hs, curl_slist_free_all);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());

    // The message itself is multipart/alternative (text, then HTML: a client
    // shows the last part it can), declared by the header above; libcurl
    // adds the boundary.
    std::unique_ptr<curl_mime, decltype(&curl_mime_free)> mime(curl_mime_init(h), curl_mime_free);
    // CRLF line ends: the quoted-printable encoder keeps them as lines.
    const std::string text_crlf = crlf(m.text), html_crlf = crlf(m.html);
    curl_mimepart* text = curl_mime_addpart(mime.get());
    curl_mime_data(text, text_crlf.data(), text_crlf.size());
    curl_mime_type(text, "text/plain; charset=utf-8");
    curl_mime_encoder(text, "quoted-printable");
    curl_mimepart* html = curl_mime_addpart(mime.get());
    curl_mime_data(html, html_crlf.data(), html_crlf.size());
    curl_mime_type(html, "text/html; charset=utf-8");
    curl_mime_encoder(html, "quoted-printable");
    curl_easy_setopt(h, CURLOPT_MIMEPOST, mime.get());

    const CURLcode rc = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r.smtp_code);
    r.ok = rc == CURLE_OK;
    if (!r.ok) r.error = std::string(curl_easy_strerror(rc)) + (errbuf[0] ? std::string(": ") + errbuf : "");
    return r;
}

}  // namespace stepwise::server::mail
