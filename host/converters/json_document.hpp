// A compact, read-only JSON tree parsed in place from a mutable buffer
// (RapidJSON's SAX reader, in-situ, numbers kept as text): strings and numbers
// point into the buffer, containers hold contiguous children, every node
// knows its byte offset. The node storage is reused across documents, so a
// warm parser does not allocate.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kc::host::converters {

struct JsonNode {
    enum Kind : uint8_t { Null, False, True, Number, String, Array, Object };
    Kind kind = Null;
    uint32_t size = 0;           // String/Number: text length; Array: items; Object: members
    uint32_t offset = 0;         // byte offset in the document (containers: of '[' or '{')
    uint32_t end = 0;            // containers: offset just past ']' or '}'
    const char* text = nullptr;  // String/Number
    uint32_t first = 0;          // Array/Object: index of the first child in JsonDocument::nodes
                                 // (objects: key, value, key, value, ...)

    std::string_view str() const noexcept { return {text, size}; }
    bool is_integral() const noexcept {
        return str().find_first_of(".eE") == std::string_view::npos;
    }
};

// Names JSON node kinds in error messages as Jackson's JsonNodeType does.
inline std::string_view json_kind_name(JsonNode::Kind k) noexcept {
    switch (k) {
        case JsonNode::Null:
            return "NULL";
        case JsonNode::False:
        case JsonNode::True:
            return "BOOLEAN";
        case JsonNode::Number:
            return "NUMBER";
        case JsonNode::String:
            return "STRING";
        case JsonNode::Array:
            return "ARRAY";
        case JsonNode::Object:
            return "OBJECT";
    }
    return "MISSING";
}

class JsonDocument {
  public:
    // Copies text into buffer (text.size() + JsonSax::kPadding bytes) and
    // parses it there (see JsonSax::parse); nodes point into buffer.
    const JsonNode& parse(std::string_view text, char* buffer);

    const JsonNode& child(const JsonNode& container, size_t i) const noexcept {
        return nodes_[container.first + i];
    }
    // Object member value by key (the last one when a key repeats, as Jackson), or nullptr.
    const JsonNode* member(const JsonNode& object, std::string_view key) const noexcept {
        for (size_t i = object.size; i-- > 0;)
            if (nodes_[object.first + 2 * i].str() == key) return &nodes_[object.first + 2 * i + 1];
        return nullptr;
    }
    // Member i of an object: its key and value.
    const JsonNode& key_at(const JsonNode& object, size_t i) const noexcept {
        return nodes_[object.first + 2 * i];
    }
    const JsonNode& value_at(const JsonNode& object, size_t i) const noexcept {
        return nodes_[object.first + 2 * i + 1];
    }
    const char* base() const noexcept { return base_; }

  private:
    friend struct JsonTreeBuilder;
    std::vector<JsonNode> nodes_;  // finished children, contiguous per container
    std::vector<JsonNode> stack_;  // nodes whose container is still open
    std::vector<uint32_t> opens_;  // offsets of the open containers
    JsonNode root_;
    const char* base_ = nullptr;
};

}  // namespace kc::host::converters
