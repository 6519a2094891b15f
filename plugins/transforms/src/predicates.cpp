#include "predicates.hpp"

#include <stdexcept>

#include "regex_router.hpp"

namespace kc_transforms {

kc::ConfigDef TopicNameMatches::configDef() {
    kc::ConfigDef def;
    def.define("pattern", kc::ConfigType::String, kc::NO_DEFAULT,
               kc::CompositeValidator::of({kc::NonEmptyString::create(), regex_validator()}),
               kc::Importance::Medium,
               "A Java regular expression for matching against the name of a record's topic.");
    return def;
}

void TopicNameMatches::configure(const kc::ConfigMap& configs) {
    static const kc::ConfigDef def = configDef();
    kc::Config config(def, configs);
    const std::string& value = config.getString("pattern");
    try {
        pattern_ = std::make_unique<JavaRegex>(value);
    } catch (const std::invalid_argument& e) {
        throw kc::ConfigException(
            "pattern", value,
            std::string("entry must be a Java-compatible regular expression: ") + e.what());
    }
}

bool TopicNameMatches::test(kc::RecordView record) {
    return pattern_->matches(record.topic());
}

kc::ConfigDef HasHeaderKey::configDef() {
    kc::ConfigDef def;
    def.define("name", kc::ConfigType::String, kc::NO_DEFAULT, kc::NonEmptyString::create(),
               kc::Importance::Medium, "The header name.");
    return def;
}

void HasHeaderKey::configure(const kc::ConfigMap& configs) {
    static const kc::ConfigDef def = configDef();
    kc::Config config(def, configs);
    name_ = config.getString("name");
}

bool HasHeaderKey::test(kc::RecordView record) {
    return record.last_header(name_) != nullptr;
}

}  // namespace kc_transforms
