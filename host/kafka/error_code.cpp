#include "host/kafka/error_code.hpp"

#include <librdkafka/rdkafka.h>

namespace kc::host::kafka {

bool ErrorCode::queue_full() const {
    return code_ == RD_KAFKA_RESP_ERR__QUEUE_FULL;
}

std::string ErrorCode::message() const {
    return rd_kafka_err2str(static_cast<rd_kafka_resp_err_t>(code_));
}

}  // namespace kc::host::kafka
