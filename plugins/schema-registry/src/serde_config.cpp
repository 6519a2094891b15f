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

namespace {

// Why `data` is not Confluent's id framing.
std::string framing_problem(std::string_view data) {
    if (data.empty()) return "the data is empty";
    const auto magic = static_cast<unsigned char>(data[0]);
    // Magic 1 names the schema by GUID: Java's deserialiser reads it, though
    // its serialisers put GUIDs only in headers (HeaderSchemaIdSerializer).
    if (magic == 1)
        return "magic byte 1: the schema is named by a GUID (Confluent's newer framing), which "
               "is not read here; have the producer write schema ids (PrefixSchemaIdSerializer, "
               "the default)";
    if (magic != 0)
        return "Unknown magic byte " + std::to_string(magic) +
               " (not Confluent's schema registry framing)";
    return "shorter than the 5-byte magic and schema id header";
}

}  // namespace

int32_t read_wire_header(std::string_view topic, std::string_view data) {
    if (data.size() < kWireHeaderSize || data[0] != 0)
        throw kc::DataException("Failed to deserialize data for topic " + std::string(topic) +
                                ": " + framing_problem(data));
    const auto* b = reinterpret_cast<const unsigned char*>(data.data());
    return static_cast<int32_t>((uint32_t(b[1]) << 24) | (uint32_t(b[2]) << 16) |
                                (uint32_t(b[3]) << 8) | uint32_t(b[4]));
}

}  // namespace kc_schema_registry
