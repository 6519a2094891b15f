#include "host/kafka/kafka_based_log.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "host/kafka/admin.hpp"
#include "host/kafka/consumer.hpp"
#include "host/kafka/kafka_error.hpp"
#include "host/kafka/producer.hpp"

namespace kc::host::kafka {
namespace {

using Clock = std::chrono::steady_clock;

// How long the reader blocks in one poll when nobody waits for it; a
// read_to_end() request wakes it early.
constexpr int kIdlePollMs = 1000;
// How long it blocks while catching up, or between attempts to get the end
// offsets while the brokers are away.
constexpr int kBusyPollMs = 200;
constexpr int kEndOffsetsTimeoutMs = 2000;
// Java's max.block.ms: how long send() waits for room in a full queue.
constexpr auto kQueueFullWait = std::chrono::seconds(60);

// An empty but present key or value must not become a null one.
kc_str bytes_of(const std::optional<std::string_view>& s) {
    if (!s) return {nullptr, 0};
    return {s->data() ? s->data() : "", s->size()};
}

std::optional<std::string_view> view_of(kc_str s) {
    if (!s.ptr) return std::nullopt;
    return std::string_view(s.ptr, s.len);
}

int ms_until(Clock::time_point deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return static_cast<int>(std::clamp<int64_t>(left, 0, 1 << 30));
}

std::string send_failure(const std::string& topic, rd_kafka_resp_err_t err) {
    std::string msg = "cannot write to topic '" + topic + "': " + rd_kafka_err2str(err);
    if (err == RD_KAFKA_RESP_ERR__MSG_TIMED_OUT) {
        msg += " (not acknowledged within delivery.timeout.ms; is Kafka reachable?)";
    } else if (err == RD_KAFKA_RESP_ERR__PURGE_QUEUE || err == RD_KAFKA_RESP_ERR__PURGE_INFLIGHT) {
        msg += " (the log was stopped before the record was acknowledged)";
    }
    return msg;
}

}  // namespace

struct KafkaBasedLog::PendingSend {
    SendCallback on_done;
};

KafkaBasedLog::KafkaBasedLog(std::string topic, std::optional<ClientConfig> producer_config,
                             ClientConfig consumer_config, RecordCallback on_record)
    : topic_(std::move(topic)),
      producer_config_(std::move(producer_config)),
      consumer_config_(std::move(consumer_config)),
      on_record_(std::move(on_record)) {
    // Forced as Java's KafkaBasedLog forces them: durable writes kept in order,
    // and a consumer that reads the whole log and never commits.
    if (producer_config_) {
        producer_config_->settings.set("acks", "all");
        producer_config_->settings.set("max.in.flight.requests.per.connection", "1");
    }
    consumer_config_.settings.set("auto.offset.reset", "earliest");
    consumer_config_.settings.set("enable.auto.commit", "false");
    // librdkafka's default is read_committed, Java's read_uncommitted.
    if (!consumer_config_.settings.contains("isolation.level")) {
        consumer_config_.settings.set("isolation.level", "read_uncommitted");
    }
    if (!consumer_config_.settings.contains("group.id")) {
        consumer_config_.settings.set("group.id", topic_ + "-reader");
    }
}

KafkaBasedLog::~KafkaBasedLog() {
    stop();
}

void KafkaBasedLog::start(std::chrono::milliseconds timeout) {
    const Clock::time_point deadline = Clock::now() + timeout;
    {
        std::lock_guard lock(mu_);
        if (started_ || stopping_) {
            throw KafkaError(RD_KAFKA_RESP_ERR__STATE,
                             "the log of topic '" + topic_ + "' was already started");
        }
    }
    auto consumer = std::make_unique<Consumer>(consumer_config_);
    // All-topics metadata: asking for this topic by name would make a broker
    // that auto-creates topics (the embedded one always does) create it with
    // its default partition count.
    std::optional<int32_t> count;
    std::string why = "it does not exist";
    for (;;) {
        try {
            count =
                kafka::partition_count(consumer->handle(), topic_, std::max(1, ms_until(deadline)));
            if (count) break;
            why = "it does not exist";
        } catch (const KafkaError& e) {
            why = e.what();
        }
        if (Clock::now() >= deadline) {
            throw KafkaError(RD_KAFKA_RESP_ERR__TIMED_OUT,
                             "cannot start reading topic '" + topic_ +
                                 "': no partitions found at " + "bootstrap.servers=" +
                                 consumer_config_.settings.get_or("bootstrap.servers", "") +
                                 " within " + std::to_string(timeout.count()) + " ms (" + why +
                                 ")");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(std::min(100, ms_until(deadline))));
    }
    partitions_ = static_cast<std::size_t>(*count);
    next_offsets_.assign(partitions_, -1);
    std::vector<TopicPartition> partitions;
    for (int32_t p = 0; p < *count; ++p) {
        partitions.push_back({topic_, p});
    }
    // Both ends of each partition are asked for before the assignment, while
    // no fetch is in flight: once fetching, every other request waits behind
    // the broker's long poll of an empty partition (fetch.wait.max.ms), per
    // connection. Assigning at the start offsets rather than at the
    // "beginning" sentinel also spares librdkafka's timer for resolving a
    // sentinel, which first fires ~0.5 s after an assignment made before the
    // partition leaders are known.
    std::vector<TopicPartitionOffset> assignment;
    try {
        assignment = consumer->start_offsets(partitions, std::max(1, ms_until(deadline)));
        std::vector<int64_t> end(partitions_, 0);
        for (const TopicPartitionOffset& tpo :
             consumer->end_offsets(partitions, std::max(1, ms_until(deadline)))) {
            end.at(static_cast<std::size_t>(tpo.partition)) = tpo.offset;
        }
        first_end_offsets_ = std::move(end);
        for (const TopicPartitionOffset& tpo : assignment) {
            next_offsets_.at(static_cast<std::size_t>(tpo.partition)) = tpo.offset;
        }
    } catch (const KafkaError& e) {
        spdlog::debug("topic '{}': no start and end offsets yet ({}); reading from the beginning",
                      topic_, e.what());
        assignment.clear();
        for (const TopicPartition& tp : partitions) {
            assignment.push_back({tp.topic, tp.partition, RD_KAFKA_OFFSET_BEGINNING});
        }
    }
    consumer->assign(assignment);

    std::unique_ptr<Producer> producer;
    if (producer_config_) {
        producer =
            std::make_unique<Producer>(*producer_config_, [this](const DeliveryReport& report) {
                std::unique_ptr<PendingSend> pending(static_cast<PendingSend*>(report.opaque));
                SendResult result{report.error, {}, report.partition, report.offset};
                if (report.error)
                    result.message = send_failure(
                        topic_, static_cast<rd_kafka_resp_err_t>(report.error.value()));
                if (pending && pending->on_done) {
                    try {
                        pending->on_done(result);
                    } catch (const std::exception& e) {
                        spdlog::error("send callback for topic '{}' failed: {}", topic_, e.what());
                    }
                } else if (report.error) {
                    spdlog::warn("a record was not written: {}", result.message);
                }
                cv_.notify_all();  // flush() waits for this
            });
    }
    {
        std::lock_guard lock(mu_);
        consumer_ = std::move(consumer);
        started_ = true;
    }
    {
        std::lock_guard lock(send_mu_);
        producer_ = std::move(producer);
    }
    reader_ = std::thread([this] { read_loop(); });
    if (producer_)
        deliverer_ = std::thread([this, p = producer_.get()] {
            while (!stopping_)
                p->poll(kBusyPollMs);
        });
    try {
        read_to_end(std::chrono::milliseconds(std::max(1, ms_until(deadline))));
    } catch (const KafkaError& e) {
        stop(std::chrono::milliseconds(0));
        throw KafkaError(e.code(),
                         std::string("cannot start reading topic '") + topic_ + "': " + e.what());
    }
    spdlog::info("reading topic '{}' ({} partition{}): caught up", topic_, partitions_,
                 partitions_ == 1 ? "" : "s");
}

void KafkaBasedLog::stop(std::chrono::milliseconds flush_timeout) {
    {
        std::lock_guard lock(mu_);
        if (!started_ || stopping_) return;  // never started, or another caller stops it
        stopping_ = true;
        consumer_->wakeup();
    }
    if (reader_.joinable()) reader_.join();
    if (deliverer_.joinable()) deliverer_.join();

    std::vector<ReadToEndCallback> requests;
    std::unique_ptr<Consumer> consumer;
    {
        std::lock_guard lock(mu_);
        requests.swap(read_requests_);
        consumer = std::move(consumer_);
        started_ = false;
    }
    const auto stopped = std::make_exception_ptr(
        KafkaError(RD_KAFKA_RESP_ERR__DESTROY,
                   "the log of topic '" + topic_ + "' was stopped before it was read to the end"));
    for (ReadToEndCallback& done : requests) {
        try {
            done(stopped);
        } catch (const std::exception& e) {
            spdlog::error("read-to-end callback for topic '{}' failed: {}", topic_, e.what());
        }
    }
    // Out of send_mu_ before flushing: a send callback may call send(), which
    // now fails at once instead of waiting for this lock.
    std::unique_ptr<Producer> producer;
    {
        std::lock_guard lock(send_mu_);
        producer = std::move(producer_);
    }
    if (producer) {
        if (producer->flush(static_cast<int>(flush_timeout.count()))) {
            spdlog::warn(
                "stopping the log of topic '{}': {} record(s) not acknowledged within {} "
                "ms are given up",
                topic_, producer->in_flight(), flush_timeout.count());
        }
        producer.reset();  // purges the rest, failing their callbacks
    }
    consumer.reset();  // closes
    cv_.notify_all();
}

void KafkaBasedLog::send(std::optional<std::string_view> key, std::optional<std::string_view> value,
                         SendCallback on_done) {
    std::unique_ptr<PendingSend> pending(on_done ? new PendingSend{std::move(on_done)} : nullptr);
    const Clock::time_point give_up = Clock::now() + kQueueFullWait;
    std::lock_guard lock(send_mu_);
    if (!producer_) {
        throw KafkaError(
            RD_KAFKA_RESP_ERR__STATE,
            "cannot write to topic '" + topic_ +
                "': " + (producer_config_ ? "the log is not running" : "the log is read-only"));
    }
    for (;;) {
        const auto err = static_cast<rd_kafka_resp_err_t>(
            producer_
                ->produce(topic_, RD_KAFKA_PARTITION_UA, bytes_of(key), bytes_of(value), {}, -1,
                          pending.get())
                .value());
        if (!err) break;
        // The delivery thread drains the queue meanwhile.
        if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL && Clock::now() < give_up) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
            continue;
        }
        throw KafkaError(err, send_failure(topic_, err));
    }
    pending.release();  // the delivery report frees it
}

