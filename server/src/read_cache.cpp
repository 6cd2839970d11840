#include "read_cache.hpp"

namespace stepwise::server {

std::shared_ptr<const CustomerSnapshot> ReadCache::find(const std::string& customer_id, std::int64_t rev, bool items) {
    if (capacity_ == 0) return nullptr;
    std::lock_guard<std::mutex> lock(m_);
    auto it = entries_.find(customer_id);
    if (it == entries_.end()) return nullptr;
    const CustomerSnapshot& s = *it->second.snapshot;
    if (s.rev != rev || (items && !s.with_items)) return nullptr;
    order_.splice(order_.begin(), order_, it->second.at);
    return it->second.snapshot;
}

void ReadCache::keep(const std::string& customer_id, std::shared_ptr<const CustomerSnapshot> snapshot) {
    if (capacity_ == 0) return;
    std::lock_guard<std::mutex> lock(m_);
    auto it = entries_.find(customer_id);
    if (it != entries_.end()) {
        // Two readers may load the same customer at once: keep the newer rows.
        if (it->second.snapshot->rev > snapshot->rev) return;
        it->second.snapshot = std::move(snapshot);
        order_.splice(order_.begin(), order_, it->second.at);
        return;
    }
    order_.push_front(customer_id);
    entries_.emplace(customer_id, Entry{std::move(snapshot), order_.begin()});
    while (entries_.size() > capacity_) {
        entries_.erase(order_.back());
        order_.pop_back();
    }
}

}  // namespace stepwise::server
