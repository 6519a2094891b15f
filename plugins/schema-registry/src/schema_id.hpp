// How a record names its schema (Confluent's SchemaId and its
// SchemaIdSerializer/SchemaIdDeserializer classes):
//   - a prefix of the payload: magic byte 0 and the registry id as a
//     big-endian int32, or magic byte 1 and the schema's 16-byte GUID;
//   - or, written by HeaderSchemaIdSerializer, a Kafka header,
//     __key_schema_id or __value_schema_id, holding the same bytes (a GUID),
//     the payload then unprefixed.
// Protobuf's message indexes follow the id wherever it is.
#pragma once

#include <kc/abi.h>

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace kc_schema_registry {

// A schema's GUID: a UUID, its 16 bytes most significant first.
struct Guid {
    std::array<unsigned char, 16> bytes{};

    bool operator==(const Guid&) const = default;
    // The 8-4-4-4-12 lowercase hex form the registry's REST API uses.
    std::string to_string() const;
    // nullopt when `text` is not that form.
    static std::optional<Guid> parse(std::string_view text);
};

inline constexpr std::string_view kKeySchemaIdHeader = "__key_schema_id";
inline constexpr std::string_view kValueSchemaIdHeader = "__value_schema_id";
inline constexpr char kMagicId = 0;
inline constexpr char kMagicGuid = 1;

// key/value.schema.id.serializer: where the written id goes.
enum class SchemaIdSerializer { Prefix, Header };
// key/value.schema.id.deserializer: where the read id is looked for.
enum class SchemaIdDeserializer { Dual, Prefix };

// The schema id a record carries, and where its payload is.
struct SchemaIdFrame {
    bool by_guid = false;
    int32_t id = 0;  // when !by_guid
    Guid guid;       // when by_guid
    // What follows the id: Protobuf's message indexes. With the id in the
    // prefix, the payload follows them in `rest`; with the id in a header,
    // `rest` is what follows the GUID there and the payload is the whole data.
    std::string_view rest;
    bool in_header = false;
    std::string_view data;  // the record's bytes as handed in
};

// Reads the id as DualSchemaIdDeserializer does (the side's header when it
// is there with a value, else the prefix; the last of repeated headers) or
// as PrefixSchemaIdDeserializer does (the prefix only). Throws
// kc::DataException naming the topic and what is wrong with the framing.
SchemaIdFrame read_schema_id(std::string_view topic, bool is_key,
                             std::span<const kc_header> headers, std::string_view data,
                             SchemaIdDeserializer how);

// The parsed class name of key/value.schema.id.(de)serializer; throws
// kc::ConfigException naming `key` for any other class.
SchemaIdSerializer parse_schema_id_serializer(const std::string& key, const std::string& name);
SchemaIdDeserializer parse_schema_id_deserializer(const std::string& key, const std::string& name);

inline constexpr std::string_view kSchemaIdPackage = "io.confluent.kafka.serializers.schema.id.";

}  // namespace kc_schema_registry
