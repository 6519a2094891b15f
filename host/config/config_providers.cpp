#include "host/config/config_providers.hpp"

#include <spdlog/spdlog.h>

#include <cstring>
#include <deque>
#include <utility>
#include <vector>

#include "host/config/builtin_config_providers.hpp"
#include "host/config/config_error.hpp"

namespace kc::host::config {
namespace {

// What kc_error* and kc_arena* point to for calls made from here. They are
// passed to the plugin as opaque pointers (reinterpret_cast), never as the
// host-wide kc_error/kc_arena types.
struct CallError {
    kc_status status = KC_OK;
    std::string message;
};

struct CallArena {
    std::deque<std::unique_ptr<std::max_align_t[]>> blocks;
    std::vector<std::pair<void (*)(void*), void*>> releases;  // kc_host::arena_on_release
    CallArena() = default;
    CallArena(const CallArena&) = delete;
    CallArena& operator=(const CallArena&) = delete;
    ~CallArena() {
        for (auto [fn, ctx] : releases)
            fn(ctx);
    }
};

CallError* as_error(kc_error* e) {
    return reinterpret_cast<CallError*>(e);
}

void error_set(kc_error* err, kc_status status, const char* msg, size_t len) {
    if (!err) return;
    as_error(err)->status = status;
    as_error(err)->message.assign(msg ? msg : "", msg ? len : 0);
}
void error_set_trace(kc_error*, const char*, size_t) {}
void log(kc_context*, kc_log_level level, kc_str logger, kc_str msg) {
    spdlog::log(static_cast<spdlog::level::level_enum>(level), "[{}] {}",
                std::string_view(logger.ptr ? logger.ptr : "", logger.len),
                std::string_view(msg.ptr ? msg.ptr : "", msg.len));
}
bool log_enabled(kc_context*, kc_log_level level, kc_str) {
    return spdlog::should_log(static_cast<spdlog::level::level_enum>(level));
}
void* arena_alloc(kc_arena* arena, size_t size, size_t align) {
    if (align > alignof(std::max_align_t)) return nullptr;
    const size_t n = (size + sizeof(std::max_align_t) - 1) / sizeof(std::max_align_t);
    auto block = std::make_unique<std::max_align_t[]>(n == 0 ? 1 : n);  // zeroed
    void* p = block.get();
    reinterpret_cast<CallArena*>(arena)->blocks.push_back(std::move(block));
    return p;
}
bool arena_on_release(kc_arena* arena, void (*release)(void*), void* ctx) {
    if (!arena || !release) return false;
    try {
        reinterpret_cast<CallArena*>(arena)->releases.emplace_back(release, ctx);
        return true;
    } catch (...) {
        return false;
    }
}
kc_status offset_read(kc_context*, const kc_value*, kc_arena*, kc_value*, bool*, kc_error*) {
    return KC_UNSUPPORTED;
}
kc_status no_ctx(kc_context*) {
    return KC_UNSUPPORTED;
}
kc_status raise_error(kc_context*, kc_status, kc_str) {
    return KC_UNSUPPORTED;
}
kc_status sink_assignment(kc_context*, kc_arena*, const kc_topic_partition**, size_t*) {
    return KC_UNSUPPORTED;
}
kc_status sink_tps(kc_context*, const kc_topic_partition*, size_t) {
    return KC_UNSUPPORTED;
}
kc_status sink_offset_reset(kc_context*, const kc_topic_partition_offset*, size_t) {
    return KC_UNSUPPORTED;
}
kc_status sink_timeout(kc_context*, int64_t) {
    return KC_UNSUPPORTED;
}
kc_status errant(kc_context*, const kc_record*, kc_status, kc_str) {
    return KC_UNSUPPORTED;
}
kc_status txn(kc_context*, kc_txn_request, const kc_record*) {
    return KC_UNSUPPORTED;
}

const kc_host kProviderHost = {
    sizeof(kc_host),   KC_ABI_MAJOR,     KC_ABI_MINOR, "kc-host-config",
    &error_set,        &error_set_trace, &log,         &log_enabled,
    &arena_alloc,      &offset_read,     &no_ctx,      &raise_error,
    &sink_assignment,  &sink_tps,        &sink_tps,    &sink_offset_reset,
    &sink_timeout,     &no_ctx,          &errant,      &txn,
    &arena_on_release,
};

const kc_descriptor* builtin_by_name(const std::string& cls) {
    for (const kc_descriptor* d : kc::host::builtin_config_providers()) {
        const std::string_view full(d->class_name);
        const std::string_view simple = full.substr(full.rfind('.') + 1);
        if (cls == full || cls == simple) return d;
    }
    return nullptr;
}

}  // namespace

struct ConfigProviders::Instance {
    const kc_config_provider_vtable* vt = nullptr;
    void* self = nullptr;
    ~Instance() {
        if (self) vt->destroy(self);
    }
};

ConfigProviders::ConfigProviders(const WorkerConfig& worker, DescriptorResolver resolver)
    : provider_settings_(worker.with_prefix("config.providers.", false)),
      resolver_(resolver ? std::move(resolver) : DescriptorResolver(builtin_by_name)) {
    for (const std::string& n : worker.config_providers()) {
        if (!n.empty()) names_.insert(n);
    }
}

ConfigProviders::~ConfigProviders() = default;

ConfigProviders::Instance& ConfigProviders::instance(const std::string& name) {
    if (auto it = instances_.find(name); it != instances_.end()) return *it->second;
    const std::string prefix = "config.providers." + name;
    const std::string* cls = provider_settings_.find(prefix + ".class");
    if (!cls) throw ConfigError(prefix + ".class is not set for config provider '" + name + "'");
    const kc_descriptor* d = resolver_(*cls);
    if (!d || d->kind != KC_KIND_CONFIG_PROVIDER || !d->vtable) {
        throw ConfigError("config provider class '" + *cls + "' (" + prefix +
                          ".class) was not found");
    }
    auto inst = std::make_unique<Instance>();
    inst->vt = static_cast<const kc_config_provider_vtable*>(d->vtable);
    CallError err;
    if (inst->vt->create(&kProviderHost, nullptr, &inst->self, reinterpret_cast<kc_error*>(&err)) !=
        KC_OK) {
        throw ConfigError("cannot create config provider '" + name + "': " + err.message);
    }
    const ConfigMap params = provider_settings_.with_prefix(prefix + ".param.");
    std::vector<kc_config_entry> entries;
    for (const auto& [k, v] : params)
        entries.push_back({{k.data(), k.size()}, {v.data(), v.size()}});
    const kc_config cfg{entries.data(), entries.size()};
    if (inst->vt->configure(inst->self, &cfg, reinterpret_cast<kc_error*>(&err)) != KC_OK) {
        throw ConfigError("cannot configure config provider '" + name + "': " + err.message);
    }
    return *instances_.emplace(name, std::move(inst)).first->second;
}

ProviderData ConfigProviders::lookup(const std::string& provider, const std::string& path,
                                     const std::set<std::string>& keys) {
    std::lock_guard lock(mu_);
    Instance& inst = instance(provider);
    std::vector<kc_str> wanted;
    for (const std::string& k : keys)
        wanted.push_back({k.data(), k.size()});
    CallArena arena;
    CallError err;
    const kc_config_entry* out = nullptr;
    size_t count = 0;
    int64_t ttl = -1;
    if (inst.vt->get(inst.self, {path.data(), path.size()}, wanted.data(), wanted.size(),
                     reinterpret_cast<kc_arena*>(&arena), &out, &count, &ttl,
                     reinterpret_cast<kc_error*>(&err)) != KC_OK) {
        throw ConfigError(err.message.empty() ? "provider call failed" : err.message);
    }
    ProviderData data;
    for (size_t i = 0; i < count; ++i) {
        data.values[std::string(out[i].key.ptr ? out[i].key.ptr : "", out[i].key.len)] =
            std::string(out[i].value.ptr ? out[i].value.ptr : "", out[i].value.len);
    }
    if (ttl >= 0) data.ttl_ms = ttl;
    return data;
}

TransformedConfig ConfigProviders::resolve(const ConfigMap& raw) {
    return transform_config(
        raw, names_,
        [this](const std::string& p, const std::string& path, const std::set<std::string>& keys) {
            return lookup(p, path, keys);
        });
}

}  // namespace kc::host::config
