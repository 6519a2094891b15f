// A struct as a host built against an older kc/abi.h lends it: the first
// `size` bytes of `full` in a heap block of exactly that size with
// struct_size = size, so AddressSanitizer reports any read past it.
#pragma once

#include <cstdlib>
#include <cstring>
#include <memory>

template <class S>
class ShortStruct {
  public:
    ShortStruct(const S& full, size_t size) : bytes_(static_cast<S*>(std::malloc(size))) {
        std::memcpy(static_cast<void*>(bytes_.get()), &full, size);
        const auto struct_size = static_cast<uint32_t>(size);
        std::memcpy(static_cast<void*>(bytes_.get()), &struct_size, sizeof struct_size);
    }
    const S* get() const noexcept { return bytes_.get(); }

  private:
    struct Free {
        void operator()(S* p) const noexcept { std::free(p); }
    };
    std::unique_ptr<S, Free> bytes_;
};
