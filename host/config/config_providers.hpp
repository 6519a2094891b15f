#pragma once

#include <kc/abi.h>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "host/config/config_transformer.hpp"
#include "host/config/worker_config.hpp"

namespace kc::host::config {

// The worker's config providers (config.providers=<names>,
// config.providers.<n>.class, config.providers.<n>.param.<k>), resolving
// ${<n>:[path:]key} references when a config is used. Raw configs are never
// changed or kept resolved: resolve() returns a new map each time.
//
// Providers are instantiated from descriptors directly (vtable calls with a
// minimal services table of their own), on first use, so a worker whose
// configs reference no provider never loads one. Thread-safe.
class ConfigProviders {
  public:
    // Finds a provider descriptor by class name or alias; nullptr if unknown.
    using DescriptorResolver = std::function<const kc_descriptor*(const std::string& cls)>;

    // Default resolver: the built-in providers (builtin_config_providers()),
    // by full class name or simple name.
    explicit ConfigProviders(const WorkerConfig& worker, DescriptorResolver resolver = {});
    ~ConfigProviders();
    ConfigProviders(const ConfigProviders&) = delete;
    ConfigProviders& operator=(const ConfigProviders&) = delete;

    // Resolved copy of `raw` plus TTLs by path; throws ConfigError naming the
    // config key and the reference that could not be resolved.
    TransformedConfig resolve(const ConfigMap& raw);
    // The lookup resolve() uses, for callers with their own transform loop.
    ProviderData lookup(const std::string& provider, const std::string& path,
                        const std::set<std::string>& keys);

  private:
    struct Instance;
    Instance& instance(const std::string& name);

    std::set<std::string> names_;
    ConfigMap provider_settings_;  // config.providers.* of the worker
    DescriptorResolver resolver_;
    std::mutex mu_;
    std::map<std::string, std::unique_ptr<Instance>> instances_;
};

}  // namespace kc::host::config
