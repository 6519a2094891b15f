// The predicates: TopicNameMatches, HasHeaderKey, RecordIsTombstone.
#pragma once

#include <kc/predicate.hpp>

#include <memory>
#include <string>

#include "java_regex.hpp"
#include "version.hpp"

namespace kc_transforms {

class TopicNameMatches final : public kc::Predicate {
  public:
    static constexpr kc::PluginInfo info{
        .class_name = "org.apache.kafka.connect.transforms.predicates.TopicNameMatches",
        .version = kVersion,
        .doc =
            "A predicate which is true for records with a topic name that matches the "
            "configured regular expression."};
    static kc::ConfigDef configDef();
    void configure(const kc::ConfigMap& configs) override;
    bool test(kc::RecordView record) override;

  private:
    std::unique_ptr<JavaRegex> pattern_;
};

class HasHeaderKey final : public kc::Predicate {
  public:
    static constexpr kc::PluginInfo info{
        .class_name = "org.apache.kafka.connect.transforms.predicates.HasHeaderKey",
        .version = kVersion,
        .doc =
            "A predicate which is true for records with at least one header with the "
            "configured name."};
    static kc::ConfigDef configDef();
    void configure(const kc::ConfigMap& configs) override;
    bool test(kc::RecordView record) override;

  private:
    std::string name_;
};

class RecordIsTombstone final : public kc::Predicate {
  public:
    static constexpr kc::PluginInfo info{
        .class_name = "org.apache.kafka.connect.transforms.predicates.RecordIsTombstone",
        .version = kVersion,
        .doc =
            "A predicate which is true for records which are tombstones (i.e. have null "
            "value)."};
    static kc::ConfigDef configDef() { return {}; }
    void configure(const kc::ConfigMap&) override {}
    bool test(kc::RecordView record) override { return record.raw()->value.tag == KC_VAL_NULL; }
};

}  // namespace kc_transforms
