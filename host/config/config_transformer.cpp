#include "host/config/config_transformer.hpp"

#include <spdlog/spdlog.h>

#include "host/config/config_error.hpp"

namespace kc::host::config {

std::vector<ConfigVariable> find_config_variables(std::string_view value) {
    std::vector<ConfigVariable> out;
    std::size_t from = 0;
    while (true) {
        const std::size_t begin = value.find("${", from);
        if (begin == std::string_view::npos) break;
        const std::size_t close = value.find('}', begin + 2);
        if (close == std::string_view::npos) break;
        const std::string_view body = value.substr(begin + 2, close - begin - 2);
        const std::size_t colon = body.find(':');
        if (colon == std::string_view::npos) {
            from = begin + 1;  // no match here; the regex retries one character later
            continue;
        }
        ConfigVariable var;
        var.provider = body.substr(0, colon);
        const std::string_view rest = body.substr(colon + 1);
        if (const std::size_t second = rest.find(':'); second != std::string_view::npos) {
            var.path = rest.substr(0, second);
            var.key = rest.substr(second + 1);
        } else {
            var.key = rest;
        }
        var.begin = begin;
        var.end = close + 1;
        out.push_back(std::move(var));
        from = close + 1;
    }
    return out;
}

TransformedConfig transform_config(const ConfigMap& raw, const std::set<std::string>& providers,
                                   const ProviderLookup& lookup) {
    std::map<std::pair<std::string, std::string>, std::set<std::string>> wanted;
    std::vector<std::pair<std::size_t, std::vector<ConfigVariable>>> per_entry;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const auto& [key, value] = raw.entries()[i];
        std::vector<ConfigVariable> vars = find_config_variables(value);
        if (vars.empty()) continue;
        for (const ConfigVariable& v : vars) {
            // Java leaves a reference to an unknown provider as it is.
            if (!providers.count(v.provider)) {
                spdlog::warn(
                    "Config '{}' refers to {}, but no config provider named '{}' is "
                    "listed in config.providers; the reference is left as it is",
                    key, value.substr(v.begin, v.end - v.begin), v.provider);
                continue;
            }
            wanted[{v.provider, v.path}].insert(v.key);
        }
        per_entry.emplace_back(i, std::move(vars));
    }
    TransformedConfig out{raw, {}};
    if (per_entry.empty()) return out;

    std::map<std::pair<std::string, std::string>, ProviderData> fetched;
    std::map<std::pair<std::string, std::string>, std::string> failures;
    for (const auto& [where, keys] : wanted) {
        try {
            ProviderData data = lookup(where.first, where.second, keys);
            if (data.ttl_ms) out.ttls[where.second] = *data.ttl_ms;
            fetched.emplace(where, std::move(data));
        } catch (const std::exception& e) {
            failures.emplace(where, e.what());
        }
    }
    for (const auto& [index, vars] : per_entry) {
        const auto& [key, value] = raw.entries()[index];
        std::string resolved;
        std::size_t last = 0;
        for (const ConfigVariable& v : vars) {
            const std::string ref = value.substr(v.begin, v.end - v.begin);
            if (!providers.count(v.provider)) continue;  // left as it is (warned above)
            const std::pair<std::string, std::string> where{v.provider, v.path};
            if (auto f = failures.find(where); f != failures.end()) {
                throw ConfigError("cannot resolve " + ref + " in config '" + key +
                                  "': config provider '" + v.provider + "' failed: " + f->second);
            }
            const auto& values = fetched.at(where).values;
            auto hit = values.find(v.key);
            if (hit == values.end()) {
                // Java leaves a reference to a key the provider lacks as it is.
                spdlog::warn(
                    "Config '{}': config provider '{}' has no key '{}'{}; {} is left as "
                    "it is",
                    key, v.provider, v.key, v.path.empty() ? "" : " under path '" + v.path + "'",
                    ref);
                continue;
            }
            resolved.append(value, last, v.begin - last);
            resolved += hit->second;
            last = v.end;
        }
        resolved.append(value, last, std::string::npos);
        out.config.set(key, std::move(resolved));
    }
    return out;
}

}  // namespace kc::host::config
