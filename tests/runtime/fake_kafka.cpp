#include "fake_kafka.hpp"

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <thread>

#include "host/kafka/kafka_error.hpp"

namespace kc::host::runtime::testing {

class FakeKafka::Producer : public kafka::MessageProducer {
  public:
    Producer(FakeKafka& kafka, kafka::DeliveryCallback on_delivery)
        : kafka_(kafka), on_delivery_(std::move(on_delivery)) {}
    ~Producer() override {
        // What it never reported is forgotten, as a purged queue is.
        std::lock_guard lock(kafka_.mutex_);
        std::erase_if(kafka_.deliveries_, [this](const Delivery& d) { return d.from == this; });
    }

    kafka::ErrorCode produce(std::string_view topic, int32_t partition, kc_str key, kc_str value,
                             std::span<const kafka::ProduceHeader> headers, int64_t timestamp_ms,
                             void* opaque) override {
        FakeMessage m{text(key), text(value), {}, timestamp_ms};
        for (const auto& h : headers)
            m.headers.emplace_back(std::string(h.key), text(h.value).value_or(""));
        std::lock_guard lock(kafka_.mutex_);
        queue_locked(topic, partition < 0 ? 0 : partition, std::move(m), opaque);
        return {};
    }

    void produce_batch(kafka::OutgoingBatch& batch, std::size_t first) override {
        std::lock_guard lock(kafka_.mutex_);
        for (std::size_t i = first; i < batch.size(); ++i) {
            queue_locked(batch.topic(), 0, {text(batch.key(i)), text(batch.value(i)), {}, -1},
                         batch.opaque(i));
            batch.set_error(i, {});
        }
    }

    int poll(int timeout_ms) override {
        std::vector<Delivery> due;
        {
            std::lock_guard lock(kafka_.mutex_);
            if (!kafka_.hold_acks_) {
                auto mine = [this](const Delivery& d) { return d.from == this; };
                for (const Delivery& d : kafka_.deliveries_)
                    if (mine(d)) due.push_back(d);
                std::erase_if(kafka_.deliveries_, mine);
            }
        }
        if (due.empty() && timeout_ms > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(std::min(timeout_ms, 5)));
        if (on_delivery_)
            for (const Delivery& d : due)
                on_delivery_(d.report);
        return static_cast<int>(due.size());
    }

    kafka::ErrorCode flush(int) override {
        poll(0);
        std::lock_guard lock(kafka_.mutex_);
        for (const Delivery& d : kafka_.deliveries_)
            if (d.from == this) return kafka::ErrorCode(RD_KAFKA_RESP_ERR__TIMED_OUT);
        return {};
    }

    void ignore_delivery_reports() override { on_delivery_ = nullptr; }

  private:
    static std::optional<std::string> text(kc_str s) {
        if (!s.ptr) return std::nullopt;
        return std::string(s.ptr, s.len);
    }

    void queue_locked(std::string_view topic, int32_t partition, FakeMessage m, void* opaque) {
        const std::string name(topic);
        const auto it = kafka_.topic_locked(name);
        kafka::DeliveryReport report{{}, it->first, partition, -1, -1, opaque};
        if (kafka_.fail_count_ > 0) {
            --kafka_.fail_count_;
            report.error = kafka_.fail_error_;
        } else {
            report.timestamp = m.timestamp;
            report.offset = kafka_.append_locked(name, partition, std::move(m)).offset;
        }
        kafka_.deliveries_.push_back({this, report});
    }

    FakeKafka& kafka_;
    kafka::DeliveryCallback on_delivery_;
};

class FakeKafka::Consumer : public kafka::MessageConsumer {
  public:
    Consumer(FakeKafka& kafka, kafka::RebalanceListener* listener)
        : kafka_(kafka), listener_(listener) {}
    ~Consumer() override { close(); }

    void subscribe(const std::vector<std::string>& topics) override {
        std::lock_guard lock(kafka_.mutex_);
        subscribed_ = topics;
        joined_ = false;
        if (!member_) ++kafka_.group_members_;
        member_ = true;
    }

    void assign(const std::vector<kafka::TopicPartitionOffset>& partitions) override {
        std::lock_guard lock(kafka_.mutex_);
        for (const auto& p : partitions)
            position_[{p.topic, p.partition}] = std::max<int64_t>(0, p.offset);
        joined_ = true;
    }

