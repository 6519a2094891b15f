// Source offsets kept in offset.storage.file.filename: loaded at start, the
// whole map rewritten atomically and durably (temp file, fsync, rename) on
// every flush, so a crash leaves the previous or the new content, never a mix.
#pragma once

#include <filesystem>
#include <memory>

#include "host/runtime/offset_store.hpp"

namespace kc::host::runtime {

// Throws std::runtime_error naming the file when it exists but cannot be read.
std::unique_ptr<SourceOffsetStore> make_file_offset_store(const std::filesystem::path& file);

}  // namespace kc::host::runtime
