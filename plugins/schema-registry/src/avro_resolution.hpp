// Avro schema resolution on the read path (Avro specification, "Schema
// Resolution"): bytes written with one schema (the writer's, found by the
// record's schema id) decoded as values of another, compatible schema (the
// reader's: with use.latest.version, the subject's latest). So a topic that
// holds records of several versions of a schema reads back as one Connect
// schema: fields the writer lacks take the reader's default, fields the
// reader lacks are skipped, int/long/float widen, string and bytes
// interchange, enum symbols and union branches are matched by name.
//
// The plan is worked out once per (writer, reader) pair: decoding a record
// does no lookup by name and allocates only from the call's arena.
#pragma once

#include <functional>
#include <kc/data.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "avro_data.hpp"
#include "avro_schema.hpp"

namespace kc_schema_registry {

class AvroResolution {
  public:
    // `reader_connect` is the Connect schema of `reader` (to_connect_schema);
    // all three must outlive this. Throws kc::DataException naming the path
    // when the reader can never read the writer's data (a branch of a writer's
    // union that it cannot read fails only the records that use it).
    AvroResolution(const AvroNode& writer, const AvroNode& reader, kc::SchemaView reader_connect);
    ~AvroResolution();
    AvroResolution(AvroResolution&&) noexcept;

    // Decodes one value written with the writer's schema as a value of the
    // reader's Connect schema, advancing `p`.
    kc_value decode(const char*& p, const char* end, kc::Arena& arena) const;

    struct Step;

  private:
    std::unique_ptr<Step> root_;
};

// use.latest.version on the read path: each writer's data read under the
// subject's latest schema, as Confluent's deserialiser does with that
// setting. The latest schema is fetched once per topic and writer id (a
// version registered later applies from the next new writer id on).
class LatestSchemaReaders {
  public:
    struct Reader {
        AvroSchema avro;
        kc::Schema connect;
        std::unique_ptr<AvroResolution> plan;
        std::string error;  // why the latest schema cannot read this writer's data
    };
    // The reader for `writer` (the converter's key `writer_id`) on `topic`;
    // `latest_schema` gives the latest schema's text on the first call for
    // the pair. Throws kc::DataException when it cannot read the writer's
    // data, for every record of that writer, without asking again.
    const Reader& get(std::string_view topic, int64_t writer_id, const AvroNode& writer,
                      const std::function<std::string()>& latest_schema,
                      const AvroDataSettings& settings);

  private:
    std::unordered_map<int64_t, std::vector<std::pair<std::string, std::unique_ptr<Reader>>>>
        readers_;
};

}  // namespace kc_schema_registry
