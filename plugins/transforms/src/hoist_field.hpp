// HoistField$Key / $Value: wraps the key or value in a one-field struct (with
// a schema) or map (schemaless).
#pragma once

#include <kc/transformation.hpp>

#include <string>

#include "schema_cache.hpp"
#include "sided.hpp"

namespace kc_transforms {

class HoistFieldImpl : public kc::Transformation {
  public:
    explicit HoistFieldImpl(Side side) : side_(side) {}
    static kc::ConfigDef configDef();
    void configure(const kc::ConfigMap& configs) override;
    const kc_record* apply(kc::RecordView record, kc::Arena& arena) override;

  private:
    Side side_;
    std::string field_;
    SchemaCache<> cache_;
};

KC_TRANSFORMS_SIDED(HoistField, HoistFieldImpl,
                    "Wrap data using the specified field name in a Struct when schema present, or "
                    "a Map in the case of schemaless data.");

}  // namespace kc_transforms
