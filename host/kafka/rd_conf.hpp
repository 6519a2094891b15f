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

struct RdKafkaDeleter {
    void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
using RdKafkaPtr = std::unique_ptr<rd_kafka_t, RdKafkaDeleter>;

// A librdkafka conf holding `settings`, with librdkafka's log and error
// callbacks routed into spdlog. Throws config::ConfigError on a bad setting.
RdConfPtr make_rd_conf(const config::ConfigMap& settings);

// rd_kafka_new, throwing KafkaError with librdkafka's reason. Takes the conf.
RdKafkaPtr make_rd_kafka(rd_kafka_type_t type, RdConfPtr conf);

}  // namespace kc::host::kafka
