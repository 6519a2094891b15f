#include "host/config/builtin_config_providers.hpp"

#include <array>
#include <atomic>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "host/config/config_error.hpp"
#include "host/config/properties.hpp"
#include "host/config/worker_config.hpp"

extern char** environ;

namespace kc::host {
namespace {

namespace fs = std::filesystem;

std::atomic<const kc_host*> g_validate_host{nullptr};

// A failure a provider reports through host->error_set.
struct ProviderFailure {
    kc_status status;
    std::string message;
};

std::string_view view(kc_str s) {
    return {s.ptr ? s.ptr : "", s.len};
}

std::map<std::string, std::string> to_map(const kc_config* config) {
    std::map<std::string, std::string> out;
    if (!config) return out;
    for (std::size_t i = 0; i < config->count; ++i) {
        out[std::string(view(config->entries[i].key))] =
            std::string(view(config->entries[i].value));
    }
    return out;
}

// Java AllowedPaths: absolute prefixes compared by path component. Both sides are compared as
// real paths (symlinks resolved), or a link inside an allowed directory would read any file.
class AllowedPaths {
  public:
    void configure(const std::map<std::string, std::string>& cfg) {
        paths_.reset();
        auto it = cfg.find("allowed.paths");
        if (it == cfg.end()) return;
        std::vector<fs::path> parsed;
        for (const std::string& p : config::parse_list(it->second)) {
            if (p.empty()) continue;
            const fs::path path(p);
            if (!path.is_absolute()) {
                throw ProviderFailure{KC_CONFIG,
                                      "allowed.paths entry '" + p + "' is not an absolute path"};
            }
            parsed.push_back(real_path(path));
        }
        if (!parsed.empty()) paths_ = std::move(parsed);
    }

    fs::path check(const std::string& untrusted) const {
        const fs::path normal = fs::path(untrusted).lexically_normal();
        if (!paths_) return normal;
        const fs::path real = real_path(normal);
        if (allows(real)) return real;
        throw ProviderFailure{
            KC_CONFIG, "path '" + untrusted + "' is not allowed by the provider's allowed.paths"};
    }

    // Whether `real` (a real path) lies under an allowed path.
    bool allows(const fs::path& real) const {
        if (!paths_) return true;
        for (const fs::path& allowed : *paths_) {
            auto a = allowed.begin(), n = real.begin();
            for (; a != allowed.end() && n != real.end() && *a == *n; ++a, ++n) {
            }
            // A trailing separator of an allowed dir shows up as an empty component.
            if (a == allowed.end() || (std::next(a) == allowed.end() && a->empty())) return true;
        }
        return false;
    }

    // Symlinks resolved as far as the path exists; a missing rest is kept as written.
    static fs::path real_path(const fs::path& p) {
        std::error_code ec;
        fs::path real = fs::weakly_canonical(p, ec);
        return ec ? p.lexically_normal() : real;
    }

  private:
    std::optional<std::vector<fs::path>> paths_;
};

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw ProviderFailure{KC_CONFIG, "cannot read file " + p.string()};
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

using Values = std::vector<std::pair<std::string, std::string>>;

// Keeps only the wanted keys (all when keys is null).
Values filter(Values all, const kc_str* keys, size_t key_count) {
    if (!keys) return all;
    Values out;
    for (auto& kv : all) {
        for (size_t i = 0; i < key_count; ++i) {
            if (view(keys[i]) == kv.first) {
                out.push_back(std::move(kv));
                break;
            }
        }
    }
    return out;
}

class Provider {
  public:
    explicit Provider(const kc_host* host) : host_(host) {}
    virtual ~Provider() = default;
    virtual void configure(const std::map<std::string, std::string>& cfg) = 0;
    virtual Values get(const std::string& path, const kc_str* keys, size_t key_count) = 0;
    const kc_host* host() const { return host_; }

  private:
    const kc_host* host_;
};

// The providers that read files: both honour allowed.paths.
class PathProvider : public Provider {
  public:
    using Provider::Provider;
    void configure(const std::map<std::string, std::string>& cfg) override {
        allowed_.configure(cfg);
    }

