// The project's own Avro schema model: parsed from and written to Avro's JSON
// form, keeping what Debian's Avro C library drops (custom properties such as
// connect.name and connect.parameters, field defaults, logical types), which
// Confluent's Connect<->Avro mapping depends on.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kc_schema_registry {

enum class AvroType {
    Null,
    Boolean,
    Int,
    Long,
    Float,
    Double,
    Bytes,
    String,
    Record,
    Enum,
    Array,
    Map,
    Union,
    Fixed,
};

struct AvroNode;

struct AvroField {
    std::string name;
    const AvroNode* type = nullptr;
    std::string doc;
    std::string default_json;  // the field's "default" as JSON text; empty when absent
};

// One schema node. Named types (record, enum, fixed) are nodes that other
// places refer to by pointer, so a recursive or reused name is one node.
struct AvroNode {
    AvroType type = AvroType::Null;
    std::string full_name;  // named types: namespace.name
    std::string doc;
    std::string logical_type;  // "decimal", "date", "time-millis", "timestamp-millis", ...
    int precision = 0;
    int scale = 0;
    // Other properties in document order, values as JSON text ("connect.name" -> "\"x\"").
    std::vector<std::pair<std::string, std::string>> props;
    std::vector<AvroField> fields;          // record
    std::vector<std::string> symbols;       // enum
    const AvroNode* items = nullptr;        // array items, map values
    std::vector<const AvroNode*> branches;  // union
    size_t fixed_size = 0;

    // The property's JSON text, or nullptr.
    const std::string* prop(std::string_view key) const noexcept {
        for (const auto& p : props)
            if (p.first == key) return &p.second;
        return nullptr;
    }
    std::string_view short_name() const noexcept {
        const size_t dot = full_name.rfind('.');
        return dot == std::string::npos ? std::string_view(full_name)
                                        : std::string_view(full_name).substr(dot + 1);
    }
};

class AvroSchema {
  public:
    // Parses Avro's JSON schema form; throws kc::DataException saying what is wrong.
    static AvroSchema parse(std::string_view json);

    const AvroNode& root() const noexcept { return *root_; }
    // Avro's JSON form (the text registered in the schema registry).
    std::string to_json() const;

    // Builders for the Connect -> Avro mapping.
    AvroNode* add(AvroType type) {
        nodes_.push_back(std::make_unique<AvroNode>());
        nodes_.back()->type = type;
        return nodes_.back().get();
    }
    void set_root(const AvroNode* root) noexcept { root_ = root; }

  private:
    std::vector<std::unique_ptr<AvroNode>> nodes_;
    const AvroNode* root_ = nullptr;
};

std::string_view avro_type_name(AvroType t) noexcept;

}  // namespace kc_schema_registry
