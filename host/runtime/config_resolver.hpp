// Resolves ${provider:[path:]key} placeholders (Java ConfigTransformer) through
// the worker's config.providers, at the moment a config is used. Raw configs
// are stored and returned unresolved; only what is handed to plugins is resolved.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "host/config/worker_config.hpp"
#include "host/plugins/instances.hpp"
#include "host/plugins/plugin_registry.hpp"
#include "host/runtime/connector_config.hpp"

namespace kc::host::runtime {

class ConfigResolver {
  public:
    // Providers are created lazily, on the first placeholder naming them.
    ConfigResolver(const config::WorkerConfig& worker, PluginRegistry& registry);
    ~ConfigResolver();

    // Throws std::runtime_error naming the key and the placeholder it could not resolve.
    Settings resolve(const Settings& raw);

  private:
    ConfigProviderInstance& provider(const std::string& name);

    const config::WorkerConfig& worker_;
    PluginRegistry& registry_;
    std::mutex mutex_;
    InstanceContext context_;
    std::map<std::string, std::unique_ptr<ConfigProviderInstance>> providers_;
};

}  // namespace kc::host::runtime
