#include "protobuf_converter.hpp"

#include "message_indexes.hpp"
#include "protobuf_decoder.hpp"
#include "protobuf_encoder.hpp"

namespace kc_schema_registry {

namespace pb = google::protobuf;

namespace {
constexpr std::string_view kStrategyPackage = "io.confluent.kafka.serializers.subject.";
constexpr std::string_view kDefaultReferenceStrategy =
    "io.confluent.kafka.serializers.subject.DefaultReferenceSubjectNameStrategy";

// Every occurrence of `from` in `s` replaced by `to` (Java's String.replace).
std::string replaced(std::string s, std::string_view from, std::string_view to) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
    return s;
}
}  // namespace

std::string ProtobufConverterImpl::reference_subject(const std::string& import) const {
    // QualifiedReferenceSubjectNameStrategy: the path as a dotted name,
    // without its .proto (shop/money.proto -> shop.money).
    if (qualified_references_) return replaced(replaced(import, ".proto", ""), "/", ".");
    return import;  // DefaultReferenceSubjectNameStrategy
}

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
             std::string(kDefaultReferenceStrategy), Importance::Low,
             "Determines how to construct the subject name for referenced schemas: "
             "DefaultReferenceSubjectNameStrategy (the reference name, i.e. the import path) or "
             "QualifiedReferenceSubjectNameStrategy (the path as a dotted name, without .proto).");
    d.define("skip.known.types", ConfigType::Boolean, true, Importance::Low,
             "Whether to skip known types when resolving schema dependencies.");
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
    skip_known_types_ = c.getBoolean("skip.known.types");
    const std::string strategy = c.getString("reference.subject.name.strategy");
    std::string_view name = strategy;
    if (name.starts_with(kStrategyPackage)) name.remove_prefix(kStrategyPackage.size());
    if (name != "DefaultReferenceSubjectNameStrategy" &&
        name != "QualifiedReferenceSubjectNameStrategy")
        throw kc::ConfigException(
            "Invalid value " + strategy +
            " for configuration reference.subject.name.strategy: expected "
            "DefaultReferenceSubjectNameStrategy or QualifiedReferenceSubjectNameStrategy (in " +
            std::string(kStrategyPackage) + ")");
    qualified_references_ = name == "QualifiedReferenceSubjectNameStrategy";
}

// A linked file's imports form no cycle (libprotobuf refuses one): the
// recursion ends.
std::vector<SchemaReference> ProtobufConverterImpl::register_imports(
    const pb::FileDescriptor& file) {
    std::vector<SchemaReference> references;
    for (const pb::FileDescriptor* dep : referenced_imports(file, skip_known_types_)) {
        const std::vector<SchemaReference> nested = register_imports(*dep);
        const std::string text = dep->DebugString();
        const std::string subject = reference_subject(dep->name());
        if (serde_.auto_register) client_->register_schema(subject, text, "PROTOBUF", nested);
        references.push_back(
            {dep->name(), subject, client_->lookup(subject, text, "PROTOBUF", nested).version});
    }
    return references;
}

ProtobufConverterImpl::Writer ProtobufConverterImpl::make_writer(kc::SchemaView schema) {
    Writer w;
    if (const pb::Descriptor* wrapper = wrapper_type(schema)) {
        // A root primitive: the schema is libprotobuf's wrappers.proto itself.
        w.text = wrapper->file()->DebugString();
        w.type = wrapper;
        w.path = message_path(*wrapper);
        return w;
    }
    w.text = to_proto_text(schema, data_);
    w.proto = std::make_shared<ProtoSchema>(w.text);
    w.type = w.proto->file().message_type(0);
    w.path = message_path(*w.type);
    return w;
}

kc::Bytes ProtobufConverterImpl::from_connect(std::string_view topic, kc::SchemaView schema,
                                              kc::ValueView value, kc::Arena& arena,
                                              HeaderSink* headers) {
    if (value.is_null()) return std::nullopt;
    require_schema("ProtobufConverter", topic, schema);
    const auto& entry = writers_.get_or_build(schema.raw(), arena, [&] {
        try {
            return std::make_pair(kc::Schema{}, make_writer(schema));
        } catch (const kc::DataException& e) {
            throw kc::DataException("Failed to derive a Protobuf schema for topic " +
                                    std::string(topic) + ": " + e.what());
        }
    });
    const Writer& w = entry.extra;
    if (!w.references) w.references = register_imports(*w.type->file());
    start_frame(topic, id_for(w.ids, topic, w.type->full_name(), w.text, "PROTOBUF", *w.references),
                headers);
    write_message_indexes(id_bytes(), w.path);
    try {
        encode_protobuf(out_, *w.type, schema, value);
    } catch (const kc::DataException& e) {
        throw kc::DataException("Failed to serialize Protobuf data for topic " +
                                std::string(topic) + ": " + e.what());
    }
    finish_frame(headers);
    return out_.view();
}

ProtobufConverterImpl::Reader& ProtobufConverterImpl::reader(SchemaKey id) {
    if (auto it = readers_.find(id); it != readers_.end()) return it->second;
    const RegisteredSchema& s = fetch(id, "PROTOBUF", "Protobuf");
    Reader r;
    r.proto = std::make_unique<ProtoSchema>(s.schema, resolve_references(*client_, s.references));
    return readers_.emplace(id, std::move(r)).first->second;
}

kc::SchemaAndValue ProtobufConverterImpl::to_connect(std::string_view topic, kc::Bytes data,
                                                     kc::Arena& arena,
                                                     std::span<const kc_header> headers) {
    if (!data) return {};
    SchemaKey id = 0;
    const SchemaIdFrame frame = read_id(topic, headers, *data, id);
    // The indexes follow the id, in the payload's prefix or in the header.
    const char* p = frame.rest.data();
    const char* end = frame.rest.data() + frame.rest.size();
    try {
        Reader& r = reader(id);
        const pb::FileDescriptor& file = r.proto->file();
        const pb::Descriptor* type = read_message_indexes(p, end, file);
        if (frame.in_header) {
            p = frame.data.data();
            end = frame.data.data() + frame.data.size();
        }
        // No indexes (as @kafkajs/confluent-schema-registry writes): the first message.
        const bool without_indexes = !type;
        if (without_indexes) {
            if (file.message_type_count() == 0)
                throw kc::DataException("the schema declares no message type");
            type = file.message_type(0);
        }
        auto it = r.types.find(type);
        if (it == r.types.end()) it = r.types.emplace(type, to_connect_schema(*type, data_)).first;
        const kc::Schema& schema = it->second;
        try {
            return {schema.raw(),
                    decode_protobuf({p, size_t(end - p)}, *type, schema, data_, arena)};
        } catch (const kc::DataException& e) {
            if (!without_indexes) throw;
            throw kc::DataException(
                "the Protobuf message indexes name no message type of the schema, and read "
                "without indexes as " +
                type->full_name() + ": " + e.what());
        }
    } catch (const kc::DataException& e) {
        throw kc::DataException("Failed to deserialize Protobuf data for topic " +
                                std::string(topic) + " with " + schema_label(id) + ": " + e.what());
    }
}

}  // namespace kc_schema_registry
