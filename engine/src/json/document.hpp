// A read-only JSON tree built by nlohmann/json's SAX parser: a few flat arrays
// (nodes, child lists, one buffer of string bytes) instead of nlohmann's DOM
// of maps and strings, which cost most of the engine's JSON reading time.
// It answers the questions the codecs ask with nlohmann's meaning: a repeated
// key's last value wins, and members iterate in sorted key order.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stepwise::detail {

class Node {
public:
    enum class Kind : std::uint8_t { null, boolean, integer, unsigned_integer, floating, string, array, object };

    bool is_null() const { return kind_ == Kind::null; }
    bool is_boolean() const { return kind_ == Kind::boolean; }
    bool is_string() const { return kind_ == Kind::string; }
    bool is_array() const { return kind_ == Kind::array; }
    bool is_object() const { return kind_ == Kind::object; }
    bool is_number_unsigned() const { return kind_ == Kind::unsigned_integer; }
    // As in nlohmann: true for unsigned integers too.
    bool is_number_integer() const { return kind_ == Kind::integer || kind_ == Kind::unsigned_integer; }

    bool boolean() const { return boolean_; }
    std::int64_t integer() const { return integer_; }
    std::uint64_t unsigned_integer() const { return unsigned_; }
    std::string_view string() const { return text_; }

    // Arrays: elements; objects: members in document order, repeats included.
    std::size_t size() const { return count_; }
    const Node& operator[](std::size_t i) const { return *children_[i]; }
    // Objects: the member's key.
    std::string_view key() const { return key_; }
    // Objects: the last member named `key`, or nullptr.
    const Node* find(std::string_view key) const;
    bool contains(std::string_view key) const { return find(key) != nullptr; }
    // Objects: the distinct keys in nlohmann's (sorted) order.
    std::vector<std::string_view> keys() const;

private:
    friend class DocumentBuilder;
    Kind kind_ = Kind::null;
    bool boolean_ = false;
    std::int64_t integer_ = 0;
    std::uint64_t unsigned_ = 0;
    std::string_view key_, text_;
    const Node* const* children_ = nullptr;
    std::uint32_t first_ = 0, count_ = 0;  // into the builder's child list until finished
};

// Owns the tree; moving it keeps every Node valid (only vectors move).
class Document {
public:
    const Node& root() const { return nodes_.front(); }

private:
    friend class DocumentBuilder;
    // Reserved to the text's size (unescaped strings never outgrow it); a vector,
    // not a std::string, so that a move never copies a small buffer.
    std::vector<char> strings_;
    std::vector<Node> nodes_;
    std::vector<const Node*> children_;
};

// The SAX handler that fills a Document (nlohmann's SAX interface; the
// caller adds parse_error). Call finish() after a successful parse.
class DocumentBuilder {
public:
    DocumentBuilder(Document& doc, std::size_t text_size);

    bool null() { return add(Node::Kind::null), true; }
    bool boolean(bool v) { return add(Node::Kind::boolean).boolean_ = v, true; }
    bool number_integer(std::int64_t v) { return add(Node::Kind::integer).integer_ = v, true; }
    bool number_unsigned(std::uint64_t v);
    bool number_float(double, const std::string&) { return add(Node::Kind::floating), true; }
    bool string(std::string& v) { return add(Node::Kind::string).text_ = store(v), true; }
    template <class Binary>
    bool binary(Binary&) { return false; }  // not produced by the JSON lexer
    bool key(std::string& k) { return key_ = store(k), true; }
    bool start_object(std::size_t) { return open(Node::Kind::object); }
    bool end_object() { return close(); }
    bool start_array(std::size_t) { return open(Node::Kind::array); }
    bool end_array() { return close(); }

    void finish();

private:
    Node& add(Node::Kind kind);
    std::string_view store(const std::string& s);
    bool open(Node::Kind kind);
    bool close();

    Document& doc_;
    std::string_view key_;  // the next member's key
    struct Open {
        std::uint32_t node, mark;  // the container, and where its children start in pending_
    };
    std::vector<Open> open_;
    std::vector<std::uint32_t> pending_;   // children of the open containers, innermost last
    std::vector<std::uint32_t> children_;  // finished child lists, as node indexes
};

}  // namespace stepwise::detail
