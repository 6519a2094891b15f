// kc/testing.hpp - an in-memory host for unit-testing plugins without a worker.
//
// TestHost implements the whole kc_host services table: a malloc-backed arena,
// errors captured into a TestError, logs captured into a vector, a settable
// offset store for source tasks, and a sink context that records what the task
// asked for. Plugin authors and the project's own tests use it the same way:
//
//   kc::testing::TestHost host;
//   kc::Arena arena = host.arena();
//   ... call a plugin's C++ object or its C vtable with host.services() ...
#pragma once

#include <kc/abi.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "kc/data.hpp"
#include "kc/plugin.hpp"

// The test host defines the ABI's opaque types itself, so a test program uses
// either this header or the worker's own host services, never both.
namespace kc {
class testing_host_state;
namespace testing::detail {
inline void* test_alloc(std::vector<void*>& blocks, size_t size, size_t align) {
    if (align < alignof(std::max_align_t)) align = alignof(std::max_align_t);
    size_t rounded = (size + align - 1) / align * align;
    if (rounded == 0) rounded = align;
    void* p = std::aligned_alloc(align, rounded);
    if (!p) return nullptr;
    std::memset(p, 0, rounded);
    blocks.push_back(p);
    return p;
}
}  // namespace testing::detail
}  // namespace kc

struct kc_error {
    kc_status status = KC_OK;
    std::string message;
    std::string trace;
};

struct kc_arena {
    std::vector<void*> blocks;
    std::vector<std::pair<void (*)(void*), void*>> on_release;  // kc_host::arena_on_release
    kc_arena() = default;
    kc_arena(const kc_arena&) = delete;
    kc_arena& operator=(const kc_arena&) = delete;
    ~kc_arena() { release(); }
    void release() {
        for (auto [fn, ctx] : on_release)
            fn(ctx);
        on_release.clear();
        for (void* b : blocks)
            std::free(b);
        blocks.clear();
    }
};

struct kc_context {
    kc::testing_host_state* state;
    const kc_host* host;
    kc_arena* instance_arena;  // offsets read without an arena live here
};

