// The host side of the C ABI's services: the one kc_host table handed to every
// plugin, the arena and error objects behind the ABI's opaque types, and the
// per-instance context the runtime implements.
//
// This header defines the ABI's opaque structs (kc_arena, kc_error,
// kc_context); a program links either it or kc/testing.hpp, never both.
#pragma once

#include <sanitizer/asan_interface.h>

#include <cstddef>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "kc/abi.h"

// Opaque to plugins; the host's objects derive from these.
struct kc_arena {};
struct kc_context {};
struct kc_error {
    kc_status status = KC_OK;
    std::string message;
    std::string trace;
};

namespace kc::host {

// A plugin call failed; message is the plugin's own text.
class PluginError : public std::runtime_error {
  public:
    PluginError(kc_status status, const std::string& message, std::string trace = {})
        : std::runtime_error(message), status(status), trace(std::move(trace)) {}
    kc_status status;
    std::string trace;
};

// Bump allocator over chunks: every allocation is zeroed, nothing is freed
// singly, reset() releases everything at once. Chunks are kept across resets
// (up to retain_bytes) so a batch arena reused per poll does not go back to
// malloc, or mmap, for every batch. Under AddressSanitizer the bytes not
// handed out since the last reset() are poisoned, so a use of a released
// batch's data (by the host, a plugin, or librdkafka through memcpy) is
// reported even though the chunk itself lives on.
class Arena : public kc_arena {
  public:
    explicit Arena(size_t chunk_size = 64 * 1024, size_t retain_bytes = 8 << 20);
    ~Arena();
    Arena(const Arena&) = delete;
    Arena& operator=(const Arena&) = delete;

    // nullptr only when memory is exhausted or align is not a power of two.
    // Inline: converters and plugins call it several times per record.
    void* allocate(size_t size, size_t align = alignof(std::max_align_t)) {
        // Chunks come from operator new[], aligned to kBaseAlign, so an offset
        // aligned to align <= kBaseAlign is an aligned address.
        if (align <= kBaseAlign && (align & (align - 1)) == 0 && align != 0) {
            size_t start = (offset_ + align - 1) & ~(align - 1);
            if (start + size <= limit_ && base_) return take(start, size);
        }
        return allocate_slow(size, align);
    }
    // Releases every registered callback, then makes the memory reusable.
    void reset();
    // kc_host::arena_on_release: fn(ctx) runs once, at the next reset() or at
    // destruction, whichever comes first. False when memory is exhausted.
    bool on_release(void (*fn)(void*), void* ctx) noexcept;
    size_t bytes_used() const { return used_; }
    // Bytes of chunks held (in use or kept for reuse).
    size_t bytes_reserved() const;

  private:
    static constexpr size_t kBaseAlign = __STDCPP_DEFAULT_NEW_ALIGNMENT__;
    struct Chunk {
        std::unique_ptr<std::byte[]> data;
        size_t size;
    };
    // Hands out [start, start + size) of the current chunk, zeroed.
    void* take(size_t start, size_t size) {
        offset_ = start + size;
        used_ += size;
        ASAN_UNPOISON_MEMORY_REGION(base_ + start, size);
        return std::memset(base_ + start, 0, size);
    }
    void* allocate_slow(size_t size, size_t align);
    void use_chunk(size_t index);
    void run_releases() noexcept;

    size_t chunk_size_;
    size_t retain_bytes_;
    std::vector<Chunk> chunks_;
    size_t current_ = 0;         // index of the chunk being filled
    std::byte* base_ = nullptr;  // chunks_[current_].data, or nullptr
    size_t offset_ = 0;          // within the current chunk
    size_t limit_ = 0;           // its size (0 before the first chunk)
    size_t used_ = 0;
    // Plugins' arena_on_release callbacks, in registration order.
    std::vector<std::pair<void (*)(void*), void*>> releases_;
};

// What the runtime provides to one connector or task instance. The host
// services table routes each per-instance call here; anything not overridden
// answers KC_UNSUPPORTED, as the ABI requires.
class InstanceContext : public kc_context {
  public:
    virtual ~InstanceContext() = default;

    // Prefix for this instance's log lines, e.g. "[my-connector|task-0] ".
    virtual std::string log_prefix() const { return {}; }

    virtual kc_status offset_read(const kc_value* partition, kc_arena* arena, kc_value* out_offset,
                                  bool* found, kc_error* err);
    virtual kc_status request_task_reconfiguration();
    virtual kc_status raise_error(kc_status status, std::string_view message);
    virtual kc_status sink_assignment(kc_arena* arena, const kc_topic_partition** out,
                                      size_t* out_count);
    virtual kc_status sink_pause(const kc_topic_partition* tps, size_t count);
    virtual kc_status sink_resume(const kc_topic_partition* tps, size_t count);
    virtual kc_status sink_offset_reset(const kc_topic_partition_offset* tpos, size_t count);
    virtual kc_status sink_timeout(int64_t timeout_ms);
    virtual kc_status sink_request_commit();
    virtual kc_status errant_record_report(const kc_record* record, kc_status cause,
                                           std::string_view message);
    virtual kc_status transaction_request(kc_txn_request what, const kc_record* record);
};

// The one services table (struct_size, ABI version, all functions set).
const kc_host* host_services();

// Throws PluginError carrying err's message when status is not KC_OK. `what`
// names the call for plugins that failed without setting a message.
void check_status(kc_status status, const kc_error& err, std::string_view what);

}  // namespace kc::host
