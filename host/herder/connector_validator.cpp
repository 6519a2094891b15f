#include "host/herder/connector_validator.hpp"

#include <algorithm>
#include <map>

#include "host/herder/connector_name.hpp"
#include "host/runtime/connector_config.hpp"
#include "host/runtime/plugin_api.hpp"

namespace kc::host {

using config::ConfigMap;
namespace {

std::string type_name(kc_config_type t) {
    switch (t) {
        case KC_CFG_BOOLEAN:
            return "BOOLEAN";
        case KC_CFG_STRING:
            return "STRING";
        case KC_CFG_INT:
            return "INT";
        case KC_CFG_SHORT:
            return "SHORT";
        case KC_CFG_LONG:
            return "LONG";
        case KC_CFG_DOUBLE:
            return "DOUBLE";
        case KC_CFG_LIST:
            return "LIST";
        case KC_CFG_CLASS:
            return "CLASS";
        case KC_CFG_PASSWORD:
            return "PASSWORD";
    }
    return "STRING";
}

std::string str(kc_str s) {
    return s.len ? std::string(s.ptr, s.len) : std::string();
}

ConfigKeyInfo core_key(const std::string& name, const std::string& type, bool required,
                       std::optional<std::string> def, const std::string& importance,
                       const std::string& doc, const std::string& group, int order,
                       const std::string& display) {
    ConfigKeyInfo k;
    k.name = name;
    k.type = type;
    k.required = required;
    k.default_value = std::move(def);
    k.importance = importance;
    k.documentation = doc;
    k.group = group;
    k.order = order;
    k.width = "MEDIUM";
    k.display_name = display;
    return k;
}

// The keys every connector has (Java ConnectorConfig / SinkConnectorConfig).
std::vector<ConfigKeyInfo> core_keys(bool sink) {
    std::vector<ConfigKeyInfo> keys{
        core_key("name", "STRING", true, std::nullopt, "HIGH",
                 "Globally unique name to use for this connector.", "Common", 1, "Connector name"),
        core_key("connector.class", "STRING", true, std::nullopt, "HIGH",
                 "Name or alias of the class for this connector.", "Common", 2, "Connector class"),
        core_key("tasks.max", "INT", false, "1", "HIGH",
                 "Maximum number of tasks to use for this connector.", "Common", 3, "Tasks max"),
        core_key("key.converter", "CLASS", false, std::nullopt, "LOW",
                 "Converter class used to convert between Kafka Connect format and the "
                 "serialized form that is written to Kafka.",
                 "Common", 4, "Key converter class"),
        core_key("value.converter", "CLASS", false, std::nullopt, "LOW",
                 "Converter class used to convert between Kafka Connect format and the "
                 "serialized form that is written to Kafka.",
                 "Common", 5, "Value converter class"),
        core_key("header.converter", "CLASS", false, std::nullopt, "LOW",
                 "HeaderConverter class used to convert between Kafka Connect format and the "
                 "serialized form that is written to Kafka.",
                 "Common", 6, "Header converter class"),
        core_key("config.action.reload", "STRING", false, "restart", "LOW",
                 "What to do when a value taken from a config provider expires: 'restart' "
                 "restarts the connector, 'none' does nothing.",
                 "Common", 7, "Reload Action"),
        core_key("transforms", "LIST", false, "", "LOW",
                 "Aliases for the transformations to be applied to records.", "Transforms", 8,
                 "Transforms"),
        core_key("predicates", "LIST", false, "", "LOW",
                 "Aliases for the predicates used by transformations.", "Predicates", 9,
                 "Predicates"),
        core_key("errors.retry.timeout", "LONG", false, "0", "MEDIUM",
                 "The maximum duration in milliseconds that a failed operation will be "
                 "reattempted. -1 means infinite retries.",
                 "Error Handling", 1, "Retry Timeout for Errors"),
        core_key("errors.retry.delay.max.ms", "LONG", false, "60000", "MEDIUM",
                 "The maximum duration in milliseconds between consecutive retry attempts.",
                 "Error Handling", 2, "Maximum Delay Between Retries for Errors"),
        core_key("errors.tolerance", "STRING", false, "none", "MEDIUM",
                 "Behavior for tolerating errors during connector operation: 'none' or 'all'.",
                 "Error Handling", 3, "Error Tolerance"),
        core_key("errors.log.enable", "BOOLEAN", false, "false", "MEDIUM",
                 "If true, write each error and the details of the failed operation and "
                 "problematic record to the Connect application log.",
                 "Error Handling", 4, "Log Errors"),
        core_key("errors.log.include.messages", "BOOLEAN", false, "false", "MEDIUM",
                 "Whether to include in the log the Connect record that resulted in a failure.",
                 "Error Handling", 5, "Log Error Details"),
    };
    if (sink) {
        keys.push_back(core_key("topics", "LIST", false, "", "HIGH",
                                "List of topics to consume, separated by commas", "Common", 4,
                                "Topics"));
        keys.push_back(core_key("topics.regex", "STRING", false, "", "HIGH",
                                "Regular expression giving topics to consume.", "Common", 4,
                                "Topics regex"));
        keys.push_back(core_key("errors.deadletterqueue.topic.name", "STRING", false, "", "MEDIUM",
                                "The name of the topic to be used as the dead letter queue (DLQ) "
                                "for messages that result in an error when processed by this "
                                "sink connector.",
                                "Error Handling", 6, "Dead Letter Queue Topic Name"));
        keys.push_back(core_key("errors.deadletterqueue.topic.replication.factor", "SHORT", false,
                                "3", "MEDIUM",
                                "Replication factor used to create the dead letter queue topic.",
                                "Error Handling", 7, "Dead Letter Queue Topic Replication Factor"));
        keys.push_back(core_key("errors.deadletterqueue.context.headers.enable", "BOOLEAN", false,
                                "false", "MEDIUM",
                                "If true, add headers containing error context to the messages "
                                "written to the dead letter queue.",
                                "Error Handling", 8, "Enable Error Context Headers"));
    }
    return keys;
}

struct Results {
    std::vector<ConfigInfo> configs;
    std::map<std::string, size_t> index;

