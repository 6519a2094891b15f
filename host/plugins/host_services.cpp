#include "host/plugins/host_services.hpp"

#include <spdlog/spdlog.h>

#include <cstring>
#include <map>
#include <mutex>

namespace kc::host {

Arena::Arena(size_t chunk_size, size_t retain_bytes)
    : chunk_size_(chunk_size), retain_bytes_(retain_bytes) {}
Arena::~Arena() {
    run_releases();
    for (const Chunk& c : chunks_)
        ASAN_UNPOISON_MEMORY_REGION(c.data.get(), c.size);
}

void Arena::use_chunk(size_t index) {
    current_ = index;
    base_ = chunks_[index].data.get();
    limit_ = chunks_[index].size;
    offset_ = 0;
}

void* Arena::allocate_slow(size_t size, size_t align) {
    if (align == 0 || (align & (align - 1)) != 0) return nullptr;
    // Over-aligned requests are placed by address, not by offset.
    auto fits = [&](size_t index) -> void* {
        auto base = reinterpret_cast<uintptr_t>(chunks_[index].data.get());
        size_t from = index == current_ && base_ ? offset_ : 0;
        size_t start = ((base + from + align - 1) & ~(uintptr_t(align) - 1)) - base;
        if (start + size > chunks_[index].size) return nullptr;
        if (index != current_ || !base_) use_chunk(index);
        return take(start, size);
    };
    if (base_) {
        if (void* p = fits(current_)) return p;
    }
    // The next kept chunk, if it is big enough; otherwise a new one there.
    size_t next = base_ ? current_ + 1 : 0;
    if (next < chunks_.size()) {
        if (void* p = fits(next)) return p;
    }
    size_t want = std::max(chunk_size_, size + align);
    Chunk chunk{std::unique_ptr<std::byte[]>(new (std::nothrow) std::byte[want]), want};
    if (!chunk.data) return nullptr;
    ASAN_POISON_MEMORY_REGION(chunk.data.get(), want);
    chunks_.insert(chunks_.begin() + static_cast<std::ptrdiff_t>(next), std::move(chunk));
    base_ = nullptr;
    current_ = next;
    return fits(next);
}

bool Arena::on_release(void (*fn)(void*), void* ctx) noexcept {
    try {
        releases_.emplace_back(fn, ctx);
        return true;
    } catch (...) {
        return false;
    }
}

void Arena::run_releases() noexcept {
    // A callback never registers another on this arena (it runs outside any
    // call that hands this arena out), so the list is stable while it runs.
    for (auto [fn, ctx] : releases_)
        fn(ctx);
    releases_.clear();
}

void Arena::reset() {
    run_releases();
    // Keep the first chunks, up to retain_bytes, for the next use.
    size_t kept = 0, keep = 0;
    while (keep < chunks_.size() && (keep == 0 || kept + chunks_[keep].size <= retain_bytes_))
        kept += chunks_[keep++].size;
    for (size_t i = 0; i < chunks_.size(); ++i) {
        if (i < keep)
            ASAN_POISON_MEMORY_REGION(chunks_[i].data.get(), chunks_[i].size);
        else
            ASAN_UNPOISON_MEMORY_REGION(chunks_[i].data.get(), chunks_[i].size);
    }
    chunks_.resize(keep);
    if (chunks_.empty()) {
        base_ = nullptr;
        current_ = 0;
        limit_ = 0;
        offset_ = 0;
    } else {
        use_chunk(0);
    }
    used_ = 0;
}

size_t Arena::bytes_reserved() const {
    size_t n = 0;
    for (const Chunk& c : chunks_)
        n += c.size;
    return n;
}

kc_status InstanceContext::offset_read(const kc_value*, kc_arena*, kc_value*, bool*, kc_error*) {
    return KC_UNSUPPORTED;
}
kc_status InstanceContext::request_task_reconfiguration() {
    return KC_UNSUPPORTED;
}
kc_status InstanceContext::raise_error(kc_status, std::string_view) {
    return KC_UNSUPPORTED;
}
kc_status InstanceContext::sink_assignment(kc_arena*, const kc_topic_partition**, size_t*) {
    return KC_UNSUPPORTED;
}
kc_status InstanceContext::sink_pause(const kc_topic_partition*, size_t) {
    return KC_UNSUPPORTED;
}
kc_status InstanceContext::sink_resume(const kc_topic_partition*, size_t) {
    return KC_UNSUPPORTED;
}
kc_status InstanceContext::sink_offset_reset(const kc_topic_partition_offset*, size_t) {
    return KC_UNSUPPORTED;
}
kc_status InstanceContext::sink_timeout(int64_t) {
    return KC_UNSUPPORTED;
}
kc_status InstanceContext::sink_request_commit() {
    return KC_UNSUPPORTED;
}
kc_status InstanceContext::errant_record_report(const kc_record*, kc_status, std::string_view) {
    return KC_UNSUPPORTED;
}
kc_status InstanceContext::transaction_request(kc_txn_request, const kc_record*) {
    return KC_UNSUPPORTED;
}

void check_status(kc_status status, const kc_error& err, std::string_view what) {
    if (status == KC_OK) return;
    std::string message = err.message.empty()
                              ? std::string(what) + " failed with status " + std::to_string(status)
                              : err.message;
    throw PluginError(status, message, err.trace);
}

namespace {

std::string_view view(kc_str s) {
    return s.ptr ? std::string_view(s.ptr, s.len) : "";
}

InstanceContext* instance(kc_context* ctx) {
    return static_cast<InstanceContext*>(ctx);
}

spdlog::level::level_enum to_spdlog(kc_log_level level) {
    switch (level) {
        case KC_LOG_TRACE:
            return spdlog::level::trace;
        case KC_LOG_DEBUG:
            return spdlog::level::debug;
        case KC_LOG_INFO:
            return spdlog::level::info;
        case KC_LOG_WARN:
            return spdlog::level::warn;
        default:
            return spdlog::level::err;
    }
}

// One spdlog logger per plugin logger name, sharing the default logger's sinks,
// so the name shows in the log line like a Java logger's.
std::shared_ptr<spdlog::logger> plugin_logger(std::string_view name) {
    static std::mutex mutex;
    static std::map<std::string, std::shared_ptr<spdlog::logger>, std::less<>> loggers;
    std::lock_guard lock(mutex);
    auto base = spdlog::default_logger();
    auto it = loggers.find(name);
    if (it == loggers.end() || it->second->sinks() != base->sinks()) {
        auto logger = base->clone(std::string(name.empty() ? "plugin" : name));
        it = loggers.insert_or_assign(std::string(name), std::move(logger)).first;
    }
    it->second->set_level(base->level());
    return it->second;
}

const kc_host kHost = [] {
    kc_host h{};
    h.struct_size = sizeof(kc_host);
    h.abi_major = KC_ABI_MAJOR;
    h.abi_minor = KC_ABI_MINOR;
    h.host_version = "0.1.0";
    h.error_set = [](kc_error* err, kc_status status, const char* msg, size_t len) {
        if (!err) return;
        err->status = status;
        err->message.assign(msg ? msg : "", msg ? len : 0);
    };
    h.error_set_trace = [](kc_error* err, const char* trace, size_t len) {
        if (err) err->trace.assign(trace ? trace : "", trace ? len : 0);
    };
    h.log = [](kc_context* ctx, kc_log_level level, kc_str logger, kc_str msg) {
        auto log = plugin_logger(view(logger));
        auto lvl = to_spdlog(level);
        if (!log->should_log(lvl)) return;
        if (ctx)
            log->log(lvl, "{}{}", instance(ctx)->log_prefix(), view(msg));
        else
            log->log(lvl, "{}", view(msg));
    };
    h.log_enabled = [](kc_context*, kc_log_level level, kc_str logger) {
        return plugin_logger(view(logger))->should_log(to_spdlog(level));
    };
    h.arena_alloc = [](kc_arena* arena, size_t size, size_t align) -> void* {
        return arena ? static_cast<Arena*>(arena)->allocate(size, align) : nullptr;
    };
    h.arena_on_release = [](kc_arena* arena, void (*release)(void*), void* ctx) {
        return arena && release && static_cast<Arena*>(arena)->on_release(release, ctx);
    };
    h.offset_read = [](kc_context* ctx, const kc_value* partition, kc_arena* arena, kc_value* out,
                       bool* found, kc_error* err) {
        return ctx ? instance(ctx)->offset_read(partition, arena, out, found, err) : KC_UNSUPPORTED;
    };
    h.request_task_reconfiguration = [](kc_context* ctx) {
        return ctx ? instance(ctx)->request_task_reconfiguration() : KC_UNSUPPORTED;
    };
    h.raise_error = [](kc_context* ctx, kc_status status, kc_str message) {
        return ctx ? instance(ctx)->raise_error(status, view(message)) : KC_UNSUPPORTED;
    };
    h.sink_assignment = [](kc_context* ctx, kc_arena* arena, const kc_topic_partition** out,
                           size_t* count) {
        return ctx ? instance(ctx)->sink_assignment(arena, out, count) : KC_UNSUPPORTED;
    };
    h.sink_pause = [](kc_context* ctx, const kc_topic_partition* tps, size_t count) {
        return ctx ? instance(ctx)->sink_pause(tps, count) : KC_UNSUPPORTED;
    };
    h.sink_resume = [](kc_context* ctx, const kc_topic_partition* tps, size_t count) {
        return ctx ? instance(ctx)->sink_resume(tps, count) : KC_UNSUPPORTED;
    };
    h.sink_offset_reset = [](kc_context* ctx, const kc_topic_partition_offset* tpos, size_t count) {
        return ctx ? instance(ctx)->sink_offset_reset(tpos, count) : KC_UNSUPPORTED;
    };
    h.sink_timeout = [](kc_context* ctx, int64_t ms) {
        return ctx ? instance(ctx)->sink_timeout(ms) : KC_UNSUPPORTED;
    };
    h.sink_request_commit = [](kc_context* ctx) {
        return ctx ? instance(ctx)->sink_request_commit() : KC_UNSUPPORTED;
    };
    h.errant_record_report = [](kc_context* ctx, const kc_record* record, kc_status cause,
                                kc_str message) {
        return ctx ? instance(ctx)->errant_record_report(record, cause, view(message))
                   : KC_UNSUPPORTED;
    };
    h.transaction_request = [](kc_context* ctx, kc_txn_request what, const kc_record* record) {
        return ctx ? instance(ctx)->transaction_request(what, record) : KC_UNSUPPORTED;
    };
    return h;
}();

}  // namespace

const kc_host* host_services() {
    return &kHost;
}

}  // namespace kc::host
