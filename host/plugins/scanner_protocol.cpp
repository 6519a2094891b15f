#include "host/plugins/scanner_protocol.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "host/core/bounded_json.hpp"
#include "host/plugins/manifest_json.hpp"

namespace kc::host::scanner {
namespace {

struct Header {
    uint32_t magic;
    uint16_t version;
    uint16_t type;
    uint32_t length;
};
static_assert(sizeof(Header) == 12);

bool write_all(int fd, const char* p, size_t n) {
    while (n > 0) {
        ssize_t w = ::send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        p += w;
        n -= static_cast<size_t>(w);
    }
    return true;
}

bool read_all(int fd, char* p, size_t n, std::chrono::steady_clock::time_point deadline,
              bool has_deadline, std::string& error) {
    while (n > 0) {
        int wait = -1;
        if (has_deadline) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) return error = "timeout", false;
            wait = static_cast<int>(left.count());
        }
        pollfd pfd{fd, POLLIN, 0};
        int r = ::poll(&pfd, 1, wait);
        if (r < 0 && errno == EINTR) continue;
        if (r == 0) return error = "timeout", false;
        ssize_t got = ::read(fd, p, n);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return error = "closed", false;
        p += got;
        n -= static_cast<size_t>(got);
    }
    return true;
}

}  // namespace

bool write_frame(int fd, FrameType type, const std::string& payload) {
    if (payload.size() > kMaxPayload) return false;
    Header h{kMagic, kProtocolVersion, static_cast<uint16_t>(type),
             static_cast<uint32_t>(payload.size())};
    return write_all(fd, reinterpret_cast<const char*>(&h), sizeof h) &&
           write_all(fd, payload.data(), payload.size());
}

std::optional<Frame> read_frame(int fd, int timeout_ms, std::string& error) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    Header h{};
    if (!read_all(fd, reinterpret_cast<char*>(&h), sizeof h, deadline, timeout_ms >= 0, error))
        return std::nullopt;
    if (h.magic != kMagic) return error = "bad frame magic", std::nullopt;
    if (h.version != kProtocolVersion)
        return error = "scanner speaks protocol version " + std::to_string(h.version) +
                       ", expected " + std::to_string(kProtocolVersion),
               std::nullopt;
    if (h.length > kMaxPayload) return error = "frame too large", std::nullopt;
    Frame f{static_cast<FrameType>(h.type), std::string(h.length, '\0')};
    if (!read_all(fd, f.payload.data(), h.length, deadline, timeout_ms >= 0, error))
        return std::nullopt;
    return f;
}

std::string encode(const ScanRequest& r) {
    rapidjson::StringBuffer out;
    rapidjson::Writer<rapidjson::StringBuffer> w(out);
    w.StartObject();
    w.Key("library");
    w.String(r.library.c_str());
    w.Key("location");
    w.String(r.location.c_str());
    w.Key("isolate");
    w.Bool(r.isolate);
    w.EndObject();
    return out.GetString();
}

std::optional<ScanRequest> decode_request(const std::string& json) {
    rapidjson::Document d;
    if (parse_bounded_json(d, json) || !d.IsObject() || !d.HasMember("library") ||
        !d["library"].IsString() || !d.HasMember("location") || !d["location"].IsString())
        return std::nullopt;
    ScanRequest r;
    r.library = d["library"].GetString();
    r.location = d["location"].GetString();
    r.isolate = d.HasMember("isolate") && d["isolate"].IsBool() && d["isolate"].GetBool();
    return r;
}

std::string encode(const ScanReply& r) {
    rapidjson::StringBuffer out;
    rapidjson::Writer<rapidjson::StringBuffer> w(out);
    w.StartObject();
    w.Key("ok");
    w.Bool(r.ok);
    w.Key("error");
    w.String(r.error.c_str());
    w.Key("plugins");
    w.StartArray();
    for (const auto& e : r.plugins)
        write_manifest_entry(w, e);
    w.EndArray();
    w.EndObject();
    return out.GetString();
}

ScanReply decode_reply(const std::string& json) {
    // The plugin list has the manifest's shape; reuse its parser.
    rapidjson::Document d;
    if (parse_bounded_json(d, json) || !d.IsObject() || !d.HasMember("ok") || !d["ok"].IsBool())
        return {false, "malformed reply from the scanner", {}};
    ScanReply r;
    r.ok = d["ok"].GetBool();
    if (d.HasMember("error") && d["error"].IsString()) r.error = d["error"].GetString();
    if (r.ok) {
        if (!d.HasMember("plugins") || !d["plugins"].IsArray())
            return {false, "malformed reply from the scanner: no plugin list", {}};
        rapidjson::StringBuffer out;
        rapidjson::Writer<rapidjson::StringBuffer> w(out);
        d["plugins"].Accept(w);
        auto parsed = parse_manifest(std::string("{\"kc_abi\":{\"major\":1},\"plugins\":") +
                                     out.GetString() + "}");
        if (!parsed.manifest)
            return {false, "malformed reply from the scanner: " + parsed.error, {}};
        r.plugins = std::move(parsed.manifest->plugins);
    }
    return r;
}

}  // namespace kc::host::scanner
