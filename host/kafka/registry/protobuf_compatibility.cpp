#include "host/kafka/registry/protobuf_compatibility.hpp"

#include <cctype>
#include <map>
#include <stdexcept>

namespace kc::host::kafka::registry {

namespace {

struct Field {
    std::string name, type, label;  // label: "", "optional", "required" or "repeated"
};
// Message full name (nested names joined with '.') -> field number -> field.
using Messages = std::map<std::string, std::map<long, Field>>;

std::vector<std::string> tokens(std::string_view text) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
        } else if (text.substr(i, 2) == "//") {
            while (i < text.size() && text[i] != '\n')
                ++i;
        } else if (text.substr(i, 2) == "/*") {
            const size_t end = text.find("*/", i + 2);
            i = end == std::string_view::npos ? text.size() : end + 2;
        } else if (c == '"' || c == '\'') {
            size_t j = i + 1;
            while (j < text.size() && text[j] != c)
                j += text[j] == '\\' ? 2 : 1;
            out.emplace_back(text.substr(i, j + 1 - i));
            i = j + 1;
        } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.') {
            size_t j = i;
            while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) ||
                                       text[j] == '_' || text[j] == '.'))
                ++j;
            out.emplace_back(text.substr(i, j - i));
            i = j;
        } else {
            out.emplace_back(1, c);
            ++i;
        }
    }
    return out;
}

class Parser {
  public:
    explicit Parser(std::string_view text) : t_(tokens(text)) {}

    Messages parse() {
        body("", false);
        return std::move(messages_);
    }

  private:
    const std::string& peek() const {
        static const std::string end;
        return i_ < t_.size() ? t_[i_] : end;
    }
    std::string next() {
        if (i_ >= t_.size()) throw std::invalid_argument("unexpected end of the .proto text");
        return t_[i_++];
    }
    void skip_statement() {
        while (i_ < t_.size() && t_[i_] != ";") {
            if (t_[i_] == "{") return skip_block();
            ++i_;
        }
        ++i_;
    }
    void skip_block() {  // at "{"
        int depth = 0;
        do {
            const std::string tok = next();
            depth += tok == "{" ? 1 : tok == "}" ? -1 : 0;
        } while (depth > 0);
    }

    // The statements of a file (message "") or of a message body, up to its "}".
    void body(const std::string& message, bool braced) {
        while (i_ < t_.size()) {
            const std::string tok = next();
            if (tok == "}") {
                if (!braced) throw std::invalid_argument("unbalanced '}' in the .proto text");
                return;
            }
            if (tok == "message") {
                const std::string name = message.empty() ? next() : message + "." + next();
                messages_[name];
                if (next() != "{")
                    throw std::invalid_argument("message " + name + " without a body");
                body(name, true);
            } else if (tok == "oneof") {
                next();  // its name: the fields belong to the message
                if (next() != "{") throw std::invalid_argument("oneof without a body");
                body(message, true);
            } else if (tok == "enum" || tok == "service" || tok == "extend") {
                while (peek() != "{")
                    next();
                skip_block();
            } else if (tok == ";") {
            } else if (message.empty() || tok == "option" || tok == "reserved" ||
                       tok == "extensions") {
                --i_;
                skip_statement();
            } else {
                field(message, tok);
            }
        }
        if (braced) throw std::invalid_argument("unbalanced '{' in the .proto text");
    }

    void field(const std::string& message, std::string tok) {
        Field f;
        if (tok == "optional" || tok == "required" || tok == "repeated") {
            f.label = tok;
            tok = next();
        }
        f.type = tok;
        if (tok == "map") {  // map<K, V>
            while (peek() != ">")
                f.type += next();
            f.type += next();
        }
        f.name = next();
        if (next() != "=") throw std::invalid_argument("field " + f.name + " without a number");
        const std::string text = next();
        long number = 0;
        try {
            number = std::stol(text);
        } catch (const std::exception&) {
            throw std::invalid_argument("field " + f.name + " has no valid number: " + text);
        }
        skip_statement();
        messages_[message][number] = f;
    }

    std::vector<std::string> t_;
    size_t i_ = 0;
    Messages messages_;
};

// Types a reader may read for each other: the same wire encoding and
// meaning (varints, zig-zag varints, 4 and 8 byte fixed, length-delimited text).
std::string wire_kind(const std::string& type) {
    for (const char* v : {"int32", "uint32", "int64", "uint64", "bool"})
        if (type == v) return "varint";
    for (const char* v : {"sint32", "sint64"})
        if (type == v) return "zigzag";
    for (const char* v : {"fixed32", "sfixed32"})
        if (type == v) return "fixed32";
    for (const char* v : {"fixed64", "sfixed64"})
        if (type == v) return "fixed64";
    if (type == "string" || type == "bytes") return "text";
    return type;  // floats, messages, enums, maps: only themselves
}

}  // namespace

std::vector<std::string> protobuf_read_problems(std::string_view reader, std::string_view writer) {
    const Messages r = Parser(reader).parse();
    const Messages w = Parser(writer).parse();
    std::vector<std::string> out;
    for (const auto& [name, wfields] : w) {
        auto rm = r.find(name);
        if (rm == r.end()) {
            out.push_back("MESSAGE_REMOVED: the reader has no message " + name);
            continue;
        }
        for (const auto& [number, wf] : wfields) {
            auto rf = rm->second.find(number);
            if (rf == rm->second.end()) continue;  // unknown fields are skipped
            const std::string at =
                name + "." + rf->second.name + " (" + std::to_string(number) + ")";
            if (wire_kind(rf->second.type) != wire_kind(wf.type))
                out.push_back("FIELD_TYPE_CHANGED at " + at + ": the reader's " + rf->second.type +
                              " cannot read the writer's " + wf.type);
            if ((rf->second.label == "repeated") != (wf.label == "repeated"))
                out.push_back("FIELD_LABEL_CHANGED at " + at + ": repeated on one side only");
        }
        for (const auto& [number, rf] : rm->second)
            if (rf.label == "required" && !wfields.count(number))
                out.push_back("REQUIRED_FIELD_ADDED at " + name + "." + rf.name +
                              ": the writer does not have it");
    }
    return out;
}

}  // namespace kc::host::kafka::registry
