// Java's converters that are both a Converter and a HeaderConverter share one
// implementation class; these adapters give it the two SDK faces. An
// implementation provides:
//   static constexpr kc::PluginInfo info;  static kc::ConfigDef configDef();
//   void configure(const kc::ConfigMap&, bool is_key);
//   kc::Bytes from_connect(kc::SchemaView, kc::ValueView, kc::Arena&);
//   kc::SchemaAndValue to_connect(kc::Bytes, kc::Arena&);
#pragma once

#include <span>
#include <string_view>

#include "kc/converter.hpp"
#include "kc/header_converter.hpp"

namespace kc::host::converters {

template <class Impl>
class AsConverter final : public kc::Converter {
  public:
    static constexpr kc::PluginInfo info = Impl::info;
    static kc::ConfigDef configDef() { return Impl::configDef(); }

    void configure(const ConfigMap& configs, bool isKey) override {
        impl_.configure(configs, isKey);
    }
    Bytes fromConnectData(std::string_view, std::span<const kc_header>, SchemaView schema,
                          ValueView value, Arena& arena) override {
        return impl_.from_connect(schema, value, arena);
    }
    kc::SchemaAndValue toConnectData(std::string_view, std::span<const kc_header>, Bytes data,
                                     Arena& arena) override {
        return impl_.to_connect(data, arena);
    }
    Impl& impl() noexcept { return impl_; }

  private:
    Impl impl_;
};

template <class Impl>
class AsHeaderConverter final : public kc::HeaderConverter {
  public:
    static constexpr kc::PluginInfo info = Impl::info;
    static kc::ConfigDef configDef() { return Impl::configDef(); }

    void configure(const ConfigMap& configs) override { impl_.configure(configs, false); }
    Bytes fromConnectHeader(std::string_view, std::string_view, SchemaView schema, ValueView value,
                            Arena& arena) override {
        return impl_.from_connect(schema, value, arena);
    }
    kc::SchemaAndValue toConnectHeader(std::string_view, std::string_view, Bytes data,
                                       Arena& arena) override {
        return impl_.to_connect(data, arena);
    }
    Impl& impl() noexcept { return impl_; }

  private:
    Impl impl_;
};

}  // namespace kc::host::converters
