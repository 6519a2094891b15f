// SetSchemaMetadata$Key / $Value: sets the schema name and/or version.
#pragma once

#include <kc/transformation.hpp>

#include <optional>
#include <string>

#include "schema_cache.hpp"
#include "sided.hpp"

namespace kc_transforms {

class SetSchemaMetadataImpl : public kc::Transformation {
  public:
    explicit SetSchemaMetadataImpl(Side side) : side_(side) {}
    static kc::ConfigDef configDef();
    void configure(const kc::ConfigMap& configs) override;
    const kc_record* apply(kc::RecordView record, kc::Arena& arena) override;

  private:
    Side side_;
    std::optional<std::string> name_;
    std::optional<int32_t> version_;
    bool replace_null_with_default_ = true;
    SchemaCache<> cache_;
};

KC_TRANSFORMS_SIDED(SetSchemaMetadata, SetSchemaMetadataImpl,
                    "Set the schema name, version or both on the record's key or value schema.");

}  // namespace kc_transforms
