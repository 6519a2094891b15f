// A Kafka client's error code (librdkafka's rd_kafka_resp_err_t value), so the
// layers above host/kafka carry, test and print one without librdkafka's header.
#pragma once

#include <string>

namespace kc::host::kafka {

class ErrorCode {
  public:
    constexpr ErrorCode() = default;
    constexpr explicit ErrorCode(int code) : code_(code) {}

    constexpr int value() const { return code_; }
    // True for an error, false for "no error".
    constexpr explicit operator bool() const { return code_ != 0; }
    bool operator==(const ErrorCode&) const = default;

    // The producer's local queue is full: serve delivery reports and retry.
    bool queue_full() const;
    // True for errors a caller may retry (broker down, timeouts, ...).
    bool retriable() const;
    // The group coordinator does not know the member committing: a group that
    // still has members refuses a commit from outside it.
    bool unknown_member() const;
    // librdkafka's description of the code.
    std::string message() const;

  private:
    int code_ = 0;
};

}  // namespace kc::host::kafka