namespace kc {

class testing_host_state {
  public:
    struct LogLine {
        kc_log_level level;
        std::string logger;
        std::string message;
    };
    std::vector<LogLine> logs;
    // Source offsets keyed by the partition's value hash and equality.
    std::vector<std::pair<OwnedValue, OwnedValue>> offsets;
    int reconfiguration_requests = 0;
    std::vector<std::string> raised_errors;
    std::vector<std::string> errant_records;  // messages passed to the reporter
    bool errant_reporter_enabled = true;
    int commit_requests = 0;
    std::vector<std::pair<std::string, int32_t>> paused;
};

namespace testing {

class TestHost {
  public:
    TestHost() {
        std::memset(&host_, 0, sizeof(host_));
        host_.struct_size = sizeof(kc_host);
        host_.abi_major = KC_ABI_MAJOR;
        host_.abi_minor = KC_ABI_MINOR;
        host_.host_version = "test";
        host_.error_set = [](kc_error* e, kc_status st, const char* msg, size_t len) {
            e->status = st;
            e->message.assign(msg ? msg : "", msg ? len : 0);
        };
        host_.error_set_trace = [](kc_error* e, const char* t, size_t len) {
            e->trace.assign(t ? t : "", t ? len : 0);
        };
        host_.log = [](kc_context* ctx, kc_log_level lvl, kc_str logger, kc_str msg) {
            if (ctx)
                ctx->state->logs.push_back({lvl, std::string(sv(logger)), std::string(sv(msg))});
        };
        host_.log_enabled = [](kc_context*, kc_log_level, kc_str) { return true; };
        host_.arena_alloc = [](kc_arena* a, size_t size, size_t align) -> void* {
            return testing::detail::test_alloc(a->blocks, size, align);
        };
        host_.arena_on_release = [](kc_arena* a, void (*fn)(void*), void* ctx) {
            if (!a || !fn) return false;
            a->on_release.emplace_back(fn, ctx);
            return true;
        };
        host_.offset_read = [](kc_context* ctx, const kc_value* partition, kc_arena* arena,
                               kc_value* out, bool* found, kc_error*) -> kc_status {
            *found = false;
            for (auto& [p, o] : ctx->state->offsets)
                if (value_equals(p.view(), partition)) {
                    Arena alloc(&host_of(ctx), arena ? arena : ctx->instance_arena);
                    *out = deep_copy(alloc, o.view());
                    *found = true;
                }
            return KC_OK;
        };
        host_.request_task_reconfiguration = [](kc_context* ctx) {
            ++ctx->state->reconfiguration_requests;
            return KC_OK;
        };
        host_.raise_error = [](kc_context* ctx, kc_status, kc_str msg) {
            ctx->state->raised_errors.emplace_back(sv(msg));
            return KC_OK;
        };
        host_.sink_assignment = [](kc_context*, kc_arena*, const kc_topic_partition** out,
                                   size_t* n) {
            *out = nullptr;
            *n = 0;
            return KC_OK;
        };
        host_.sink_pause = [](kc_context* ctx, const kc_topic_partition* tps, size_t n) {
            for (size_t i = 0; i < n; ++i)
                ctx->state->paused.emplace_back(sv(tps[i].topic), tps[i].partition);
            return KC_OK;
        };
        host_.sink_resume = [](kc_context*, const kc_topic_partition*, size_t) { return KC_OK; };
        host_.sink_offset_reset = [](kc_context*, const kc_topic_partition_offset*, size_t) {
            return KC_OK;
        };
        host_.sink_timeout = [](kc_context*, int64_t) { return KC_OK; };
        host_.sink_request_commit = [](kc_context* ctx) {
            ++ctx->state->commit_requests;
            return KC_OK;
        };
        host_.errant_record_report = [](kc_context* ctx, const kc_record*, kc_status, kc_str msg) {
            if (!ctx->state->errant_reporter_enabled) return KC_UNSUPPORTED;
            ctx->state->errant_records.emplace_back(sv(msg));
            return KC_OK;
        };
        host_.transaction_request = [](kc_context*, kc_txn_request, const kc_record*) {
            return KC_UNSUPPORTED;
        };
        ctx_.state = &state_;
        ctx_.host = &host_;
        ctx_.instance_arena = &instance_arena_;
    }
    TestHost(const TestHost&) = delete;
    TestHost& operator=(const TestHost&) = delete;

    const kc_host* services() const noexcept { return &host_; }
    kc_context* context() noexcept { return &ctx_; }
    // Gives a plugin's C++ object this host, as the library's vtables do when
    // the worker creates it; its logger is called logger_name.
    void bind(Plugin& plugin, std::string logger_name = "test") {
        kc::detail::PluginAccess::bind(plugin, &host_, &ctx_, std::move(logger_name));
    }
    kc_arena* raw_arena() noexcept { return &arena_; }
    Arena arena() noexcept { return Arena(&host_, &arena_); }
    // Frees everything allocated from the arena so far (the host's batch end).
    void reset_arena() { arena_.release(); }
    kc_error& error() noexcept { return error_; }
    kc_error* raw_error() noexcept { return &error_; }
    testing_host_state& state() noexcept { return state_; }

    void set_offset(ValueView partition, ValueView offset) {
        state_.offsets.emplace_back(OwnedValue::copy_of(partition), OwnedValue::copy_of(offset));
    }

  private:
    // The offset reader needs the services table to allocate its answer.
    static const kc_host& host_of(kc_context* ctx) { return *ctx->host; }

    kc_host host_;
    kc_context ctx_;
    kc_arena arena_;
    kc_arena instance_arena_;
    kc_error error_;
    testing_host_state state_;
};

}  // namespace testing
}  // namespace kc
