#include "host/plugins/manifest.hpp"

#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "host/core/bounded_json.hpp"
#include "host/plugins/manifest_json.hpp"
#include "host/plugins/plugin_kind.hpp"

namespace kc::host {
namespace {

ManifestParseResult fail(std::string why) {
    return {std::nullopt, std::move(why)};
}

std::vector<ManifestEntry> sorted(std::vector<ManifestEntry> v) {
    for (auto& e : v)
        std::sort(e.aliases.begin(), e.aliases.end());
    std::sort(v.begin(), v.end(), [](const ManifestEntry& a, const ManifestEntry& b) {
        return std::tie(a.class_name, a.version, a.kind) <
               std::tie(b.class_name, b.version, b.kind);
    });
    return v;
}

// A JSON string's whole text: a "\u0000" inside would cut every later C-string
// use of the name short (two different classes read as one), so it is refused.
std::optional<std::string> text_of(const rapidjson::Value& v) {
    std::string s(v.GetString(), v.GetStringLength());
    if (s.find('\0') != std::string::npos) return std::nullopt;
    return s;
}

}  // namespace

ManifestParseResult parse_manifest(std::string_view json) {
    rapidjson::Document doc;
    if (auto error = parse_bounded_json(doc, json)) return fail(std::move(*error));
    if (!doc.IsObject()) return fail("manifest is not a JSON object");
    Manifest m;
    auto abi = doc.FindMember("kc_abi");
    if (abi == doc.MemberEnd() || !abi->value.IsObject()) return fail("missing \"kc_abi\" object");
    auto major = abi->value.FindMember("major");
    auto minor = abi->value.FindMember("minor");
    if (major == abi->value.MemberEnd() || !major->value.IsInt())
        return fail("missing integer \"kc_abi.major\"");
    m.abi_major = major->value.GetInt();
    m.abi_minor =
        (minor != abi->value.MemberEnd() && minor->value.IsInt()) ? minor->value.GetInt() : 0;
    if (auto sdk = doc.FindMember("sdk_version"); sdk != doc.MemberEnd() && sdk->value.IsString()) {
        auto text = text_of(sdk->value);
        if (!text) return fail("\"sdk_version\" contains a NUL character");
        m.sdk_version = std::move(*text);
    }
    auto plugins = doc.FindMember("plugins");
    if (plugins == doc.MemberEnd() || !plugins->value.IsArray())
        return fail("missing \"plugins\" array");
    size_t index = 0;
    for (const auto& p : plugins->value.GetArray()) {
        std::string where = "plugins[" + std::to_string(index++) + "]";
        if (!p.IsObject()) return fail(where + " is not an object");
        ManifestEntry e;
        auto kind = p.FindMember("kind");
        if (kind == p.MemberEnd() || !kind->value.IsString())
            return fail(where + ": missing \"kind\"");
        auto kind_name = text_of(kind->value);
        auto k = kind_name ? kind_from_name(*kind_name) : std::nullopt;
        if (!k) return fail(where + ": unknown kind \"" + kind->value.GetString() + "\"");
        e.kind = *k;
        auto cls = p.FindMember("class");
        if (cls == p.MemberEnd() || !cls->value.IsString() || cls->value.GetStringLength() == 0)
            return fail(where + ": missing \"class\"");
        auto class_name = text_of(cls->value);
        if (!class_name) return fail(where + ": \"class\" contains a NUL character");
        e.class_name = std::move(*class_name);
        auto version = p.FindMember("version");
        if (version != p.MemberEnd() && version->value.IsString()) {
            auto text = text_of(version->value);
            if (!text) return fail(where + ": \"version\" contains a NUL character");
            e.version = std::move(*text);
        } else {
            e.version = "undefined";
        }
        if (auto aliases = p.FindMember("aliases"); aliases != p.MemberEnd()) {
            if (!aliases->value.IsArray()) return fail(where + ": \"aliases\" is not an array");
            for (const auto& a : aliases->value.GetArray()) {
                if (!a.IsString()) return fail(where + ": alias is not a string");
                auto alias = text_of(a);
                if (!alias) return fail(where + ": an alias contains a NUL character");
                e.aliases.push_back(std::move(*alias));
            }
        }
        m.plugins.push_back(std::move(e));
    }
    return {std::move(m), {}};
}

std::string manifest_to_json(const Manifest& m) {
    rapidjson::StringBuffer out;
    rapidjson::PrettyWriter<rapidjson::StringBuffer> w(out);
    w.SetIndent(' ', 2);
    w.StartObject();
    w.Key("kc_abi");
    w.StartObject();
    w.Key("major");
    w.Int(m.abi_major);
    w.Key("minor");
    w.Int(m.abi_minor);
    w.EndObject();
    w.Key("sdk_version");
    w.String(m.sdk_version.c_str());
    w.Key("plugins");
    w.StartArray();
    for (const auto& e : sorted(m.plugins))
        write_manifest_entry(w, e);
    w.EndArray();
    w.EndObject();
    return std::string(out.GetString(), out.GetSize()) + "\n";
}

bool same_plugins(const Manifest& a, const Manifest& b) {
    return a.abi_major == b.abi_major && sorted(a.plugins) == sorted(b.plugins);
}

std::filesystem::path sidecar_path(const std::filesystem::path& library) {
    return library.string() + KC_SIDECAR_SUFFIX;
}

EffectiveManifest effective_manifest(const std::filesystem::path& library,
                                     const std::optional<std::string>& embedded) {
    EffectiveManifest result;
    std::optional<Manifest> inside;
    if (embedded) {
        auto parsed = parse_manifest(*embedded);
        if (!parsed.manifest) {
            result.error = "embedded " KC_MANIFEST_SECTION " manifest: " + parsed.error;
        } else {
            inside = std::move(parsed.manifest);
            result.source = EffectiveManifest::Source::Embedded;
        }
    }
    std::filesystem::path sidecar = sidecar_path(library);
    std::error_code ec;
    if (!std::filesystem::exists(sidecar, ec)) {
        result.manifest = std::move(inside);
        return result;
    }
    std::ifstream in(sidecar, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) {
        result.error = "cannot read sidecar manifest " + sidecar.string();
        result.source = EffectiveManifest::Source::None;
        return result;
    }
    auto parsed = parse_manifest(text.str());
    if (!parsed.manifest) {
        result.error = "sidecar manifest " + sidecar.string() + ": " + parsed.error;
        result.source = EffectiveManifest::Source::None;
        return result;
    }
    if (inside && !same_plugins(*inside, *parsed.manifest))
        spdlog::warn(
            "Plugin library {}: its sidecar manifest {} disagrees with the manifest embedded in "
            "the library; using the sidecar",
            library.string(), sidecar.string());
    result.error.clear();
    result.manifest = std::move(parsed.manifest);
    result.source = EffectiveManifest::Source::Sidecar;
    return result;
}

}  // namespace kc::host
