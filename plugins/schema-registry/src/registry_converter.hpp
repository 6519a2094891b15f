// The plumbing every schema-registry converter shares (Avro, JSON Schema,
// Protobuf): the AbstractKafkaSchemaSerDeConfig keys, the registry client,
// the schema id a written schema goes under per topic, the writer schema of
// an id read back, and the reused output buffer. A converter derives from it
// and adds only its format: its data settings, schema mapping and codec.
#pragma once

#include <cstdint>
#include <kc/config.hpp>
#include <kc/data.hpp>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "byte_buffer.hpp"
#include "registry_client.hpp"
#include "schema_id.hpp"
#include "serde_config.hpp"

namespace kc_schema_registry {

// What a record written with one schema carries: its registry id and, for
// HeaderSchemaIdSerializer, its GUID.
struct WrittenId {
    int32_t id = 0;
    std::optional<Guid> guid;
};

// The ids of one written schema, per topic (a handful of topics per
// converter: a linear scan beats hashing).
class TopicIds {
  public:
    const WrittenId* find(std::string_view topic) const noexcept {
        for (const auto& [t, id] : ids_)
            if (t == topic) return &id;
        return nullptr;
    }
    const WrittenId& add(std::string_view topic, WrittenId id) {
        return ids_.emplace_back(std::string(topic), std::move(id)).second;
    }

  private:
    std::vector<std::pair<std::string, WrittenId>> ids_;
};

// A schema read from a record, as the converters cache it: its registry id
// (0 and up), or for a schema named by GUID a key of this converter's (below 0).
using SchemaKey = int64_t;

// Where from_connect adds Kafka headers to the record it writes (Java's
// headers.add in fromConnectData).
class HeaderSink {
  public:
    virtual void add(std::string_view key, std::string_view value) = 0;

  protected:
    ~HeaderSink() = default;
};

class RegistryConverterBase {
  public:
    RegistryClient& client() { return *client_; }

  protected:
    // The shared keys, for a converter's configDef() to extend.
    static kc::ConfigDef common_config_def();
    // Parses the shared keys and connects the registry client; returns the
    // parsed config for the converter's own keys.
    kc::Config configure_common(const kc::ConfigDef& def, const kc::ConfigMap& configs,
                                bool is_key);

    // The id of a written schema under the topic's subject: registered,
    // looked up or the subject's latest, per auto.register.schemas and
    // use.latest.version; asked once per schema and topic. `references`
    // name the registered schemas the text imports.
    const WrittenId& id_for(TopicIds& ids, std::string_view topic, std::string_view record_name,
                            const std::string& text, const std::string& schema_type,
                            const std::vector<SchemaReference>& references = {});
    // The schema id `data` carries, in its prefix or (per the side's
    // schema.id.deserializer) in `headers`; `key` is set to its cache key.
    SchemaIdFrame read_id(std::string_view topic, std::span<const kc_header> headers,
                          std::string_view data, SchemaKey& key);
    // The registered schema of a key read from a record; throws
    // kc::DataException when it is not of `schema_type` (`format` names it).
    const RegisteredSchema& fetch(SchemaKey key, std::string_view schema_type,
                                  std::string_view format);
    // "schema id 7" or "schema GUID ...", for messages.
    std::string schema_label(SchemaKey key) const;

    // These converters write schema'd data only: throws kc::DataException
    // naming the converter and topic for a schemaless value.
    static void require_schema(std::string_view converter, std::string_view topic,
                               kc::SchemaView schema);
    // Starts a record written with `id`: out_ begins with Confluent's prefix
    // (magic byte 0 and the id), or for HeaderSchemaIdSerializer stays empty
    // while the id header begins (magic byte 1 and the GUID). Protobuf's
    // message indexes then go to id_bytes(). Throws kc::DataException when
    // the header is asked for but the registry gave no GUID or the caller
    // takes no headers.
    void start_frame(std::string_view topic, const WrittenId& id, HeaderSink* headers);
    ByteBuffer& id_bytes() noexcept { return id_in_header_ ? id_header_ : out_; }
    // Hands the id header, if the record has one, to `headers`.
    void finish_frame(HeaderSink* headers) {
        if (id_in_header_) headers->add(id_header_name(), id_header_.view());
    }
    std::string_view id_header_name() const noexcept {
        return is_key_ ? kKeySchemaIdHeader : kValueSchemaIdHeader;
    }

    SerdeConfig serde_;
    bool is_key_ = false;
    std::unique_ptr<RegistryClient> client_;
    ByteBuffer out_;

  private:
    bool id_in_header_ = false;    // HeaderSchemaIdSerializer for this side
    ByteBuffer id_header_;         // its value, per record
    std::vector<Guid> guid_keys_;  // GUID of key -1 - i
};

}  // namespace kc_schema_registry
