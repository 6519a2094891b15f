#include "host/storage/kafka/kafka_config_backing_store.hpp"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <exception>

#include "host/kafka/kafka_error.hpp"
#include "host/storage/storage_error.hpp"

namespace kc::host::storage {
namespace {

using Clock = std::chrono::steady_clock;

std::chrono::milliseconds remaining(Clock::time_point deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    return std::max(left, std::chrono::milliseconds(0));
}

}  // namespace

KafkaConfigBackingStore::KafkaConfigBackingStore(KafkaStoreSettings settings)
    : settings_(std::move(settings)) {}

KafkaConfigBackingStore::~KafkaConfigBackingStore() {
    stop();
}

std::string KafkaConfigBackingStore::topic_name() const {
    return settings_.worker.get_or("config.storage.topic", "");
}

void KafkaConfigBackingStore::start() {
    if (log_) return;
    InternalTopicLogOptions options;
    options.client_id_suffix = "configs";
    options.read_committed = reads_committed_only(settings_.worker);
    auto log = open_internal_topic_log(kafka::InternalTopic::Config, settings_, options,
                                       [this](const kafka::LogRecord& r) { on_record(r); });
    log->start(settings_.start_timeout);
    // TopicAdmin checked the count when it found the topic; checked again
    // on what the log was assigned, as Java does, in case the topic was
    // replaced in between.
    try {
        kafka::require_single_partition(log->topic(), log->partition_count());
    } catch (...) {
        log->stop(std::chrono::milliseconds(0));
        throw;
    }
    log_ = std::move(log);
    int64_t offset;
    {
        std::lock_guard lock(mu_);
        state_.mark_started();
        offset = state_.offset();
    }
    spdlog::info("Started the config store on topic '{}' at offset {}", log_->topic(), offset);
}

void KafkaConfigBackingStore::stop() {
    if (log_) log_->stop();
}

void KafkaConfigBackingStore::set_update_listener(ConfigUpdateListener* listener) {
    std::lock_guard lock(mu_);
    listener_ = listener;
}

ClusterConfigState KafkaConfigBackingStore::snapshot() const {
    std::lock_guard lock(mu_);
    return state_.state();
}

bool KafkaConfigBackingStore::contains(const std::string& connector) const {
    std::lock_guard lock(mu_);
    return state_.state().contains(connector);
}

void KafkaConfigBackingStore::on_record(const kafka::LogRecord& record) {
    ConfigApplyResult applied;
    ConfigUpdateListener* listener;
    {
        std::lock_guard lock(mu_);
        // A null key matches no branch of the reader: it is logged and skipped there.
        applied =
            state_.apply({record.offset, record.key.value_or(std::string_view()), record.value});
        listener = listener_;
    }
    // Outside the lock: the listener may take a snapshot. One reader thread,
    // so events still arrive in topic order.
    if (applied.event && listener) deliver(*applied.event, *listener);
}

kafka::KafkaBasedLog& KafkaConfigBackingStore::running_log(std::string_view what) const {
    if (!log_) {
        throw StorageError("Error " + std::string(what) + ": the store of config topic '" +
                           topic_name() + "' has not been started");
    }
    return *log_;
}

void KafkaConfigBackingStore::refresh(std::chrono::milliseconds timeout) {
    read_to_end("reading the config topic", Clock::now() + timeout);
}

void KafkaConfigBackingStore::read_to_end(std::string_view what, Deadline deadline) {
    kafka::KafkaBasedLog& log = running_log(what);
    try {
        log.read_to_end(remaining(deadline));
    } catch (const kafka::KafkaError& e) {
        throw StorageError("Error " + std::string(what) + ": failed to read Kafka topic '" +
                           log.topic() + "' to its end: " + e.what());
    }
}

void KafkaConfigBackingStore::send_acknowledged(std::string_view what, const Record& record,
                                                Deadline deadline) {
    kafka::KafkaBasedLog& log = running_log(what);
    // Shared with the delivery callback, which may run after this call gave up.
    struct Outcome {
        std::mutex mu;
        std::condition_variable cv;
        std::optional<kafka::SendResult> result;
    };
    auto outcome = std::make_shared<Outcome>();
    const std::string failed = "Error " + std::string(what) + " to Kafka topic '" + log.topic() +
                               "' (record '" + record.key + "'): ";
    try {
        std::optional<std::string_view> value;
        if (record.value) value = *record.value;
        log.send(record.key, value, [outcome](const kafka::SendResult& r) {
            std::lock_guard lock(outcome->mu);
            outcome->result = r;
            outcome->cv.notify_all();
        });
    } catch (const kafka::KafkaError& e) {
        throw StorageError(failed + e.what());
    }
    std::unique_lock lock(outcome->mu);
    if (!outcome->cv.wait_until(lock, deadline, [&] { return outcome->result.has_value(); })) {
        throw StorageError(failed + "not acknowledged within " +
                           std::to_string(settings_.write_timeout.count()) + " ms");
    }
    if (!outcome->result->ok()) throw StorageError(failed + outcome->result->message);
}

void KafkaConfigBackingStore::write(std::string_view what, const std::vector<Record>& records) {
    std::lock_guard lock(write_mu_);
    const Deadline deadline = Clock::now() + settings_.write_timeout;
    for (const Record& r : records)
        send_acknowledged(what, r, deadline);
    read_to_end(what, deadline);
}

void KafkaConfigBackingStore::put_connector_config(const std::string& connector,
                                                   const config::ConfigMap& raw_config,
                                                   std::optional<TargetState> target_state) {
    // The initial state first, so no worker ever sees the connector in a
    // state it was not created in.
    std::vector<Record> records;
    if (target_state)
        records.push_back({target_state_key(connector), encode_target_state(*target_state)});
    records.push_back({connector_config_key(connector), encode_config_properties(raw_config)});
    write("writing connector configuration", records);
}

void KafkaConfigBackingStore::remove_connector_config(const std::string& connector) {
    write("removing connector configuration", {{connector_config_key(connector), std::nullopt},
                                               {target_state_key(connector), std::nullopt}});
}

void KafkaConfigBackingStore::put_task_configs(const std::string& connector,
                                               const std::vector<config::ConfigMap>& tasks) {
    constexpr std::string_view what = "writing task configurations";
    std::lock_guard lock(write_mu_);
    const Deadline deadline = Clock::now() + settings_.write_timeout;
    // Whatever is still unread (another leader's records) goes first, so the
    // commit below is the last word.
    read_to_end(what, deadline);
    for (std::size_t i = 0; i < tasks.size(); ++i) {
        send_acknowledged(
            what,
            {task_config_key({connector, static_cast<int>(i)}), encode_config_properties(tasks[i])},
            deadline);
    }
    if (!tasks.empty()) read_to_end(what, deadline);
    send_acknowledged(
        what, {task_commit_key(connector), encode_task_commit(static_cast<int32_t>(tasks.size()))},
        deadline);
    read_to_end(what, deadline);
}

void KafkaConfigBackingStore::remove_task_configs(const std::string& connector) {
    put_task_configs(connector, {});
}

void KafkaConfigBackingStore::put_target_state(const std::string& connector, TargetState state) {
    write("writing target state", {{target_state_key(connector), encode_target_state(state)}});
}

void KafkaConfigBackingStore::put_task_count_record(const std::string& connector,
                                                    int32_t task_count) {
    write("writing task count record",
          {{task_count_record_key(connector), encode_task_count_record(task_count)}});
}

void KafkaConfigBackingStore::put_session_key(const SessionKey& key) {
    write("writing session key", {{std::string(kSessionKeyKey), encode_session_key(key)}});
}

void KafkaConfigBackingStore::put_restart_request(const RestartRequest& request) {
    write("writing connector restart request",
          {{restart_request_key(request.connector), encode_restart_request(request)}});
}

void KafkaConfigBackingStore::put_logger_level(const std::string& ns, const std::string& level) {
    write("writing logger level", {{logger_level_key(ns), encode_logger_level(level)}});
}

}  // namespace kc::host::storage
