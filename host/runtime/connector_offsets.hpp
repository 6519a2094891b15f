// A connector's committed offsets, read and changed by the worker for any
// herder (KIP-875; Java's Worker.connectorOffsets and modifyConnectorOffsets):
// source offsets in the worker's offset store, sink offsets in the
// connector's consumer group. Whether a change is allowed (the connector
// STOPPED) is the herder's call.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "host/config/config_map.hpp"
#include "host/storage/offset_json.hpp"

namespace kc::host {

// One entry of GET/PATCH /connectors/{c}/offsets. Sink connectors use partition
// {"kafka_topic":string,"kafka_partition":int} and offset {"kafka_offset":int}; source
// connectors use their own maps. offset == nullopt (JSON null) in a PATCH resets that partition.
struct ConnectorOffset {
    storage::OffsetMap partition;
    std::optional<storage::OffsetMap> offset;
};

namespace runtime {

class Worker;

// A change the request itself makes impossible (bad partitions, the
// connector refusing); the REST layer answers 400 with its message.
class OffsetRequestError : public std::invalid_argument {
  public:
    using std::invalid_argument::invalid_argument;
};

// Java's answer (400) to an offsets change of a connector not STOPPED.
std::string offsets_need_stopped_connector(const std::string& name);

std::vector<ConnectorOffset> read_connector_offsets(Worker& worker, const std::string& name,
                                                    const config::ConfigMap& raw);

// Alters `offsets`, or resets every offset when `offsets` is nullptr. The
// connector is asked first (Connector.alterOffsets, on a fresh instance).
// Returns Java's success message ("The offsets for this connector have been
// altered successfully", "... reset ...", or the framework-managed variant).
std::string change_connector_offsets(Worker& worker, const std::string& name,
                                     const config::ConfigMap& raw,
                                     const std::vector<ConnectorOffset>* offsets);

}  // namespace runtime
}  // namespace kc::host
