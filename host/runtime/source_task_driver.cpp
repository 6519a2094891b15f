#include "host/runtime/source_task_driver.hpp"

#include <spdlog/spdlog.h>

#include <new>

#include "host/storage/offset_json.hpp"

namespace kc::host::runtime {

using Clock = std::chrono::steady_clock;

SourceTaskDriver::SourceTaskDriver(TaskSetup setup, kafka::ClientConfig producer_config,
                                   storage::OffsetBackingStore* offsets,
                                   std::shared_ptr<kafka::Admin> admin,
                                   std::optional<std::pair<int32_t, int16_t>> topic_creation)
    : TaskDriver(std::move(setup)),
      producer_config_(std::move(producer_config)),
      offsets_(offsets),
      submitted_(setup_.id.connector),
      admin_(std::move(admin)),
      topic_creation_(topic_creation) {}

void SourceTaskDriver::ensure_topic(std::string_view topic) {
    last_topic_.assign(topic);
    if (known_topics_.count(topic)) return;
    kafka::NewTopic t;
    t.name = std::string(topic);
    t.partitions = topic_creation_->first;
    t.replication_factor = topic_creation_->second;
    auto results = admin_->create_topics({t}, 30000);
    if (!results.empty() && results[0].created())
        spdlog::info("{}Created topic '{}' with {} partitions", log_prefix(), t.name, t.partitions);
    else if (!results.empty() && !results[0].already_exists())
        spdlog::warn("{}Could not create topic '{}': {}", log_prefix(), t.name, results[0].message);
    known_topics_.insert(t.name);
}

SourceTaskDriver::~SourceTaskDriver() = default;

kc_status SourceTaskDriver::offset_read(const kc_value* partition, kc_arena* arena,
                                        kc_value* out_offset, bool* found, kc_error* err) {
    try {
        *found = false;
        if (!partition || !offsets_) return KC_OK;
        auto stored = offsets_->get({storage::offset_key(setup_.id.connector, *partition)});
        if (stored.empty() || stored.begin()->second == "null") return KC_OK;
        auto* a = static_cast<Arena*>(arena);
        const storage::ArenaAlloc alloc = [a](std::size_t size, std::size_t align) {
            return a->allocate(size, align);
        };
        if (!storage::offset_map_to_value(storage::offset_map_from_json(stored.begin()->second),
                                          alloc, *out_offset))
            throw std::bad_alloc();
        *found = true;
        return KC_OK;
    } catch (const std::exception& e) {
        if (err) {
            err->status = KC_FATAL;
            err->message = std::string("Failed to read offset: ") + e.what();
        }
        return KC_FATAL;
    }
}

void SourceTaskDriver::on_stop_requested() {
    stop_deadline_ = Clock::now() + std::chrono::milliseconds(setup_.offset_flush_timeout_ms);
    std::lock_guard lock(task_mutex_);
    if (task_) task_->stop();
}

void SourceTaskDriver::on_delivery(const kafka::DeliveryReport& r) {
    uint64_t seq = reinterpret_cast<uintptr_t>(r.opaque);
    if (r.error) {
        try {
            produce_failed(r.topic, r.error);
        } catch (const TaskFailure&) {
            // Not settled: its offset must never be committed.
            if (!failure_) {
                failure_ = "Unrecoverable exception from producer send callback";
                failure_trace_ = "org.apache.kafka.connect.errors.ConnectException: " + *failure_ +
                                 "\nCaused by: org.apache.kafka.common.KafkaException: " +
                                 send_failure_message(r.topic, r.error);
            }
            return;
        }
    } else {
        topics_.record(r.topic);
        if (task_->wants_commit_record()) {
            kc_record_metadata md{sizeof(kc_record_metadata), r.partition,
                                  kc_str{r.topic.data(), r.topic.size()}, r.offset, r.timestamp};
            try {
                task_->commit_record(*submitted_.record(seq), &md);
            } catch (const std::exception& e) {
                spdlog::error("{}Exception thrown while calling task.commitRecord(): {}",
                              log_prefix(), e.what());
            }
        }
    }
    submitted_.settle(seq);
}

bool SourceTaskDriver::send(uint64_t seq, const kc_record& record, Arena& arena) {
    const std::string_view topic = sv(record.topic);
    if (topic_creation_ && topic != last_topic_) ensure_topic(topic);
    headers_.clear();
    bool ok = true;
    for (size_t i = 0; ok && header_converter_ && i < record.header_count; ++i) {
        const kc_header& h = record.headers[i];
        kc_str bytes{};
        ok = errors_->execute(
            Stage::HeaderConverter, setup_.header_converter.class_name, nullptr, [&] {
                bytes =
                    header_converter_->from_connect(record.topic, h.key, h.schema, &h.value, arena);
            });
        if (ok) headers_.push_back({sv(h.key), bytes});
    }
    if (!ok) return false;
    std::span<const kc_header> hdrs(record.headers, record.header_count);
    kc_str key{}, value{};
    if (!errors_->execute(Stage::KeyConverter, setup_.key_converter.class_name, nullptr, [&] {
            key = key_converter_->from_connect(record.topic, hdrs, record.key_schema, &record.key,
                                               arena);
        }))
        return false;
    if (!errors_->execute(Stage::ValueConverter, setup_.value_converter.class_name, nullptr, [&] {
            value = value_converter_->from_connect(record.topic, hdrs, record.value_schema,
                                                   &record.value, arena);
        }))
        return false;
    void* opaque = reinterpret_cast<void*>(static_cast<uintptr_t>(seq));
    if (headers_.empty() && record.timestamp < 0 &&
        record.partition == kafka::MessageProducer::kAnyPartition) {
        // The common case: batched with its neighbours.
        if (topic != pending_.topic()) flush_pending();
        pending_.set_topic(topic);
        pending_.add(key, value, opaque);
        return true;
    }
    // Headers, timestamps and partitions need the call that takes them;
    // records keep their order because those queued before go first.
    flush_pending();
    while (true) {
        const kafka::ErrorCode err = producer_->produce(topic, record.partition, key, value,
                                                        headers_, record.timestamp, opaque);
        if (!err) return true;
        if (!err.queue_full()) {
            produce_failed(topic, err);
            return false;
        }
        // Back-pressure: serve delivery reports until there is room.
        producer_->poll(50);
        check_stop_deadline();
    }
}

void SourceTaskDriver::flush_pending() {
    if (pending_.empty()) return;
    // Emptied however this ends: the records' batch may be recycled after.
    struct Forget {
        kafka::OutgoingBatch& pending;
        ~Forget() { pending.clear(); }
    } forget{pending_};
    std::size_t next = 0;  // the first record not taken yet
    while (true) {
        producer_->produce_batch(pending_, next);
        for (; next < pending_.size() && !pending_.error(next).queue_full(); ++next) {
            if (!pending_.error(next)) continue;
            produce_failed(pending_.topic(), pending_.error(next));
            submitted_.settle(reinterpret_cast<uintptr_t>(pending_.opaque(next)));
        }
        if (next == pending_.size()) return;
        // Back-pressure: serve delivery reports until there is room.
        producer_->poll(50);
        check_stop_deadline();
    }
}

std::string SourceTaskDriver::send_failure_message(std::string_view topic, kafka::ErrorCode err) {
    return "Failed to send record to topic '" + std::string(topic) + "': " + err.message();
}

void SourceTaskDriver::produce_failed(std::string_view topic, kafka::ErrorCode err) {
    errors_->handle_failure(Stage::KafkaProduce, "org.apache.kafka.clients.producer.KafkaProducer",
                            nullptr, KC_FATAL, send_failure_message(topic, err), {});
}

void SourceTaskDriver::check_stop_deadline() const {
    if (stopping() && Clock::now() > stop_deadline_.load()) throw StopRequested();
}

void SourceTaskDriver::process(SubmittedRecords::Batch* batch,
                               std::span<const kc_record* const> records) {
    size_t written = 0;  // handed to the producer: neither dropped nor skipped
    for (const kc_record* original : records) {
        if (!original) continue;
        uint64_t seq = submitted_.submit(batch, original);
        const kc_record* r =
            chain_->empty() ? original : chain_->apply(original, batch->arena, *errors_, nullptr);
        if (!r) {
            // Dropped by a transform (or a tolerated error): its offset may still be committed.
            try {
                task_->commit_record(*original, nullptr);
            } catch (const std::exception& e) {
                spdlog::error("{}Exception thrown while calling task.commitRecord(): {}",
                              log_prefix(), e.what());
            }
            submitted_.settle(seq);
            continue;
        }
        if (send(seq, *r, batch->arena))
            ++written;
        else
            submitted_.settle(seq);
        // Serve delivery reports while producing a large batch: records stay
        // counted against the producer's queue until their report is served.
        if ((++sent_ & 1023) == 0) {
            flush_pending();
            producer_->poll(0);
        }
    }
    flush_pending();
    submitted_.seal(batch);
    metrics_.record_write(written, metrics::now_ms());
}

bool SourceTaskDriver::commit_offsets() {
    submitted_.advance();
    auto& committable = submitted_.committable();
    if (committable.empty()) return true;
    storage::OffsetEntries entries;
    entries.reserve(committable.size());
    for (auto& [k, v] : committable)
        entries.emplace_back(k, v);
    const int64_t started = metrics::now_ms();
    try {
        offsets_->set_sync(entries);
    } catch (const std::exception& e) {
        spdlog::error("{}Failed to flush offsets to storage: {}", log_prefix(), e.what());
        metrics_.record_commit(false, 0, metrics::now_ms());
        return false;  // kept: retried at the next flush
    }
    const int64_t now = metrics::now_ms();
    metrics_.record_commit(true, now - started, now);
    committable.clear();
    spdlog::debug("{}Committed offsets for {} partition(s)", log_prefix(), entries.size());
    try {
        task_->commit();
    } catch (const std::exception& e) {
        spdlog::error("{}Exception thrown while calling task.commit(): {}", log_prefix(), e.what());
    }
    return true;
}

void SourceTaskDriver::drain(Clock::time_point deadline) {
    while (submitted_.in_flight() > 0 && Clock::now() < deadline && !failure_) {
        producer_->poll(10);
        submitted_.advance();
    }
}

void SourceTaskDriver::execute() {
    // Java closes a task's own admin client with the task, however it ends;
    // the shared one the worker keeps.
    struct ReleaseAdmin {
        std::shared_ptr<kafka::Admin>& admin;
        ~ReleaseAdmin() { admin.reset(); }
    } release_admin{admin_};
    producer_ = setup_.kafka_clients->producer(
        producer_config_, [this](const kafka::DeliveryReport& r) { on_delivery(r); });
    build_pipeline();
    {
        std::lock_guard lock(task_mutex_);
        task_ = std::make_unique<SourceTaskInstance>(setup_.connector, this);
    }
    if (stopping()) return;
    task_->start(*ConfigEntries(setup_.task_config).get());
    spdlog::info("{}Source task finished initialization and start", log_prefix());
    report(ConnectState::Running);

    const auto interval =
        std::chrono::milliseconds(std::max<int64_t>(1, setup_.offset_flush_interval_ms));
    auto next_flush = Clock::now() + interval;
    std::exception_ptr failure;
    try {
        while (!stopping()) {
            if (paused()) {
                commit_offsets();
                if (!await_unpaused([this] { producer_->poll(0); })) break;
            }
            SubmittedRecords::Batch* batch = submitted_.open_batch();
            std::span<const kc_record* const> records;
            const int64_t poll_started = metrics::now_ms();
            try {
                records = task_->poll(batch->arena);
                const int64_t now = metrics::now_ms();
                if (!records.empty()) metrics_.record_poll(records.size(), now - poll_started, now);
            } catch (const PluginError& e) {
                // Java: a RetriableException from poll() just means poll again.
                if (e.status != KC_RETRIABLE) throw;
                spdlog::warn("{}{} failed to poll records from SourceTask. Will retry operation.",
                             log_prefix(), setup_.connector.info().class_name);
            }
            if (!records.empty())
                process(batch, records);
            else
                submitted_.seal(batch);
            producer_->poll(0);
            // Recycle the arenas of fully acknowledged batches as soon as possible.
            submitted_.advance();
            if (const size_t active = submitted_.in_flight(); active != last_active_) {
                last_active_ = active;
                metrics_.record_source_active(active, metrics::now_ms());
            }
            if (failure_) throw TaskFailure(*failure_, failure_trace_);
            if (Clock::now() >= next_flush) {
                commit_offsets();
                next_flush = Clock::now() + interval;
            }
        }
    } catch (const StopRequested&) {
    } catch (...) {
        failure = std::current_exception();
    }
    // Stopping (or failed): give in-flight records the flush timeout to be
    // acknowledged, then commit what is safe.
    auto deadline = Clock::now() + std::chrono::milliseconds(setup_.offset_flush_timeout_ms);
    drain(deadline);
    commit_offsets();
    {
        std::lock_guard lock(task_mutex_);
        task_->stop();
    }
    // Records still unacknowledged are purged without a report each: they
    // were never committed and are sent again after a restart.
    producer_->ignore_delivery_reports();
    producer_.reset();
    if (failure) std::rethrow_exception(failure);
}

}  // namespace kc::host::runtime
