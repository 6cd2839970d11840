#include "reader.hpp"

#include <nlohmann/json.hpp>

#include "stepwise/json.hpp"

namespace stepwise {

std::string pointer_append(const std::string& base, std::string_view key) {
    std::string out = base;
    out.push_back('/');
    for (char c : key) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out.push_back(c);
    }
    return out;
}

}  // namespace stepwise

namespace stepwise::detail {

std::string pointer_to(const std::string& base, std::string_view key) { return pointer_append(base, key); }

std::string pointer_to(const std::string& base, std::size_t index) { return base + "/" + std::to_string(index); }

namespace {

// Nesting depth of the text's arrays and objects, stopping early past `limit`.
int nesting_depth(std::string_view text, int limit) {
    int depth = 0, deepest = 0;
    bool in_string = false, escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > deepest && (deepest = depth) > limit) return deepest;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return deepest;
}

// Length of the well-formed UTF-8 sequence at s[i] (RFC 3629: no overlong
// forms, no surrogates, nothing past U+10FFFF), or 0 when the bytes there are
// not one.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
    const auto byte = [&](std::size_t k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0u; };
    const unsigned b0 = byte(i);
    const auto cont = [&](std::size_t k) { return (byte(k) & 0xC0u) == 0x80u; };
    if (b0 < 0x80) return 1;
    if (b0 >= 0xC2 && b0 <= 0xDF) return cont(i + 1) ? 2 : 0;
    if (b0 >= 0xE0 && b0 <= 0xEF) {
        const unsigned b1 = byte(i + 1);
        const bool ok1 = b0 == 0xE0 ? (b1 >= 0xA0 && b1 <= 0xBF) : b0 == 0xED ? (b1 >= 0x80 && b1 <= 0x9F) : cont(i + 1);
        return ok1 && cont(i + 2) ? 3 : 0;
    }
    if (b0 >= 0xF0 && b0 <= 0xF4) {
        const unsigned b1 = byte(i + 1);
        const bool ok1 = b0 == 0xF0 ? (b1 >= 0x90 && b1 <= 0xBF) : b0 == 0xF4 ? (b1 >= 0x80 && b1 <= 0x8F) : cont(i + 1);
        return ok1 && cont(i + 2) && cont(i + 3) ? 4 : 0;
    }
    return 0;
}

// The text with every byte that is not part of well-formed UTF-8 replaced by
// U+FFFD, cut after `max_chars` characters. Parse messages quote the input,
// which may be any bytes (or cut mid-character); the reply must be valid UTF-8
// and read the same natively and in JavaScript, which would repair it its own way.
std::string well_formed(std::string_view s, std::size_t max_chars = std::string::npos) {
    std::string out;
    std::size_t chars = 0;
    for (std::size_t i = 0; i < s.size() && chars < max_chars; ++chars) {
        if (std::size_t n = utf8_sequence_length(s, i)) {
            out.append(s.substr(i, n));
            i += n;
        } else {
            out += "\xEF\xBF\xBD";
            ++i;
        }
    }
    return out;
}

// The document builder, plus a readable message when the text is not JSON.
// The only parser instantiation in the engine (each costs ~8 KB of
// WebAssembly), and nothing throws: errors arrive through parse_error.
struct BuilderWithErrors : DocumentBuilder {
    std::string message;
    bool too_deep = false;
    int depth = 0;
    using DocumentBuilder::DocumentBuilder;
    // The nesting limit, checked while parsing rather than by a pass of its own
    // over the text (that pass was a tenth of reading a history): the parse
    // stops at the first container past kMaxJsonDepth.
    bool start_object(std::size_t n) { return enter() && DocumentBuilder::start_object(n); }
    bool start_array(std::size_t n) { return enter() && DocumentBuilder::start_array(n); }
    bool end_object() { return --depth, DocumentBuilder::end_object(); }
    bool end_array() { return --depth, DocumentBuilder::end_array(); }
    bool enter() {
        too_deep = ++depth > kMaxJsonDepth;
        return !too_deep;
    }
    template <class Exception>
    bool parse_error(std::size_t position, const std::string& token, const Exception& ex) {
        // Drop nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 5: " prefix.
        std::string what = ex.what();
        if (auto bracket = what.find("] "); what.rfind("[json.exception", 0) == 0 && bracket != std::string::npos)
            what.erase(0, bracket + 2);
        if (what.rfind("parse error", 0) == 0)
            if (auto colon = what.find(": "); colon != std::string::npos) what.erase(0, colon + 2);
        message = "not valid JSON at byte " + std::to_string(position) + " (near '" + well_formed(token, 20) +
                  "'): " + well_formed(what);
        return false;
    }
};

}  // namespace

std::optional<Document> parse_document(std::string_view text, Errors& errors) {
    if (text.size() > kMaxDocumentBytes) {
        errors.push_back({"", "document larger than " + std::to_string(kMaxDocumentBytes >> 20) + " MiB"});
        return std::nullopt;
    }
    Document doc;
    BuilderWithErrors sax(doc, text.size());
    if (nlohmann::json::sax_parse(text.begin(), text.end(), &sax, nlohmann::detail::input_format_t::json, true) &&
        sax.message.empty()) {
        sax.finish();
        return doc;
    }
    if (sax.too_deep)
        errors.push_back({"", "nested deeper than " + std::to_string(kMaxJsonDepth) + " levels"});
    else
        errors.push_back({"", sax.message.empty() ? "not valid JSON" : sax.message});
    return std::nullopt;
}

