// Cast$Key / Cast$Value: cast fields, or the whole key/value, to another
// primitive type (Java org.apache.kafka.connect.transforms.Cast).
#pragma once

#include <kc/transformation.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common.hpp"
#include "schema_cache.hpp"
#include "sided.hpp"

namespace kc_transforms {

class CastImpl : public kc::Transformation {
  public:
    explicit CastImpl(Side side) : side_(side) {}
    static kc::ConfigDef configDef();
    void configure(const kc::ConfigMap& configs) override;
    const kc_record* apply(kc::RecordView record, kc::Arena& arena) override;

  private:
    struct FieldCasts {
        std::vector<int> target;  // per input field: kc::Type to cast to, or -1
    };
    const kc_schema* updated_schema(const kc_schema* schema, const kc::Arena& arena,
                                    const FieldCasts** casts);

    Side side_;
    std::vector<std::pair<std::string, kc::Type>> casts_;
    std::optional<kc::Type> whole_;
    bool replace_null_with_default_ = true;
    SchemaCache<FieldCasts> cache_;
};

KC_TRANSFORMS_SIDED(Cast, CastImpl,
                    "Cast fields or the entire key or value to a specific type, e.g. to force an "
                    "integer field to a smaller width. Cast from integers, floats, boolean and "
                    "string to any other type, and cast binary to string (base64 encoded).");

}  // namespace kc_transforms
