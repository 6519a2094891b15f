// kc/export.hpp - KC_EXPORT_PLUGINS(Class, ...): makes a shared library a
// Kafka Connect plugin library. Use it once per library, at global scope,
// listing every plugin class (connectors, converters, header converters,
// transformations, predicates, config providers; a connector's task class
// comes with it through `using Task = ...`):
//
//   KC_EXPORT_PLUGINS(example::CounterSourceConnector, example::UppercaseTransform)
//
// It defines
//  - `const kc_plugin_entry kc_plugin_entry` with C linkage and default
//    visibility: the one symbol the library exports (kc_add_plugin() hides
//    everything else). Constant-initialised: loading runs no plugin code.
//  - the descriptors (class name, extra aliases, version, doc, config keys,
//    validate(), instance table), built in init() from each class's
//    PluginInfo, configDef() and kind;
//  - the JSON manifest in ELF section `.kc_manifest`, computed at compile time
//    from the same PluginInfo constants, so the host can list the library
//    without loading it and the manifest cannot disagree with the code.
//
// Threads: init/deinit/descriptor_* are called once, by one thread, before
// and after everything else. descriptor validate() is [any-thread].
// Ownership: descriptors and their config keys are plugin-owned until deinit().
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <type_traits>

#include "kc/abi.h"
#include "kc/detail/export_manifest.hpp"
#include "kc/detail/export_vtables.hpp"
#include "kc/error.hpp"
#include "kc/plugin.hpp"
#include "kc/version.hpp"

namespace kc::detail {

template <class T>
constexpr bool valid_plugin_class() {
    static_assert(
        std::is_base_of_v<Plugin, T>,
        "a plugin class derives from kc::SourceConnector, kc::SinkConnector, kc::Converter, "
        "kc::HeaderConverter, kc::Transformation, kc::Predicate or kc::ConfigProvider");
    static_assert(
        requires { T::kind; }, "a plugin class needs a kind (inherited from its kc:: base)");
    static_assert(
        requires { T::info.class_name; },
        "a plugin class needs `static constexpr kc::PluginInfo info{...}`");
    static_assert(T::info.class_name != nullptr, "PluginInfo::class_name must be set");
    static_assert(T::info.aliases[kMaxAliases] == nullptr, "at most kc::kMaxAliases aliases");
    static_assert(std::is_default_constructible_v<T>,
                  "the host creates plugins with their default constructor");
    if constexpr (std::is_base_of_v<SourceConnector, T>) {
        static_assert(
            requires { typename T::Task; }, "a connector names its task class: using Task = ...;");
        static_assert(std::is_base_of_v<SourceTask, typename T::Task>,
                      "a source connector's Task derives from kc::SourceTask");
        static_assert(std::is_default_constructible_v<typename T::Task>);
    }
    if constexpr (std::is_base_of_v<SinkConnector, T>) {
        static_assert(
            requires { typename T::Task; }, "a connector names its task class: using Task = ...;");
        static_assert(std::is_base_of_v<SinkTask, typename T::Task>,
                      "a sink connector's Task derives from kc::SinkTask");
        static_assert(std::is_default_constructible_v<typename T::Task>);
    }
    return true;
}

template <class T>
const void* vtable_of() {
    if constexpr (std::is_base_of_v<Connector, T>)
        return &ConnectorTable<T>::table;
    else if constexpr (std::is_base_of_v<Converter, T>)
        return &ConverterTable<T>::table;
    else if constexpr (std::is_base_of_v<HeaderConverter, T>)
        return &HeaderConverterTable<T>::table;
    else if constexpr (std::is_base_of_v<Transformation, T>)
        return &TransformTable<T>::table;
    else if constexpr (std::is_base_of_v<Predicate, T>)
        return &PredicateTable<T>::table;
    else
        return &ConfigProviderTable<T>::table;
}

// Descriptor validate(): the class's ConfigDef::validate, results in the arena.
// KC_FATAL before the library has a host (init(), or set_linked_plugin_host()).
template <class T>
kc_status validate_config(const kc_config* config, kc_arena* arena, const kc_config_value** out,
                          size_t* out_count, kc_error* err) noexcept {
    *out = nullptr;
    *out_count = 0;
    const kc_host* host = library_host;
    if (host == nullptr) return KC_FATAL;
    return guard(host, err, [&] {
        const std::vector<ConfigValue> results =
            ConfigDefOf<T>::def().validate(to_config_map(config));
        Arena a(host, arena);
        *out = export_config_values(a, results);
        *out_count = results.size();
    });
}

template <class T>
kc_descriptor make_descriptor() {
    const ConfigKeyTable& keys = ConfigDefOf<T>::keys();
    kc_descriptor d{};
    d.struct_size = sizeof(kc_descriptor);
    d.kind = T::kind;
    d.class_name = T::info.class_name;
    d.aliases = T::info.aliases[0] != nullptr ? T::info.aliases.data() : nullptr;
    d.version = T::info.version;
    d.documentation = T::info.doc;
    d.config_def = keys.data();
    d.config_def_count = keys.size();
    d.flags = T::info.flags;
    d.validate = &validate_config<T>;
    d.vtable = vtable_of<T>();
    return d;
}

template <class... Plugins>
struct Library {
    static_assert(sizeof...(Plugins) > 0, "KC_EXPORT_PLUGINS needs at least one plugin class");
    static_assert((valid_plugin_class<Plugins>() && ...));

