// kc/host.hpp - C++ wrappers over the host services table (kc_host) for plugin
// code: the logger, and the contexts Java hands to connectors and tasks
// (ConnectorContext, OffsetStorageReader, SinkTaskContext,
// ErrantRecordReporter, TransactionContext).
//
// Each wrapper is a cheap value holding the services table and the instance's
// context handle. A failing service call throws the matching kc exception, so
// plugin code reads like its Java counterpart; the boundary guard turns it
// back into a status.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "kc/abi.h"
#include "kc/data.hpp"
#include "kc/error.hpp"

namespace kc {

namespace detail {
inline void check_service(kc_status status, std::string_view what) {
    if (status == KC_OK) return;
    std::string message = std::string(what) + " failed";
    if (status == KC_UNSUPPORTED)
        throw UnsupportedOperationException(message + ": not supported here");
    if (status == KC_RETRIABLE) throw RetriableException(message);
    throw ConnectException(message, status);
}
}  // namespace detail

// Kafka coordinates, owning (safe to keep across calls).
struct TopicPartition {
    std::string topic;
    int32_t partition = 0;
    auto operator<=>(const TopicPartition&) const = default;
};

// Writes into the host's logger under the plugin's logger name (its class
// name). Arguments are streamed (operator<<) only when the level is enabled.
// [any-thread]
class Logger {
  public:
    Logger() = default;
    Logger(const kc_host* host, kc_context* ctx, std::string name)
        : host_(host), ctx_(ctx), name_(std::move(name)) {}

    bool enabled(kc_log_level level) const {
        return host_ != nullptr && host_->log != nullptr &&
               (host_->log_enabled == nullptr || host_->log_enabled(ctx_, level, str_ref(name_)));
    }
    template <class... Args>
    void log(kc_log_level level, const Args&... args) const {
        if (!enabled(level)) return;
        std::ostringstream text;
        (text << ... << args);
        const std::string message = std::move(text).str();
        host_->log(ctx_, level, str_ref(name_), str_ref(message));
    }
    template <class... Args>
    void trace(const Args&... args) const {
        log(KC_LOG_TRACE, args...);
    }
    template <class... Args>
    void debug(const Args&... args) const {
        log(KC_LOG_DEBUG, args...);
    }
    template <class... Args>
    void info(const Args&... args) const {
        log(KC_LOG_INFO, args...);
    }
    template <class... Args>
    void warn(const Args&... args) const {
        log(KC_LOG_WARN, args...);
    }
    template <class... Args>
    void error(const Args&... args) const {
        log(KC_LOG_ERROR, args...);
    }

    const std::string& name() const noexcept { return name_; }

  private:
    const kc_host* host_ = nullptr;
    kc_context* ctx_ = nullptr;
    std::string name_;
};

// Java ConnectorContext. [any-thread]
class ConnectorContext {
  public:
    ConnectorContext(const kc_host* host, kc_context* ctx) : host_(host), ctx_(ctx) {}
    // Ask the runtime to call taskConfigs() again (the source's shape changed).
    void requestTaskReconfiguration() const {
        detail::check_service(host_->request_task_reconfiguration(ctx_),
                              "requestTaskReconfiguration");
    }
    // Fail the connector from a background thread of its own.
    void raiseError(const std::exception& e) const {
        const kc_status status = dynamic_cast<const ConnectException*>(&e)
                                     ? static_cast<const ConnectException&>(e).status()
                                     : KC_FATAL;
        const std::string_view message = e.what();
        detail::check_service(host_->raise_error(ctx_, status, str_ref(message)), "raiseError");
    }

  private:
    const kc_host* host_;
    kc_context* ctx_;
};

// Java OffsetStorageReader: the last committed offset of a source partition.
// The answer is copied into `arena`, so it lives as long as that call's arena.
class OffsetStorageReader {
  public:
    OffsetStorageReader(const kc_host* host, kc_context* ctx) : host_(host), ctx_(ctx) {}
    // nullopt when nothing is stored for the partition.
    std::optional<ValueView> offset(const kc_value& partition, Arena& arena) const {
        kc_value* out = arena.alloc<kc_value>();
        bool found = false;
        // No kc_error of our own exists here (the host owns them); the status
        // alone says whether the read failed.
        const kc_status status =
            host_->offset_read(ctx_, &partition, arena.raw(), out, &found, nullptr);
        detail::check_service(status, "offset read");
        if (!found) return std::nullopt;
        return ValueView(out);
    }

