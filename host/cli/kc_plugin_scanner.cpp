// kc-plugin-scanner: loads plugin libraries on the host's behalf during
// discovery, so a library that crashes or exits while loading takes down only
// this short-lived process. Speaks the framed protocol of
// host/plugins/scanner_protocol.hpp on the fd given by --fd; its stdout is
// /dev/null (set up by the host), so plugin output cannot corrupt the stream.
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>

#include "host/plugins/linker_namespaces.hpp"
#include "host/plugins/plugin_library.hpp"
#include "host/plugins/scanner_protocol.hpp"

namespace {

using namespace kc::host;

scanner::ScanReply scan_one(const scanner::ScanRequest& request,
                            std::map<std::string, std::unique_ptr<LocationNamespace>>& spaces) {
    auto& ns = spaces[request.location.string()];
    if (!ns) {
        ns = std::make_unique<LocationNamespace>();
        ns->isolated = request.isolate;
    }
    scanner::ScanReply reply;
    try {
        auto lib = PluginLibrary::load(request.library, request.location, *ns);
        for (const kc_descriptor* d : lib->descriptors()) {
            ManifestEntry e;
            e.kind = d->kind;
            e.class_name = d->class_name;
            e.version = descriptor_version(d);
            for (auto a = d->aliases; a && *a; ++a)
                e.aliases.emplace_back(*a);
            reply.plugins.push_back(std::move(e));
        }
        reply.ok = true;
    } catch (const PluginLoadError& e) {
        reply.error = e.what();
    }
    return reply;
}

}  // namespace

int main(int argc, char** argv) {
    ensure_linker_namespace_tunables(argv);
    int fd = -1;
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], "--fd") == 0) fd = std::atoi(argv[i + 1]);
    if (fd < 0) {
        std::fprintf(stderr,
                     "kc-plugin-scanner is started by the Kafka Connect host during plugin "
                     "discovery (usage: kc-plugin-scanner --fd <protocol fd>)\n");
        return 1;
    }
    // Our own diagnostics go to stderr; stdout is not ours.
    spdlog::set_default_logger(spdlog::stderr_logger_mt("kc-plugin-scanner"));
    spdlog::set_level(spdlog::level::warn);
    if (!scanner::write_frame(fd, scanner::FrameType::Hello, "{}")) return 2;
    std::map<std::string, std::unique_ptr<LocationNamespace>> spaces;
    std::string error;
    while (auto frame = scanner::read_frame(fd, -1, error)) {
        if (frame->type != scanner::FrameType::Scan) return 2;
        auto request = scanner::decode_request(frame->payload);
        scanner::ScanReply reply = request
                                       ? scan_one(*request, spaces)
                                       : scanner::ScanReply{false, "malformed scan request", {}};
        if (!scanner::write_frame(fd, scanner::FrameType::Result, scanner::encode(reply))) return 2;
    }
    // The host closed the stream: discovery is done. Skip static destructors
    // of whatever the plugins left behind.
    std::fflush(stderr);
    std::_Exit(error == "closed" ? 0 : 2);
}
