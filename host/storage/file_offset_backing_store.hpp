#pragma once

#include <filesystem>

#include "host/storage/memory_offset_backing_store.hpp"

namespace kc::host::storage {

// Source offsets in `offset.storage.file.filename` (standalone mode).
//
// Every set() rewrites the whole file atomically and durably: write
// "<file>.tmp", fsync it, rename it over <file>, fsync the directory. A crash
// at any instant leaves either the old or the new file; a leftover .tmp is
// ignored and removed at start.
//
// File format (ours; Java writes a Java-serialised HashMap instead, which is
// not read here), all integers little-endian:
//   magic   "KCOFFSETS1\n"   (11 bytes)
//   u32     entry count
//   entries u32 key length, key bytes, u32 value length, value bytes
//   u32     CRC-32 (IEEE 802.3) of every byte before it
// Keys and values are the bytes of Java's offsets topic (JSON).
class FileOffsetBackingStore : public MemoryOffsetBackingStore {
  public:
    explicit FileOffsetBackingStore(std::filesystem::path file);

    // Loads the file if it exists. A file that is truncated, has a wrong magic
    // or a bad checksum throws StorageError naming it: starting without the
    // offsets would silently re-read every source from the beginning.
    void start() override;
    const std::filesystem::path& file() const { return file_; }

  private:
    void persist(const std::map<std::string, std::string>& next) override;

    std::filesystem::path file_;
};

// The bytes of a file in the format above (exposed for tests and tools).
std::string encode_offset_file(const std::map<std::string, std::string>& data);
// Throws StorageError mentioning `name` when the bytes are not a valid file.
std::map<std::string, std::string> decode_offset_file(const std::string& bytes,
                                                      const std::string& name);

}  // namespace kc::host::storage
