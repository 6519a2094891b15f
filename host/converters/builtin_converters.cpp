#include "host/converters/builtin_converters.hpp"

#include "host/core/builtin_plugins.hpp"

#include "host/converters/byte_array_converter.hpp"
#include "host/converters/json_converter.hpp"
#include "host/converters/number_converters.hpp"
#include "host/converters/simple_header_converter.hpp"
#include "host/converters/string_converter.hpp"

namespace kc::host {

std::span<const kc_descriptor* const> builtin_converters() {
    using namespace kc::host::converters;
    static const BuiltinPlugins<
        JsonConverter, JsonHeaderConverter, StringConverter, StringHeaderConverter,
        ByteArrayConverter, ByteArrayHeaderConverter, IntegerConverter, IntegerHeaderConverter,
        LongConverter, LongHeaderConverter, ShortConverter, ShortHeaderConverter, FloatConverter,
        FloatHeaderConverter, DoubleConverter, DoubleHeaderConverter, BooleanConverter,
        BooleanHeaderConverter, SimpleHeaderConverter>
        table;
    return table.descriptors();
}

}  // namespace kc::host
