#include "host/kafka/consumer.hpp"

#include <spdlog/spdlog.h>

#include <memory>

#include "host/kafka/kafka_error.hpp"

namespace kc::host::kafka {
namespace {

struct TplDeleter {
    void operator()(rd_kafka_topic_partition_list_t* l) const {
        rd_kafka_topic_partition_list_destroy(l);
    }
};
using TplPtr = std::unique_ptr<rd_kafka_topic_partition_list_t, TplDeleter>;

TplPtr to_list(const std::vector<TopicPartitionOffset>& tpos) {
    TplPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(tpos.size())));
    for (const auto& tpo : tpos) {
        rd_kafka_topic_partition_list_add(list.get(), tpo.topic.c_str(), tpo.partition)->offset =
            tpo.offset;
    }
    return list;
}

TplPtr to_list(const std::vector<TopicPartition>& tps) {
    TplPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(tps.size())));
    for (const auto& tp : tps) {
        rd_kafka_topic_partition_list_add(list.get(), tp.topic.c_str(), tp.partition);
    }
    return list;
}

std::vector<TopicPartition> partitions_of(const rd_kafka_topic_partition_list_t* list) {
    std::vector<TopicPartition> out;
    if (!list) return out;
    out.reserve(static_cast<std::size_t>(list->cnt));
    for (int i = 0; i < list->cnt; ++i) {
        out.push_back({list->elems[i].topic, list->elems[i].partition});
    }
    return out;
}

std::vector<TopicPartitionOffset> offsets_of(const rd_kafka_topic_partition_list_t* list) {
    std::vector<TopicPartitionOffset> out;
    if (!list) return out;
    out.reserve(static_cast<std::size_t>(list->cnt));
    for (int i = 0; i < list->cnt; ++i) {
        out.push_back({list->elems[i].topic, list->elems[i].partition, list->elems[i].offset});
    }
    return out;
}

void check(rd_kafka_resp_err_t err, const char* what) {
    if (err) throw KafkaError(err, std::string(what) + ": " + rd_kafka_err2str(err));
}

void check(rd_kafka_error_t* error, const char* what) {
    if (!error) return;
    const rd_kafka_resp_err_t code = rd_kafka_error_code(error);
    std::string msg = std::string(what) + ": " + rd_kafka_error_string(error);
    rd_kafka_error_destroy(error);
    throw KafkaError(code, msg);
}

void destroy_message(void* m) {
    rd_kafka_message_destroy(static_cast<rd_kafka_message_t*>(m));
}

// Adds `m` to `out`, which then holds it: the view points into it.
void add_message(MessageBatch& out, rd_kafka_message_t* m) {
    out.hold(m, &destroy_message);
    rd_kafka_timestamp_type_t type;
    const int64_t timestamp = rd_kafka_message_timestamp(m, &type);
    out.add({rd_kafka_topic_name(m->rkt),
             m->partition,
             m->offset,
             timestamp,
             type == RD_KAFKA_TIMESTAMP_CREATE_TIME       ? KC_TS_CREATE_TIME
             : type == RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME ? KC_TS_LOG_APPEND_TIME
                                                          : KC_TS_NONE,
             {static_cast<const char*>(m->key), m->key_len},
             {static_cast<const char*>(m->payload), m->len},
             {}});
    rd_kafka_headers_t* headers = nullptr;
    if (rd_kafka_message_headers(m, &headers) != RD_KAFKA_RESP_ERR_NO_ERROR || !headers) return;
    const char* name;
    const void* value;
    size_t size;
    for (size_t i = 0; !rd_kafka_header_get_all(headers, i, &name, &value, &size); ++i)
        out.add_header(name, {static_cast<const char*>(value), size});
}

}  // namespace

Consumer::Consumer(const ClientConfig& config, RebalanceListener* listener,
                   CommitCallback on_commit)
    : listener_(listener), on_commit_(std::move(on_commit)) {
    RdConfPtr conf = make_rd_conf(config.settings);
    rd_kafka_conf_set_rebalance_cb(conf.get(), &Consumer::rebalance_cb);
    rd_kafka_conf_set_offset_commit_cb(conf.get(), &Consumer::commit_cb);
    rd_kafka_conf_set_opaque(conf.get(), this);
    rk_ = make_rd_kafka(RD_KAFKA_CONSUMER, std::move(conf));
    // Route the main queue into the consumer queue so one poll serves all.
    rd_kafka_poll_set_consumer(rk_.get());
    fetch_waker_ = std::make_unique<FetchWaker>(rk_.get());
}

