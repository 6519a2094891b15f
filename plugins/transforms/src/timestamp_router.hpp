// TimestampRouter: topic = topic.format with ${topic} and ${timestamp} (the
// record timestamp formatted with a SimpleDateFormat pattern, in UTC).
#pragma once

#include <kc/transformation.hpp>

#include <optional>
#include <string>
#include <vector>

#include "simple_date_format.hpp"
#include "version.hpp"

namespace kc_transforms {

class TimestampRouter final : public kc::Transformation {
  public:
    static constexpr kc::PluginInfo info{
        .class_name = "org.apache.kafka.connect.transforms.TimestampRouter",
        .version = kVersion,
        .doc =
            "Update the record's topic field as a function of the original topic value and "
            "the record timestamp. This is mainly useful for sink connectors, since the topic "
            "field is often used to determine the equivalent entity name in the destination "
            "system (e.g. database table or search index name)."};
    static kc::ConfigDef configDef();
    void configure(const kc::ConfigMap& configs) override;
    const kc_record* apply(kc::RecordView record, kc::Arena& arena) override;

  private:
    enum class Part { Literal, Topic, Timestamp };
    struct Piece {
        Part part;
        std::string text;
    };
    std::vector<Piece> pieces_;
    std::optional<SimpleDateFormat> format_;
};

}  // namespace kc_transforms
