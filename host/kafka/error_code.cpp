#include "host/kafka/error_code.hpp"

#include <librdkafka/rdkafka.h>

namespace kc::host::kafka {

bool ErrorCode::queue_full() const {
    return code_ == RD_KAFKA_RESP_ERR__QUEUE_FULL;
}

bool ErrorCode::retriable() const {
    switch (code_) {
        case RD_KAFKA_RESP_ERR__TRANSPORT:
        case RD_KAFKA_RESP_ERR__TIMED_OUT:
        case RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN:
        case RD_KAFKA_RESP_ERR__QUEUE_FULL:
        case RD_KAFKA_RESP_ERR__WAIT_COORD:
        case RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT:
        case RD_KAFKA_RESP_ERR_NOT_COORDINATOR:
        case RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE:
        case RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS:
        case RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE:
        case RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION:
        case RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION:
        case RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS:
            return true;
        default:
            return false;
    }
}

bool ErrorCode::unknown_member() const {
    return code_ == RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID;
}

std::string ErrorCode::message() const {
    return rd_kafka_err2str(static_cast<rd_kafka_resp_err_t>(code_));
}

}  // namespace kc::host::kafka