    std::size_t poll_batch(kafka::MessageBatch& out, std::size_t max, int timeout_ms) override {
        out.clear();
        join();
        std::unique_lock lock(kafka_.mutex_);
        const auto deadline =
            std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        while (true) {
            for (auto& [tp, next] : position_) {
                if (kafka_.paused_.count(tp)) continue;
                const auto topic = kafka_.topic_locked(tp.topic);
                const Log& log = topic->second.at(static_cast<std::size_t>(tp.partition));
                for (; out.size() < max && next < static_cast<int64_t>(log.size()); ++next) {
                    const Stored& s = log[static_cast<std::size_t>(next)];
                    out.add({topic->first,
                             tp.partition,
                             s.offset,
                             s.message.timestamp,
                             s.message.timestamp < 0 ? KC_TS_NONE : KC_TS_CREATE_TIME,
                             bytes(s.message.key),
                             bytes(s.message.value),
                             {}});
                    for (const auto& h : s.header_views)
                        out.add_header(h.key, h.value);
                }
            }
            if (!out.empty() || woken_) break;
            if (kafka_.appended_.wait_until(lock, deadline) == std::cv_status::timeout) break;
        }
        woken_ = false;
        return out.size();
    }

    void commit_sync(const std::vector<kafka::TopicPartitionOffset>& offsets) override {
        commit_async(offsets);
    }
    void commit_async(const std::vector<kafka::TopicPartitionOffset>& offsets) override {
        std::lock_guard lock(kafka_.mutex_);
        for (const auto& o : offsets)
            kafka_.committed_[{o.topic, o.partition}] = o.offset;
    }

    void pause(const std::vector<kafka::TopicPartition>& partitions) override {
        std::lock_guard lock(kafka_.mutex_);
        ++kafka_.pause_calls_;
        kafka_.paused_.insert(partitions.begin(), partitions.end());
    }
    void resume(const std::vector<kafka::TopicPartition>& partitions) override {
        std::lock_guard lock(kafka_.mutex_);
        for (const auto& tp : partitions)
            kafka_.paused_.erase(tp);
    }
    void seek(const std::vector<kafka::TopicPartitionOffset>& offsets, int) override {
        std::lock_guard lock(kafka_.mutex_);
        for (const auto& o : offsets) {
            kafka_.seeks_.push_back(o);
            position_[{o.topic, o.partition}] = o.offset;
        }
    }

    void wakeup() override {
        std::lock_guard lock(kafka_.mutex_);
        woken_ = true;
        kafka_.appended_.notify_all();
    }

    void close() override {
        std::vector<kafka::TopicPartition> revoked;
        {
            std::lock_guard lock(kafka_.mutex_);
            for (const auto& [tp, next] : position_)
                revoked.push_back(tp);
            position_.clear();
            if (member_) --kafka_.group_members_;
            member_ = false;
        }
        if (listener_ && !revoked.empty()) listener_->on_partitions_revoked(revoked);
    }

  private:
    static kc_str bytes(const std::optional<std::string>& s) {
        return s ? kc_str{s->data(), s->size()} : kc_str{nullptr, 0};
    }

    // The group's first poll assigns every partition of the subscribed
    // topics, from the committed offsets on.
    void join() {
        std::vector<kafka::TopicPartition> assigned;
        {
            std::lock_guard lock(kafka_.mutex_);
            if (joined_) return;
            joined_ = true;
            for (const std::string& t : subscribed_) {
                const auto topic = kafka_.topic_locked(t);
                for (std::size_t p = 0; p < topic->second.size(); ++p) {
                    kafka::TopicPartition tp{t, static_cast<int32_t>(p)};
                    const auto c = kafka_.committed_.find(tp);
                    position_[tp] = c == kafka_.committed_.end() ? 0 : c->second;
                    assigned.push_back(tp);
                }
            }
        }
        if (listener_) listener_->on_partitions_assigned(assigned);
    }

    FakeKafka& kafka_;
    kafka::RebalanceListener* listener_;
    std::vector<std::string> subscribed_;
    bool joined_ = false;
    bool member_ = false;  // subscribed and not closed
    bool woken_ = false;
    std::map<kafka::TopicPartition, int64_t> position_;  // next offset to read
};

class FakeKafka::GroupOffsets : public kafka::ConsumerGroupOffsets {
  public:
    explicit GroupOffsets(FakeKafka& kafka) : kafka_(kafka) {}

