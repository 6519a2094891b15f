#include "host/plugins/plugin_library.hpp"

#include <dlfcn.h>
#include <spdlog/spdlog.h>

#include <boost/dll/shared_library.hpp>

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

}  // namespace

// A library in the base namespace is a Boost.DLL shared_library; one in its
// location's own namespace is a raw dlmopen handle, because Boost.DLL cannot
// load into a linker namespace (it has no dlmopen).
class PluginLibrary::Code {
  public:
    static std::unique_ptr<Code> open(const fs::path& path, LocationNamespace& ns) {
        auto code = std::make_unique<Code>();
        if (ns.isolated)
            code->namespaced_ = open_in_namespace(path, ns);
        else
            code->shared_ = open_shared(path);
        return code;
    }

    // The address of an exported object, or nullptr.
    const void* find(const char* name) const {
        if (namespaced_) return dlsym(namespaced_, name);  // Boost.DLL cannot wrap this handle
        if (!shared_.has(name)) return nullptr;
        return &shared_.get<const char>(name);
    }

  private:
    static boost::dll::shared_library open_shared(const fs::path& path) {
        namespace mode = boost::dll::load_mode;
        // RTLD_NODELETE and RTLD_NOLOAD have no load_mode name; Boost.DLL
        // hands native flags through to dlopen unchanged.
        const mode::type flags =
            mode::rtld_now | mode::rtld_local | static_cast<mode::type>(RTLD_NODELETE);
        std::error_code ec;
        // Probe first: a library already mapped keeps its first load's state.
        boost::dll::shared_library lib(path, flags | static_cast<mode::type>(RTLD_NOLOAD), ec);
        if (lib.is_loaded()) return lib;
        ec.clear();
        lib.load(path, flags, ec);
        // Boost.DLL's error code says only "bad file descriptor"; dlerror()
        // still holds the loader's reason (missing dependency, bad ELF...).
        if (ec) throw PluginLoadError("dlopen failed: " + dl_error());
        return lib;
    }

    static void* open_in_namespace(const fs::path& path, LocationNamespace& ns) {
        Lmid_t lmid = ns.lmid ? static_cast<Lmid_t>(*ns.lmid) : LM_ID_NEWLM;
        void* h = dlmopen(lmid, path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (!h) throw PluginLoadError("dlmopen into an own linker namespace failed: " + dl_error());
        if (!ns.lmid) {
            Lmid_t created = 0;
            if (dlinfo(h, RTLD_DI_LMID, &created) == 0) ns.lmid = static_cast<long>(created);
        }
        return h;  // never closed: a C++ namespace cannot be reclaimed
    }

    boost::dll::shared_library shared_;
    void* namespaced_ = nullptr;
};

PluginLibrary::PluginLibrary(fs::path path, std::unique_ptr<Code> code, bool isolated)
    : path_(std::move(path)), code_(std::move(code)), isolated_(isolated) {}

PluginLibrary::~PluginLibrary() = default;

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
        auto lib =
            std::make_shared<PluginLibrary>(canonical, Code::open(canonical, ns), ns.isolated);
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
    entry_ = static_cast<const kc_plugin_entry*>(code_->find(KC_PLUGIN_ENTRY_SYMBOL));
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

}  // namespace kc::host
