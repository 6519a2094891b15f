// org.apache.kafka.common.config.provider.DirectoryConfigProvider:
// ${directory:<dir>:<file name>}, that file's content; parameter
// allowed.paths (KIP-993), which a file linking out of it does not escape.
// Values never expire.
#pragma once

#include <set>

#include "host/config/allowed_paths.hpp"
#include "kc/config_provider.hpp"
#include "kc/version.hpp"

namespace kc::host::config {

class DirectoryConfigProvider final : public kc::ConfigProvider {
  public:
    static constexpr kc::PluginInfo info{
        .class_name = "org.apache.kafka.common.config.provider.DirectoryConfigProvider",
        .version = KC_SDK_VERSION,
        .doc = "Reads ${provider:<directory>:<file name>} as the content of that file.",
        .flags = KC_FLAG_THREAD_SAFE,
    };
    static kc::ConfigDef configDef();

    void configure(const kc::ConfigMap& configs) override { allowed_.configure(configs); }
    kc::ConfigData get(const std::string& path) override;
    // Reads only the wanted files.
    kc::ConfigData get(const std::string& path, const std::set<std::string>& keys) override;

  private:
    kc::ConfigData read(const std::string& path, const std::set<std::string>* keys) const;
    AllowedPaths allowed_;
};

}  // namespace kc::host::config