Consumer::~Consumer() {
    try {
        close();
    } catch (const std::exception& e) {
        spdlog::warn("error while closing Kafka consumer: {}", e.what());
    }
}

void Consumer::rebalance_cb(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                            rd_kafka_topic_partition_list_t* parts, void* opaque) {
    auto* self = static_cast<Consumer*>(opaque);
    const bool cooperative = std::string_view(rd_kafka_rebalance_protocol(rk)) == "COOPERATIVE";
    const std::vector<TopicPartition> tps = partitions_of(parts);
    try {
        if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
            rd_kafka_error_t* e = nullptr;
            if (cooperative) {
                e = rd_kafka_incremental_assign(rk, parts);
            } else {
                rd_kafka_resp_err_t code = rd_kafka_assign(rk, parts);
                if (code) e = rd_kafka_error_new(code, "%s", rd_kafka_err2str(code));
            }
            check(e, "assigning partitions");
            if (self->listener_) self->listener_->on_partitions_assigned(tps);
            return;
        }
        if (self->listener_) {
            if (rd_kafka_assignment_lost(rk)) {
                self->listener_->on_partitions_lost(tps);
            } else {
                self->listener_->on_partitions_revoked(tps);
            }
        }
    } catch (const std::exception& e) {
        // The group must still move on, or it stalls every member.
        spdlog::error("rebalance listener failed: {}", e.what());
    }
    if (err != RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
        if (cooperative) {
            if (rd_kafka_error_t* e = rd_kafka_incremental_unassign(rk, parts)) {
                spdlog::error("unassigning partitions: {}", rd_kafka_error_string(e));
                rd_kafka_error_destroy(e);
            }
        } else {
            rd_kafka_assign(rk, nullptr);
        }
    }
}

void Consumer::commit_cb(rd_kafka_t*, rd_kafka_resp_err_t err,
                         rd_kafka_topic_partition_list_t* offsets, void* opaque) {
    auto* self = static_cast<Consumer*>(opaque);
    if (err == RD_KAFKA_RESP_ERR__NO_OFFSET) return;  // nothing to commit
    if (self->on_commit_) {
        self->on_commit_(err, offsets_of(offsets));
    } else if (err) {
        spdlog::warn("asynchronous offset commit failed: {}", rd_kafka_err2str(err));
    }
}

void Consumer::subscribe(const std::vector<std::string>& topics) {
    TplPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(topics.size())));
    for (const std::string& t : topics) {
        rd_kafka_topic_partition_list_add(list.get(), t.c_str(), RD_KAFKA_PARTITION_UA);
    }
    check(rd_kafka_subscribe(rk_.get(), list.get()), "subscribing");
}

void Consumer::unsubscribe() {
    check(rd_kafka_unsubscribe(rk_.get()), "unsubscribing");
}

void Consumer::assign(const std::vector<TopicPartitionOffset>& partitions) {
    check(rd_kafka_assign(rk_.get(), to_list(partitions).get()), "assigning partitions");
}

std::vector<TopicPartition> Consumer::assignment() const {
    rd_kafka_topic_partition_list_t* raw = nullptr;
    check(rd_kafka_assignment(rk_.get(), &raw), "reading assignment");
    TplPtr list(raw);
    return partitions_of(list.get());
}

std::size_t Consumer::poll_batch(MessageBatch& out, std::size_t max, int timeout_ms) {
    out.clear();
    int wait = timeout_ms;
    std::size_t bytes = 0;
    while (out.size() < max) {
        // rd_kafka_consume_batch_queue() would save a little per message, but
        // on 2.0.2 a group consumer polled that way can stop being fed after
        // a rebalance (seen in the sink benchmark): one message per call.
        rd_kafka_message_t* m = rd_kafka_consumer_poll(rk_.get(), wait);
        if (!m) break;
        wait = 0;
        if (!m->err) {
            bytes += m->len + m->key_len;
            add_message(out, m);
            continue;
        }
        const rd_kafka_resp_err_t err = m->err;
        std::string detail = rd_kafka_message_errstr(m);
        std::string where =
            m->rkt ? std::string(rd_kafka_topic_name(m->rkt)) + "-" + std::to_string(m->partition)
                   : std::string("consumer");
        rd_kafka_message_destroy(m);
        if (err == RD_KAFKA_RESP_ERR__PARTITION_EOF) continue;
        if (err == RD_KAFKA_RESP_ERR__FATAL) {
            char buf[512];
            rd_kafka_fatal_error(rk_.get(), buf, sizeof buf);
            throw KafkaError(err, std::string("fatal consumer error: ") + buf);
        }
        spdlog::warn("consumer error on {}: {}", where, detail);
    }
    fetch_waker_->after_poll(out.size(), bytes);
    return out.size();
}

