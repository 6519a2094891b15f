// Validation of a connector config in Java's ConfigInfos shape: the core
// connector keys (name, connector.class, tasks.max, converters, transforms,
// predicates, errors.*, sink topics), the connector's own definition and
// validate(), each transform's and predicate's definition under its prefix,
// the converters, and client overrides against the worker's policy.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "host/herder/herder.hpp"
#include "host/runtime/worker.hpp"

namespace kc::host {

class ConnectorValidator {
  public:
    explicit ConnectorValidator(runtime::Worker& worker) : worker_(worker) {}

    // Checks `config` with its ${provider:...} placeholders resolved and shows
    // the values as given. Always returns the results (errors included); throws
    // HerderError 400 when connector.class is missing or names no connector,
    // or a placeholder's provider fails.
    ConfigInfos validate(const config::ConfigMap& config);
    // Definition of any plugin given by class or alias (404 / 400 per Herder).
    std::vector<ConfigKeyInfo> plugin_config(const std::string& plugin);
    // PASSWORD-typed keys of the connector and of its transforms/predicates.
    std::set<std::string> password_keys(const config::ConfigMap& config);

    // Java's "Connector configuration is invalid and contains the following N error(s):..."
    static std::string invalid_message(const ConfigInfos& infos);

  private:
    runtime::Worker& worker_;
};

// Java's enum names for a config key of the ABI.
ConfigKeyInfo key_info(const kc_config_key& key, const std::string& prefix = {});

}  // namespace kc::host
