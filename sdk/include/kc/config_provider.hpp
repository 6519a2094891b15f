// kc/config_provider.hpp - Java ConfigProvider, resolving ${provider:path:key}.
// One instance per worker; the host serialises configure() and get()
// [serialised] (the rules are in kc/abi.h; KC_FLAG_THREAD_SAFE is reserved).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "kc/config.hpp"
#include "kc/plugin.hpp"

namespace kc {

// Java ConfigData: values found under a path, and how long they stay valid.
struct ConfigData {
    std::map<std::string, std::string> data;
    std::optional<int64_t> ttlMs;  // nullopt = never expires
};

class ConfigProvider : public Plugin {
  public:
    static constexpr kc_plugin_kind kind = KC_KIND_CONFIG_PROVIDER;

    virtual void configure(const ConfigMap& configs) = 0;
    // Every key under path.
    virtual ConfigData get(const std::string& path) = 0;
    // Only `keys` (default: every key under path, filtered).
    virtual ConfigData get(const std::string& path, const std::set<std::string>& keys) {
        ConfigData all = get(path);
        std::erase_if(all.data, [&](const auto& kv) { return !keys.count(kv.first); });
        return all;
    }
};

}  // namespace kc