bool Reader::object(const Json& value, const std::string& at, std::initializer_list<std::string_view> allowed) {
    if (!value.is_object()) {
        error(at, "must be an object");
        return false;
    }
    const auto known = [&](std::string_view key) {
        for (auto name : allowed)
            if (key == name) return true;
        return false;
    };
    bool all_known = true;
    for (std::size_t i = 0; i < value.size() && all_known; ++i) all_known = known(value[i].key());
    if (all_known) return true;
    // Reported once per key, in sorted order (as nlohmann's map iterated).
    for (std::string_view key : value.keys())
        if (!known(key)) error(pointer_to(at, key), "unknown field");
    return true;
}

bool Reader::array(const Json& value, const std::string& at) {
    if (value.is_array()) return true;
    error(at, "must be an array");
    return false;
}

const Json* Reader::field(const Json& obj, std::string_view key, const std::string& at, bool required) {
    const Json* v = obj.find(key);
    if (!v && required) error(pointer_to(at, key), "is required");
    return v;
}

std::optional<std::string> Reader::string(const Json& obj, std::string_view key, const std::string& at, bool required,
                                          bool non_empty) {
    const Json* v = field(obj, key, at, required);
    if (!v) return std::nullopt;
    if (!v->is_string()) {
        error(pointer_to(at, key), "must be a string");
        return std::nullopt;
    }
    std::string_view s = v->string();
    if (non_empty && s.empty()) {
        error(pointer_to(at, key), "must not be empty");
        return std::nullopt;
    }
    return std::string(s);
}

std::optional<bool> Reader::boolean(const Json& obj, std::string_view key, const std::string& at) {
    const Json* v = field(obj, key, at, false);
    if (!v) return std::nullopt;
    if (!v->is_boolean()) {
        error(pointer_to(at, key), "must be true or false");
        return std::nullopt;
    }
    return v->boolean();
}

namespace {

// The integer in [lo, hi], or nothing (no error: the callers report it).
std::optional<std::int64_t> integer_in(const Json& v, std::int64_t lo, std::int64_t hi) {
    if (v.is_number_unsigned()) {
        auto u = v.unsigned_integer();
        if (u <= static_cast<std::uint64_t>(hi) && static_cast<std::int64_t>(u) >= lo) return static_cast<std::int64_t>(u);
    } else if (v.is_number_integer()) {
        auto i = v.integer();
        if (i >= lo && i <= hi) return i;
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::int64_t> Reader::integer_value(const Json& v, const std::string& at, std::int64_t lo,
                                                  std::int64_t hi) {
    if (auto i = integer_in(v, lo, hi)) return i;
    // The message is built only here: reading a valid value allocates nothing.
    error(at, "must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
    return std::nullopt;
}

std::optional<std::int64_t> Reader::integer(const Json& obj, std::string_view key, const std::string& at,
                                            bool required, std::int64_t lo, std::int64_t hi) {
    const Json* v = field(obj, key, at, required);
    if (!v) return std::nullopt;
    // The pointer is built only for an error: reading a valid value allocates nothing.
    if (auto i = integer_in(*v, lo, hi)) return i;
    return integer_value(*v, pointer_to(at, key), lo, hi);
}

std::optional<Money> Reader::money_value(const Json& v, const std::string& at, int digits) {
    const char* example = digits == 0 ? "\"500\"" : digits == 3 ? "\"500.000\"" : "\"500.00\"";
    if (!v.is_string()) {
        error(at, std::string("must be an amount as a decimal string such as ") + example);
        return std::nullopt;
    }
    auto m = parse_money(v.string(), digits);
    if (!m)
        error(at, "must be a non-negative amount with at most " + std::to_string(digits) +
                      " decimals, such as " + example);
    return m;
}

std::optional<Money> Reader::money(const Json& obj, std::string_view key, const std::string& at, bool required,
                                   int digits) {
    const Json* v = field(obj, key, at, required);
    if (!v) return std::nullopt;
    if (v->is_string())
        if (auto m = parse_money(v->string(), digits)) return m;  // no pointer unless it is an error
    return money_value(*v, pointer_to(at, key), digits);
}

std::optional<Time> Reader::time(const Json& obj, std::string_view key, const std::string& at, bool required) {
    const Json* v = field(obj, key, at, required);
    if (!v) return std::nullopt;
    std::optional<Time> t;
    if (v->is_string()) t = parse_time(v->string());
    if (!t) error(pointer_to(at, key), "must be a UTC time such as \"2026-03-15T10:22:00Z\"");
    return t;
}

std::optional<std::vector<std::string>> Reader::strings(const Json& obj, std::string_view key, const std::string& at) {
    const Json* v = field(obj, key, at, false);
    if (!v) return std::nullopt;
    if (!v->is_array()) return array(*v, pointer_to(at, key)), std::nullopt;  // reports it
    std::vector<std::string> out;
    bool ok = true;
    for (std::size_t i = 0; i < v->size(); ++i) {
        const Json& item = (*v)[i];
        if (!item.is_string() || item.string().empty()) {
            error(pointer_to(pointer_to(at, key), i), "must be a non-empty string");
            ok = false;
            continue;
        }
        out.emplace_back(item.string());
    }
    if (!ok) return std::nullopt;
    return out;
}

}  // namespace stepwise::detail

namespace stepwise {

int json_nesting_depth(std::string_view text, int limit) { return detail::nesting_depth(text, limit); }

}  // namespace stepwise
