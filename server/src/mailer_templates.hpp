// Email templates the merchant can edit: one file per message kind and part
// (docs/email.md). `award.subject.txt`, `award.txt`, `award.html`, and the
// same for `choice`; named placeholders such as {{milestone_name}}, checked
// when the server starts (an unknown one is refused with its file and line).
#pragma once
#include "server_json.hpp"
#include <map>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace stepwise::server::mail {

struct Rendered {
    std::string subject, text, html;
};

class Templates {
public:
    // `dir` empty: the shipped defaults. Files missing from `dir` fall back
    // to the defaults. Throws std::runtime_error "FILE:LINE: ...".
    static Templates load(const std::string& dir);
    // Fills a kind's parts from `data` (strings by placeholder name); values
    // are HTML-escaped in the HTML part. Throws for an unknown kind.
    Rendered render(const std::string& kind, const nlohmann::json& data) const;
    static bool known_kind(const std::string& kind);

private:
    std::map<std::string, std::string> files_;  // file name -> text
};

// The shipped templates (server/templates/mail/, embedded by CMake).
const std::map<std::string, std::string>& default_templates();

std::string html_escape(const std::string& s);

}  // namespace stepwise::server::mail
