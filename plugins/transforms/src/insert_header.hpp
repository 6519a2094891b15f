// InsertHeader: adds a header with a literal value, parsed once the way
// Java's Values.parseString reads it (numbers, booleans, lists, maps, ...).
#pragma once

#include <kc/transformation.hpp>

#include <memory>
#include <string>

#include "version.hpp"

namespace kc_transforms {

class InsertHeader final : public kc::Transformation {
  public:
    static constexpr kc::PluginInfo info{
        .class_name = "org.apache.kafka.connect.transforms.InsertHeader",
        .version = kVersion,
        .doc = "Add a header to each record."};
    static kc::ConfigDef configDef();
    void configure(const kc::ConfigMap& configs) override;
    const kc_record* apply(kc::RecordView record, kc::Arena& arena) override;

  private:
    std::string header_;
    std::unique_ptr<kc::Pool> pool_;  // owns the parsed literal
    kc_header literal_{};
};

}  // namespace kc_transforms
