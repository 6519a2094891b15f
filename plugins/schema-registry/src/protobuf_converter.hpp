// io.confluent.connect.protobuf.ProtobufConverter: Connect data <-> Protobuf
// in Confluent's wire format (magic byte 0, schema id, message indexes,
// payload), with the .proto text kept in a schema registry. Usable as key,
// value and header converter.
//
// Per record, serialising finds the Connect schema's message type in a
// pointer-keyed cache, fills a reused dynamic message by reflection and
// serialises it into a reused buffer; deserialising finds the writer's schema
// by id and its message type by the indexes, and parses into a reused
// message. No registry call per record.
#pragma once

#include <google/protobuf/message.h>

#include <kc/converter.hpp>
#include <kc/schema_cache.hpp>
#include <kc/version.hpp>
#include <map>
#include <memory>
#include <unordered_map>

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
    kc::Bytes from_connect(std::string_view topic, kc::SchemaView schema, kc::ValueView value,
                           kc::Arena& arena);
    kc::SchemaAndValue to_connect(std::string_view topic, kc::Bytes data, kc::Arena& arena);

  private:
    // What a Connect schema serialises as: its .proto text, the message type
    // and a message reused for every record, and per topic its id.
    struct Writer {
        std::shared_ptr<ProtoSchema> proto;  // null for a root primitive (a libprotobuf type)
        std::string text;
        std::string record_name;
        std::vector<int> path;  // message indexes of the record's type
        std::unique_ptr<google::protobuf::Message> message;
        mutable TopicIds ids;
    };
    // One message type of a registered schema, and its Connect schema.
    struct ReaderType {
        std::unique_ptr<google::protobuf::Message> message;
        kc::Schema connect;
    };
    struct Reader {
        std::unique_ptr<ProtoSchema> proto;
        std::map<const google::protobuf::Descriptor*, ReaderType> types;
    };

    Writer make_writer(kc::SchemaView schema);
    Reader& reader(int32_t id);

    ProtobufDataSettings data_;
    kc::SchemaCache<Writer> writers_;
    std::unordered_map<int32_t, Reader> readers_;
};

}  // namespace kc_schema_registry
