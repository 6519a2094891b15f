#include "host/converters/simple_header_converter.hpp"

#include "kc/utf8.hpp"
#include "kc/values.hpp"

namespace kc::host::converters {

ConfigDef SimpleHeaderConverter::configDef() {
    ConfigDef d;
    d.defineInternal("converter.type", ConfigType::String, nullptr, Importance::Low);
    return d;
}

void SimpleHeaderConverter::configure(const ConfigMap& configs) {
    Config c(configDef(), configs);
}

Bytes SimpleHeaderConverter::fromConnectHeader(std::string_view, std::string_view,
                                               SchemaView schema, ValueView value, Arena&) {
    if (value.is_null()) return std::nullopt;
    buf_.clear();
    values::append_string(buf_, schema, value);
    if (auto bad = invalid_utf8_offset(buf_))
        throw DataException("Invalid UTF-8 in header value at byte " + std::to_string(*bad));
    return std::string_view(buf_);
}

kc::SchemaAndValue SimpleHeaderConverter::toConnectHeader(std::string_view topic,
                                                          std::string_view headerKey, Bytes data,
                                                          Arena& arena) {
    kc::SchemaAndValue r;
    if (!data) return r;
    std::string_view text = *data;
    auto as_bytes = [&](const std::string& why) {
        log().warn("Failed to deserialize value for header '", headerKey, "' on topic '", topic,
                   "', so using byte array: ", why);
        r.schema = schemas::bytes().raw();
        r.value = make_bytes(arena, text);
        if (text.empty()) r.value = make_bytes_ref(std::string_view("", 0));
        return r;
    };
    if (auto bad = invalid_utf8_offset(text))
        return as_bytes("invalid UTF-8 at byte " + std::to_string(*bad));
    try {
        values::SchemaAndValue p = values::parse_string(arena, text);
        r.schema = p.schema;
        r.value = p.value;
        return r;
    } catch (const DataException& e) {
        return as_bytes(e.what());
    }
}

}  // namespace kc::host::converters
