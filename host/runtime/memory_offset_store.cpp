#include <mutex>

#include "host/runtime/worker.hpp"

namespace kc::host::runtime {
namespace {

class MemoryOffsetStore : public SourceOffsetStore {
  public:
    std::optional<std::string> get(const std::string& key) override {
        std::lock_guard lock(mutex_);
        auto it = data_.find(key);
        if (it == data_.end()) return std::nullopt;
        return it->second;
    }
    void put(
        const std::vector<std::pair<std::string, std::optional<std::string>>>& entries) override {
        std::lock_guard lock(mutex_);
        for (const auto& [k, v] : entries) {
            if (v)
                data_[k] = *v;
            else
                data_.erase(k);
        }
    }
    std::map<std::string, std::string> all() override {
        std::lock_guard lock(mutex_);
        return data_;
    }

  private:
    std::mutex mutex_;
    std::map<std::string, std::string> data_;
};

}  // namespace

std::unique_ptr<SourceOffsetStore> make_memory_offset_store() {
    return std::make_unique<MemoryOffsetStore>();
}

}  // namespace kc::host::runtime
