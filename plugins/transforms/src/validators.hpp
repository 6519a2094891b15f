// Config validators Java's transforms share (org.apache.kafka.connect.transforms.util).
#pragma once

#include <kc/config.hpp>

#include "common.hpp"

namespace kc_transforms {

// NonEmptyListValidator: "Invalid value [] for configuration x: Empty list".
inline kc::ValidatorPtr non_empty_list() {
    return kc::LambdaValidator::with(
        [](const std::string& name, const kc::ParsedValue& v) {
            const auto* list = std::get_if<std::vector<std::string>>(&v);
            if (!list || list->empty())
                throw kc::ConfigException(name, list ? "[]" : "null", "Empty list");
        },
        "non-empty list");
}

inline constexpr const char* kReplaceNullWithDefaultDoc =
    "Whether to replace fields that have a default value and that are null to the default "
    "value. When set to true, the default value is used, otherwise null is used.";

inline kc::ConfigDef& define_replace_null_with_default(kc::ConfigDef& def) {
    return def.define("replace.null.with.default", kc::ConfigType::Boolean, true,
                      kc::Importance::Medium, kReplaceNullWithDefaultDoc);
}

}  // namespace kc_transforms