    // Outside a call that has an arena (start()): the host keeps the answer
    // for this instance; it is copied into a value the plugin owns.
    std::optional<OwnedValue> offset(const kc_value& partition) const {
        kc_value out{};
        bool found = false;
        const kc_status status =
            host_->offset_read(ctx_, &partition, nullptr, &out, &found, nullptr);
        detail::check_service(status, "offset read");
        if (!found) return std::nullopt;
        return OwnedValue::copy_of(&out);
    }

  private:
    const kc_host* host_;
    kc_context* ctx_;
};

// Java ErrantRecordReporter (KIP-610): report a record the sink could not
// handle; the host routes it per errors.tolerance / the dead letter queue.
// [instance-thread]
class ErrantRecordReporter {
  public:
    ErrantRecordReporter(const kc_host* host, kc_context* ctx) : host_(host), ctx_(ctx) {}
    // False when the connector has no reporter configured (Java: a null
    // reporter); throws when the error tolerance is exceeded.
    bool report(const kc_record* record, const std::exception& error) const {
        const kc_status cause = dynamic_cast<const ConnectException*>(&error)
                                    ? static_cast<const ConnectException&>(error).status()
                                    : KC_FATAL;
        const std::string_view message = error.what();
        const kc_status status = host_->errant_record_report(ctx_, record, cause, str_ref(message));
        if (status == KC_UNSUPPORTED) return false;
        detail::check_service(status, "errant record report");
        return true;
    }

  private:
    const kc_host* host_;
    kc_context* ctx_;
};

// Java SinkTaskContext. [instance-thread]
class SinkTaskContext {
  public:
    SinkTaskContext(const kc_host* host, kc_context* ctx) : host_(host), ctx_(ctx) {}

    void pause(const std::vector<TopicPartition>& partitions) const {
        auto raw = to_raw(partitions);
        detail::check_service(host_->sink_pause(ctx_, raw.data(), raw.size()), "pause");
    }
    void resume(const std::vector<TopicPartition>& partitions) const {
        auto raw = to_raw(partitions);
        detail::check_service(host_->sink_resume(ctx_, raw.data(), raw.size()), "resume");
    }
    // Rewind (or skip) consumption: the next record consumed for each
    // partition will be at the given offset.
    void offset(const std::vector<std::pair<TopicPartition, int64_t>>& offsets) const {
        std::vector<kc_topic_partition_offset> raw;
        raw.reserve(offsets.size());
        for (const auto& [tp, offset] : offsets)
            raw.push_back({str_ref(tp.topic), tp.partition, offset});
        detail::check_service(host_->sink_offset_reset(ctx_, raw.data(), raw.size()),
                              "offset reset");
    }
    void offset(const TopicPartition& tp, int64_t offset) const { this->offset({{tp, offset}}); }
    // Redeliver after timeout_ms when put() throws RetriableException.
    void timeout(int64_t timeout_ms) const {
        detail::check_service(host_->sink_timeout(ctx_, timeout_ms), "timeout");
    }
    void requestCommit() const {
        detail::check_service(host_->sink_request_commit(ctx_), "requestCommit");
    }
    ErrantRecordReporter errantRecordReporter() const { return ErrantRecordReporter(host_, ctx_); }

  private:
    static std::vector<kc_topic_partition> to_raw(const std::vector<TopicPartition>& partitions) {
        std::vector<kc_topic_partition> raw;
        raw.reserve(partitions.size());
        for (const auto& tp : partitions)
            raw.push_back({str_ref(tp.topic), tp.partition});
        return raw;
    }
    const kc_host* host_;
    kc_context* ctx_;
};

// Java TransactionContext (KIP-618), for source tasks whose connector defines
// transaction boundaries. [instance-thread]
class TransactionContext {
  public:
    TransactionContext(const kc_host* host, kc_context* ctx) : host_(host), ctx_(ctx) {}
    // Commit / abort after the current batch (record NULL) or after a record.
    void commitTransaction(const kc_record* after = nullptr) const {
        detail::check_service(host_->transaction_request(ctx_, KC_TXN_COMMIT, after),
                              "commitTransaction");
    }
    void abortTransaction(const kc_record* after = nullptr) const {
        detail::check_service(host_->transaction_request(ctx_, KC_TXN_ABORT, after),
                              "abortTransaction");
    }

  private:
    const kc_host* host_;
    kc_context* ctx_;
};

}  // namespace kc
