#include "host/converters/builtin_converters.hpp"

#include <array>

#include "host/converters/byte_array_converter.hpp"
#include "host/converters/json_converter.hpp"
#include "host/converters/number_converters.hpp"
#include "host/converters/simple_header_converter.hpp"
#include "host/converters/string_converter.hpp"
#include "kc/export.hpp"

namespace kc::host {

namespace {

using namespace kc::host::converters;

template <class T>
kc_status validate_builtin(const kc_config* config, kc_arena* arena, const kc_config_value** out,
                           size_t* out_count, kc_error* err) noexcept {
    if (kc::detail::library_host == nullptr) {
        *out = nullptr;
        *out_count = 0;
        return KC_FATAL;
    }
    return kc::detail::validate_config<T>(config, arena, out, out_count, err);
}

template <class T>
kc_descriptor describe() {
    kc_descriptor d = kc::detail::make_descriptor<T>();
    d.validate = &validate_builtin<T>;
    return d;
}

template <class... T>
struct Table {
    std::array<kc_descriptor, sizeof...(T)> descriptors{describe<T>()...};
    std::array<const kc_descriptor*, sizeof...(T)> pointers = [this] {
        std::array<const kc_descriptor*, sizeof...(T)> p{};
        for (size_t i = 0; i < p.size(); ++i)
            p[i] = &descriptors[i];
        return p;
    }();
};

}  // namespace

std::span<const kc_descriptor* const> builtin_converters() {
    static const Table<JsonConverter, JsonHeaderConverter, StringConverter, StringHeaderConverter,
                       ByteArrayConverter, ByteArrayHeaderConverter, IntegerConverter,
                       IntegerHeaderConverter, LongConverter, LongHeaderConverter, ShortConverter,
                       ShortHeaderConverter, FloatConverter, FloatHeaderConverter, DoubleConverter,
                       DoubleHeaderConverter, BooleanConverter, BooleanHeaderConverter,
                       SimpleHeaderConverter>
        table;
    return table.pointers;
}

void set_builtin_converter_host(const kc_host* host) {
    kc::detail::library_host = host;
}

}  // namespace kc::host
