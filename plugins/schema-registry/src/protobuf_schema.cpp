#include "protobuf_schema.hpp"

#include <google/protobuf/compiler/parser.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/unknown_field_set.h>

#include <kc/error.hpp>
#include <mutex>

#include "schema_references.hpp"

namespace kc_schema_registry {

namespace pb = google::protobuf;

namespace {

// The file name the registry's schema text is built under.
constexpr std::string_view kRootFile = "schema.proto";
// Confluent's extension number of confluent.Meta on every options message.
constexpr int kMetaExtension = 1088;
constexpr int kMetaParamsField = 2;

// The dependencies Confluent resolves without schema references that
// libprotobuf does not ship; written from their published field layouts.
struct BuiltinFile {
    std::string_view name;
    std::string_view text;
};
constexpr BuiltinFile kBuiltins[] = {
    {"confluent/meta.proto", R"(syntax = "proto3";
package confluent;
import "google/protobuf/descriptor.proto";
message Meta {
  string doc = 1;
  map<string, string> params = 2;
  repeated string tags = 3;
}
extend google.protobuf.FileOptions { Meta file_meta = 1088; }
extend google.protobuf.MessageOptions { Meta message_meta = 1088; }
extend google.protobuf.FieldOptions { Meta field_meta = 1088; }
extend google.protobuf.EnumOptions { Meta enum_meta = 1088; }
extend google.protobuf.EnumValueOptions { Meta enum_value_meta = 1088; }
)"},
    {"confluent/type/decimal.proto", R"(syntax = "proto3";
package confluent.type;
message Decimal {
  bytes value = 1;
  uint32 precision = 2;
  int32 scale = 3;
}
)"},
    {"google/type/date.proto", R"(syntax = "proto3";
package google.type;
message Date {
  int32 year = 1;
  int32 month = 2;
  int32 day = 3;
}
)"},
    {"google/type/timeofday.proto", R"(syntax = "proto3";
package google.type;
message TimeOfDay {
  int32 hours = 1;
  int32 minutes = 2;
  int32 seconds = 3;
  int32 nanos = 4;
}
)"},
};

const BuiltinFile* builtin_file(std::string_view name) {
    for (const BuiltinFile& b : kBuiltins)
        if (b.name == name) return &b;
    return nullptr;
}

// Confluent's known types (ProtobufSchema.knownTypes()): the files its
// serialisers skip when registering references, unless skip.known.types is off.
bool known_type_file(const pb::FileDescriptor& file) {
    const std::string& name = file.name();
    return name.starts_with("google/protobuf/") || name.starts_with("google/type/") ||
           name.starts_with("confluent/");
}

// Keeps the first error of the tokenizer, parser or linker, with its place.
class FirstError final : public pb::io::ErrorCollector, public pb::DescriptorPool::ErrorCollector {
  public:
    void AddError(int line, int column, const std::string& message) override {
        if (text.empty())
            text = "line " + std::to_string(line + 1) + ", column " + std::to_string(column + 1) +
                   ": " + message;
    }
    void AddError(const std::string& filename, const std::string& element, const pb::Message*,
                  ErrorLocation, const std::string& message) override {
        if (text.empty()) text = filename + " (" + element + "): " + message;
    }
    std::string text;
};

}  // namespace

ProtoSchema::ProtoSchema(std::string_view text, const Imports& imports)
    : pool_(pb::DescriptorPool::generated_pool()), factory_(&pool_) {
    // libprotobuf logs each payload it rejects (invalid UTF-8, ...) to
    // stderr; the converter reports those as DataExceptions naming the topic,
    // so one bad record must not also write an unattributed line.
    static std::once_flag quiet;
    std::call_once(quiet, [] { pb::SetLogHandler(nullptr); });
    file_ = build(kRootFile, text, imports, 0);
}

const pb::FileDescriptor* ProtoSchema::build(std::string_view name, std::string_view text,
                                             const Imports& imports, int depth) {
    if (depth > kMaxImportDepth)
        throw kc::DataException("Protobuf imports nested more than " +
                                std::to_string(kMaxImportDepth) + " deep (a cycle?)");
    // A referenced file's errors name it; the root's are the schema's own.
    const std::string where = depth == 0 ? "" : " (imported as \"" + std::string(name) + "\")";
    pb::io::ArrayInputStream input(text.data(), static_cast<int>(text.size()));
    FirstError error;
    pb::io::Tokenizer tokenizer(&input, &error);
    pb::compiler::Parser parser;
    parser.RecordErrorsTo(&error);
    pb::FileDescriptorProto proto;
    if (!parser.Parse(&tokenizer, &proto))
        throw kc::DataException("Invalid Protobuf schema" + where + ": " + error.text);
    proto.set_name(std::string(name));
    // A schema that is one of libprotobuf's own files (a root primitive's
    // google/protobuf/wrappers.proto) is that file: rebuilding it would
    // clash with its types.
    if (proto.message_type_size() > 0)
        if (const pb::Descriptor* known = pool_.FindMessageTypeByName(
                proto.package().empty() ? proto.message_type(0).name()
                                        : proto.package() + "." + proto.message_type(0).name()))
            if (known->file()->pool() != &pool_) return known->file();
    for (const std::string& dep : proto.dependency()) {
        if (pool_.FindFileByName(dep)) continue;  // built in libprotobuf, or built already
        if (auto it = imports.find(dep); it != imports.end()) {
            build(dep, it->second, imports, depth + 1);
        } else if (const BuiltinFile* builtin = builtin_file(dep)) {
            build(builtin->name, builtin->text, imports, depth + 1);
        } else {
            throw kc::DataException("Protobuf schema" + where + " imports \"" + dep +
                                    "\", which is neither built in nor among its references");
        }
    }
    const pb::FileDescriptor* file = pool_.BuildFileCollectingErrors(proto, &error);
    if (!file) throw kc::DataException("Invalid Protobuf schema" + where + ": " + error.text);
    return file;
}

std::unique_ptr<pb::Message> ProtoSchema::new_message(const pb::Descriptor& type) {
    return std::unique_ptr<pb::Message>(factory_.GetPrototype(&type)->New());
}

std::vector<const pb::FileDescriptor*> referenced_imports(const pb::FileDescriptor& file,
                                                          bool skip_known_types) {
    std::vector<const pb::FileDescriptor*> out;
    for (int i = 0; i < file.dependency_count(); ++i)
        if (!skip_known_types || !known_type_file(*file.dependency(i)))
            out.push_back(file.dependency(i));
    return out;
}

std::string field_meta_param(const pb::FieldDescriptor& field, std::string_view key) {
    const pb::FieldOptions& options = field.options();
    const pb::UnknownFieldSet& unknown = options.GetReflection()->GetUnknownFields(options);
    for (int i = 0; i < unknown.field_count(); ++i) {
        const pb::UnknownField& meta = unknown.field(i);
        if (meta.number() != kMetaExtension ||
            meta.type() != pb::UnknownField::TYPE_LENGTH_DELIMITED)
            continue;
        // confluent.Meta: its params map is a list of {key = 1, value = 2} entries.
        pb::UnknownFieldSet fields;
        if (!fields.ParseFromString(meta.length_delimited())) continue;
        for (int j = 0; j < fields.field_count(); ++j) {
            const pb::UnknownField& param = fields.field(j);
            if (param.number() != kMetaParamsField ||
                param.type() != pb::UnknownField::TYPE_LENGTH_DELIMITED)
                continue;
            pb::UnknownFieldSet entry;
            if (!entry.ParseFromString(param.length_delimited())) continue;
            std::string k, v;
            for (int e = 0; e < entry.field_count(); ++e) {
                const pb::UnknownField& f = entry.field(e);
                if (f.type() != pb::UnknownField::TYPE_LENGTH_DELIMITED) continue;
                (f.number() == 1 ? k : v) = f.length_delimited();
            }
            if (k == key) return v;
        }
    }
    return {};
}

}  // namespace kc_schema_registry
