#include "host/runtime/failure_trace.hpp"

#include "host/plugins/host_services.hpp"

namespace kc::host::runtime {

std::string failure_trace(const std::exception& e) {
    std::string trace = "org.apache.kafka.connect.errors.ConnectException: ";
    trace += e.what();
    if (auto* pe = dynamic_cast<const PluginError*>(&e); pe && !pe->trace.empty())
        trace += "\nCaused by: " + pe->trace;
    return trace;
}

}  // namespace kc::host::runtime
