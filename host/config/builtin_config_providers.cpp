#include "host/config/builtin_config_providers.hpp"

#include "host/config/directory_config_provider.hpp"
#include "host/config/env_var_config_provider.hpp"
#include "host/config/file_config_provider.hpp"
#include "host/core/builtin_plugins.hpp"

namespace kc::host {

std::span<const kc_descriptor* const> builtin_config_providers() {
    using namespace kc::host::config;
    static const BuiltinPlugins<FileConfigProvider, DirectoryConfigProvider, EnvVarConfigProvider>
        table;
    return table.descriptors();
}

}  // namespace kc::host
