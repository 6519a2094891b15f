// Sends records a sink task could not process to the dead letter queue topic
// (errors.deadletterqueue.topic.name): the original key, value and headers as
// consumed, plus Java's __connect.errors.* context headers when
// errors.deadletterqueue.context.headers.enable is set.
#pragma once

#include <memory>
#include <string>

#include "host/kafka/admin.hpp"
#include "host/kafka/client_config.hpp"
#include "host/runtime/connector_config.hpp"
#include "host/runtime/error_handler.hpp"
#include "host/runtime/kafka_clients.hpp"

namespace kc::host::runtime {

// Its producer comes from `clients`, which creates the topic through `admin`
// (the worker's or the task's own) when it is missing; throws when it cannot.
// Produce requests and failures count into `metrics` (may be null).
std::unique_ptr<ErrorReporter> make_dlq_reporter(KafkaClients& clients,
                                                 const kafka::ClientConfig& producer,
                                                 kafka::Admin* admin, const ErrorSettings& settings,
                                                 std::string connector, int task,
                                                 metrics::TaskMetrics* metrics = nullptr);

}  // namespace kc::host::runtime
