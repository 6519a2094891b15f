// ReplaceField$Key / $Value: keeps (include), drops (exclude) and renames
// fields.
#pragma once

#include <kc/transformation.hpp>

#include <string>
#include <utility>
#include <vector>

#include "schema_cache.hpp"
#include "sided.hpp"

namespace kc_transforms {

class ReplaceFieldImpl : public kc::Transformation {
  public:
    explicit ReplaceFieldImpl(Side side) : side_(side) {}
    static kc::ConfigDef configDef();
    void configure(const kc::ConfigMap& configs) override;
    const kc_record* apply(kc::RecordView record, kc::Arena& arena) override;

  private:
    struct Sources {
        std::vector<int> index;  // per output field: its input field index
    };
    bool keep(std::string_view name) const noexcept;
    std::string_view renamed(std::string_view name) const noexcept;

    Side side_;
    std::vector<std::string> exclude_, include_;
    std::vector<std::pair<std::string, std::string>> renames_;
    bool replace_null_with_default_ = true;
    SchemaCache<Sources> cache_;
};

KC_TRANSFORMS_SIDED(ReplaceField, ReplaceFieldImpl, "Filter or rename fields.");

}  // namespace kc_transforms
