// Plugin classes written on the SDK and built into the worker (the converters
// and config providers Java ships), as the descriptor table a plugin library
// would export, for PluginRegistry::add_builtin().
#pragma once

#include <array>
#include <cstddef>
#include <span>

#include "kc/abi.h"
#include "kc/export.hpp"

namespace kc::host {

// The services table the built-ins' descriptor validate() allocates through
// (what init() gives a plugin library); the worker passes its own once at
// start-up. Until then validate() returns KC_FATAL.
inline void set_builtin_plugin_host(const kc_host* host) {
    kc::detail::library_host = host;
}

// One descriptor per class, built on first use, in the order given.
template <class... Plugins>
class BuiltinPlugins {
  public:
    std::span<const kc_descriptor* const> descriptors() const { return pointers_; }

  private:
    template <class T>
    static kc_status validate(const kc_config* config, kc_arena* arena, const kc_config_value** out,
                              size_t* out_count, kc_error* err) noexcept {
        if (kc::detail::library_host == nullptr) {
            *out = nullptr;
            *out_count = 0;
            return KC_FATAL;
        }
        return kc::detail::validate_config<T>(config, arena, out, out_count, err);
    }
    template <class T>
    static kc_descriptor describe() {
        static_assert(kc::detail::valid_plugin_class<T>());
        kc_descriptor d = kc::detail::make_descriptor<T>();
        d.validate = &validate<T>;
        return d;
    }

    std::array<kc_descriptor, sizeof...(Plugins)> descriptors_{describe<Plugins>()...};
    std::array<const kc_descriptor*, sizeof...(Plugins)> pointers_ = [this] {
        std::array<const kc_descriptor*, sizeof...(Plugins)> p{};
        for (size_t i = 0; i < p.size(); ++i)
            p[i] = &descriptors_[i];
        return p;
    }();
};

}  // namespace kc::host
