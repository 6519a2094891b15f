// The framed, versioned protocol between the host and kc-plugin-scanner.
//
// Each frame: magic u32 | protocol version u16 | type u16 | payload length u32
// (little-endian, as on the only platforms we build for), then a JSON payload.
// The scanner greets with HELLO, then answers every SCAN with one RESULT.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "host/plugins/manifest.hpp"

namespace kc::host::scanner {

constexpr uint32_t kMagic = 0x4B435343;  // "KCSC"
constexpr uint16_t kProtocolVersion = 1;
constexpr uint32_t kMaxPayload = 16u << 20;

enum class FrameType : uint16_t { Hello = 1, Scan = 2, Result = 3 };

struct Frame {
    FrameType type;
    std::string payload;
};

// Both return false when the peer is gone or the stream is not ours.
bool write_frame(int fd, FrameType type, const std::string& payload);
// Waits at most timeout_ms (-1 = forever) for a whole frame. `error` tells why
// when it returns nullopt ("timeout", "closed", "bad frame ...").
std::optional<Frame> read_frame(int fd, int timeout_ms, std::string& error);

struct ScanRequest {
    std::filesystem::path library;
    std::filesystem::path location;
    bool isolate = false;
};

struct ScanReply {
    bool ok = false;
    std::string error;
    std::vector<ManifestEntry> plugins;
};

std::string encode(const ScanRequest& request);
std::optional<ScanRequest> decode_request(const std::string& json);
std::string encode(const ScanReply& reply);
ScanReply decode_reply(const std::string& json);

}  // namespace kc::host::scanner
