// kc/plugin.hpp - what every plugin class has: its static metadata
// (PluginInfo) and, per instance, the host services, its context handle and a
// logger. The kind base classes (kc/connector.hpp, kc/source_task.hpp, ...)
// derive from kc::Plugin; kc/export.hpp turns classes into descriptors.
//
// A plugin class declares, as static members:
//   static constexpr kc::PluginInfo info{...};   class name, version, doc, aliases, flags
//   static kc::ConfigDef configDef();             optional: its configuration keys
//   using Task = MyTask;                          connectors only: their task class
// and inherits `kind` from its base class. The descriptor and the embedded
// manifest are both generated from these same constants.
//
// Ownership: an instance is created by the host (through the descriptor's
// create()) with the default constructor and destroyed by the host; host and
// context are available from the first lifecycle call (start/configure) on,
// not in the constructor.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>

#include "kc/abi.h"
#include "kc/config.hpp"
#include "kc/host.hpp"

namespace kc {

inline constexpr size_t kMaxAliases = 8;

// Static metadata of a plugin class; the descriptor and the manifest read it.
struct PluginInfo {
    const char* class_name = nullptr;  // Java-style full name, e.g. org.example.FooSourceConnector
    const char* version = nullptr;     // nullptr = "undefined"
    const char* doc = "";
    // Extra aliases (the host derives the simple-name ones itself); the last
    // slot always stays nullptr so the array is NULL-terminated.
    std::array<const char*, kMaxAliases + 1> aliases{};
    uint32_t flags = 0;  // KC_FLAG_* (KC_FLAG_THREAD_SAFE; converters: KC_FLAG_NULL_TO_NULL)
};

namespace detail {
struct PluginAccess;
}

class Plugin {
  public:
    Plugin() = default;
    Plugin(const Plugin&) = delete;
    Plugin& operator=(const Plugin&) = delete;
    virtual ~Plugin() = default;

    const kc_host* host() const noexcept { return host_; }
    kc_context* hostContext() const noexcept { return ctx_; }
    // The logger named after the plugin class. [any-thread]
    const Logger& log() const noexcept { return log_; }

  private:
    friend struct detail::PluginAccess;
    const kc_host* host_ = nullptr;
    kc_context* ctx_ = nullptr;
    Logger log_;
};

namespace detail {
// How the export layer binds a fresh instance to its host.
struct PluginAccess {
    static void bind(Plugin& p, const kc_host* host, kc_context* ctx, std::string logger_name) {
        p.host_ = host;
        p.ctx_ = ctx;
        p.log_ = Logger(host, ctx, std::move(logger_name));
    }
};
}  // namespace detail

}  // namespace kc
