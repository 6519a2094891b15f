// RegexRouter: renames the topic when the whole name matches a Java regex,
// via Matcher.replaceFirst with the configured replacement.
#pragma once

#include <kc/transformation.hpp>

#include <memory>

#include "java_regex.hpp"
#include "version.hpp"

namespace kc_transforms {

class RegexRouter final : public kc::Transformation {
  public:
    static constexpr kc::PluginInfo info{
        .class_name = "org.apache.kafka.connect.transforms.RegexRouter",
        .version = kVersion,
        .doc =
            "Update the record topic using the configured regular expression and replacement "
            "string."};
    static kc::ConfigDef configDef();
    void configure(const kc::ConfigMap& configs) override;
    const kc_record* apply(kc::RecordView record, kc::Arena& arena) override;

  private:
    std::unique_ptr<JavaRegex> regex_;
    JavaRegex::Replacement replacement_;
};

// Java's RegexValidator: "Invalid value <v> for configuration <k>: Invalid regex: ...".
kc::ValidatorPtr regex_validator();

}  // namespace kc_transforms
