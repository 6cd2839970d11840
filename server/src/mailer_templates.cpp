// Placeholder templates: {{name}} and nothing else (no logic), so a merchant
// can edit them safely and every mistake is caught at startup.
#include "mailer_templates.hpp"

#include <fstream>
#include <set>
#include <sstream>
#include <vector>

namespace stepwise::server::mail {

namespace {

struct Kind {
    const char* name;
    std::set<std::string> placeholders;
};

// What each message kind can say (the email row's `data`, service.cpp).
const std::vector<Kind>& kinds() {
    static const std::vector<Kind> list{
        {"award", {"milestone_name", "amount", "balance", "wallet_link", "expires_on", "rewards", "customer_name"}},
        {"choice", {"milestone_name", "pick", "options", "wallet_link", "customer_name"}},
        // Points redeemed for an option (docs/points.md).
        {"redemption", {"option_name", "balance", "wallet_link", "expires_on", "rewards", "customer_name"}},
    };
    return list;
}

const Kind* find_kind(const std::string& name) {
    for (const Kind& k : kinds())
        if (name == k.name) return &k;
    return nullptr;
}

const char* const kParts[] = {".subject.txt", ".txt", ".html"};

std::string join(const std::set<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "{{" : ", {{") + n + "}}";
    return out;
}

// Every {{...}} in `text` must name a placeholder of `kind`.
void check(const std::string& file, const std::string& text, const Kind& kind) {
    std::size_t line = 1, pos = 0;
    for (;;) {
        const std::size_t open = text.find("{{", pos);
        if (open == std::string::npos) return;
        for (std::size_t i = pos; i < open; ++i)
            if (text[i] == '\n') ++line;
        const std::size_t close = text.find("}}", open + 2);
        const std::size_t eol = text.find('\n', open);
        if (close == std::string::npos || (eol != std::string::npos && close > eol))
            throw std::runtime_error(file + ":" + std::to_string(line) + ": \"{{\" without \"}}\" on the same line");
        const std::string name = text.substr(open + 2, close - open - 2);
        if (!kind.placeholders.count(name))
            throw std::runtime_error(file + ":" + std::to_string(line) + ": unknown placeholder {{" + name +
                                     "}} (a " + kind.name + " email knows " + join(kind.placeholders) + ")");
        pos = close + 2;
        for (std::size_t i = open; i < pos; ++i)
            if (text[i] == '\n') ++line;
    }
}

std::string fill(const std::string& text, const nlohmann::json& data, bool html) {
    std::string out;
    std::size_t pos = 0;
    for (;;) {
        const std::size_t open = text.find("{{", pos);
        if (open == std::string::npos) break;
        const std::size_t close = text.find("}}", open + 2);
        out.append(text, pos, open - pos);
        const std::string name = text.substr(open + 2, close - open - 2);
        std::string value;
        if (data.is_object() && data.contains(name)) {
            const auto& v = data[name];
            value = v.is_string() ? v.get<std::string>() : v.is_null() ? "" : v.dump();
        }
        out += html ? html_escape(value) : value;
        pos = close + 2;
    }
    out.append(text, pos, std::string::npos);
    return out;
}

}  // namespace

std::string html_escape(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

bool Templates::known_kind(const std::string& kind) { return find_kind(kind) != nullptr; }

Templates Templates::load(const std::string& dir) {
    Templates t;
    for (const Kind& k : kinds()) {
        for (const char* part : kParts) {
            const std::string name = std::string(k.name) + part;
            std::string text, where = "(built-in) " + name;
            std::ifstream in(dir.empty() ? std::string() : dir + "/" + name, std::ios::binary);
            if (!dir.empty() && in) {
                std::ostringstream ss;
                ss << in.rdbuf();
                text = ss.str();
                where = dir + "/" + name;
            } else {
                auto it = default_templates().find(name);
                if (it == default_templates().end()) throw std::runtime_error("no built-in email template " + name);
                text = it->second;
            }
            check(where, text, k);
            // A subject is one line.
            if (std::string(part) == ".subject.txt") {
                while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
                if (text.find('\n') != std::string::npos)
                    throw std::runtime_error(where + ":2: a subject is one line");
            }
            t.files_[name] = text;
        }
    }
    return t;
}

Rendered Templates::render(const std::string& kind, const nlohmann::json& data) const {
    if (!known_kind(kind)) throw std::runtime_error("no email template for kind '" + kind + "'");
    Rendered r;
    r.subject = fill(files_.at(kind + ".subject.txt"), data, false);
    r.text = fill(files_.at(kind + ".txt"), data, false);
    r.html = fill(files_.at(kind + ".html"), data, true);
    return r;
}

}  // namespace stepwise::server::mail
