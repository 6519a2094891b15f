// kc/detail/export_manifest.hpp - the library's JSON manifest, built at
// compile time from the same PluginInfo constants the descriptors use, so that
// code and manifest cannot disagree. Format: the "Manifest JSON" contract
// (kc_abi, sdk_version, plugins[kind, class, aliases, version]).
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "kc/abi.h"
#include "kc/version.hpp"

namespace kc::detail {

constexpr std::string_view manifest_kind(kc_plugin_kind kind) {
    switch (kind) {
        case KC_KIND_SOURCE_CONNECTOR:
            return "source";
        case KC_KIND_SINK_CONNECTOR:
            return "sink";
        case KC_KIND_CONVERTER:
            return "converter";
        case KC_KIND_HEADER_CONVERTER:
            return "header_converter";
        case KC_KIND_TRANSFORMATION:
            return "transformation";
        case KC_KIND_PREDICATE:
            return "predicate";
        case KC_KIND_CONFIG_PROVIDER:
            return "configprovider";
        case KC_KIND_REST_EXTENSION:
            return "rest_extension";
        case KC_KIND_CLIENT_CONFIG_OVERRIDE_POLICY:
            return "connector_client_config_override_policy";
    }
    return "unknown";
}

constexpr void append_json_string(std::string& out, std::string_view s) {
    constexpr char hex[] = "0123456789abcdef";
    out += '"';
    for (char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            out += "\\u00";
            out += hex[(c >> 4) & 0xf];
            out += hex[c & 0xf];
        } else {
            out += c;
        }
    }
    out += '"';
}

constexpr std::string to_decimal(unsigned n) {
    std::string digits;
    do {
        digits.insert(digits.begin(), static_cast<char>('0' + n % 10));
        n /= 10;
    } while (n != 0);
    return digits;
}

template <class T>
constexpr void append_manifest_plugin(std::string& out) {
    out += "{\"kind\":";
    append_json_string(out, manifest_kind(T::kind));
    out += ",\"class\":";
    append_json_string(out, T::info.class_name);
    out += ",\"aliases\":[";
    for (size_t i = 0; T::info.aliases[i] != nullptr; ++i) {
        if (i) out += ',';
        append_json_string(out, T::info.aliases[i]);
    }
    out += "],\"version\":";
    append_json_string(out, T::info.version != nullptr ? T::info.version : "undefined");
    out += '}';
}

template <class... Plugins>
constexpr std::string manifest_json() {
    std::string out = "{\"kc_abi\":{\"major\":" + to_decimal(KC_ABI_MAJOR) +
                      ",\"minor\":" + to_decimal(KC_ABI_MINOR) + "},\"sdk_version\":";
    append_json_string(out, KC_SDK_VERSION);
    out += ",\"plugins\":[";
    bool first = true;
    ((out += first ? "" : ",", first = false, append_manifest_plugin<Plugins>(out)), ...);
    out += "]}";
    return out;
}

// The manifest as a NUL-terminated char array, ready for a section.
template <class... Plugins>
constexpr auto manifest_bytes() {
    constexpr size_t size = manifest_json<Plugins...>().size();
    std::array<char, size + 1> bytes{};
    const std::string json = manifest_json<Plugins...>();
    for (size_t i = 0; i < size; ++i)
        bytes[i] = json[i];
    return bytes;
}

}  // namespace kc::detail
