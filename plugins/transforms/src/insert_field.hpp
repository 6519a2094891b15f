// InsertField$Key / $Value: adds fields holding the record's topic,
// partition, offset (sink records), timestamp, or a static value.
#pragma once

#include <kc/transformation.hpp>

#include <optional>
#include <string>

#include "schema_cache.hpp"
#include "sided.hpp"

namespace kc_transforms {

class InsertFieldImpl : public kc::Transformation {
  public:
    explicit InsertFieldImpl(Side side) : side_(side) {}
    static kc::ConfigDef configDef();
    void configure(const kc::ConfigMap& configs) override;
    const kc_record* apply(kc::RecordView record, kc::Arena& arena) override;

  private:
    // "name" or "name?" = optional field, "name!" = required field.
    struct Spec {
        std::string name;
        bool optional = true;
    };
    static std::optional<Spec> parse_spec(const kc::Config& config, const std::string& key);
    kc::Schema updated_schema(const kc_schema* schema) const;
    // The value to insert for each configured spec, in the fixed Java order.
    template <class Put>
    void insert_all(const kc_record& in, Put&& put) const;

    Side side_;
    std::optional<Spec> topic_, partition_, offset_, timestamp_, static_;
    std::string static_value_;
    bool replace_null_with_default_ = true;
    SchemaCache<> cache_;
};

KC_TRANSFORMS_SIDED(InsertField, InsertFieldImpl,
                    "Insert field(s) using attributes from the record metadata or a configured "
                    "static value.");

}  // namespace kc_transforms
