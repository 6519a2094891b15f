// JSON for config definitions, validation results and plugin listings.
#include "host/rest/herder_json.hpp"

namespace kc::host::rest {

void write_config_key_info(JsonWriter& w, const ConfigKeyInfo& key) {
    w.StartObject();
    write_key(w, "name");
    write_string(w, key.name);
    write_key(w, "type");
    write_string(w, key.type);
    write_key(w, "required");
    w.Bool(key.required);
    write_key(w, "default_value");
    write_optional(w, key.default_value);
    write_key(w, "importance");
    write_string(w, key.importance);
    write_key(w, "documentation");
    write_string(w, key.documentation);
    write_key(w, "group");
    write_optional(w, key.group);
    write_key(w, "width");
    write_string(w, key.width);
    write_key(w, "display_name");
    write_string(w, key.display_name);
    write_key(w, "dependents");
    w.StartArray();
    for (const auto& d : key.dependents)
        write_string(w, d);
    w.EndArray();
    write_key(w, "order");
    w.Int(key.order);
    w.EndObject();
}

void write_config_infos(JsonWriter& w, const ConfigInfos& infos) {
    w.StartObject();
    write_key(w, "name");
    write_string(w, infos.name);
    write_key(w, "error_count");
    w.Int(infos.error_count);
    write_key(w, "groups");
    w.StartArray();
    for (const auto& g : infos.groups)
        write_string(w, g);
    w.EndArray();
    write_key(w, "configs");
    w.StartArray();
    for (const auto& c : infos.configs) {
        bool secret = c.definition && c.definition->type == "PASSWORD";
        w.StartObject();
        write_key(w, "definition");
        if (c.definition)
            write_config_key_info(w, *c.definition);
        else
            w.Null();
        write_key(w, "value");
        w.StartObject();
        write_key(w, "name");
        write_string(w, c.value.name);
        write_key(w, "value");
        if (c.value.value && secret)
            write_string(w, kHiddenValue);
        else
            write_optional(w, c.value.value);
        write_key(w, "recommended_values");
        w.StartArray();
        for (const auto& r : c.value.recommended_values)
            write_string(w, r);
        w.EndArray();
        write_key(w, "errors");
        w.StartArray();
        for (const auto& e : c.value.errors)
            write_string(w, e);
        w.EndArray();
        write_key(w, "visible");
        w.Bool(c.value.visible);
        w.EndObject();
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
}

void write_plugins(JsonWriter& w, const std::vector<ConnectorPluginInfo>& plugins) {
    w.StartArray();
    for (const auto& p : plugins) {
        w.StartObject();
        write_key(w, "class");
        write_string(w, p.class_name);
        write_key(w, "type");
        write_string(w, p.type);
        if (p.version && *p.version != "undefined") {
            write_key(w, "version");
            write_string(w, *p.version);
        }
        w.EndObject();
    }
    w.EndArray();
}

}  // namespace kc::host::rest