  protected:
    AllowedPaths allowed_;
};

class FileProvider : public PathProvider {
  public:
    using PathProvider::PathProvider;
    Values get(const std::string& path, const kc_str* keys, size_t key_count) override {
        if (path.empty()) return {};
        const fs::path file = allowed_.check(path);
        config::ConfigMap props;
        try {
            props = config::parse_properties(read_file(file), file.string());
        } catch (const config::ConfigError& e) {
            throw ProviderFailure{KC_CONFIG,
                                  "could not read properties from file " + path + ": " + e.what()};
        }
        return filter(props.entries(), keys, key_count);
    }
};

class DirectoryProvider : public PathProvider {
  public:
    using PathProvider::PathProvider;
    Values get(const std::string& path, const kc_str* keys, size_t key_count) override {
        if (path.empty()) return {};
        const fs::path dir = allowed_.check(path);
        std::error_code ec;
        if (!fs::is_directory(dir, ec)) {
            throw ProviderFailure{KC_CONFIG, "path '" + path + "' is not a directory"};
        }
        Values all;
        for (const auto& entry : fs::directory_iterator(dir, ec)) {
            if (!entry.is_regular_file(ec)) continue;  // follows symlinks, as Java does
            const std::string name = entry.path().filename().string();
            if (keys) {
                bool wanted = false;
                for (size_t i = 0; i < key_count && !wanted; ++i)
                    wanted = view(keys[i]) == name;
                if (!wanted) continue;
            }
            if (!allowed_.allows(AllowedPaths::real_path(entry.path())))
                throw ProviderFailure{KC_CONFIG, "file '" + name + "' in directory " + path +
                                                     " links to a path not allowed by the "
                                                     "provider's allowed.paths"};
            all.emplace_back(name, read_file(entry.path()));
        }
        if (ec)
            throw ProviderFailure{KC_CONFIG, "cannot list directory " + path + ": " + ec.message()};
        return all;
    }
};

class EnvProvider : public Provider {
  public:
    using Provider::Provider;
    void configure(const std::map<std::string, std::string>& cfg) override {
        auto it = cfg.find("allowlist.pattern");
        try {
            allow_.emplace(it == cfg.end() ? ".*" : it->second);
        } catch (const std::regex_error& e) {
            throw ProviderFailure{KC_CONFIG,
                                  "invalid allowlist.pattern '" + it->second + "': " + e.what()};
        }
    }
    Values get(const std::string& path, const kc_str* keys, size_t key_count) override {
        if (!path.empty()) {
            throw ProviderFailure{
                KC_CONFIG,
                "a path is not supported by EnvVarConfigProvider, invalid value '" + path + "'"};
        }
        Values all;
        for (char** e = environ; e && *e; ++e) {
            const std::string_view entry(*e);
            const std::size_t eq = entry.find('=');
            if (eq == std::string_view::npos) continue;
            std::string name(entry.substr(0, eq));
            if (allow_ && !std::regex_match(name, *allow_)) continue;
            all.emplace_back(std::move(name), std::string(entry.substr(eq + 1)));
        }
        return filter(std::move(all), keys, key_count);
    }

