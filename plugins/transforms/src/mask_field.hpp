// MaskField$Key / $Value: replaces the listed fields with a type's "empty"
// value (0, false, "", empty list/map) or a configured replacement.
#pragma once

#include <kc/transformation.hpp>

#include <optional>
#include <string>
#include <vector>

#include "sided.hpp"

namespace kc_transforms {

class MaskFieldImpl : public kc::Transformation {
  public:
    explicit MaskFieldImpl(Side side) : side_(side) {}
    static kc::ConfigDef configDef();
    void configure(const kc::ConfigMap& configs) override;
    const kc_record* apply(kc::RecordView record, kc::Arena& arena) override;

  private:
    bool masked_field(std::string_view name) const noexcept;
    kc_value masked(const kc_schema* schema, const kc_value& v, kc::Arena& arena) const;

    Side side_;
    std::vector<std::string> fields_;
    std::optional<std::string> replacement_;
    bool replace_null_with_default_ = true;
};

KC_TRANSFORMS_SIDED(MaskField, MaskFieldImpl,
                    "Mask specified fields with a valid null value for the field type (i.e. 0, "
                    "false, empty string, and so on). For numeric and string fields, an optional "
                    "replacement value can be specified that is converted to the correct type.");

}  // namespace kc_transforms
