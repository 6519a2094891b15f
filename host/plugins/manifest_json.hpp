// One plugin of a manifest as JSON ({"kind","class","aliases","version"}),
// written the same way into a manifest and into the scanner's replies (whose
// plugin lists manifest.cpp's parser reads back).
#pragma once

#include <rapidjson/rapidjson.h>

#include <string_view>

#include "host/plugins/manifest.hpp"
#include "host/plugins/plugin_kind.hpp"

namespace kc::host {

template <class Writer>
void write_manifest_entry(Writer& w, const ManifestEntry& e) {
    w.StartObject();
    w.Key("kind");
    const std::string_view kind = kind_name(e.kind);
    w.String(kind.data(), static_cast<rapidjson::SizeType>(kind.size()));
    w.Key("class");
    w.String(e.class_name.c_str());
    w.Key("aliases");
    w.StartArray();
    for (const auto& a : e.aliases)
        w.String(a.c_str());
    w.EndArray();
    w.Key("version");
    w.String(e.version.c_str());
    w.EndObject();
}

}  // namespace kc::host
