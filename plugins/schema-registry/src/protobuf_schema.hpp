// A Protobuf schema as the registry holds it (.proto text), turned into
// runtime descriptors with libprotobuf's parser and a DescriptorPool: no
// generated code. The imports Confluent's serialisers treat as built in
// resolve without schema references: google/protobuf/* from libprotobuf's
// own descriptors, and confluent/meta.proto, confluent/type/decimal.proto,
// google/type/date.proto and google/type/timeofday.proto from the texts
// kept here. Any other import is one of the schema's references: its text
// comes with the schema (resolve_references).
#pragma once

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kc_schema_registry {

class ProtoSchema {
  public:
    // The texts of the files a schema imports through references, by import name.
    using Imports = std::map<std::string, std::string>;

    // Parses and links `text` and the `imports` it needs; throws
    // kc::DataException naming the file, line, column and what the parser or
    // linker said.
    explicit ProtoSchema(std::string_view text, const Imports& imports = {});
    ProtoSchema(const ProtoSchema&) = delete;
    ProtoSchema& operator=(const ProtoSchema&) = delete;

    const google::protobuf::FileDescriptor& file() const noexcept { return *file_; }
    // A new empty libprotobuf DynamicMessage of `type`, owned by the caller
    // (the schema must outlive it). The converter reads and writes bytes
    // itself; the tests and the benchmark hold it against libprotobuf's.
    std::unique_ptr<google::protobuf::Message> new_message(
        const google::protobuf::Descriptor& type);

  private:
    const google::protobuf::FileDescriptor* build(std::string_view name, std::string_view text,
                                                  const Imports& imports, int depth);

    google::protobuf::DescriptorPool pool_;
    google::protobuf::DynamicMessageFactory factory_;
    const google::protobuf::FileDescriptor* file_ = nullptr;
};

// The files `file` imports that its registered form names as references:
// all of them, or with `skip_known_types` (Confluent's skip.known.types) only
// those that are not Confluent's known types (google/protobuf/*, google/type/*,
// confluent/*).
std::vector<const google::protobuf::FileDescriptor*> referenced_imports(
    const google::protobuf::FileDescriptor& file, bool skip_known_types);

// The `(confluent.field_meta).params` value of `key` on a field, empty when
// the field has none.
std::string field_meta_param(const google::protobuf::FieldDescriptor& field, std::string_view key);

}  // namespace kc_schema_registry
