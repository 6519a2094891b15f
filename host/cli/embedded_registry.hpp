// The schema registry a worker serves beside its embedded broker, so the
// zero-setup path (no bootstrap.servers) also works with AvroConverter,
// ProtobufConverter and JsonSchemaConverter: on 127.0.0.1 at
// `embedded.schema.registry.port` (8081, the port Confluent's registry uses,
// so connector configs can name it in advance; 0: any free port; -1: none).
#pragma once

#include <memory>

#include "host/config/worker_config.hpp"
#include "host/rest/registry/embedded_schema_registry.hpp"

namespace kc::host::cli {

// The registry, or nullptr when the setting turns it off or its port is taken
// (then a warning says so and the worker runs on without it). Throws
// ConfigError naming the key for a value that is not a port.
std::unique_ptr<rest::registry::EmbeddedSchemaRegistry> serve_embedded_registry(
    const config::WorkerConfig& config);

}  // namespace kc::host::cli
