// io.confluent.connect.protobuf.ProtobufConverter: Connect data <-> Protobuf
// in Confluent's wire format (magic byte 0, schema id, message indexes,
// payload), with the .proto text kept in a schema registry. Usable as key,
// value and header converter.
//
// Per record, serialising finds the Connect schema's message type in a
// pointer-keyed cache and encodes straight into a reused buffer;
// deserialising finds the writer's schema by id and its message type by the
// indexes, and decodes straight into the arena. No registry call and no
// heap allocation per record.
#pragma once

#include <google/protobuf/descriptor.h>

#include <kc/converter.hpp>
#include <kc/schema_cache.hpp>
#include <kc/version.hpp>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "protobuf_data.hpp"
#include "protobuf_schema.hpp"
#include "registry_converter.hpp"

namespace kc_schema_registry {

class ProtobufConverterImpl : public RegistryConverterBase {
  public:
    static constexpr kc::PluginInfo info{
        .class_name = "io.confluent.connect.protobuf.ProtobufConverter",
        .version = KC_SDK_VERSION,
        .doc =
            "Converts Connect data to and from Protobuf in Confluent's schema registry wire "
            "format, registering and fetching .proto schemas in a schema registry.",
        .flags = KC_FLAG_NULL_TO_NULL,
    };
    static kc::ConfigDef configDef();

    void configure(const kc::ConfigMap& configs, bool is_key);
    // `headers` takes the schema id header (HeaderSchemaIdSerializer).
    kc::Bytes from_connect(std::string_view topic, kc::SchemaView schema, kc::ValueView value,
                           kc::Arena& arena, HeaderSink* headers = nullptr);
    // `headers`: the record's Kafka headers, where the schema id may be.
    kc::SchemaAndValue to_connect(std::string_view topic, kc::Bytes data, kc::Arena& arena,
                                  std::span<const kc_header> headers = {});

  private:
    // What a Connect schema serialises as: its .proto text, the message
    // type, and per topic its id.
    struct Writer {
        std::shared_ptr<ProtoSchema> proto;  // null for a root primitive (a libprotobuf type)
        const google::protobuf::Descriptor* type = nullptr;
        std::string text;
        std::vector<int> path;  // message indexes of the record's type
        mutable TopicIds ids;
        // The imports registered as references, once the first id is asked.
        mutable std::optional<std::vector<SchemaReference>> references;
    };
    // A registered schema, and the Connect schemas of its message types read so far.
    struct Reader {
        std::unique_ptr<ProtoSchema> proto;
        std::map<const google::protobuf::Descriptor*, kc::Schema> types;
    };

    Writer make_writer(kc::SchemaView schema);
    // The references of `file`'s imports, registered first (with
    // auto.register.schemas) or looked up, each under the subject the
    // reference strategy names, as Confluent's serialiser resolves dependencies.
    std::vector<SchemaReference> register_imports(const google::protobuf::FileDescriptor& file);
    // The subject an import is registered under (reference.subject.name.strategy).
    std::string reference_subject(const std::string& import) const;
    Reader& reader(SchemaKey id);

    ProtobufDataSettings data_;
    bool skip_known_types_ = true;
    bool qualified_references_ = false;  // QualifiedReferenceSubjectNameStrategy
    kc::SchemaCache<Writer> writers_;
    std::unordered_map<SchemaKey, Reader> readers_;
};

}  // namespace kc_schema_registry
