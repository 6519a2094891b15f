// DropHeaders: removes the configured headers from each record.
#pragma once

#include <kc/transformation.hpp>

#include <string>
#include <vector>

#include "common.hpp"
#include "version.hpp"

namespace kc_transforms {

class DropHeaders final : public kc::Transformation {
  public:
    static constexpr kc::PluginInfo info{
        .class_name = "org.apache.kafka.connect.transforms.DropHeaders",
        .version = kVersion,
        .doc = "Removes one or more headers from each record."};
    static kc::ConfigDef configDef();
    void configure(const kc::ConfigMap& configs) override;
    const kc_record* apply(kc::RecordView record, kc::Arena& arena) override;

  private:
    bool dropped(std::string_view key) const noexcept;
    std::vector<std::string> headers_;
};

}  // namespace kc_transforms
