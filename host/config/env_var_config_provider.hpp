// org.apache.kafka.common.config.provider.EnvVarConfigProvider: ${env:<VAR>},
// the worker's environment variable; a non-empty path is an error. Parameter
// allowlist.pattern (KIP-887): the names it may disclose match this regular
// expression in full (default .*). Values never expire.
#pragma once

#include <optional>
#include <regex>

#include "kc/config_provider.hpp"
#include "kc/version.hpp"

namespace kc::host::config {

class EnvVarConfigProvider final : public kc::ConfigProvider {
  public:
    static constexpr kc::PluginInfo info{
        .class_name = "org.apache.kafka.common.config.provider.EnvVarConfigProvider",
        .version = KC_SDK_VERSION,
        .doc = "Reads ${provider:<VARIABLE>} from the worker's environment.",
        .flags = KC_FLAG_THREAD_SAFE,
    };
    static kc::ConfigDef configDef();

    void configure(const kc::ConfigMap& configs) override;
    kc::ConfigData get(const std::string& path) override;

  private:
    std::optional<std::regex> allow_;
};

}  // namespace kc::host::config
