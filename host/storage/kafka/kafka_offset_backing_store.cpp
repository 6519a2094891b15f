#include "host/storage/kafka/kafka_offset_backing_store.hpp"

#include <spdlog/spdlog.h>

#include "host/kafka/kafka_error.hpp"
#include "host/storage/storage_error.hpp"

namespace kc::host::storage {
namespace {

// The outcome of one set(): done runs once, when the last record has one.
struct SetBatch {
    std::mutex mu;
    std::size_t outstanding = 0;
    std::string first_error;
    OffsetBackingStore::SetCallback done;

    void finish_one(const std::string& error) {
        std::string failed;
        {
            std::lock_guard lock(mu);
            if (!error.empty() && first_error.empty()) first_error = error;
            if (--outstanding != 0) return;
            failed = first_error;
        }
        if (!done) return;
        done(failed.empty() ? nullptr : std::make_exception_ptr(StorageError(failed)));
    }
};

}  // namespace

KafkaOffsetBackingStore::KafkaOffsetBackingStore(KafkaStoreSettings settings)
    : settings_(std::move(settings)) {}

KafkaOffsetBackingStore::~KafkaOffsetBackingStore() {
    stop();
}

std::string KafkaOffsetBackingStore::topic_name() const {
    return settings_.worker.get_or("offset.storage.topic", "");
}

void KafkaOffsetBackingStore::start() {
    if (log_) return;
    InternalTopicLogOptions options;
    options.client_id_suffix = "offsets";
    options.read_committed = reads_committed_only(settings_.worker);
    auto log = open_internal_topic_log(kafka::InternalTopic::Offsets, settings_, options,
                                       [this](const kafka::LogRecord& r) { on_record(r); });
    log->start(settings_.start_timeout);
    log_ = std::move(log);
    std::size_t count;
    {
        std::lock_guard lock(mu_);
        count = data_.size();
    }
    spdlog::info("Started the offset store on topic '{}' ({} offsets)", log_->topic(), count);
}

void KafkaOffsetBackingStore::stop() {
    if (log_) log_->stop(settings_.write_timeout);
}

void KafkaOffsetBackingStore::on_record(const kafka::LogRecord& record) {
    if (!record.key) {
        spdlog::warn("Ignoring a record with a null key at {}-{} offset {}", topic_name(),
                     record.partition, record.offset);
        return;
    }
    std::optional<std::string> value;
    if (record.value) value.emplace(*record.value);
    std::lock_guard lock(mu_);
    data_.set(*record.key, std::move(value));
}

void KafkaOffsetBackingStore::read_to_end() {
    if (!log_)
        throw StorageError("The store of offsets topic '" + topic_name() + "' is not started");
    try {
        log_->read_to_end(settings_.write_timeout);
    } catch (const kafka::KafkaError& e) {
        throw StorageError("Error reading offsets from Kafka topic '" + log_->topic() +
                           "': " + e.what());
    }
}

std::map<std::string, std::string> KafkaOffsetBackingStore::get(
    const std::vector<std::string>& keys) {
    read_to_end();
    std::lock_guard lock(mu_);
    std::map<std::string, std::string> out;
    for (const std::string& k : keys) {
        if (const std::string* v = data_.find(k)) out.emplace(k, *v);
    }
    return out;
}

std::map<std::string, std::string> KafkaOffsetBackingStore::all() {
    read_to_end();
    std::lock_guard lock(mu_);
    return data_.entries();
}

void KafkaOffsetBackingStore::set(const OffsetEntries& entries, SetCallback done) {
    auto batch = std::make_shared<SetBatch>();
    batch->done = std::move(done);
    // One more than the records: the batch cannot finish while records are
    // still being handed over.
    batch->outstanding = entries.size() + 1;
    const std::string failed = "Error writing offsets to Kafka topic '" + topic_name() + "': ";
    for (const auto& [key, value] : entries) {
        std::optional<std::string_view> v;
        if (value) v = *value;
        if (!log_) {
            batch->finish_one(failed + "the store is not started");
            continue;
        }
        try {
            log_->send(key, v, [batch, failed](const kafka::SendResult& r) {
                batch->finish_one(r.ok() ? std::string() : failed + r.message);
            });
        } catch (const kafka::KafkaError& e) {
            batch->finish_one(failed + e.what());
        }
    }
    batch->finish_one({});
}

}  // namespace kc::host::storage
