#pragma once

#include <librdkafka/rdkafka.h>

#include <memory>
#include <string>

#include "host/config/config_map.hpp"

namespace kc::host::kafka {

struct RdConfDeleter {
    void operator()(rd_kafka_conf_t* c) const { rd_kafka_conf_destroy(c); }
};
using RdConfPtr = std::unique_ptr<rd_kafka_conf_t, RdConfDeleter>;

// Destroys the client and drops its statistics from the metrics.
struct RdKafkaDeleter {
    void operator()(rd_kafka_t* rk) const;
};
using RdKafkaPtr = std::unique_ptr<rd_kafka_t, RdKafkaDeleter>;

// A librdkafka conf holding `settings`, with librdkafka's log and error
// callbacks routed into spdlog, and its statistics (when the settings ask for
// them with statistics.interval.ms) into the metrics. Throws config::ConfigError on a bad setting.
RdConfPtr make_rd_conf(const config::ConfigMap& settings);

// rd_kafka_new, throwing KafkaError with librdkafka's reason. Takes the conf.
RdKafkaPtr make_rd_kafka(rd_kafka_type_t type, RdConfPtr conf);

// An admin client's handle, which nobody polls: librdkafka serves its main
// queue on a background thread of its own, errors go to the log as
// make_rd_conf's do, and statistics into the metrics as Java's
// admin-client-metrics (an admin handle's own statistics say "producer").
// Without this the statistics of an unpolled client would pile up unread.
RdKafkaPtr make_admin_rd_kafka(RdConfPtr conf);

}  // namespace kc::host::kafka