    ConfigInfo& at(const std::string& name, const ConfigMap& config) {
        auto it = index.find(name);
        if (it != index.end()) return configs[it->second];
        ConfigInfo info;
        info.value.name = name;
        if (const std::string* v = config.find(name)) info.value.value = *v;
        index[name] = configs.size();
        configs.push_back(std::move(info));
        return configs.back();
    }
};

// Runs a descriptor's validate() and adds each key's definition and result
// under prefix. A failing validate() is reported on failure_key (default: the
// key naming the plugin's class, "connector.class" or prefix + "type").
void add_plugin_results(const kc_descriptor* d, const ConfigMap& full, const ConfigMap& shown,
                        const std::string& prefix, Results& out, std::vector<std::string>& groups,
                        const std::string& failure_key = "") {
    const ConfigMap own = full.with_prefix(prefix);
    for (size_t i = 0; i < d->config_def_count; ++i) {
        ConfigKeyInfo k = key_info(d->config_def[i], prefix);
        if (k.group && std::find(groups.begin(), groups.end(), *k.group) == groups.end())
            groups.push_back(*k.group);
        out.at(k.name, shown).definition = std::move(k);
    }
    if (!d->validate) return;
    Arena arena;
    kc_error err;
    const kc_config_value* values = nullptr;
    size_t count = 0;
    ConfigEntries entries(own);
    if (d->validate(entries.get(), &arena, &values, &count, &err) != KC_OK) {
        const std::string key = !failure_key.empty() ? failure_key
                                : prefix.empty()     ? "connector.class"
                                                     : prefix + "type";
        out.at(key, shown).value.errors.push_back(err.message);
        return;
    }
    for (size_t i = 0; i < count; ++i) {
        ConfigInfo& info = out.at(prefix + str(values[i].name), shown);
        if (values[i].has_value) info.value.value = str(values[i].value);
        info.value.visible = values[i].visible;
        for (size_t r = 0; r < values[i].recommended_count; ++r)
            info.value.recommended_values.push_back(str(values[i].recommended_values[r]));
        for (size_t e = 0; e < values[i].error_count; ++e)
            info.value.errors.push_back(str(values[i].errors[e]));
    }
}

}  // namespace

ConfigKeyInfo key_info(const kc_config_key& key, const std::string& prefix) {
    ConfigKeyInfo k;
    k.name = prefix + (key.name ? key.name : "");
    k.type = type_name(key.type);
    // A default of null is not a missing default: plugins built before the
    // `required` field had only default_value to say so.
    k.required = KC_HAS_FIELD(kc_config_key, key.struct_size, required)
                     ? key.required
                     : key.default_value == nullptr;
    if (key.default_value) k.default_value = key.default_value;
    k.importance = key.importance == KC_IMPORTANCE_HIGH     ? "HIGH"
                   : key.importance == KC_IMPORTANCE_MEDIUM ? "MEDIUM"
                                                            : "LOW";
    k.documentation = key.documentation ? key.documentation : "";
    if (key.group) k.group = key.group;
    k.order = key.order_in_group;
    k.width = key.width == KC_WIDTH_SHORT    ? "SHORT"
              : key.width == KC_WIDTH_MEDIUM ? "MEDIUM"
              : key.width == KC_WIDTH_LONG   ? "LONG"
                                             : "NONE";
    k.display_name = key.display_name ? key.display_name : k.name;
    for (const char* const* d = key.dependents; d && *d; ++d)
        k.dependents.push_back(*d);
    return k;
}

ConfigInfos ConnectorValidator::validate(const ConfigMap& shown) {
    // As Java's AbstractHerder does, ${provider:...} placeholders are resolved
    // before anything is checked (tasks.max=${file:...} is a number), while the
    // values shown back keep the placeholders, never what a provider returned.
    ConfigMap config;
    try {
        config = worker_.resolve(shown);
    } catch (const std::exception& e) {
        throw HerderError(400, std::string("Connector config cannot be resolved: ") + e.what());
    }
    const std::string* cls = config.find("connector.class");
    if (!cls || cls->empty()) {
        std::string text = "{";
        for (const auto& [k, v] : shown)
            text += (text.size() > 1 ? ", " : "") + k + "=" + v;
        throw HerderError(400, "Connector config " + text + "} contains no connector type");
    }
    std::optional<PluginHandle> handle;
    try {
        handle = worker_.registry().resolve_connector(*cls);
    } catch (const std::exception& e) {
        throw HerderError(400,
                          "Failed to find any class that implements Connector and which name "
                          "matches " +
                              *cls + ": " + e.what());
    }
    const bool sink = handle->descriptor()->kind == KC_KIND_SINK_CONNECTOR;

    ConfigInfos infos;
    infos.name = handle->info().class_name;
    Results results;
    std::vector<std::string> groups{"Common", "Transforms", "Predicates", "Error Handling"};
    for (auto& k : core_keys(sink))
        results.at(k.name, shown).definition = std::move(k);

    std::vector<runtime::ConfigProblem> problems;
    runtime::ConnectorConfig parsed = runtime::parse_connector_config(config, sink, problems);
    for (auto& p : worker_.check_client_overrides(config))
        problems.push_back(std::move(p));
    for (const auto& p : problems)
        results.at(p.key, shown).value.errors.push_back(p.message);
    if (const std::string* name = config.find("name"))
        if (auto problem = connector_name_problem(*name))
            results.at("name", shown).value.errors.push_back(*problem);
    // Plugins read values as C strings: a NUL would silently cut them short.
    for (const auto& [key, value] : config) {
        const auto in_key = key.find('\0'), in_value = value.find('\0');
        if (in_key != std::string::npos)
            results.at(key, shown)
                .value.errors.push_back("Configuration key '" + key.substr(0, in_key) +
                                        "...' contains a NUL byte at position " +
                                        std::to_string(in_key));
        else if (in_value != std::string::npos)
            results.at(key, shown)
                .value.errors.push_back("Invalid value for configuration " + key +
                                        ": contains a NUL byte at position " +
                                        std::to_string(in_value));
    }

    // Converters named by the connector must exist; their own settings (the
    // keys under "<which>.", with converter.type set as the worker sets it)
    // are validated against their definitions, as Java's
    // AbstractHerder.validateConverterConfig does.
    struct ConverterKey {
        const char* which;
        const char* type;  // converter.type
        kc_plugin_kind kind;
    };
    for (const auto& [which, type, kind] :
         {ConverterKey{"key.converter", "key", KC_KIND_CONVERTER},
          ConverterKey{"value.converter", "value", KC_KIND_CONVERTER},
          ConverterKey{"header.converter", "header", KC_KIND_HEADER_CONVERTER}}) {
        const std::string* cls_name = config.find(which);
        if (!cls_name || cls_name->empty()) continue;
        std::optional<PluginHandle> converter;
        try {
            converter = worker_.registry().resolve(kind, *cls_name);
        } catch (const std::exception& e) {
            results.at(which, shown)
                .value.errors.push_back("Invalid value " + *cls_name + " for configuration " +
                                        which + ": Class " + *cls_name + " could not be found.");
            continue;
        }
        const std::string prefix = std::string(which) + ".";
        ConfigMap with_type = config;
        if (!with_type.contains(prefix + "converter.type"))  // unless the connector set it
            with_type.set(prefix + "converter.type", type);
        add_plugin_results(converter->descriptor(), with_type, shown, prefix, results, groups,
                           which);
    }

    // The connector's own definition, its validate(), and Connector.validate().
    add_plugin_results(handle->descriptor(), config, shown, "", results, groups);
    try {
        InstanceContext ctx;
        ConnectorInstance instance(*handle, &ctx);
        Arena arena;
        ConfigEntries entries(config);
        for (const kc_config_value& v : instance.validate(*entries.get(), arena)) {
            ConfigInfo& info = results.at(str(v.name), shown);
            for (size_t e = 0; e < v.error_count; ++e) {
                std::string msg = str(v.errors[e]);
                if (std::find(info.value.errors.begin(), info.value.errors.end(), msg) ==
                    info.value.errors.end())
                    info.value.errors.push_back(msg);
            }
        }
    } catch (const std::exception& e) {
        results.at("connector.class", shown).value.errors.push_back(e.what());
    }

    for (const auto& t : parsed.transforms) {
        if (t.type.empty()) continue;
        const std::string key = "transforms." + t.alias + ".type";
        try {
            auto h = worker_.registry().resolve(KC_KIND_TRANSFORMATION, t.type);
            add_plugin_results(h.descriptor(), config, shown, "transforms." + t.alias + ".",
                               results, groups);
        } catch (const std::exception& e) {
            results.at(key, shown)
                .value.errors.push_back("Invalid value " + t.type + " for configuration " + key +
                                        ": Class " + t.type + " could not be found.");
        }
    }
    for (const auto& p : parsed.predicates) {
        if (p.type.empty()) continue;
        const std::string key = "predicates." + p.alias + ".type";
        try {
            auto h = worker_.registry().resolve(KC_KIND_PREDICATE, p.type);
            add_plugin_results(h.descriptor(), config, shown, "predicates." + p.alias + ".",
                               results, groups);
        } catch (const std::exception& e) {
            results.at(key, shown)
                .value.errors.push_back("Invalid value " + p.type + " for configuration " + key +
                                        ": Class " + p.type + " could not be found.");
        }
    }

    infos.groups = std::move(groups);
    for (auto& c : results.configs)
        infos.error_count += static_cast<int>(c.value.errors.size());
    infos.configs = std::move(results.configs);
    return infos;
}

std::vector<ConfigKeyInfo> ConnectorValidator::plugin_config(const std::string& plugin) {
    for (kc_plugin_kind kind :
         {KC_KIND_SOURCE_CONNECTOR, KC_KIND_SINK_CONNECTOR, KC_KIND_CONVERTER,
          KC_KIND_HEADER_CONVERTER, KC_KIND_TRANSFORMATION, KC_KIND_PREDICATE}) {
        try {
            auto h = worker_.registry().resolve(kind, plugin);
            std::vector<ConfigKeyInfo> out;
            for (size_t i = 0; i < h.descriptor()->config_def_count; ++i)
                out.push_back(key_info(h.descriptor()->config_def[i]));
            return out;
        } catch (const PluginError&) {
        }
    }
    for (const auto& info : worker_.registry().plugins()) {
        bool named =
            info.class_name == plugin ||
            std::find(info.aliases.begin(), info.aliases.end(), plugin) != info.aliases.end();
        if (named)
            throw HerderError(400, "Invalid plugin class " + plugin +
                                       ". Valid types are sink, source, converter, "
                                       "header_converter, transformation, predicate.");
    }
    throw HerderError(404, "Unknown plugin " + plugin + ".");
}

std::set<std::string> ConnectorValidator::password_keys(const ConfigMap& config) {
    std::set<std::string> out;
    auto add = [&](const kc_descriptor* d, const std::string& prefix) {
        for (size_t i = 0; i < d->config_def_count; ++i)
            if (d->config_def[i].type == KC_CFG_PASSWORD && d->config_def[i].name)
                out.insert(prefix + d->config_def[i].name);
    };
    try {
        const std::string* cls = config.find("connector.class");
        if (!cls) return out;
        auto h = worker_.registry().resolve_connector(*cls);
        add(h.descriptor(), "");
        std::vector<runtime::ConfigProblem> ignored;
        auto parsed = runtime::parse_connector_config(
            config, h.descriptor()->kind == KC_KIND_SINK_CONNECTOR, ignored);
        for (const auto& t : parsed.transforms)
            if (!t.type.empty())
                add(worker_.registry().resolve(KC_KIND_TRANSFORMATION, t.type).descriptor(),
                    "transforms." + t.alias + ".");
        for (const auto& p : parsed.predicates)
            if (!p.type.empty())
                add(worker_.registry().resolve(KC_KIND_PREDICATE, p.type).descriptor(),
                    "predicates." + p.alias + ".");
    } catch (const std::exception&) {
        // Unknown plugins have no password keys to mask.
    }
    return out;
}

std::string ConnectorValidator::invalid_message(const ConfigInfos& infos) {
    std::string lines;
    for (const auto& c : infos.configs)
        for (const auto& e : c.value.errors)
            lines += "\n" + e;
    return "Connector configuration is invalid and contains the following " +
           std::to_string(infos.error_count) + " error(s):" + lines +
           "\nYou can also find the above list of errors at the endpoint "
           "`/connector-plugins/{connectorType}/config/validate`";
}

}  // namespace kc::host
