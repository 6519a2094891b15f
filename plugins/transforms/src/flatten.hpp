// Flatten$Key / $Value: turns nested structs (or maps) into one level, the
// field names joined with a delimiter.
#pragma once

#include <kc/transformation.hpp>

#include <string>
#include <vector>

#include "schema_cache.hpp"
#include "sided.hpp"

namespace kc_transforms {

class FlattenImpl : public kc::Transformation {
  public:
    explicit FlattenImpl(Side side) : side_(side) {}
    static kc::ConfigDef configDef();
    void configure(const kc::ConfigMap& configs) override;
    const kc_record* apply(kc::RecordView record, kc::Arena& arena) override;

  private:
    // For each output field, the chain of input field indexes leading to it.
    struct Paths {
        std::vector<uint32_t> steps;  // all paths, concatenated
        std::vector<uint32_t> ends;   // end offset in steps of each output field
    };
    void build_schema(kc::SchemaView schema, const std::string& prefix, kc::SchemaBuilder& out,
                      bool optional, const kc_value* parent_default, Paths& paths,
                      std::vector<uint32_t>& chain) const;
    void flatten_map(const kc_value& map, std::string_view prefix, MapBuilder& out,
                     kc::Arena& arena) const;
    std::string_view field_name(std::string_view prefix, std::string_view name,
                                kc::Arena& arena) const;

    Side side_;
    std::string delimiter_;
    SchemaCache<Paths> cache_;
};

KC_TRANSFORMS_SIDED(Flatten, FlattenImpl,
                    "Flatten a nested data structure, generating names for each field by "
                    "concatenating the field names at each level with a configurable delimiter "
                    "character. Applies to Struct when schema present, or a Map in the case of "
                    "schemaless data. Array fields and their contents are not modified. The "
                    "default delimiter is '.'.");

}  // namespace kc_transforms
