#include "regex_router.hpp"

#include <stdexcept>

namespace kc_transforms {

kc::ValidatorPtr regex_validator() {
    return kc::LambdaValidator::with(
        [](const std::string& name, const kc::ParsedValue& v) {
            const auto* s = std::get_if<std::string>(&v);
            if (!s) throw kc::ConfigException(name, "null", "Invalid regex: null");
            try {
                JavaRegex check(*s);
            } catch (const std::invalid_argument& e) {
                throw kc::ConfigException(name, *s, std::string("Invalid regex: ") + e.what());
            }
        },
        "valid regex");
}

kc::ConfigDef RegexRouter::configDef() {
    kc::ConfigDef def;
    def.define("regex", kc::ConfigType::String, kc::NO_DEFAULT, regex_validator(),
               kc::Importance::High, "Regular expression to use for matching.");
    def.define("replacement", kc::ConfigType::String, kc::NO_DEFAULT, kc::Importance::High,
               "Replacement string.");
    return def;
}

void RegexRouter::configure(const kc::ConfigMap& configs) {
    static const kc::ConfigDef def = configDef();
    kc::Config config(def, configs);
    regex_ = std::make_unique<JavaRegex>(config.getString("regex"));
    replacement_ = regex_->parse_replacement(config.getString("replacement"));
}

const kc_record* RegexRouter::apply(kc::RecordView record, kc::Arena& arena) {
    const kc_record& in = *record.raw();
    bool matched = false;
    kc_str topic = regex_->route(kc::sv(in.topic), replacement_, arena, matched);
    if (!matched) return &in;
    kc_record* out = kc::RecordBuilder(arena, in).get();
    out->topic = topic;
    return out;
}

}  // namespace kc_transforms
