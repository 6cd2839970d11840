#include "document.hpp"

#include <algorithm>

namespace stepwise::detail {

const Node* Node::find(std::string_view key) const {
    if (kind_ != Kind::object) return nullptr;
    for (std::size_t i = count_; i-- > 0;)
        if (children_[i]->key_ == key) return children_[i];
    return nullptr;
}

std::vector<std::string_view> Node::keys() const {
    std::vector<std::string_view> out;
    if (kind_ != Kind::object) return out;
    for (std::size_t i = 0; i < count_; ++i) out.push_back(children_[i]->key_);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

DocumentBuilder::DocumentBuilder(Document& doc, std::size_t text_size) : doc_(doc) {
    // Every key and string is stored unescaped, which is shorter than its
    // quoted source, so this buffer never reallocates and views stay valid.
    doc_.strings_.reserve(text_size);
    doc_.nodes_.reserve(text_size / 8 + 1);
}

bool DocumentBuilder::number_unsigned(std::uint64_t v) {
    Node& n = add(Node::Kind::unsigned_integer);
    n.unsigned_ = v;
    n.integer_ = static_cast<std::int64_t>(v);  // nlohmann's get<int64_t>() of an unsigned value
    return true;
}

Node& DocumentBuilder::add(Node::Kind kind) {
    auto index = static_cast<std::uint32_t>(doc_.nodes_.size());
    Node& n = doc_.nodes_.emplace_back();
    n.kind_ = kind;
    n.key_ = key_;
    key_ = {};
    if (!open_.empty()) pending_.push_back(index);
    return n;
}

std::string_view DocumentBuilder::store(const std::string& s) {
    std::size_t at = doc_.strings_.size();
    doc_.strings_.insert(doc_.strings_.end(), s.begin(), s.end());
    return {doc_.strings_.data() + at, s.size()};
}

bool DocumentBuilder::open(Node::Kind kind) {
    add(kind);
    open_.push_back({static_cast<std::uint32_t>(doc_.nodes_.size() - 1), static_cast<std::uint32_t>(pending_.size())});
    return true;
}

bool DocumentBuilder::close() {
    Open o = open_.back();
    open_.pop_back();
    Node& n = doc_.nodes_[o.node];
    n.first_ = static_cast<std::uint32_t>(children_.size());
    n.count_ = static_cast<std::uint32_t>(pending_.size() - o.mark);
    children_.insert(children_.end(), pending_.begin() + o.mark, pending_.end());
    pending_.resize(o.mark);
    return true;
}

void DocumentBuilder::finish() {
    doc_.children_.resize(children_.size());
    for (std::size_t i = 0; i < children_.size(); ++i) doc_.children_[i] = &doc_.nodes_[children_[i]];
    for (Node& n : doc_.nodes_)
        if (n.kind_ == Node::Kind::array || n.kind_ == Node::Kind::object) n.children_ = doc_.children_.data() + n.first_;
}

}  // namespace stepwise::detail
