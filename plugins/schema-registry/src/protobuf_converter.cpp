#include "protobuf_converter.hpp"

#include <google/protobuf/message.h>

#include "message_indexes.hpp"
#include "protobuf_codec.hpp"

namespace kc_schema_registry {

namespace pb = google::protobuf;

kc::ConfigDef ProtobufConverterImpl::configDef() {
    using kc::ConfigType;
    using kc::Importance;
    kc::ConfigDef d = common_config_def();
    d.define("enhanced.protobuf.schema.support", ConfigType::Boolean, false, Importance::Medium,
             "Toggle for enabling/disabling enhanced protobuf schema support: package name "
             "preservation");
    d.define("scrub.invalid.names", ConfigType::Boolean, false, Importance::Medium,
             "Whether to scrub invalid names by replacing invalid characters with valid ones");
    d.define("wrapper.for.nullables", ConfigType::Boolean, false, Importance::Medium,
             "Whether nullable fields should use primitive wrapper messages");
    d.define("wrapper.for.raw.primitives", ConfigType::Boolean, true, Importance::Medium,
             "Whether a wrapper message should be interpreted as a raw primitive at the root "
             "level");
    d.define("optional.for.nullables", ConfigType::Boolean, false, Importance::Medium,
             "Whether nullable fields should be specified with an optional label");
    d.define("optional.for.proto2", ConfigType::Boolean, true, Importance::Medium,
             "Whether proto2 optionals are supported");
    d.define("int.for.enums", ConfigType::Boolean, false, Importance::Medium,
             "Whether to represent enums as integers");
    d.define("generate.index.for.unions", ConfigType::Boolean, true, Importance::Medium,
             "Whether to suffix union (oneof) names with an underscore and their index");
    // Accepted so Java configs load unchanged; their behaviour is the default.
    d.define("generate.struct.for.nulls", ConfigType::Boolean, false, Importance::Low,
             "Accepted for compatibility; null values are absent fields here.");
    d.define("flatten.unions", ConfigType::Boolean, false, Importance::Low,
             "Accepted for compatibility; oneofs always read as union structs here.");
    d.define("reference.subject.name.strategy", ConfigType::String,
             "io.confluent.kafka.serializers.subject.DefaultReferenceSubjectNameStrategy",
             Importance::Low,
             "Accepted for compatibility; only built-in imports are resolved here.");
    return d;
}

void ProtobufConverterImpl::configure(const kc::ConfigMap& configs, bool is_key) {
    const kc::Config c = configure_common(configDef(), configs, is_key);
    data_.enhanced_schema_support = c.getBoolean("enhanced.protobuf.schema.support");
    data_.scrub_invalid_names = c.getBoolean("scrub.invalid.names");
    data_.wrapper_for_nullables = c.getBoolean("wrapper.for.nullables");
    data_.wrapper_for_raw_primitives = c.getBoolean("wrapper.for.raw.primitives");
    data_.optional_for_nullables = c.getBoolean("optional.for.nullables");
    data_.optional_for_proto2 = c.getBoolean("optional.for.proto2");
    data_.int_for_enums = c.getBoolean("int.for.enums");
    data_.generate_index_for_unions = c.getBoolean("generate.index.for.unions");
}

ProtobufConverterImpl::Writer ProtobufConverterImpl::make_writer(kc::SchemaView schema) {
    Writer w;
    if (const pb::Descriptor* wrapper = wrapper_type(schema)) {
        // A root primitive: the schema is libprotobuf's wrappers.proto itself.
        w.text = wrapper->file()->DebugString();
        w.record_name = wrapper->full_name();
        w.path = message_path(*wrapper);
        w.message.reset(pb::MessageFactory::generated_factory()->GetPrototype(wrapper)->New());
        return w;
    }
    w.text = to_proto_text(schema, data_);
    w.proto = std::make_shared<ProtoSchema>(w.text);
    const pb::Descriptor& type = *w.proto->file().message_type(0);
    w.record_name = type.full_name();
    w.path = message_path(type);
    w.message = w.proto->new_message(type);
    return w;
}

kc::Bytes ProtobufConverterImpl::from_connect(std::string_view topic, kc::SchemaView schema,
                                              kc::ValueView value, kc::Arena& arena) {
    if (value.is_null()) return std::nullopt;
    if (!schema)
        throw kc::DataException("ProtobufConverter needs a schema to write topic " +
                                std::string(topic) + " (the record has a schemaless value)");
    const auto& entry = writers_.get_or_build(schema.raw(), arena, [&] {
        try {
            return std::make_pair(kc::Schema{}, make_writer(schema));
        } catch (const kc::DataException& e) {
            throw kc::DataException("Failed to derive a Protobuf schema for topic " +
                                    std::string(topic) + ": " + e.what());
        }
    });
    const Writer& w = entry.extra;
    const int32_t id = id_for(w.ids, topic, w.record_name, w.text, "PROTOBUF");
    pb::Message& message = *w.message;
    message.Clear();
    try {
        to_protobuf(message, schema, value);
    } catch (const kc::DataException& e) {
        throw kc::DataException("Failed to serialize Protobuf data for topic " +
                                std::string(topic) + ": " + e.what());
    }
    out_.clear();
    write_wire_header(out_.grow(kWireHeaderSize), id);
    write_message_indexes(out_, w.path);
    char* payload = out_.grow(message.ByteSizeLong());
    message.SerializeWithCachedSizesToArray(reinterpret_cast<uint8_t*>(payload));
    return out_.view();
}

ProtobufConverterImpl::Reader& ProtobufConverterImpl::reader(int32_t id) {
    if (auto it = readers_.find(id); it != readers_.end()) return it->second;
    const RegisteredSchema& s = fetch(id, "PROTOBUF", "Protobuf");
    Reader r;
    try {
        r.proto = std::make_unique<ProtoSchema>(s.schema);
    } catch (const kc::DataException& e) {
        throw kc::DataException("Schema id " + std::to_string(id) + ": " + e.what());
    }
    return readers_.emplace(id, std::move(r)).first->second;
}

kc::SchemaAndValue ProtobufConverterImpl::to_connect(std::string_view topic, kc::Bytes data,
                                                     kc::Arena& arena) {
    if (!data) return {};
    const int32_t id = read_wire_header(topic, *data);
    Reader& r = reader(id);
    const char* p = data->data() + kWireHeaderSize;
    const char* end = data->data() + data->size();
    auto fail = [&](const std::string& why) {
        return kc::DataException("Failed to deserialize Protobuf data for topic " +
                                 std::string(topic) + " with schema id " + std::to_string(id) +
                                 ": " + why);
    };
    try {
        const pb::Descriptor& type = read_message_indexes(p, end, r.proto->file());
        auto it = r.types.find(&type);
        if (it == r.types.end()) {
            ReaderType t{r.proto->new_message(type), to_connect_schema(type, data_)};
            it = r.types.emplace(&type, std::move(t)).first;
        }
        ReaderType& t = it->second;
        t.message->Clear();
        if (!t.message->ParseFromArray(p, static_cast<int>(end - p)))
            throw kc::DataException("the payload is not a valid " + type.full_name() + " message");
        return {t.connect.raw(), from_protobuf(*t.message, t.connect, data_, arena)};
    } catch (const kc::DataException& e) {
        throw fail(e.what());
    }
}

}  // namespace kc_schema_registry
