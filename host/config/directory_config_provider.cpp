#include "host/config/directory_config_provider.hpp"

namespace kc::host::config {

namespace fs = std::filesystem;

kc::ConfigDef DirectoryConfigProvider::configDef() {
    kc::ConfigDef def;
    AllowedPaths::define(def);
    return def;
}

kc::ConfigData DirectoryConfigProvider::get(const std::string& path) {
    return read(path, nullptr);
}

kc::ConfigData DirectoryConfigProvider::get(const std::string& path,
                                            const std::set<std::string>& keys) {
    return read(path, &keys);
}

kc::ConfigData DirectoryConfigProvider::read(const std::string& path,
                                             const std::set<std::string>* keys) const {
    kc::ConfigData result;
    if (path.empty()) return result;
    const fs::path dir = allowed_.check(path);
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw kc::ConfigException("path '" + path + "' is not a directory");
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (!entry.is_regular_file(ec)) continue;  // follows symlinks, as Java does
        std::string name = entry.path().filename().string();
        if (keys && !keys->count(name)) continue;
        if (!allowed_.allows(AllowedPaths::real_path(entry.path())))
            throw kc::ConfigException("file '" + name + "' in directory " + path +
                                      " links to a path not allowed by the provider's "
                                      "allowed.paths");
        result.data[std::move(name)] = read_provider_file(entry.path());
    }
    if (ec) throw kc::ConfigException("cannot list directory " + path + ": " + ec.message());
    return result;
}

}  // namespace kc::host::config
