#include "host/plugins/plugin_library.hpp"

#include <dlfcn.h>
#include <spdlog/spdlog.h>

#include <exception>
#include <map>
#include <mutex>
#include <variant>

#include "host/plugins/host_services.hpp"
#include "host/plugins/linker_namespaces.hpp"

namespace kc::host {
namespace fs = std::filesystem;
namespace {

std::mutex cache_mutex;
// Keyed by canonical path; a failure is remembered so init never runs twice.
std::map<std::string, std::variant<std::shared_ptr<PluginLibrary>, std::string>> cache;

std::string dl_error() {
    const char* e = dlerror();
    return e ? e : "unknown dynamic loader error";
}

std::string exception_text(std::exception_ptr p) {
    try {
        std::rethrow_exception(p);
    } catch (const std::exception& e) {
        return std::string("a C++ exception escaped the plugin across the C ABI: ") + e.what();
    } catch (...) {
        return "a C++ exception of unknown type escaped the plugin across the C ABI";
    }
}

void* open_library(const fs::path& path, LocationNamespace& ns) {
    const int mode = RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE;
    if (!ns.isolated) {
        // Probe first: a library already mapped keeps its first load's state.
        if (void* h = dlopen(path.c_str(), mode | RTLD_NOLOAD)) return h;
        void* h = dlopen(path.c_str(), mode);
        if (!h) throw PluginLoadError("dlopen failed: " + dl_error());
        return h;
    }
    Lmid_t lmid = ns.lmid ? static_cast<Lmid_t>(*ns.lmid) : LM_ID_NEWLM;
    void* h = dlmopen(lmid, path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!h) throw PluginLoadError("dlmopen into an own linker namespace failed: " + dl_error());
    if (!ns.lmid) {
        Lmid_t created = 0;
        if (dlinfo(h, RTLD_DI_LMID, &created) == 0) ns.lmid = static_cast<long>(created);
    }
    return h;
}

}  // namespace

LocationNamespace::~LocationNamespace() {
    if (holds_reservation && !lmid) release_namespace();
}

std::string descriptor_version(const kc_descriptor* d) {
    return d && d->version && *d->version ? d->version : "undefined";
}

std::string descriptor_problem(const kc_descriptor* d) {
    if (!d) return "descriptor is NULL";
    if (!KC_HAS_FIELD(kc_descriptor, d->struct_size, vtable))
        return "descriptor struct_size " + std::to_string(d->struct_size) + " is too small";
    if (!d->class_name || !*d->class_name) return "descriptor has no class name";
    if (static_cast<unsigned>(d->kind) > KC_KIND_CLIENT_CONFIG_OVERRIDE_POLICY)
        return std::string("descriptor of ") + d->class_name + " has an unknown kind " +
               std::to_string(d->kind);
    if (!d->vtable) return std::string("descriptor of ") + d->class_name + " has no vtable";
    return {};
}

std::shared_ptr<PluginLibrary> PluginLibrary::load(const fs::path& library,
                                                   const fs::path& location,
                                                   LocationNamespace& ns) {
    std::error_code ec;
    fs::path canonical = fs::weakly_canonical(library, ec);
    if (ec) canonical = library;
    std::lock_guard lock(cache_mutex);
    if (auto it = cache.find(canonical.string()); it != cache.end()) {
        if (auto* lib = std::get_if<std::shared_ptr<PluginLibrary>>(&it->second)) return *lib;
        throw PluginLoadError(std::get<std::string>(it->second));
    }
    try {
        void* handle = open_library(canonical, ns);
        auto lib = std::make_shared<PluginLibrary>(canonical, handle, ns.isolated);
        lib->initialise(location);
        cache.emplace(canonical.string(), lib);
        spdlog::debug("Loaded plugin library {}{}", canonical.string(),
                      ns.isolated ? " into its own linker namespace" : "");
        return lib;
    } catch (const PluginLoadError& e) {
        cache.emplace(canonical.string(), std::string(e.what()));
        throw;
    }
}

void PluginLibrary::initialise(const fs::path& location) {
    entry_ = static_cast<const kc_plugin_entry*>(dlsym(handle_, KC_PLUGIN_ENTRY_SYMBOL));
    if (!entry_)
        throw PluginLoadError("exports no " KC_PLUGIN_ENTRY_SYMBOL
                              " symbol (not a Kafka Connect native plugin library)");
    if (!KC_HAS_FIELD(kc_plugin_entry, entry_->struct_size, descriptor_at))
        throw PluginLoadError("its " KC_PLUGIN_ENTRY_SYMBOL " struct_size " +
                              std::to_string(entry_->struct_size) + " is too small");
    if (entry_->abi_major != KC_ABI_MAJOR)
        throw PluginLoadError("it was built for plugin ABI major " +
                              std::to_string(entry_->abi_major) + "; this host speaks major " +
                              std::to_string(KC_ABI_MAJOR));
    if (!entry_->init || !entry_->descriptor_count || !entry_->descriptor_at)
        throw PluginLoadError("its " KC_PLUGIN_ENTRY_SYMBOL " lacks init or descriptor functions");
    kc_error err;
    kc_status status;
    try {
        status = entry_->init(host_services(), location.c_str(), &err);
    } catch (...) {
        throw PluginLoadError("init(): " + exception_text(std::current_exception()));
    }
    if (status != KC_OK)
        throw PluginLoadError("init() failed with status " + std::to_string(status) +
                              (err.message.empty() ? "" : ": " + err.message));
    try {
        size_t count = entry_->descriptor_count();
        for (size_t i = 0; i < count; ++i) {
            const kc_descriptor* d = entry_->descriptor_at(i);
            if (std::string why = descriptor_problem(d); !why.empty())
                throw PluginLoadError("descriptor " + std::to_string(i) + ": " + why);
            descriptors_.push_back(d);
        }
    } catch (const PluginLoadError&) {
        throw;
    } catch (...) {
        throw PluginLoadError("listing descriptors: " + exception_text(std::current_exception()));
    }
}

void* PluginLibrary::symbol(const char* name) const {
    return dlsym(handle_, name);
}

}  // namespace kc::host
