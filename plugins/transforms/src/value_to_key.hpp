// ValueToKey: replaces the key with a struct (or map) of fields of the value.
#pragma once

#include <kc/transformation.hpp>

#include <string>
#include <vector>

#include "schema_cache.hpp"
#include "version.hpp"

namespace kc_transforms {

class ValueToKey final : public kc::Transformation {
  public:
    static constexpr kc::PluginInfo info{
        .class_name = "org.apache.kafka.connect.transforms.ValueToKey",
        .version = kVersion,
        .doc =
            "Replace the record key with a new key formed from a subset of fields in the "
            "record value."};
    static kc::ConfigDef configDef();
    void configure(const kc::ConfigMap& configs) override;
    const kc_record* apply(kc::RecordView record, kc::Arena& arena) override;

  private:
    struct Sources {
        std::vector<int> index;  // per key field: its value field index
    };
    std::vector<std::string> fields_;
    bool replace_null_with_default_ = true;
    SchemaCache<Sources> cache_;
};

}  // namespace kc_transforms
