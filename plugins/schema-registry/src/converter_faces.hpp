// Confluent's converters are Converters and HeaderConverters at once: one
// implementation class, given the two SDK faces here. An implementation has
//   static constexpr kc::PluginInfo info;  static kc::ConfigDef configDef();
//   void configure(const kc::ConfigMap&, bool is_key);
//   kc::Bytes from_connect(topic, kc::SchemaView, kc::ValueView, kc::Arena&, HeaderSink*);
//   kc::SchemaAndValue to_connect(topic, kc::Bytes, kc::Arena&, std::span<const kc_header>);
#pragma once

#include <kc/converter.hpp>
#include <kc/header_converter.hpp>

#include "registry_converter.hpp"

namespace kc_schema_registry {

template <class Impl>
class AsConverter final : public kc::Converter {
  public:
    static constexpr kc::PluginInfo info = Impl::info;
    static kc::ConfigDef configDef() { return Impl::configDef(); }

    void configure(const kc::ConfigMap& configs, bool isKey) override {
        impl_.configure(configs, isKey);
    }
    // The SDK has no way yet to add headers to the record: the header
    // serializer (HeaderSchemaIdSerializer) refuses to write here.
    kc::Bytes fromConnectData(std::string_view topic, std::span<const kc_header>,
                              kc::SchemaView schema, kc::ValueView value,
                              kc::Arena& arena) override {
        return impl_.from_connect(topic, schema, value, arena, nullptr);
    }
    // The headers are the record's Kafka headers: the schema id may be there.
    kc::SchemaAndValue toConnectData(std::string_view topic, std::span<const kc_header> headers,
                                     kc::Bytes data, kc::Arena& arena) override {
        return impl_.to_connect(topic, data, arena, headers);
    }
    Impl& impl() noexcept { return impl_; }

  private:
    Impl impl_;
};

// As a header converter the subject comes from the topic, as a value's would.
template <class Impl>
class AsHeaderConverter final : public kc::HeaderConverter {
  public:
    static constexpr kc::PluginInfo info = Impl::info;
    static kc::ConfigDef configDef() { return Impl::configDef(); }

    void configure(const kc::ConfigMap& configs) override { impl_.configure(configs, false); }
    kc::Bytes fromConnectHeader(std::string_view topic, std::string_view, kc::SchemaView schema,
                                kc::ValueView value, kc::Arena& arena) override {
        return impl_.from_connect(topic, schema, value, arena);
    }
    kc::SchemaAndValue toConnectHeader(std::string_view topic, std::string_view, kc::Bytes data,
                                       kc::Arena& arena) override {
        return impl_.to_connect(topic, data, arena);
    }

  private:
    Impl impl_;
};

}  // namespace kc_schema_registry
