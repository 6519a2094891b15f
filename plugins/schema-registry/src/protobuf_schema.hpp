// A Protobuf schema as the registry holds it (.proto text), turned into
// runtime descriptors with libprotobuf's parser and a DescriptorPool: no
// generated code. The imports Confluent's serialisers treat as built in
// resolve without schema references: google/protobuf/* from libprotobuf's
// own descriptors, and confluent/meta.proto, confluent/type/decimal.proto,
// google/type/date.proto and google/type/timeofday.proto from the texts
// kept here.
#pragma once

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>

#include <memory>
#include <string>
#include <string_view>

namespace kc_schema_registry {

class ProtoSchema {
  public:
    // Parses and links `text`; throws kc::DataException naming the line,
    // column and what the parser or linker said.
    explicit ProtoSchema(std::string_view text);
    ProtoSchema(const ProtoSchema&) = delete;
    ProtoSchema& operator=(const ProtoSchema&) = delete;

    const google::protobuf::FileDescriptor& file() const noexcept { return *file_; }
    // A new empty message of `type`, owned by the caller (the schema must
    // outlive it).
    std::unique_ptr<google::protobuf::Message> new_message(
        const google::protobuf::Descriptor& type);

  private:
    const google::protobuf::FileDescriptor* build(std::string_view name, std::string_view text);

    google::protobuf::DescriptorPool pool_;
    google::protobuf::DynamicMessageFactory factory_;
    const google::protobuf::FileDescriptor* file_ = nullptr;
};

// The `(confluent.field_meta).params` value of `key` on a field, empty when
// the field has none.
std::string field_meta_param(const google::protobuf::FieldDescriptor& field, std::string_view key);

}  // namespace kc_schema_registry
