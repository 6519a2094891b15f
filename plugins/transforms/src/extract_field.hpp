// ExtractField$Key / $Value: replaces the key or value with one of its
// fields (a V2 field path may reach into nested structs and maps).
#pragma once

#include <kc/transformation.hpp>

#include <optional>
#include <string>

#include "field_path.hpp"
#include "sided.hpp"

namespace kc_transforms {

class ExtractFieldImpl : public kc::Transformation {
  public:
    explicit ExtractFieldImpl(Side side) : side_(side) {}
    static kc::ConfigDef configDef();
    void configure(const kc::ConfigMap& configs) override;
    const kc_record* apply(kc::RecordView record, kc::Arena& arena) override;

  private:
    Side side_;
    std::string original_path_;
    std::optional<SingleFieldPath> path_;
    bool replace_null_with_default_ = true;
};

KC_TRANSFORMS_SIDED(ExtractField, ExtractFieldImpl,
                    "Extract the specified field from a Struct when schema present, or a Map in "
                    "the case of schemaless data. Any null values are passed through unmodified.");

}  // namespace kc_transforms
