// KIP-821 field paths (Java SingleFieldPath / FieldSyntaxVersion): V1 names a
// top-level field; V2 is dotted, with backticks around names holding dots.
#pragma once

#include <kc/config.hpp>
#include <kc/data.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace kc_transforms {

enum class FieldSyntaxVersion { V1, V2 };

inline constexpr const char* kFieldSyntaxVersionConfig = "field.syntax.version";

// Adds field.syntax.version (default V1, case-insensitive V1/V2) to def.
kc::ConfigDef& append_field_syntax_version(kc::ConfigDef& def);
// Reads it back; ConfigException "Unrecognized field syntax version" otherwise.
FieldSyntaxVersion field_syntax_version(const kc::Config& config);

class SingleFieldPath {
  public:
    // Throws kc::ConfigException for an incomplete backtick pair (V2).
    SingleFieldPath(std::string_view path, FieldSyntaxVersion version);

    const std::vector<std::string>& steps() const noexcept { return steps_; }
    // The field at the path in a struct schema, or nullptr.
    const kc_field* field_from(const kc_schema* schema) const noexcept;
    // The value at the path in a struct value, or nullptr when absent;
    // intermediate values must be structs (DataException otherwise).
    const kc_value* value_from_struct(const kc_value& st, bool with_default) const;
    // The value at the path in a schemaless map, or nullptr when absent.
    const kc_value* value_from_map(const kc_value& map) const;

  private:
    std::vector<std::string> steps_;
};

}  // namespace kc_transforms