    std::optional<int32_t> partition_count(const std::string& topic, int) override {
        std::lock_guard lock(kafka_.mutex_);
        const auto it = kafka_.topics_.find(topic);
        if (it == kafka_.topics_.end()) return std::nullopt;
        return static_cast<int32_t>(it->second.size());
    }
    std::vector<kafka::TopicPartitionOffset> committed(
        const std::vector<kafka::TopicPartition>& partitions, int) override {
        std::lock_guard lock(kafka_.mutex_);
        std::vector<kafka::TopicPartitionOffset> out;
        for (const auto& tp : partitions) {
            const auto c = kafka_.committed_.find(tp);
            out.push_back({tp.topic, tp.partition, c == kafka_.committed_.end() ? -1 : c->second});
        }
        return out;
    }
    std::vector<kafka::TopicPartitionOffset> start_offsets(
        const std::vector<kafka::TopicPartition>& partitions, int) override {
        std::lock_guard lock(kafka_.mutex_);
        std::vector<kafka::TopicPartitionOffset> out;
        for (const auto& tp : partitions) {
            const auto s = kafka_.log_start_.find(tp);
            out.push_back({tp.topic, tp.partition, s == kafka_.log_start_.end() ? 0 : s->second});
        }
        return out;
    }
    void commit_from_outside(const std::vector<kafka::TopicPartitionOffset>& offsets) override {
        std::lock_guard lock(kafka_.mutex_);
        if (kafka_.group_members_ > 0)
            throw kafka::KafkaError(RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID,
                                    "the group has members: unknown member");
        for (const auto& o : offsets)
            kafka_.committed_[{o.topic, o.partition}] = o.offset;
    }

  private:
    FakeKafka& kafka_;
};

std::map<std::string, std::vector<FakeKafka::Log>>::iterator FakeKafka::topic_locked(
    const std::string& topic) {
    auto it = topics_.find(topic);
    if (it == topics_.end()) it = topics_.emplace(topic, std::vector<Log>(1)).first;
    return it;
}

FakeKafka::Stored& FakeKafka::append_locked(const std::string& topic, int32_t partition,
                                            FakeMessage message) {
    Log& log = topic_locked(topic)->second.at(static_cast<std::size_t>(partition));
    Stored& s = log.emplace_back(Stored{std::move(message), static_cast<int64_t>(log.size()), {}});
    for (const auto& [k, v] : s.message.headers)
        s.header_views.push_back({k, kc_str{v.data(), v.size()}});
    appended_.notify_all();
    return s;
}

void FakeKafka::create_topic(const std::string& topic, int partitions) {
    std::lock_guard lock(mutex_);
    topics_[topic].resize(static_cast<std::size_t>(partitions));
}

void FakeKafka::append(const std::string& topic, int32_t partition, FakeMessage message) {
    std::lock_guard lock(mutex_);
    append_locked(topic, partition, std::move(message));
}

std::vector<FakeMessage> FakeKafka::messages(const std::string& topic, int32_t partition) {
    std::lock_guard lock(mutex_);
    std::vector<FakeMessage> out;
    for (const Stored& s : topic_locked(topic)->second.at(static_cast<std::size_t>(partition)))
        out.push_back(s.message);
    return out;
}

void FakeKafka::hold_acks(bool hold) {
    std::lock_guard lock(mutex_);
    hold_acks_ = hold;
}

void FakeKafka::fail_deliveries(int count, kafka::ErrorCode error) {
    std::lock_guard lock(mutex_);
    fail_count_ = count;
    fail_error_ = error;
}

std::size_t FakeKafka::unacknowledged() {
    std::lock_guard lock(mutex_);
    return deliveries_.size();
}

std::map<kafka::TopicPartition, int64_t> FakeKafka::committed() {
    std::lock_guard lock(mutex_);
    return committed_;
}

std::set<kafka::TopicPartition> FakeKafka::paused() {
    std::lock_guard lock(mutex_);
    return paused_;
}

std::vector<kafka::TopicPartitionOffset> FakeKafka::seeks() {
    std::lock_guard lock(mutex_);
    return seeks_;
}

int FakeKafka::pause_calls() {
    std::lock_guard lock(mutex_);
    return pause_calls_;
}

void FakeKafka::set_log_start(const kafka::TopicPartition& partition, int64_t offset) {
    std::lock_guard lock(mutex_);
    log_start_[partition] = offset;
}

int FakeKafka::group_members() {
    std::lock_guard lock(mutex_);
    return group_members_;
}

std::unique_ptr<kafka::MessageProducer> FakeKafka::producer(const kafka::ClientConfig&,
                                                            kafka::DeliveryCallback on_delivery) {
    return std::make_unique<Producer>(*this, std::move(on_delivery));
}

std::unique_ptr<kafka::MessageConsumer> FakeKafka::consumer(const kafka::ClientConfig&,
                                                            kafka::RebalanceListener* listener) {
    return std::make_unique<Consumer>(*this, listener);
}

std::unique_ptr<kafka::MessageProducer> FakeKafka::dlq_producer(
    const kafka::ClientConfig&, kafka::Admin*, const ErrorSettings&,
    kafka::DeliveryCallback on_delivery) {
    return std::make_unique<Producer>(*this, std::move(on_delivery));
}

std::unique_ptr<kafka::ConsumerGroupOffsets> FakeKafka::group_offsets(const kafka::ClientConfig&) {
    return std::make_unique<GroupOffsets>(*this);
}

}  // namespace kc::host::runtime::testing
