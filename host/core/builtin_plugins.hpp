// Plugin classes written on the SDK and built into the worker (the converters
// and config providers Java ships), as the descriptor table a plugin library
// would export, for PluginRegistry::add_builtin(). Their validate() allocates
// through the services table given to kc::set_linked_plugin_host(), which the
// worker calls once at start-up.
#pragma once

#include <array>
#include <cstddef>
#include <span>

#include "kc/abi.h"
#include "kc/export.hpp"

namespace kc::host {

// One descriptor per class, built on first use, in the order given.
template <class... Plugins>
class BuiltinPlugins {
  public:
    std::span<const kc_descriptor* const> descriptors() const { return pointers_; }

  private:
    std::array<kc_descriptor, sizeof...(Plugins)> descriptors_{
        kc::linked_plugin_descriptor<Plugins>()...};
    std::array<const kc_descriptor*, sizeof...(Plugins)> pointers_ = [this] {
        std::array<const kc_descriptor*, sizeof...(Plugins)> p{};
        for (size_t i = 0; i < p.size(); ++i)
            p[i] = &descriptors_[i];
        return p;
    }();
};

}  // namespace kc::host
