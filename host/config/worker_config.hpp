#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/config/config_map.hpp"

namespace kc::host::config {

enum class WorkerMode { Standalone, Distributed };

// The worker's configuration: the raw properties as given (unknown keys kept
// and passed on; never resolved through config providers) plus typed getters
// applying Java's defaults. Construction checks the required keys of the mode
// and the type of every known key, throwing ConfigError naming the key.
class WorkerConfig {
  public:
    WorkerConfig(ConfigMap originals, WorkerMode mode);

    WorkerMode mode() const { return mode_; }
    const ConfigMap& originals() const { return originals_; }
    // Java originalsWithPrefix: "producer.", "consumer.", "admin.",
    // "key.converter.", "config.providers.", ...
    ConfigMap with_prefix(std::string_view prefix, bool strip = true) const {
        return originals_.with_prefix(prefix, strip);
    }

    // Generic typed access to any worker key; the default applies when unset.
    // Unknown keys without a default yield nullopt.
    std::optional<std::string> get_string(std::string_view key) const;
    int64_t get_long(std::string_view key) const;
    bool get_bool(std::string_view key) const;
    std::vector<std::string> get_list(std::string_view key) const;

    // unset = run an embedded broker (Java's default would be localhost:9092).
    std::optional<std::string> bootstrap_servers() const;
    std::string key_converter() const { return *get_string("key.converter"); }
    std::string value_converter() const { return *get_string("value.converter"); }
    std::string header_converter() const { return *get_string("header.converter"); }
    std::optional<std::string> offset_storage_file() const {
        return get_string("offset.storage.file.filename");
    }
    int64_t offset_flush_interval_ms() const { return get_long("offset.flush.interval.ms"); }
    int64_t offset_flush_timeout_ms() const { return get_long("offset.flush.timeout.ms"); }
    int64_t task_shutdown_graceful_timeout_ms() const {
        return get_long("task.shutdown.graceful.timeout.ms");
    }
    std::vector<std::string> plugin_path() const { return get_list("plugin.path"); }
    // Lower-cased: only_scan | hybrid_warn | hybrid_fail | service_load.
    std::string plugin_discovery() const;
    std::vector<std::string> listeners() const { return get_list("listeners"); }
    // None | Principal | All (Java's default in 3.x is All).
    std::string client_config_override_policy() const {
        return *get_string("connector.client.config.override.policy");
    }
    std::vector<std::string> config_providers() const { return get_list("config.providers"); }

  private:
    ConfigMap originals_;
    WorkerMode mode_;
};

// Java LIST parsing: trims, splits on commas, trims each item; "" = empty list.
std::vector<std::string> parse_list(std::string_view value);
// Java LONG / BOOLEAN parsing; throw ConfigError naming `key`.
int64_t parse_long(std::string_view key, std::string_view value);
bool parse_bool(std::string_view key, std::string_view value);

}  // namespace kc::host::config
