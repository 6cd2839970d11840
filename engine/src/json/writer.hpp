// A minimal compact JSON writer with a fixed key order. The engine prints its
// own output (instead of dumping nlohmann values) so that numbers such as
// progress_pct come from integers and the bytes never depend on the platform.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stepwise::detail {

class JsonWriter {
public:
    JsonWriter& begin_object() { return open('{'); }
    JsonWriter& end_object() { return close('}'); }
    JsonWriter& begin_array() { return open('['); }
    JsonWriter& end_array() { return close(']'); }

    JsonWriter& key(std::string_view k) {
        separate();
        quote(k);
        out_.push_back(':');
        after_key_ = true;
        return *this;
    }
    JsonWriter& string(std::string_view s) {
        separate();
        quote(s);
        return *this;
    }
    JsonWriter& integer(std::int64_t v) { return raw(std::to_string(v)); }
    JsonWriter& boolean(bool v) { return raw(v ? "true" : "false"); }
    JsonWriter& null() { return raw("null"); }
    // An already formatted JSON number (e.g. a percentage from tenths).
    JsonWriter& raw(std::string_view text) {
        separate();
        out_ += text;
        return *this;
    }

    std::string take() { return std::move(out_); }

private:
    JsonWriter& open(char c) {
        separate();
        out_.push_back(c);
        first_.push_back(1);
        return *this;
    }
    JsonWriter& close(char c) {
        out_.push_back(c);
        first_.pop_back();
        return *this;
    }
    void separate() {
        if (after_key_) {
            after_key_ = false;
            return;
        }
        if (first_.empty()) return;
        if (!first_.back()) out_.push_back(',');
        first_.back() = 0;
    }
    void quote(std::string_view s) {
        static const char* hex = "0123456789abcdef";
        out_.push_back('"');
        for (unsigned char c : s) {
            switch (c) {
                case '"': out_ += "\\\""; break;
                case '\\': out_ += "\\\\"; break;
                case '\n': out_ += "\\n"; break;
                case '\r': out_ += "\\r"; break;
                case '\t': out_ += "\\t"; break;
                default:
                    if (c < 0x20) {
                        out_ += "\\u00";
                        out_.push_back(hex[c >> 4]);
                        out_.push_back(hex[c & 15]);
                    } else {
                        out_.push_back(static_cast<char>(c));
                    }
            }
        }
        out_.push_back('"');
    }

    std::string out_;
    std::vector<char> first_;  // not vector<bool>: smaller code
    bool after_key_ = false;
};

}  // namespace stepwise::detail
