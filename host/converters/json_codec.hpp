// The JSON format of Java's org.apache.kafka.connect.json.JsonConverter:
// Connect data <-> JSON bytes, optionally wrapped in the
// {"schema":...,"payload":...} envelope. Shared by the key/value converter and
// the header converter of the same name.
//
// Hot path: the schema's JSON is cached per kc_schema (identity confirmed by
// equality, LRU bounded by schemas.cache.size); values are written into a buffer that keeps its
// capacity, so a warm serialiser does not allocate. Reading parses in place in
// an arena copy of the input (strings point into it), builds values in the
// arena (schemaless ones straight from the parser's events), and caches
// parsed schemas keyed by their JSON text.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "host/converters/json_document.hpp"
#include "host/converters/json_value_reader.hpp"
#include "kc/config.hpp"
#include "kc/data.hpp"
#include "kc/values.hpp"

namespace kc::host::converters {

enum class DecimalFormat { Base64, Numeric };

struct JsonSettings {
    bool schemas_enable = true;
    int32_t schemas_cache_size = 1000;
    DecimalFormat decimal_format = DecimalFormat::Base64;
    bool replace_null_with_default = true;
};

// JsonConverterConfig's keys (with ConverterConfig's converter.type).
const ConfigDef& json_converter_config_def();
// Parses and validates a converter config (ConfigException on bad values).
JsonSettings parse_json_settings(const ConfigMap& config);

// A path to the value being converted, for error messages ("a.b[2]").
struct JsonPath {
    const JsonPath* parent = nullptr;
    std::string_view field;
    int64_t index = -1;
    std::string str() const;
};

class JsonCodec {
  public:
    explicit JsonCodec(JsonSettings settings = {});

    const JsonSettings& settings() const noexcept { return settings_; }

    // Connect data -> JSON text in an internal buffer (valid until the next
    // call); nullopt for a null value without a schema (null bytes).
    std::optional<std::string_view> serialize(SchemaView schema, ValueView value);

    // JSON bytes (nullopt = null) -> schema and value; values and any schema
    // not kept in the cache live in `arena`.
    values::SchemaAndValue deserialize(std::optional<std::string_view> data, Arena& arena);

    // The schema JSON as JsonConverter writes it (cached by identity).
    std::string_view schema_json(SchemaView schema);

    size_t write_cache_size() const noexcept { return write_cache_.size(); }
    size_t read_cache_size() const noexcept { return read_cache_.size(); }

  private:
    struct WriteEntry {
        const kc_schema* schema;
        // An owned copy of what was rendered: a schema in an arena dies with
        // its batch, and a different one may later sit at the same address
        // with the same shape (same field array address, other names), so a
        // hit is confirmed by comparing the whole schema with the copy.
        kc::Schema rendered;
        std::string json;
    };
    struct ReadEntry {
        std::string key;  // the schema's JSON text as read
        std::unique_ptr<kc::Pool> pool;
        const kc_schema* schema;
    };
    struct TransparentHash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const noexcept {
            return std::hash<std::string_view>()(s);
        }
    };

    void write_schema(std::string& out, SchemaView s, const JsonPath* path);
    void write_value(std::string& out, SchemaView s, ValueView v, const JsonPath* path);
    void write_decimal(std::string& out, SchemaView s, ValueView v, const JsonPath* path);

    const kc_schema* read_schema(const JsonNode& node, Arena& arena);
    template <class Alloc>
    const kc_schema* build_schema(Alloc& a, const JsonNode& node, const JsonPath* path);
    template <class Alloc>
    kc_value read_value(Alloc& a, const kc_schema* s, const JsonNode* n, const JsonPath* path);
    template <class Alloc>
    kc_value read_logical(Alloc& a, const kc_schema* s, const JsonNode& n, const JsonPath* path);
    template <class Alloc>
    kc_value read_schemaless(Alloc& a, const JsonNode& n, const JsonPath* path);

    JsonSettings settings_;
    std::string out_;
    JsonDocument doc_;              // the envelope and schema-directed payloads
    JsonValueReader value_reader_;  // schemaless payloads (schemas.enable=false)

    // Write side: LRU of schema JSON by identity, most recent first.
    std::list<WriteEntry> write_lru_;
    std::unordered_map<const kc_schema*, std::list<WriteEntry>::iterator> write_cache_;
    // Read side: parsed schemas by JSON text. A cached schema must outlive
    // every value that refers to it (until this codec is destroyed), so the
    // cache is never evicted: past schemas.cache.size, new schemas are built in
    // the record's arena instead.
    std::unordered_map<std::string, ReadEntry, TransparentHash, std::equal_to<>> read_cache_;
};

}  // namespace kc::host::converters
