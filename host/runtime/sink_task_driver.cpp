#include "host/runtime/sink_task_driver.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "host/runtime/dlq_reporter.hpp"

namespace kc::host::runtime {

using Clock = std::chrono::steady_clock;

SinkTaskDriver::SinkTaskDriver(TaskSetup setup, kafka::ClientConfig consumer_config,
                               std::optional<kafka::ClientConfig> dlq_producer_config,
                               std::shared_ptr<kafka::Admin> admin)
    : TaskDriver(std::move(setup)),
      consumer_config_(std::move(consumer_config)),
      dlq_config_(std::move(dlq_producer_config)),
      admin_(std::move(admin)) {}

SinkTaskDriver::~SinkTaskDriver() {
    // Messages must go back to librdkafka before the consumer is destroyed, and
    // the consumer must close (calling back into this object) while it is whole.
    batch_.clear();
    scratch_.clear();
    if (consumer_) {
        redeliver_ = true;  // nothing more is committed
        try {
            consumer_->close();
        } catch (const std::exception& e) {
            spdlog::warn("{}Consumer close failed: {}", log_prefix(), e.what());
        }
    }
}

void SinkTaskDriver::on_stop_requested() {
    std::lock_guard lock(task_mutex_);
    if (task_) task_->stop();
}

// ---- partitions ------------------------------------------------------------

void SinkTaskDriver::on_partitions_assigned(const std::vector<kafka::TopicPartition>& tps) {
    partitions_.add(tps);
    metrics_.set_partition_count(partitions_.size());
    std::vector<kc_topic_partition> raw;
    for (const auto& tp : tps)
        raw.push_back({str_ref(tp.topic), tp.partition});
    spdlog::info("{}Partitions assigned: {}", log_prefix(), tps.size());
    if (task_) task_->open(raw);
}

void SinkTaskDriver::on_partitions_revoked(const std::vector<kafka::TopicPartition>& tps) {
    // Java: commit what was processed before letting them go.
    if (task_ && !redeliver_) {
        try {
            commit(true, &tps);
        } catch (const std::exception& e) {
            spdlog::error("{}Commit of offsets on revocation failed: {}", log_prefix(), e.what());
        }
    }
    on_partitions_lost(tps);
}

void SinkTaskDriver::on_partitions_lost(const std::vector<kafka::TopicPartition>& tps) {
    std::vector<kc_topic_partition> raw;
    for (const auto& tp : tps)
        raw.push_back({str_ref(tp.topic), tp.partition});
    if (task_) {
        try {
            task_->close(raw);
        } catch (const std::exception& e) {
            spdlog::error("{}Task close() failed: {}", log_prefix(), e.what());
        }
    }
    partitions_.remove(tps);
    metrics_.set_partition_count(partitions_.size());
    // A redelivery pending for revoked partitions is dropped: the new owner
    // resumes from the last committed offset.
    if (redeliver_) {
        redeliver_ = false;
        records_.clear();
        batch_.clear();
    }
}

void SinkTaskDriver::pause_all(bool pause) {
    const auto tps = partitions_.not_paused_by_task();
    if (tps.empty()) return;
    if (pause)
        consumer_->pause(tps);
    else
        consumer_->resume(tps);
}

// ---- sink task context -------------------------------------------------------

kc_status SinkTaskDriver::sink_assignment(kc_arena* arena, const kc_topic_partition** out,
                                          size_t* out_count) {
    auto* a = static_cast<Arena*>(arena);
    auto* tps = static_cast<kc_topic_partition*>(
        a->allocate(sizeof(kc_topic_partition) * std::max<size_t>(1, partitions_.size()),
                    alignof(kc_topic_partition)));
    size_t i = 0;
    for (const auto& p : partitions_) {
        const std::string& t = p.tp.topic;
        char* name = static_cast<char*>(a->allocate(t.size() + 1, 1));
        std::copy(t.begin(), t.end(), name);
        tps[i++] = {kc_str{name, t.size()}, p.tp.partition};
    }
    *out = tps;
    *out_count = partitions_.size();
    return KC_OK;
}

kc_status SinkTaskDriver::sink_pause(const kc_topic_partition* tps, size_t count) {
    std::vector<kafka::TopicPartition> list;
    for (size_t i = 0; i < count; ++i) {
        if (auto* p = partitions_.find(sv(tps[i].topic), tps[i].partition))
            p->paused_by_task = true;
        list.push_back({std::string(sv(tps[i].topic)), tps[i].partition});
    }
    try {
        if (consumer_) consumer_->pause(list);
    } catch (const std::exception&) {
        return KC_FATAL;
    }
    return KC_OK;
}

kc_status SinkTaskDriver::sink_resume(const kc_topic_partition* tps, size_t count) {
    std::vector<kafka::TopicPartition> list;
    for (size_t i = 0; i < count; ++i) {
        if (auto* p = partitions_.find(sv(tps[i].topic), tps[i].partition))
            p->paused_by_task = false;
        list.push_back({std::string(sv(tps[i].topic)), tps[i].partition});
    }
    try {
        if (consumer_ && !paused()) consumer_->resume(list);
    } catch (const std::exception&) {
        return KC_FATAL;
    }
    return KC_OK;
}

kc_status SinkTaskDriver::sink_offset_reset(const kc_topic_partition_offset* tpos, size_t count) {
    std::vector<kafka::TopicPartitionOffset> list;
    for (size_t i = 0; i < count; ++i) {
        list.push_back({std::string(sv(tpos[i].topic)), tpos[i].partition, tpos[i].offset});
        if (auto* p = partitions_.find(sv(tpos[i].topic), tpos[i].partition))
            p->consumed = tpos[i].offset;
    }
    try {
        if (consumer_) consumer_->seek(list, 5000);
    } catch (const std::exception& e) {
        spdlog::error("{}Offset reset failed: {}", log_prefix(), e.what());
        return KC_FATAL;
    }
    return KC_OK;
}

kc_status SinkTaskDriver::sink_timeout(int64_t timeout_ms) {
    retry_timeout_ms_ = timeout_ms;
    return KC_OK;
}

kc_status SinkTaskDriver::sink_request_commit() {
    commit_requested_ = true;
    return KC_OK;
}

kc_status SinkTaskDriver::errant_record_report(const kc_record* record, kc_status cause,
                                               std::string_view message) {
    const auto& e = setup_.connector_config.errors;
    if (e.tolerance == Tolerance::None && e.dlq_topic.empty() && !e.log_enable)
        return KC_UNSUPPORTED;
    // The consumed message behind the record (Java reports the original record).
    const kafka::ConsumedMessage* consumed =
        record ? consumed_.find(sv(record->original_topic), record->original_partition,
                                record->original_kafka_offset)
               : nullptr;
    try {
        errors_->handle_failure(Stage::TaskPut, setup_.connector.info().class_name, consumed,
                                cause == KC_OK ? KC_FATAL : cause, std::string(message), {});
        return KC_OK;
    } catch (const TaskFailure& f) {
        failed_by_reporter_ = true;
        reporter_failure_trace_ = f.trace;
        return KC_FATAL;
    }
}

// ---- the loop ----------------------------------------------------------------

void SinkTaskDriver::convert_batch() {
    arena_.reset();
    records_.clear();
    consumed_.start(batch_);
    for (const kafka::ConsumedMessage& m : batch_) {
        const kafka::ConsumedMessage* consumed = &m;
        const kc_str topic = str_ref(m.topic);
        partitions_.of(m.topic.data(), m.topic, m.partition).consumed = m.offset + 1;
        topics_.record(m.topic);

        auto* r = static_cast<kc_record*>(arena_.allocate(sizeof(kc_record), alignof(kc_record)));
        r->struct_size = sizeof(kc_record);
        r->topic = topic;
        r->partition = m.partition;
        r->kafka_offset = m.offset;
        r->timestamp = m.timestamp;
        r->timestamp_type = m.timestamp_type;
        r->original_topic = topic;
        r->original_partition = m.partition;
        r->original_kafka_offset = m.offset;

        bool ok = true;
        if (header_converter_ && !m.headers.empty()) {
            const size_t n = m.headers.size();
            auto* out =
                static_cast<kc_header*>(arena_.allocate(sizeof(kc_header) * n, alignof(kc_header)));
            for (size_t h = 0; ok && h < n; ++h) {
                const kc_str key = str_ref(m.headers[h].key);
                ok = errors_->execute(
                    Stage::HeaderConverter, setup_.header_converter.class_name, consumed, [&] {
                        auto [schema, v] =
                            header_converter_->to_connect(topic, key, m.headers[h].value, arena_);
                        out[h] = kc_header{key, schema, v};
                    });
            }
            r->headers = out;
            r->header_count = n;
        }
        if (!ok) continue;
        // Java hands the key and value converters the Kafka headers as they
        // came (the schema id may be there), not the header converter's.
        std::span<const kc_header> hspan;
        if (!m.headers.empty()) {
            auto* raw = static_cast<kc_header*>(
                arena_.allocate(sizeof(kc_header) * m.headers.size(), alignof(kc_header)));
            for (size_t h = 0; h < m.headers.size(); ++h) {
                raw[h] = kc_header{str_ref(m.headers[h].key), nullptr, {}};
                if (m.headers[h].value.ptr) {
                    raw[h].value.tag = KC_VAL_BYTES;
                    raw[h].value.u.str = m.headers[h].value;
                }
            }
            hspan = {raw, m.headers.size()};
        }
        if (!errors_->execute(Stage::KeyConverter, setup_.key_converter.class_name, consumed, [&] {
                auto [s, v] = key_converter_->to_connect(topic, hspan, m.key, arena_);
                r->key_schema = s;
                r->key = v;
            }))
            continue;
        if (!errors_->execute(
                Stage::ValueConverter, setup_.value_converter.class_name, consumed, [&] {
                    auto [s, v] = value_converter_->to_connect(topic, hspan, m.value, arena_);
                    r->value_schema = s;
                    r->value = v;
                }))
            continue;
        const kc_record* out = chain_->empty() ? r : chain_->apply(r, arena_, *errors_, consumed);
        if (out) records_.push_back(out);
    }
}

bool SinkTaskDriver::deliver() {
    const int64_t started = metrics::now_ms();
    try {
        task_->put(records_);
        const int64_t now = metrics::now_ms();
        metrics_.record_send(records_.size(), now - started, now);
        record_active(now);
    } catch (const PluginError& e) {
        if (failed_by_reporter_)
            throw TaskFailure("Tolerance exceeded in error handler", reporter_failure_trace_);
        if (e.status != KC_RETRIABLE) throw;
        spdlog::error("{}RetriableException from SinkTask: {}", log_prefix(), e.what());
        // Java: pause every partition and redeliver the same batch later.
        pause_all(true);
        return false;
    }
    if (failed_by_reporter_)
        throw TaskFailure("Tolerance exceeded in error handler", reporter_failure_trace_);
    return true;
}

void SinkTaskDriver::record_active(int64_t now) {
    // Java: records consumed but whose offsets are not committed yet.
    metrics_.record_sink_active(static_cast<size_t>(partitions_.active()), now);
}

void SinkTaskDriver::commit(bool sync, const std::vector<kafka::TopicPartition>* only) {
    std::vector<kc_topic_partition_offset> current;
    for (const auto& p : partitions_) {
        if (p.consumed < 0) continue;
        if (only && std::find(only->begin(), only->end(), p.tp) == only->end()) continue;
        current.push_back({str_ref(p.tp.topic), p.tp.partition, p.consumed});
    }
    if (current.empty()) return;
    commit_arena_.reset();
    std::span<const kc_topic_partition_offset> safe;
    try {
        safe = task_->pre_commit(current, commit_arena_);
    } catch (const std::exception& e) {
        spdlog::error("{}Commit of offsets threw an unexpected exception: {}", log_prefix(),
                      e.what());
        return;
    }
    std::vector<kafka::TopicPartitionOffset> to_commit;
    for (const auto& o : safe) {
        auto* p = partitions_.find(sv(o.topic), o.partition);
        if (p && o.offset >= 0 && o.offset != p->committed) {
            to_commit.push_back({p->tp.topic, p->tp.partition, o.offset});
            p->committed = o.offset;
        }
    }
    if (to_commit.empty()) return;
    const int64_t started = metrics::now_ms();
    try {
        if (sync)
            consumer_->commit_sync(to_commit);
        else
            consumer_->commit_async(to_commit);
        const int64_t now = metrics::now_ms();
        metrics_.record_commit(true, now - started, now);
        record_active(now);
    } catch (const std::exception& e) {
        metrics_.record_commit(false, 0, metrics::now_ms());
        spdlog::warn("{}Offset commit failed: {}", log_prefix(), e.what());
        partitions_.forget_commits();  // retry next time
    }
}

void SinkTaskDriver::execute() {
    build_pipeline();
    // The admin client only checks the dead letter queue's topic: as Java
    // does, a task's own one is closed right after (the shared one the
    // worker keeps).
    {
        const std::shared_ptr<kafka::Admin> admin = std::move(admin_);
        if (dlq_config_ && !setup_.connector_config.errors.dlq_topic.empty())
            errors_->add_reporter(make_dlq_reporter(
                *setup_.kafka_clients, *dlq_config_, admin.get(), setup_.connector_config.errors,
                setup_.id.connector, setup_.id.task, &metrics_));
    }
    {
        std::lock_guard lock(task_mutex_);
        task_ = std::make_unique<SinkTaskInstance>(setup_.connector, this);
    }
    if (stopping()) return;
    consumer_ = setup_.kafka_clients->consumer(consumer_config_,
                                               static_cast<kafka::RebalanceListener*>(this));
    task_->start(*ConfigEntries(setup_.task_config).get());
    const auto& cc = setup_.connector_config;
    if (!cc.topics_regex.empty()) {
        std::string re = cc.topics_regex;
        if (re.front() != '^') re = "^" + re;
        consumer_->subscribe({re});
    } else {
        consumer_->subscribe(cc.topics);
    }
    spdlog::info("{}Sink task finished initialization and start", log_prefix());
    report(ConnectState::Running);

    const size_t max_records = static_cast<size_t>(std::max(1, consumer_config_.max_poll_records));
    const auto interval =
        std::chrono::milliseconds(std::max<int64_t>(1, setup_.offset_flush_interval_ms));
    auto next_commit = Clock::now() + interval;
    std::exception_ptr failure;
    try {
        while (!stopping()) {
            if (paused()) {
                pause_all(true);
                while (paused() && !stopping()) {
                    report(ConnectState::Paused);
                    // Keep the group membership alive while paused.
                    consumer_->poll_batch(scratch_, 1, 200);
                    if (!scratch_.empty()) {
                        consumer_->seek({{std::string(scratch_[0].topic), scratch_[0].partition,
                                          scratch_[0].offset}},
                                        5000);
                        scratch_.clear();
                    }
                }
                if (stopping()) break;
                pause_all(false);
                report(ConnectState::Running);
            }
            if (redeliver_) {
                // Poll without taking anything (partitions are paused), then retry put().
                consumer_->poll_batch(scratch_, 1, 0);
                if (!scratch_.empty()) {
                    consumer_->seek({{std::string(scratch_[0].topic), scratch_[0].partition,
                                      scratch_[0].offset}},
                                    5000);
                    scratch_.clear();
                }
                sleep_for(retry_timeout_ms_ > 0 ? retry_timeout_ms_ : 100);
                if (stopping()) break;
                if (deliver()) {
                    redeliver_ = false;
                    pause_all(false);
                }
            } else {
                int timeout = static_cast<int>(std::clamp<int64_t>(
                    std::chrono::duration_cast<std::chrono::milliseconds>(next_commit -
                                                                          Clock::now())
                        .count(),
                    0, 500));
                consumer_->poll_batch(batch_, max_records, timeout);
                if (!batch_.empty()) {
                    metrics_.record_read(batch_.size(), metrics::now_ms());
                    convert_batch();
                    redeliver_ = !deliver();
                }
            }
            if (commit_requested_ || Clock::now() >= next_commit) {
                if (!redeliver_) commit(false);
                commit_requested_ = false;
                next_commit = Clock::now() + interval;
            }
        }
    } catch (...) {
        failure = std::current_exception();
    }
    if (!failure && !redeliver_) {
        try {
            commit(true);
        } catch (const std::exception& e) {
            spdlog::error("{}Final offset commit failed: {}", log_prefix(), e.what());
        }
    }
    // Closing the consumer revokes (and closes) the partitions; a failed task
    // commits nothing more.
    if (failure) redeliver_ = true;
    batch_.clear();
    try {
        consumer_->close();
    } catch (const std::exception& e) {
        spdlog::warn("{}Consumer close failed: {}", log_prefix(), e.what());
    }
    {
        std::lock_guard lock(task_mutex_);
        task_->stop();
    }
    if (failure) std::rethrow_exception(failure);
}

}  // namespace kc::host::runtime
