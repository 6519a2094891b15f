#include "host/kafka/producer.hpp"

#include "host/kafka/kafka_error.hpp"

namespace kc::host::kafka {

Producer::Producer(const ClientConfig& config, DeliveryCallback on_delivery)
    : on_delivery_(std::move(on_delivery)) {
    RdConfPtr conf = make_rd_conf(config.settings);
    rd_kafka_conf_set_dr_msg_cb(conf.get(), &Producer::dr_cb);
    rd_kafka_conf_set_opaque(conf.get(), this);
    rk_ = make_rd_kafka(RD_KAFKA_PRODUCER, std::move(conf));
}

Producer::~Producer() {
    rd_kafka_purge(rk_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    rd_kafka_flush(rk_.get(), 1000);
    for (auto& [name, rkt] : topics_)
        rd_kafka_topic_destroy(rkt);
}

void Producer::dr_cb(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque) {
    auto* self = static_cast<Producer*>(opaque);
    if (!self->on_delivery_) return;
    // Reports arrive in runs for one topic: its name is looked up once a run.
    if (msg->rkt != self->dr_rkt_) {
        self->dr_rkt_ = msg->rkt;
        self->dr_topic_ = msg->rkt ? rd_kafka_topic_name(msg->rkt) : "";
    }
    const std::string_view topic = self->dr_topic_;
    rd_kafka_timestamp_type_t ts_type;
    const DeliveryReport report{
        ErrorCode(msg->err),
        topic,
        msg->partition,
        msg->err ? -1 : msg->offset,
        rd_kafka_message_timestamp(msg, &ts_type),
        msg->_private,
    };
    self->on_delivery_(report);
}

rd_kafka_topic_t* Producer::topic_handle(std::string_view topic) {
    if (last_rkt_ && topic == last_topic_) return last_rkt_;
    auto it = topics_.find(topic);
    if (it == topics_.end()) {
        std::string name(topic);
        rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk_.get(), name.c_str(), nullptr);
        if (!rkt) {
            throw KafkaError(rd_kafka_last_error(),
                             "cannot create topic handle for '" + name + "'");
        }
        it = topics_.emplace(std::move(name), rkt).first;
    }
    last_topic_ = it->first;
    last_rkt_ = it->second;
    return last_rkt_;
}

ErrorCode Producer::produce(std::string_view topic, int32_t partition, kc_str key, kc_str value,
                            std::span<const ProduceHeader> headers, int64_t timestamp_ms,
                            void* opaque) {
    rd_kafka_headers_t* hdrs = nullptr;
    if (!headers.empty()) {
        hdrs = rd_kafka_headers_new(headers.size());
        for (const ProduceHeader& h : headers) {
            rd_kafka_header_add(hdrs, h.key.data(), static_cast<ssize_t>(h.key.size()), h.value.ptr,
                                h.value.ptr ? h.value.len : 0);
        }
    }
    const rd_kafka_resp_err_t err =
        rd_kafka_producev(rk_.get(), RD_KAFKA_V_RKT(topic_handle(topic)),
                          RD_KAFKA_V_PARTITION(partition), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                          RD_KAFKA_V_KEY(const_cast<char*>(key.ptr), key.ptr ? key.len : 0),
                          RD_KAFKA_V_VALUE(const_cast<char*>(value.ptr), value.ptr ? value.len : 0),
                          RD_KAFKA_V_TIMESTAMP(timestamp_ms < 0 ? 0 : timestamp_ms),
                          RD_KAFKA_V_HEADERS(hdrs), RD_KAFKA_V_OPAQUE(opaque), RD_KAFKA_V_END);
    // On success librdkafka owns the headers; on failure they are still ours.
    if (err && hdrs) rd_kafka_headers_destroy(hdrs);
    return ErrorCode(err);
}

void Producer::produce_batch(OutgoingBatch& batch, std::size_t first) {
    if (first >= batch.slots_.size()) return;
    rd_kafka_produce_batch(topic_handle(batch.topic()), RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY,
                           batch.slots_.data() + first,
                           static_cast<int>(batch.slots_.size() - first));
}

int Producer::poll(int timeout_ms) {
    return rd_kafka_poll(rk_.get(), timeout_ms);
}

ErrorCode Producer::flush(int timeout_ms) {
    return ErrorCode(rd_kafka_flush(rk_.get(), timeout_ms));
}

int Producer::in_flight() const {
    return rd_kafka_outq_len(rk_.get());
}

}  // namespace kc::host::kafka
