#include "serde_config.hpp"

#include <kc/error.hpp>

namespace kc_schema_registry {

namespace {

constexpr std::string_view kStrategyPackage = "io.confluent.kafka.serializers.subject.";

SubjectStrategy parse_strategy(const std::string& key, std::string name) {
    if (name.starts_with(kStrategyPackage)) name = name.substr(kStrategyPackage.size());
    if (name == "TopicNameStrategy") return SubjectStrategy::TopicName;
    if (name == "RecordNameStrategy") return SubjectStrategy::RecordName;
    if (name == "TopicRecordNameStrategy") return SubjectStrategy::TopicRecordName;
    throw kc::ConfigException("Invalid value " + name + " for configuration " + key +
                              ": expected TopicNameStrategy, RecordNameStrategy or "
                              "TopicRecordNameStrategy (in " +
                              std::string(kStrategyPackage) + ")");
}

}  // namespace

void define_serde_keys(kc::ConfigDef& d) {
    using kc::ConfigType;
    using kc::Importance;
    d.define("schema.registry.url", ConfigType::List, kc::NO_DEFAULT, Importance::High,
             "Comma-separated list of URLs for Schema Registry instances that can be used to "
             "register or look up schemas; tried in order.");
    d.define("auto.register.schemas", ConfigType::Boolean, true, Importance::Medium,
             "Specify if the Serializer should attempt to register the Schema with Schema "
             "Registry");
    d.define("use.latest.version", ConfigType::Boolean, false, Importance::Low,
             "Specify if the Serializer should use the latest subject version for serialization");
    const std::string topic_strategy = std::string(kStrategyPackage) + "TopicNameStrategy";
    d.define("key.subject.name.strategy", ConfigType::String, topic_strategy, Importance::Medium,
             "Determines how to construct the subject name under which the key schema is "
             "registered with the schema registry.");
    d.define("value.subject.name.strategy", ConfigType::String, topic_strategy, Importance::Medium,
             "Determines how to construct the subject name under which the value schema is "
             "registered with the schema registry.");
    d.define("basic.auth.credentials.source", ConfigType::String, "URL", Importance::Medium,
             "Specify how to pick the credentials for Basic Auth header: URL or USER_INFO.");
    d.define("basic.auth.user.info", ConfigType::Password, "", Importance::Medium,
             "Specify the user info for Basic Auth in the form of {username}:{password}");
    d.define("max.retries", ConfigType::Int, 3, Importance::Low,
             "Maximum number of retries for a request to the schema registry that could not be "
             "delivered or that the registry answered with a server error.");
    d.define("retries.wait.ms", ConfigType::Int, 1000, Importance::Low,
             "Time to wait before the first retry; doubled for each following one.");
    d.define("http.connect.timeout.ms", ConfigType::Int, 60000, Importance::Low,
             "Timeout for establishing a connection to the schema registry.");
    d.define("http.read.timeout.ms", ConfigType::Int, 60000, Importance::Low,
             "Timeout for reading an answer from the schema registry.");
    for (const char* side : {"key", "value"}) {
        d.define(std::string(side) + ".schema.id.serializer", ConfigType::String,
                 std::string(kSchemaIdPackage) + "PrefixSchemaIdSerializer", Importance::Low,
                 std::string("Determines how to serialize the ID for the ") + side +
                     " schema: PrefixSchemaIdSerializer (in the payload) or "
                     "HeaderSchemaIdSerializer (a GUID in the __" +
                     side + "_schema_id header).");
        d.define(std::string(side) + ".schema.id.deserializer", ConfigType::String,
                 std::string(kSchemaIdPackage) + "DualSchemaIdDeserializer", Importance::Low,
                 std::string("Determines how to deserialize the ID for the ") + side +
                     " schema: DualSchemaIdDeserializer (the header, else the payload) or "
                     "PrefixSchemaIdDeserializer (the payload).");
    }
    define_registry_tls_keys(d);
}

SerdeConfig parse_serde_config(const kc::Config& c) {
    SerdeConfig s;
    s.registry.urls = c.getList("schema.registry.url");
    if (c.getString("basic.auth.credentials.source") == "USER_INFO")
        s.registry.user_info = c.getPassword("basic.auth.user.info").value();
    s.registry.max_retries = c.getInt("max.retries");
    s.registry.retry_wait_ms = c.getInt("retries.wait.ms");
    s.registry.connect_timeout_ms = c.getInt("http.connect.timeout.ms");
    s.registry.read_timeout_ms = c.getInt("http.read.timeout.ms");
    s.registry.tls = parse_registry_tls_config(c);
    s.auto_register = c.getBoolean("auto.register.schemas");
    s.use_latest_version = c.getBoolean("use.latest.version");
    s.key_strategy =
        parse_strategy("key.subject.name.strategy", c.getString("key.subject.name.strategy"));
    s.value_strategy =
        parse_strategy("value.subject.name.strategy", c.getString("value.subject.name.strategy"));
    s.key_id_serializer = parse_schema_id_serializer("key.schema.id.serializer",
                                                     c.getString("key.schema.id.serializer"));
    s.value_id_serializer = parse_schema_id_serializer("value.schema.id.serializer",
                                                       c.getString("value.schema.id.serializer"));
    s.key_id_deserializer = parse_schema_id_deserializer("key.schema.id.deserializer",
                                                         c.getString("key.schema.id.deserializer"));
    s.value_id_deserializer = parse_schema_id_deserializer(
        "value.schema.id.deserializer", c.getString("value.schema.id.deserializer"));
    return s;
}

std::string subject_name(SubjectStrategy strategy, std::string_view topic, bool is_key,
                         std::string_view record_name) {
    switch (strategy) {
        case SubjectStrategy::TopicName:
            return std::string(topic) + (is_key ? "-key" : "-value");
        case SubjectStrategy::RecordName:
        case SubjectStrategy::TopicRecordName:
            if (record_name.empty())
                throw kc::DataException(
                    "RecordNameStrategy and TopicRecordNameStrategy need a named record schema");
            return strategy == SubjectStrategy::RecordName
                       ? std::string(record_name)
                       : std::string(topic) + "-" + std::string(record_name);
    }
    return {};
}

}  // namespace kc_schema_registry
