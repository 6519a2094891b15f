#pragma once

#include <librdkafka/rdkafka.h>

#include <stdexcept>
#include <string>

namespace kc::host::kafka {

// A Kafka client operation failed; `code` is librdkafka's error code.
class KafkaError : public std::runtime_error {
  public:
    KafkaError(rd_kafka_resp_err_t code, const std::string& what)
        : std::runtime_error(what), code_(code) {}
    rd_kafka_resp_err_t code() const { return code_; }
    // True for errors a caller may retry (broker down, timeouts, ...).
    bool retriable() const;
    // The group coordinator does not know the member committing: a group that
    // still has members refuses a commit from outside it.
    bool unknown_member() const { return code_ == RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID; }

  private:
    rd_kafka_resp_err_t code_;
};

}  // namespace kc::host::kafka
