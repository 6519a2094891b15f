#include "embedded_registry.hpp"

#include <spdlog/spdlog.h>

#include "host/config/config_error.hpp"

namespace kc::host::cli {

namespace {
constexpr const char* kPortKey = "embedded.schema.registry.port";
}

std::unique_ptr<rest::registry::EmbeddedSchemaRegistry> serve_embedded_registry(
    const config::WorkerConfig& config) {
    const int64_t port = config.get_long(kPortKey);
    if (port == -1) return nullptr;
    if (port < 0 || port > 65535)
        throw config::ConfigError(std::string("Invalid value ") + std::to_string(port) +
                                  " for configuration " + kPortKey +
                                  ": a port number, 0 for any free port or -1 for no registry");
    try {
        auto registry = std::make_unique<rest::registry::EmbeddedSchemaRegistry>(
            static_cast<unsigned short>(port));
        spdlog::warn(
            "bootstrap.servers is not set: this worker also serves an embedded, in-memory schema "
            "registry: schema.registry.url={}",
            registry->url());
        return registry;
    } catch (const std::exception& e) {
        spdlog::warn(
            "No embedded schema registry on port {} ({}): set {} to a free port, 0 for "
            "any, or -1 for none",
            port, e.what(), kPortKey);
        return nullptr;
    }
}

}  // namespace kc::host::cli
