#include "host/converters/json_document.hpp"

#include "host/converters/json_sax.hpp"

namespace kc::host::converters {

// SAX events -> nodes. Children are moved from the open-container stack into
// the node storage when their container closes.
struct JsonTreeBuilder : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, JsonTreeBuilder>,
                         JsonSax::Handler {
    JsonDocument& doc;

    explicit JsonTreeBuilder(JsonDocument& d) : doc(d) {}
    void restart() {
        doc.nodes_.clear();
        doc.stack_.clear();
        doc.opens_.clear();
    }

    uint32_t at(const char* p) const { return static_cast<uint32_t>(p - doc.base_); }
    uint32_t here() const { return static_cast<uint32_t>(in->Tell()); }

    bool scalar(JsonNode::Kind kind, uint32_t offset, const char* text = nullptr, size_t len = 0) {
        JsonNode n;
        n.kind = kind;
        n.offset = offset;
        n.text = text;
        n.size = static_cast<uint32_t>(len);
        doc.stack_.push_back(n);
        return true;
    }
    // Literals end where the stream is: their start is just before it.
    bool Null() { return scalar(JsonNode::Null, here() - 4); }
    bool Bool(bool b) { return scalar(b ? JsonNode::True : JsonNode::False, here() - (b ? 4 : 5)); }
    // A masked number's text is restored in the buffer when the parse ends.
    bool RawNumber(const char* s, rapidjson::SizeType len, bool) {
        return scalar(JsonNode::Number, at(s), s, number(s, len).size());
    }
    bool String(const char* s, rapidjson::SizeType len, bool) {
        return valid_text(s, len) && scalar(JsonNode::String, at(s) - 1, s, len);
    }
    bool Key(const char* s, rapidjson::SizeType len, bool copy) { return String(s, len, copy); }
    bool open() {
        if (doc.opens_.size() >= JsonSax::kMaxDepth) {
            too_deep = true;
            return false;
        }
        doc.opens_.push_back(here() - 1);
        return true;
    }
    bool StartObject() { return open(); }
    bool StartArray() { return open(); }
    bool close(JsonNode::Kind kind, size_t members, size_t children) {
        JsonNode n;
        n.kind = kind;
        n.size = static_cast<uint32_t>(members);
        n.offset = doc.opens_.back();
        n.end = here();
        doc.opens_.pop_back();
        n.first = static_cast<uint32_t>(doc.nodes_.size());
        auto from = doc.stack_.end() - static_cast<std::ptrdiff_t>(children);
        doc.nodes_.insert(doc.nodes_.end(), from, doc.stack_.end());
        doc.stack_.erase(from, doc.stack_.end());
        doc.stack_.push_back(n);
        return true;
    }
    bool EndObject(rapidjson::SizeType members) {
        return close(JsonNode::Object, members, size_t(members) * 2);
    }
    bool EndArray(rapidjson::SizeType items) { return close(JsonNode::Array, items, items); }
};

const JsonNode& JsonDocument::parse(std::string_view text, char* buffer) {
    nodes_.clear();
    stack_.clear();
    opens_.clear();
    base_ = buffer;
    JsonTreeBuilder builder(*this);
    JsonSax::parse(text, buffer, builder);
    root_ = stack_.back();
    return root_;
}

}  // namespace kc::host::converters
