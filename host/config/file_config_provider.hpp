// org.apache.kafka.common.config.provider.FileConfigProvider:
// ${file:<properties file>:<key>}, the key's value in that properties file;
// parameter allowed.paths (KIP-993). Values never expire.
#pragma once

#include "host/config/allowed_paths.hpp"
#include "kc/config_provider.hpp"
#include "kc/version.hpp"

namespace kc::host::config {

class FileConfigProvider final : public kc::ConfigProvider {
  public:
    static constexpr kc::PluginInfo info{
        .class_name = "org.apache.kafka.common.config.provider.FileConfigProvider",
        .version = KC_SDK_VERSION,
        .doc = "Reads ${provider:<properties file>:<key>} from a properties file.",
        .flags = KC_FLAG_THREAD_SAFE,
    };
    static kc::ConfigDef configDef();

    void configure(const kc::ConfigMap& configs) override { allowed_.configure(configs); }
    kc::ConfigData get(const std::string& path) override;

  private:
    AllowedPaths allowed_;
};

}  // namespace kc::host::config
