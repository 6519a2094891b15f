// The output buffer of the converters: grows to the largest record and keeps
// its storage, so serialising stops allocating once it has seen one.
#pragma once

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>

namespace kc_schema_registry {

// A growable byte buffer whose storage is kept across records.
class ByteBuffer {
  public:
    void clear() noexcept { size_ = 0; }
    char* grow(size_t n) {
        if (size_ + n > storage_.size())
            storage_.resize(std::max(storage_.size() * 2, size_ + n + 64));
        char* p = storage_.data() + size_;
        size_ += n;
        return p;
    }
    void shrink_to(size_t n) noexcept { size_ = n; }
    void append(const char* p, size_t n) {
        if (n) std::memcpy(grow(n), p, n);
    }
    std::string_view view() const noexcept { return {storage_.data(), size_}; }
    size_t size() const noexcept { return size_; }

  private:
    std::string storage_;
    size_t size_ = 0;
};

}  // namespace kc_schema_registry
