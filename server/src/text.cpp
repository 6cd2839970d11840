#include "text.hpp"

namespace stepwise::server {

namespace {

// Length of the well-formed UTF-8 sequence starting at s[i] (RFC 3629: no
// overlong forms, no surrogates, nothing above U+10FFFF), 0 if there is none.
std::size_t sequence_length(std::string_view s, std::size_t i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char lead = byte(i);
    if (lead < 0x80) return 1;
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
        n = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        n = 3;
        if (lead == 0xE0) lo = 0xA0;  // overlong
        if (lead == 0xED) hi = 0x9F;  // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        n = 4;
        if (lead == 0xF0) lo = 0x90;  // overlong
        if (lead == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
        return 0;
    }
    if (i + n > s.size() || byte(i + 1) < lo || byte(i + 1) > hi) return 0;
    for (std::size_t k = 2; k < n; ++k)
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
    return n;
}


void walk(const json& j, const std::string& pointer, std::size_t max, Errors& out) {
    if (out.size() >= max) return;
    if (j.is_string()) {
        if (const char* why = text_problem(j.get_ref<const std::string&>())) out.push_back({pointer, why});
    } else if (j.is_object()) {
        for (auto it = j.begin(); it != j.end() && out.size() < max; ++it) {
            const std::string here = printable_utf8(pointer_append(pointer, it.key()));
            if (const char* why = text_problem(it.key()))
                out.push_back({here, std::string("field name ") + why});
            else
                walk(it.value(), here, max, out);
        }
    } else if (j.is_array()) {
        for (std::size_t i = 0; i < j.size() && out.size() < max; ++i) walk(j[i], pointer + "/" + std::to_string(i), max, out);
    }
}

}  // namespace

const char* text_problem(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        if (s[i] == '\0') return "must not contain NUL (\\u0000)";
        const std::size_t n = sequence_length(s, i);
        if (n == 0) return "must be valid UTF-8";
        i += n;
    }
    return nullptr;
}

std::string printable_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = sequence_length(s, i);
        if (n == 0) {
            out += "\xEF\xBF\xBD";  // U+FFFD
            ++i;
        } else {
            out.append(s.substr(i, n));
            i += n;
        }
    }
    return out;
}

Errors json_text_problems(const json& j, const std::string& pointer, std::size_t max) {
    Errors out;
    walk(j, pointer, max, out);
    return out;
}

}  // namespace stepwise::server
