// A Kafka client operation failed. It carries the client's error code as
// kafka::ErrorCode, so code above host/kafka can catch and classify it
// without librdkafka's header.
#pragma once

#include <stdexcept>
#include <string>

#include "host/kafka/error_code.hpp"

namespace kc::host::kafka {

class KafkaError : public std::runtime_error {
  public:
    KafkaError(ErrorCode code, const std::string& what) : std::runtime_error(what), code_(code) {}
    // librdkafka's code as host/kafka's sources have it (rd_kafka_resp_err_t
    // converts to int), so they need not wrap every one.
    KafkaError(int code, const std::string& what) : KafkaError(ErrorCode(code), what) {}

    ErrorCode code() const { return code_; }
    // True for errors a caller may retry (broker down, timeouts, ...).
    bool retriable() const { return code_.retriable(); }
    // A group that still has members refuses a commit from outside it.
    bool unknown_member() const { return code_.unknown_member(); }

  private:
    ErrorCode code_;
};

}  // namespace kc::host::kafka
