// The connector's transforms in order, each optionally gated by a predicate
// (negate inverts it), built once per task from transforms=/predicates=
// settings. apply() runs each stage through the task's error handler.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "host/runtime/connector_config.hpp"
#include "host/runtime/error_handler.hpp"
#include "host/runtime/plugin_api.hpp"

namespace kc::host::runtime {

class TransformationChain {
  public:
    TransformationChain() = default;
    // Resolves and configures every transform and predicate. Throws
    // std::runtime_error whose message names the alias and key at fault.
    TransformationChain(PluginRegistry& registry, const ConnectorConfig& config,
                        InstanceContext* context);

    bool empty() const { return stages_.empty(); }

    // The transformed record, or nullptr when a transform dropped it or an
    // error was tolerated (`dropped_by_error` tells which). Throws TaskFailure.
    const kc_record* apply(const kc_record* record, Arena& arena, ErrorHandler& errors,
                           const kafka::ConsumedMessage* consumed,
                           bool* dropped_by_error = nullptr);

  private:
    struct Step {
        std::string alias;
        std::string class_name;
        std::unique_ptr<TransformInstance> transform;
        PredicateInstance* predicate = nullptr;
        bool negate = false;
    };
    std::vector<std::unique_ptr<PredicateInstance>> predicates_;
    std::vector<Step> stages_;
};

}  // namespace kc::host::runtime