    static inline std::array<kc_descriptor, sizeof...(Plugins)> descriptors{};

    static kc_status init(const kc_host* host, const char* /*location*/, kc_error* err) noexcept {
        return guard(host, err, [&] {
            if (host == nullptr) throw ConnectException("init() needs the host services table");
            if (host->abi_major != KC_ABI_MAJOR)
                throw UnsupportedOperationException(
                    "plugin library built for Kafka Connect native ABI " +
                    std::to_string(KC_ABI_MAJOR) + ".x, host speaks " +
                    std::to_string(host->abi_major) + "." + std::to_string(host->abi_minor));
            library_host = host;
            descriptors = {make_descriptor<Plugins>()...};
        });
    }
    static void deinit() noexcept { library_host = nullptr; }
    static size_t descriptor_count() noexcept { return sizeof...(Plugins); }
    static const kc_descriptor* descriptor_at(size_t index) noexcept {
        return index < descriptors.size() ? &descriptors[index] : nullptr;
    }

    static constexpr kc_plugin_entry entry{sizeof(kc_plugin_entry), KC_ABI_MAJOR,  KC_ABI_MINOR,
                                           KC_SDK_VERSION,          &init,         &deinit,
                                           &descriptor_count,       &descriptor_at};
};

}  // namespace kc::detail

namespace kc {

// Plugin classes linked into a program instead of exported from a library (a
// host's built-in converters and config providers): the descriptor
// KC_EXPORT_PLUGINS would list for T, and the services table the descriptors'
// validate() allocates through, which a library gets from init().
template <class T>
kc_descriptor linked_plugin_descriptor() {
    static_assert(detail::valid_plugin_class<T>());
    return detail::make_descriptor<T>();
}
inline void set_linked_plugin_host(const kc_host* host) noexcept {
    detail::library_host = host;
}

}  // namespace kc

// The entry constant is declared inside a namespace because abi.h's typedef
// already owns the global name `kc_plugin_entry`; C linkage gives the symbol
// its plain name all the same.
#define KC_EXPORT_PLUGINS(...)                                                                  \
    namespace kc_export_generated {                                                             \
    [[gnu::used, gnu::section(KC_MANIFEST_SECTION)]] constexpr auto kc_manifest =               \
        ::kc::detail::manifest_bytes<__VA_ARGS__>();                                            \
    extern "C" __attribute__((visibility("default"))) const ::kc_plugin_entry kc_plugin_entry = \
        ::kc::detail::Library<__VA_ARGS__>::entry;                                              \
    }                                                                                           \
    static_assert(true, "KC_EXPORT_PLUGINS ends with a semicolon")
