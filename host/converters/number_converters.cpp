#include "host/converters/number_converters.hpp"

#include <bit>
#include <cstring>
#include <string>

namespace kc::host::converters {

ConfigDef number_converter_config_def() {
    ConfigDef d;
    d.defineInternal("converter.type", ConfigType::String, nullptr, Importance::Low);
    return d;
}

namespace {
uint64_t bits_of(NumberKind k, ValueView v) {
    switch (k) {
        case NumberKind::Float:
            return std::bit_cast<uint32_t>(static_cast<float>(v.as_double()));
        case NumberKind::Double:
            return std::bit_cast<uint64_t>(v.as_double());
        case NumberKind::Boolean:
            return v.as_bool() ? 1 : 0;
        default:
            return static_cast<uint64_t>(v.as_int());
    }
}
}  // namespace

template <NumberKind K>
Bytes NumberConverterImpl<K>::from_connect(SchemaView, ValueView value, Arena&) {
    if (value.is_null()) return std::nullopt;
    if (value.tag() != Traits::tag)
        throw DataException(std::string("Failed to serialize to ") + Traits::type_name + " (was " +
                            kc::tag_name(value.tag()) + ")");
    uint64_t bits = bits_of(K, value);
    for (size_t i = 0; i < Traits::width; ++i)
        buf_[i] = static_cast<char>(bits >> (8 * (Traits::width - 1 - i)));
    return std::string_view(buf_, Traits::width);
}

template <NumberKind K>
kc::SchemaAndValue NumberConverterImpl<K>::to_connect(Bytes data, Arena&) {
    kc::SchemaAndValue r;
    const Type type = type_for(Traits::tag);
    r.schema = schemas::primitive(type, true).raw();
    if (!data) return r;
    const std::string prefix = std::string("Failed to deserialize ") + Traits::type_name + ": ";
    if (data->size() != Traits::width)
        throw DataException(prefix + "Size of data received by " + Traits::deserializer +
                            " is not " + std::to_string(Traits::width) + " (got " +
                            std::to_string(data->size()) + " bytes)");
    uint64_t bits = 0;
    for (char c : *data)
        bits = (bits << 8) | static_cast<unsigned char>(c);
    switch (K) {
        case NumberKind::Integer:
            r.value = make_int32(static_cast<int32_t>(bits));
            break;
        case NumberKind::Long:
            r.value = make_int64(static_cast<int64_t>(bits));
            break;
        case NumberKind::Short:
            r.value = make_int16(static_cast<int16_t>(bits));
            break;
        case NumberKind::Float:
            r.value = make_float32(std::bit_cast<float>(static_cast<uint32_t>(bits)));
            break;
        case NumberKind::Double:
            r.value = make_float64(std::bit_cast<double>(bits));
            break;
        case NumberKind::Boolean:
            if (bits > 1)
                throw DataException(prefix + "Unexpected byte received by BooleanDeserializer: " +
                                    std::to_string(static_cast<int8_t>(bits)));
            r.value = make_bool(bits == 1);
            break;
    }
    return r;
}

template class NumberConverterImpl<NumberKind::Integer>;
template class NumberConverterImpl<NumberKind::Long>;
template class NumberConverterImpl<NumberKind::Short>;
template class NumberConverterImpl<NumberKind::Float>;
template class NumberConverterImpl<NumberKind::Double>;
template class NumberConverterImpl<NumberKind::Boolean>;

}  // namespace kc::host::converters
