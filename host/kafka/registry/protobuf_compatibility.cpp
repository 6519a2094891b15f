#include "host/kafka/registry/protobuf_compatibility.hpp"

#include <cctype>
#include <map>

#include "host/kafka/registry/protobuf_descriptor.hpp"

namespace kc::host::kafka::registry {

namespace {

namespace pb = google::protobuf;

struct Field {
    std::string name, type;
    pb::FieldDescriptorProto::Label label;
};
// Message full name (nested names joined with '.') -> field number -> field.
using Messages = std::map<std::string, std::map<int, Field>>;

// A scalar's keyword ("int32"), or the message or enum name as written.
std::string type_of(const pb::FieldDescriptorProto& f) {
    if (f.has_type_name()) return f.type_name();
    std::string t = pb::FieldDescriptorProto::Type_Name(f.type()).substr(5);  // TYPE_INT32
    for (char& c : t)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return t;
}

void collect(const pb::DescriptorProto& m, const std::string& outer, Messages& out) {
    const std::string name = outer.empty() ? m.name() : outer + "." + m.name();
    auto& fields = out[name];
    for (const auto& f : m.field())
        fields[f.number()] = Field{f.name(), type_of(f), f.label()};
    for (const auto& nested : m.nested_type())
        collect(nested, name, out);
}

void collect_file(const std::string& text, Messages& out) {
    const pb::FileDescriptorProto file = parse_proto_text(text);
    for (const auto& m : file.message_type())
        collect(m, "", out);
}

Messages messages(std::string_view text, const std::map<std::string, std::string>& imports) {
    Messages out;
    collect_file(std::string(text), out);
    for (const auto& [name, imported] : imports)
        collect_file(imported, out);
    return out;
}

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
    return type;  // floats, messages, enums: only themselves
}

}  // namespace

std::vector<std::string> protobuf_read_problems(
    std::string_view reader, std::string_view writer,
    const std::map<std::string, std::string>& reader_imports,
    const std::map<std::string, std::string>& writer_imports) {
    const Messages r = messages(reader, reader_imports);
    const Messages w = messages(writer, writer_imports);
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
            const auto repeated = pb::FieldDescriptorProto::LABEL_REPEATED;
            if ((rf->second.label == repeated) != (wf.label == repeated))
                out.push_back("FIELD_LABEL_CHANGED at " + at + ": repeated on one side only");
        }
        for (const auto& [number, rf] : rm->second)
            if (rf.label == pb::FieldDescriptorProto::LABEL_REQUIRED && !wfields.count(number))
                out.push_back("REQUIRED_FIELD_ADDED at " + name + "." + rf.name +
                              ": the writer does not have it");
    }
    return out;
}

}  // namespace kc::host::kafka::registry