void KafkaBasedLog::flush(std::chrono::milliseconds timeout) {
    const Clock::time_point deadline = Clock::now() + timeout;
    for (;;) {
        int waiting = 0;
        {
            std::lock_guard lock(send_mu_);
            if (!producer_) return;  // read-only, or stop() has settled them
            waiting = producer_->in_flight();
        }
        if (waiting == 0) return;
        if (Clock::now() >= deadline) {
            throw KafkaError(RD_KAFKA_RESP_ERR__TIMED_OUT,
                             "timed out after " + std::to_string(timeout.count()) +
                                 " ms waiting for " + std::to_string(waiting) +
                                 " record(s) to be acknowledged by topic '" + topic_ +
                                 "'; is Kafka reachable?");
        }
        // Delivery reports notify; the slice also covers reports that free
        // the queue without reaching the callback.
        std::unique_lock lock(mu_);
        cv_.wait_for(lock, std::chrono::milliseconds(std::min(20, ms_until(deadline) + 1)));
    }
}

void KafkaBasedLog::read_to_end(ReadToEndCallback done) {
    std::lock_guard lock(mu_);
    if (!started_ || stopping_) {
        throw KafkaError(RD_KAFKA_RESP_ERR__STATE,
                         "cannot read topic '" + topic_ + "' to its end: the log is not running");
    }
    read_requests_.push_back(std::move(done));
    consumer_->wakeup();
}

