#include "host/kafka/registry/protobuf_descriptor.hpp"

#include <google/protobuf/compiler/parser.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <kc/values.hpp>
#include <stdexcept>

#include "host/kafka/registry/schema_references.hpp"

namespace kc::host::kafka::registry {

namespace {

namespace pb = google::protobuf;

// Collects the parser's first complaint with its position.
class Errors : public pb::io::ErrorCollector {
  public:
    std::string first;
    void AddError(int line, pb::io::ColumnNumber column, const std::string& message) override {
        if (first.empty())
            first = "line " + std::to_string(line + 1) + ", column " + std::to_string(column + 1) +
                    ": " + message;
    }
};

class PoolErrors : public pb::DescriptorPool::ErrorCollector {
  public:
    std::string first;
    void AddError(const std::string& element, const std::string&, const pb::Message*, ErrorLocation,
                  const std::string& message) override {
        if (first.empty()) first = element + ": " + message;
    }
};

}  // namespace

pb::FileDescriptorProto parse_proto_text(const std::string& text) {
    pb::io::ArrayInputStream input(text.data(), static_cast<int>(text.size()));
    Errors errors;
    pb::io::Tokenizer tokenizer(&input, &errors);
    pb::compiler::Parser parser;
    parser.RecordErrorsTo(&errors);
    pb::FileDescriptorProto file;
    if (!parser.Parse(&tokenizer, &file) || !errors.first.empty())
        throw std::invalid_argument(errors.first.empty() ? "cannot parse the .proto text"
                                                         : errors.first);
    // Confluent names a schema's file "default.proto" unless it has one.
    if (!file.has_name()) file.set_name("default.proto");
    return file;
}

namespace {

// Builds the files `file` imports from `imports` (texts by import name)
// into `pool`, unless libprotobuf has them; false when one is missing or
// does not link.
bool build_imports(pb::DescriptorPool& pool, const pb::FileDescriptorProto& file,
                   const std::map<std::string, std::string>& imports, int depth = 0) {
    if (depth > kMaxImportDepth) return false;
    for (const std::string& dep : file.dependency()) {
        if (pool.FindFileByName(dep)) continue;
        auto it = imports.find(dep);
        if (it == imports.end()) return false;
        pb::FileDescriptorProto imported = parse_proto_text(it->second);
        imported.set_name(dep);
        PoolErrors errors;
        if (!build_imports(pool, imported, imports, depth + 1) ||
            !pool.BuildFileCollectingErrors(imported, &errors))
            return false;
    }
    return true;
}

}  // namespace

std::string proto_text_to_serialized(const std::string& text,
                                     const std::map<std::string, std::string>& imports) {
    pb::FileDescriptorProto file = parse_proto_text(text);
    pb::DescriptorPool pool(pb::DescriptorPool::generated_pool());
    PoolErrors errors;
    if (build_imports(pool, file, imports))
        if (const pb::FileDescriptor* linked = pool.BuildFileCollectingErrors(file, &errors)) {
            file.Clear();
            linked->CopyTo(&file);
        }
    const std::string bytes = file.SerializeAsString();
    std::string out;
    kc::values::append_base64(out, bytes);
    return out;
}

std::optional<std::string> serialized_to_proto_text(
    const std::string& schema, const std::map<std::string, std::string>& imports) {
    // .proto text always has a space, a brace or a semicolon; Base64 never.
    if (schema.empty() || schema.find_first_of(" \t\n{;") != std::string::npos) return std::nullopt;
    std::string bytes(schema.size() / 4 * 3 + 3, '\0');
    auto n = kc::values::base64_decode(schema, bytes.data());
    if (!n) return std::nullopt;
    bytes.resize(*n);
    pb::FileDescriptorProto file;
    if (!file.ParseFromString(bytes) || file.message_type_size() + file.enum_type_size() == 0)
        return std::nullopt;
    // Imports of the well-known types resolve against those built into
    // libprotobuf, the others against the schemas the references name.
    pb::DescriptorPool pool(pb::DescriptorPool::generated_pool());
    build_imports(pool, file, imports);
    PoolErrors errors;
    const pb::FileDescriptor* built = pool.BuildFileCollectingErrors(file, &errors);
    if (!built) throw std::invalid_argument("cannot build the file descriptor: " + errors.first);
    return built->DebugString();
}

}  // namespace kc::host::kafka::registry
