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
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "byte_buffer.hpp"
#include "registry_client.hpp"
#include "serde_config.hpp"

namespace kc_schema_registry {

// The registry ids of one written schema, per topic (a handful of topics per
// converter: a linear scan beats hashing).
class TopicIds {
  public:
    const int32_t* find(std::string_view topic) const noexcept {
        for (const auto& [t, id] : ids_)
            if (t == topic) return &id;
        return nullptr;
    }
    void add(std::string_view topic, int32_t id) { ids_.emplace_back(std::string(topic), id); }

  private:
    std::vector<std::pair<std::string, int32_t>> ids_;
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
    int32_t id_for(TopicIds& ids, std::string_view topic, std::string_view record_name,
                   const std::string& text, const std::string& schema_type,
                   const std::vector<SchemaReference>& references = {});
    // The registered schema of an id read from a record; throws
    // kc::DataException when it is not of `schema_type` (`format` names it).
    const RegisteredSchema& fetch(int32_t id, std::string_view schema_type,
                                  std::string_view format);

    // These converters write schema'd data only: throws kc::DataException
    // naming the converter and topic for a schemaless value.
    static void require_schema(std::string_view converter, std::string_view topic,
                               kc::SchemaView schema);
    // Starts out_ with Confluent's header: magic byte 0 and the schema id.
    void start_frame(int32_t id) {
        out_.clear();
        write_wire_header(out_.grow(kWireHeaderSize), id);
    }

    SerdeConfig serde_;
    bool is_key_ = false;
    std::unique_ptr<RegistryClient> client_;
    ByteBuffer out_;
};

}  // namespace kc_schema_registry