void KafkaBasedLog::read_to_end(std::chrono::milliseconds timeout) {
    struct Outcome {
        std::mutex mu;
        std::condition_variable cv;
        bool done = false;
        std::exception_ptr error;
    };
    // Shared: the reader may finish the request after this call gave up.
    auto outcome = std::make_shared<Outcome>();
    read_to_end([outcome](std::exception_ptr error) {
        std::lock_guard lock(outcome->mu);
        outcome->done = true;
        outcome->error = std::move(error);
        outcome->cv.notify_all();
    });
    std::unique_lock lock(outcome->mu);
    if (!outcome->cv.wait_for(lock, timeout, [&] { return outcome->done; })) {
        std::string state;
        {
            std::lock_guard state_lock(mu_);
            state = reader_state_;
        }
        throw KafkaError(RD_KAFKA_RESP_ERR__TIMED_OUT,
                         "timed out after " + std::to_string(timeout.count()) +
                             " ms reading topic '" + topic_ + "' to its end" +
                             (state.empty() ? std::string() : " (" + state + ")"));
    }
    if (outcome->error) std::rethrow_exception(outcome->error);
}

void KafkaBasedLog::set_reader_state(std::string state) {
    std::lock_guard lock(mu_);
    reader_state_ = std::move(state);
}

