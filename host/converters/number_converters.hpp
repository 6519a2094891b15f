// org.apache.kafka.connect.converters.{Integer,Long,Short,Float,Double,Boolean}Converter
// (each a Converter and a HeaderConverter): Kafka's serialized forms, big-endian
// fixed width (IEEE 754 for floating point), one byte 0/1 for booleans; null is
// null bytes.
#pragma once

#include "host/converters/converter_adapters.hpp"
#include "kc/version.hpp"

namespace kc::host::converters {

enum class NumberKind { Integer, Long, Short, Float, Double, Boolean };

template <NumberKind K>
struct NumberTraits;

#define KC_NUMBER_TRAITS(kind, cls, width_, tag_, type_name_, deser_)                         \
    template <>                                                                               \
    struct NumberTraits<NumberKind::kind> {                                                   \
        static constexpr const char* class_name = "org.apache.kafka.connect.converters." cls; \
        static constexpr size_t width = width_;                                               \
        static constexpr kc_value_tag tag = tag_;                                             \
        static constexpr const char* type_name = type_name_;                                  \
        static constexpr const char* deserializer = deser_;                                   \
    };
KC_NUMBER_TRAITS(Integer, "IntegerConverter", 4, KC_VAL_INT32, "integer", "IntegerDeserializer")
KC_NUMBER_TRAITS(Long, "LongConverter", 8, KC_VAL_INT64, "long", "LongDeserializer")
KC_NUMBER_TRAITS(Short, "ShortConverter", 2, KC_VAL_INT16, "short", "ShortDeserializer")
KC_NUMBER_TRAITS(Float, "FloatConverter", 4, KC_VAL_FLOAT32, "float", "Deserializer")
KC_NUMBER_TRAITS(Double, "DoubleConverter", 8, KC_VAL_FLOAT64, "double", "Deserializer")
KC_NUMBER_TRAITS(Boolean, "BooleanConverter", 1, KC_VAL_BOOLEAN, "boolean", "BooleanDeserializer")
#undef KC_NUMBER_TRAITS

ConfigDef number_converter_config_def();

template <NumberKind K>
class NumberConverterImpl {
    using Traits = NumberTraits<K>;

  public:
    static constexpr kc::PluginInfo info{
        .class_name = Traits::class_name,
        .version = KC_SDK_VERSION,
        .doc = "Converts values of one primitive type to and from Kafka's serialized form.",
        .flags = KC_FLAG_NULL_TO_NULL,
    };
    static ConfigDef configDef() { return number_converter_config_def(); }

    void configure(const ConfigMap& configs, bool) { Config c(configDef(), configs); }
    Bytes from_connect(SchemaView schema, ValueView value, Arena& arena);
    kc::SchemaAndValue to_connect(Bytes data, Arena& arena);

  private:
    char buf_[8] = {};
};

using IntegerConverter = AsConverter<NumberConverterImpl<NumberKind::Integer>>;
using LongConverter = AsConverter<NumberConverterImpl<NumberKind::Long>>;
using ShortConverter = AsConverter<NumberConverterImpl<NumberKind::Short>>;
using FloatConverter = AsConverter<NumberConverterImpl<NumberKind::Float>>;
using DoubleConverter = AsConverter<NumberConverterImpl<NumberKind::Double>>;
using BooleanConverter = AsConverter<NumberConverterImpl<NumberKind::Boolean>>;
using IntegerHeaderConverter = AsHeaderConverter<NumberConverterImpl<NumberKind::Integer>>;
using LongHeaderConverter = AsHeaderConverter<NumberConverterImpl<NumberKind::Long>>;
using ShortHeaderConverter = AsHeaderConverter<NumberConverterImpl<NumberKind::Short>>;
using FloatHeaderConverter = AsHeaderConverter<NumberConverterImpl<NumberKind::Float>>;
using DoubleHeaderConverter = AsHeaderConverter<NumberConverterImpl<NumberKind::Double>>;
using BooleanHeaderConverter = AsHeaderConverter<NumberConverterImpl<NumberKind::Boolean>>;

extern template class NumberConverterImpl<NumberKind::Integer>;
extern template class NumberConverterImpl<NumberKind::Long>;
extern template class NumberConverterImpl<NumberKind::Short>;
extern template class NumberConverterImpl<NumberKind::Float>;
extern template class NumberConverterImpl<NumberKind::Double>;
extern template class NumberConverterImpl<NumberKind::Boolean>;

}  // namespace kc::host::converters
