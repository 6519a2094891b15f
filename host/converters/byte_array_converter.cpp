#include "host/converters/byte_array_converter.hpp"

#include <string>

namespace kc::host::converters {

ConfigDef ByteArrayConverterImpl::configDef() {
    ConfigDef d;
    d.defineInternal("converter.type", ConfigType::String, nullptr, Importance::Low);
    return d;
}

Bytes ByteArrayConverterImpl::from_connect(SchemaView schema, ValueView value, Arena&) {
    if (schema && schema.type() != Type::Bytes) {
        std::string t(type_name(schema.type()));
        for (auto& c : t)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        throw DataException("Invalid schema type for ByteArrayConverter: " + t);
    }
    if (value.is_null()) return std::nullopt;
    if (value.tag() != KC_VAL_BYTES)
        throw DataException("ByteArrayConverter is not compatible with objects of type " +
                            kc::tag_name(value.tag()));
    return value.as_string();
}

kc::SchemaAndValue ByteArrayConverterImpl::to_connect(Bytes data, Arena& arena) {
    kc::SchemaAndValue r;
    r.schema = schemas::optional_bytes().raw();
    if (data) r.value = make_bytes(arena, *data);
    if (data && data->empty()) r.value = make_bytes_ref(std::string_view("", 0));
    return r;
}

}  // namespace kc::host::converters