void KafkaBasedLog::read_loop() {
    MessageBatch batch;
    while (!stopping_) {
        std::vector<ReadToEndCallback> requests;
        {
            std::lock_guard lock(mu_);
            requests.swap(read_requests_);
        }
        if (requests.empty()) {
            poll_once(batch, kIdlePollMs);
            continue;
        }
        if (catch_up(batch)) {
            for (ReadToEndCallback& done : requests) {
                try {
                    done(nullptr);
                } catch (const std::exception& e) {
                    spdlog::error("read-to-end callback for topic '{}' failed: {}", topic_,
                                  e.what());
                }
            }
            continue;
        }
        // Not there yet: keep the requests (ahead of newer ones) and retry.
        std::lock_guard lock(mu_);
        requests.insert(requests.end(), std::make_move_iterator(read_requests_.begin()),
                        std::make_move_iterator(read_requests_.end()));
        read_requests_.swap(requests);
    }
}

bool KafkaBasedLog::catch_up(MessageBatch& batch) {
    std::vector<TopicPartition> partitions;
    for (std::size_t p = 0; p < partitions_; ++p) {
        partitions.push_back({topic_, static_cast<int32_t>(p)});
    }
    std::vector<int64_t> start;
    std::vector<int64_t> end(partitions_, 0);
    try {
        if (first_end_offsets_) {  // asked for at start, before fetching began
            end = std::move(*first_end_offsets_);
            first_end_offsets_.reset();
        } else {
            for (const TopicPartitionOffset& tpo :
                 consumer_->end_offsets(partitions, kEndOffsetsTimeoutMs)) {
                end.at(static_cast<std::size_t>(tpo.partition)) = tpo.offset;
            }
        }
        if (!lagging(partitions, start, end).empty()) {
            // The start offsets too: a partition whose log starts at its end
            // offset (emptied by retention) has nothing left to read.
            start.assign(partitions_, -1);
            for (const TopicPartitionOffset& tpo :
                 consumer_->start_offsets(partitions, kEndOffsetsTimeoutMs)) {
                start.at(static_cast<std::size_t>(tpo.partition)) = tpo.offset;
            }
        }
    } catch (const std::exception& e) {
        set_reader_state(std::string("cannot get the end offsets: ") + e.what());
        poll_once(batch, kBusyPollMs);  // and do not retry at once
        return false;
    }
    while (!stopping_) {
        const std::string behind = lagging(partitions, start, end);
        if (behind.empty()) {
            set_reader_state({});
            return true;
        }
        set_reader_state("still reading up to the end offsets: " + behind);
        poll_once(batch, kBusyPollMs);
    }
    return false;
}

std::string KafkaBasedLog::lagging(const std::vector<TopicPartition>& partitions,
                                   const std::vector<int64_t>& start,
                                   const std::vector<int64_t>& end) {
    // The consumer's position steps over transaction markers, which are no
    // records: the end offset may lie past the last record.
    std::vector<TopicPartitionOffset> positions;
    try {
        positions = consumer_->position(partitions);
    } catch (const KafkaError& e) {
        spdlog::debug("topic '{}': no consumer positions: {}", topic_, e.what());
    }
    std::string behind;
    for (std::size_t p = 0; p < partitions_; ++p) {
        // Reading starts at the log start offset: what lies before is gone.
        int64_t at = next_offsets_[p];
        if (p < start.size()) at = std::max(at, start[p]);
        if (p < positions.size()) at = std::max(at, positions[p].offset);
        if (at >= end[p]) continue;
        if (!behind.empty()) behind += ", ";
        behind += "partition " + std::to_string(p) + " at " + std::to_string(at) + " of " +
                  std::to_string(end[p]);
    }
    return behind;
}

void KafkaBasedLog::poll_once(MessageBatch& batch, int timeout_ms) {
    try {
        consumer_->poll_batch(batch, 500, timeout_ms);
    } catch (const KafkaError& e) {
        spdlog::error("reading topic '{}': {}", topic_, e.what());
        std::this_thread::sleep_for(std::chrono::milliseconds(timeout_ms));
        return;
    }
    for (const ConsumedMessage& m : batch) {
        const auto p = static_cast<std::size_t>(m.partition);
        if (p >= partitions_) continue;  // partitions added later are not assigned
        const LogRecord record{view_of(m.key), view_of(m.value), m.partition, m.offset,
                               m.timestamp};
        next_offsets_[p] = m.offset + 1;
        try {
            on_record_(record);
        } catch (const std::exception& e) {
            spdlog::error("handling record {}-{}@{} failed: {}", topic_, m.partition, m.offset,
                          e.what());
        }
    }
    batch.clear();
}

}  // namespace kc::host::kafka