void Consumer::commit(const std::vector<TopicPartitionOffset>& offsets, bool async) {
    if (offsets.empty()) return;
    check(rd_kafka_commit(rk_.get(), to_list(offsets).get(), async ? 1 : 0), "committing offsets");
}

void Consumer::commit_sync(const std::vector<TopicPartitionOffset>& offsets) {
    commit(offsets, false);
}

void Consumer::commit_async(const std::vector<TopicPartitionOffset>& offsets) {
    commit(offsets, true);
}

std::vector<TopicPartitionOffset> Consumer::committed(const std::vector<TopicPartition>& partitions,
                                                      int timeout_ms) {
    TplPtr list = to_list(partitions);
    check(rd_kafka_committed(rk_.get(), list.get(), timeout_ms), "reading committed offsets");
    return offsets_of(list.get());
}

std::vector<TopicPartitionOffset> Consumer::position(
    const std::vector<TopicPartition>& partitions) {
    TplPtr list = to_list(partitions);
    check(rd_kafka_position(rk_.get(), list.get()), "reading positions");
    return offsets_of(list.get());
}

std::vector<TopicPartitionOffset> Consumer::end_offsets(
    const std::vector<TopicPartition>& partitions, int timeout_ms) {
    return list_offsets(partitions, RD_KAFKA_OFFSET_END, "end offset", timeout_ms);
}

std::vector<TopicPartitionOffset> Consumer::start_offsets(
    const std::vector<TopicPartition>& partitions, int timeout_ms) {
    return list_offsets(partitions, RD_KAFKA_OFFSET_BEGINNING, "start offset", timeout_ms);
}

std::vector<TopicPartitionOffset> Consumer::list_offsets(
    const std::vector<TopicPartition>& partitions, int64_t sentinel, const char* what,
    int timeout_ms) {
    TplPtr list = to_list(partitions);
    // offsets_for_times with an "earliest"/"latest" sentinel as the timestamp
    // is a ListOffsets request for those offsets, batched per leader.
    for (int i = 0; i < list->cnt; ++i)
        list->elems[i].offset = sentinel;
    check(rd_kafka_offsets_for_times(rk_.get(), list.get(), timeout_ms),
          (std::string("reading ") + what + "s").c_str());
    for (int i = 0; i < list->cnt; ++i) {
        const rd_kafka_topic_partition_t& tp = list->elems[i];
        if (tp.err) {
            throw KafkaError(tp.err, std::string("reading the ") + what + " of " + tp.topic + "-" +
                                         std::to_string(tp.partition) + ": " +
                                         rd_kafka_err2str(tp.err));
        }
    }
    return offsets_of(list.get());
}

void Consumer::pause(const std::vector<TopicPartition>& partitions) {
    check(rd_kafka_pause_partitions(rk_.get(), to_list(partitions).get()), "pausing partitions");
}

void Consumer::resume(const std::vector<TopicPartition>& partitions) {
    check(rd_kafka_resume_partitions(rk_.get(), to_list(partitions).get()), "resuming partitions");
}

void Consumer::seek(const std::vector<TopicPartitionOffset>& offsets, int timeout_ms) {
    TplPtr list = to_list(offsets);
    check(rd_kafka_seek_partitions(rk_.get(), list.get(), timeout_ms), "seeking");
    for (int i = 0; i < list->cnt; ++i) {
        check(list->elems[i].err, "seeking partition");
    }
}

void Consumer::wakeup() {
    // poll_batch() waits on the consumer queue (the main queue is routed to it).
    rd_kafka_queue_t* queue = rd_kafka_queue_get_consumer(rk_.get());
    if (!queue) return;  // no group.id: no consumer queue to wait on
    rd_kafka_queue_yield(queue);
    rd_kafka_queue_destroy(queue);
}

void Consumer::close() {
    if (closed_) return;
    closed_ = true;
    check(rd_kafka_consumer_close(rk_.get()), "closing consumer");
}

}  // namespace kc::host::kafka