  private:
    std::optional<std::regex> allow_;
};

void report(const kc_host* host, kc_error* err, kc_status status, const std::string& msg) {
    if (host && err) host->error_set(err, status, msg.data(), msg.size());
}

template <class P>
kc_status create(const kc_host* host, kc_context*, void** self, kc_error* err) {
    try {
        *self = new P(host);
        return KC_OK;
    } catch (const std::bad_alloc&) {
        report(host, err, KC_NOMEM, "out of memory creating a config provider");
        return KC_NOMEM;
    }
}

void destroy(void* self) {
    delete static_cast<Provider*>(self);
}

kc_status configure(void* self, const kc_config* config, kc_error* err) {
    auto* p = static_cast<Provider*>(self);
    try {
        p->configure(to_map(config));
        return KC_OK;
    } catch (const ProviderFailure& f) {
        report(p->host(), err, f.status, f.message);
        return f.status;
    } catch (const std::exception& e) {
        report(p->host(), err, KC_FATAL, e.what());
        return KC_FATAL;
    }
}

kc_str arena_copy(const kc_host* host, kc_arena* arena, const std::string& s) {
    if (s.empty()) return {nullptr, 0};
    auto* p = static_cast<char*>(host->arena_alloc(arena, s.size(), 1));
    if (!p) throw std::bad_alloc();
    std::memcpy(p, s.data(), s.size());
    return {p, s.size()};
}

kc_status get(void* self, kc_str path, const kc_str* keys, size_t key_count, kc_arena* arena,
              const kc_config_entry** out, size_t* out_count, int64_t* ttl_ms, kc_error* err) {
    auto* p = static_cast<Provider*>(self);
    const kc_host* host = p->host();
    try {
        const Values values = p->get(std::string(view(path)), keys, key_count);
        kc_config_entry* entries = nullptr;
        if (!values.empty()) {
            entries = static_cast<kc_config_entry*>(host->arena_alloc(
                arena, sizeof(kc_config_entry) * values.size(), alignof(kc_config_entry)));
            if (!entries) throw std::bad_alloc();
        }
        for (std::size_t i = 0; i < values.size(); ++i) {
            entries[i].key = arena_copy(host, arena, values[i].first);
            entries[i].value = arena_copy(host, arena, values[i].second);
        }
        *out = entries;
        *out_count = values.size();
        *ttl_ms = -1;
        return KC_OK;
    } catch (const ProviderFailure& f) {
        report(host, err, f.status, f.message);
        return f.status;
    } catch (const std::bad_alloc&) {
        report(host, err, KC_NOMEM, "out of memory in config provider");
        return KC_NOMEM;
    } catch (const std::exception& e) {
        report(host, err, KC_FATAL, e.what());
        return KC_FATAL;
    }
}

template <class P>
constexpr kc_config_provider_vtable kVtable = {
    sizeof(kc_config_provider_vtable), &create<P>, &destroy, &configure, &get,
};

constexpr kc_config_key key(const char* name, kc_config_type type, const char* def,
                            const char* doc) {
    return kc_config_key{sizeof(kc_config_key),
                         type,
                         name,
                         def,
                         KC_IMPORTANCE_MEDIUM,
                         doc,
                         nullptr,
                         0,
                         KC_WIDTH_NONE,
                         name,
                         nullptr,
                         nullptr,
                         false,
                         false};
}

const kc_config_key kPathKeys[] = {
    key("allowed.paths", KC_CFG_LIST, "",
        "A comma-separated list of absolute paths the provider may read; empty = any path."),
};
const kc_config_key kEnvKeys[] = {
    key("allowlist.pattern", KC_CFG_STRING, ".*",
        "A regular expression the names of readable environment variables must match."),
};

// Checks the one key each provider has; a bad value gives an error entry.
template <const kc_config_key* Key>
kc_status validate(const kc_config* config, kc_arena* arena, const kc_config_value** out,
                   size_t* out_count, kc_error* err) {
    const kc_host* host = g_validate_host.load();
    if (!host) return KC_FATAL;
    try {
        const auto cfg = to_map(config);
        auto it = cfg.find(Key->name);
        const std::string value = it == cfg.end() ? Key->default_value : it->second;
        std::string problem;
        try {
            if (Key == kPathKeys) {
                AllowedPaths().configure({{Key->name, value}});
            } else {
                std::regex check(value);
            }
        } catch (const ProviderFailure& f) {
            problem = f.message;
        } catch (const std::regex_error& e) {
            problem = std::string("invalid regular expression: ") + e.what();
        }
        auto* result = static_cast<kc_config_value*>(
            host->arena_alloc(arena, sizeof(kc_config_value), alignof(kc_config_value)));
        if (!result) throw std::bad_alloc();
        result->name = arena_copy(host, arena, Key->name);
        result->value = arena_copy(host, arena, value);
        result->has_value = true;
        result->visible = true;
        if (!problem.empty()) {
            auto* errors =
                static_cast<kc_str*>(host->arena_alloc(arena, sizeof(kc_str), alignof(kc_str)));
            if (!errors) throw std::bad_alloc();
            errors[0] = arena_copy(host, arena, problem);
            result->errors = errors;
            result->error_count = 1;
        }
        *out = result;
        *out_count = 1;
        return KC_OK;
    } catch (const std::exception& e) {
        report(host, err, KC_NOMEM, e.what());
        return KC_NOMEM;
    }
}

constexpr kc_descriptor descriptor(const char* cls, const char* doc, const kc_config_key* keys,
                                   kc_status (*validate_fn)(const kc_config*, kc_arena*,
                                                            const kc_config_value**, size_t*,
                                                            kc_error*),
                                   const void* vtable) {
    return kc_descriptor{sizeof(kc_descriptor),
                         KC_KIND_CONFIG_PROVIDER,
                         cls,
                         nullptr,
                         nullptr,
                         doc,
                         keys,
                         1,
                         KC_FLAG_THREAD_SAFE,
                         validate_fn,
                         vtable};
}

const kc_descriptor kFile =
    descriptor("org.apache.kafka.common.config.provider.FileConfigProvider",
               "Reads ${provider:<properties file>:<key>} from a properties file.", kPathKeys,
               &validate<kPathKeys>, &kVtable<FileProvider>);
const kc_descriptor kDirectory =
    descriptor("org.apache.kafka.common.config.provider.DirectoryConfigProvider",
               "Reads ${provider:<directory>:<file name>} as the content of that file.", kPathKeys,
               &validate<kPathKeys>, &kVtable<DirectoryProvider>);
const kc_descriptor kEnv =
    descriptor("org.apache.kafka.common.config.provider.EnvVarConfigProvider",
               "Reads ${provider:<VARIABLE>} from the worker's environment.", kEnvKeys,
               &validate<kEnvKeys>, &kVtable<EnvProvider>);

const std::array<const kc_descriptor*, 3> kAll = {&kFile, &kDirectory, &kEnv};

}  // namespace

std::span<const kc_descriptor* const> builtin_config_providers() {
    return kAll;
}

void set_builtin_config_provider_host(const kc_host* host) {
    g_validate_host.store(host);
}

}  // namespace kc::host
