// Filter: drops every record; used with a predicate to drop some of them.
#pragma once

#include <kc/transformation.hpp>

#include "version.hpp"

namespace kc_transforms {

class Filter final : public kc::Transformation {
  public:
    static constexpr kc::PluginInfo info{
        .class_name = "org.apache.kafka.connect.transforms.Filter",
        .version = kVersion,
        .doc =
            "Drops all records, filtering them from subsequent transformations in the chain. "
            "This is intended to be used conditionally to filter out records matching (or not "
            "matching) a particular Predicate."};
    static kc::ConfigDef configDef() { return {}; }
    void configure(const kc::ConfigMap&) override {}
    const kc_record* apply(kc::RecordView, kc::Arena&) override { return nullptr; }
};

}  // namespace kc_transforms
