#include "host/runtime/config_resolver.hpp"

#include <regex>
#include <stdexcept>

namespace kc::host::runtime {

ConfigResolver::ConfigResolver(const config::WorkerConfig& worker, PluginRegistry& registry)
    : worker_(worker), registry_(registry) {}

ConfigResolver::~ConfigResolver() = default;

ConfigProviderInstance& ConfigResolver::provider(const std::string& name) {
    auto it = providers_.find(name);
    if (it != providers_.end()) return *it->second;
    auto listed = worker_.config_providers();
    if (std::find(listed.begin(), listed.end(), name) == listed.end())
        throw std::runtime_error("config provider '" + name +
                                 "' is not listed in config.providers");
    auto cls = worker_.get_string("config.providers." + name + ".class");
    if (!cls) throw std::runtime_error("config.providers." + name + ".class is not set");
    auto inst = std::make_unique<ConfigProviderInstance>(
        registry_.resolve(KC_KIND_CONFIG_PROVIDER, *cls), &context_);
    std::map<std::string, std::string> params;
    for (const auto& [k, v] : worker_.with_prefix("config.providers." + name + ".param."))
        params[k] = v;
    inst->configure(*ConfigEntries(params).get());
    return *providers_.emplace(name, std::move(inst)).first->second;
}

Settings ConfigResolver::resolve(const Settings& raw) {
    static const std::regex placeholder(R"(\$\{([^}]*?):(([^}]*?):)?([^}]*?)\})");
    Settings out = raw;
    std::lock_guard lock(mutex_);
    for (auto& [key, value] : out) {
        if (value.find("${") == std::string::npos) continue;
        std::string resolved;
        auto begin = std::sregex_iterator(value.begin(), value.end(), placeholder);
        size_t last = 0;
        for (auto it = begin; it != std::sregex_iterator(); ++it) {
            const std::smatch& m = *it;
            resolved.append(value, last, static_cast<size_t>(m.position()) - last);
            last = static_cast<size_t>(m.position() + m.length());
            const std::string name = m[1], path = m[3], k = m[4];
            try {
                Arena arena;
                kc_str wanted{k.data(), k.size()};
                auto data = provider(name).get(kc_str{path.data(), path.size()},
                                               std::span<const kc_str>(&wanted, 1), arena);
                bool found = false;
                for (const auto& e : data.entries)
                    if (std::string_view(e.key.ptr ? e.key.ptr : "", e.key.len) == k) {
                        resolved.append(e.value.ptr ? e.value.ptr : "", e.value.len);
                        found = true;
                    }
                // Java leaves a placeholder whose key the provider lacks unchanged.
                if (!found) resolved.append(m.str());
            } catch (const std::exception& e) {
                throw std::runtime_error("Could not resolve " + m.str() + " in '" + key +
                                         "': " + e.what());
            }
        }
        resolved.append(value, last, std::string::npos);
        value = std::move(resolved);
    }
    return out;
}

}  // namespace kc::host::runtime
