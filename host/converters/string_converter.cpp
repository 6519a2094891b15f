#include "host/converters/string_converter.hpp"

#include <algorithm>
#include <cctype>

#include "kc/java_string.hpp"
#include "kc/utf8.hpp"

namespace kc::host::converters {

namespace {

std::string upper(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

ConfigDef StringConverterImpl::configDef() {
    ConfigDef d;
    d.defineInternal("converter.type", ConfigType::String, nullptr, Importance::Low);
    d.define("converter.encoding", ConfigType::String, "UTF8", Importance::High,
             "The name of the Java character set to use for encoding strings as byte arrays.",
             "Converter", 0, Width::Medium, "Converter encoding");
    return d;
}

void StringConverterImpl::configure(const ConfigMap& configs, bool) {
    Config c(configDef(), configs);
    std::string name = upper(c.getString("converter.encoding"));
    if (name == "UTF8" || name == "UTF-8")
        encoding_ = TextEncoding::Utf8;
    else if (name == "ISO-8859-1" || name == "ISO8859_1" || name == "LATIN1" ||
             name == "ISO-LATIN-1")
        encoding_ = TextEncoding::Latin1;
    else if (name == "US-ASCII" || name == "ASCII")
        encoding_ = TextEncoding::Ascii;
    else
        throw ConfigException("converter.encoding", c.getString("converter.encoding"),
                              "Unsupported encoding (supported: UTF8, ISO-8859-1, US-ASCII)");
}

Bytes StringConverterImpl::from_connect(SchemaView schema, ValueView value, Arena&) {
    if (value.is_null()) return std::nullopt;
    std::string_view text;
    if (value.tag() == KC_VAL_STRING) {
        text = value.as_string();
    } else {
        buf_.clear();
        values::append_java_to_string(buf_, schema, value);
        text = buf_;
    }
    if (auto bad = invalid_utf8_offset(text))
        throw DataException("Invalid UTF-8 in string value at byte " + std::to_string(*bad));
    if (encoding_ == TextEncoding::Utf8) return text;
    // Characters the charset cannot represent become '?', as Java's encoder does.
    std::string& out = encoded_;
    out.clear();
    for (size_t i = 0; i < text.size();) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        uint32_t cp;
        size_t len = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
        cp = len == 1 ? c : c & (0xff >> (len + 1));
        for (size_t k = 1; k < len; ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3f);
        uint32_t limit = encoding_ == TextEncoding::Latin1 ? 0xff : 0x7f;
        out.push_back(cp <= limit ? static_cast<char>(cp) : '?');
        i += len;
    }
    return std::string_view(out);
}

kc::SchemaAndValue StringConverterImpl::to_connect(Bytes data, Arena& arena) {
    kc::SchemaAndValue r;
    r.schema = schemas::optional_string().raw();
    if (!data) return r;
    switch (encoding_) {
        case TextEncoding::Utf8:
            if (auto bad = invalid_utf8_offset(*data))
                throw DataException("Invalid UTF-8 in string data at byte " + std::to_string(*bad));
            r.value = make_string(arena, *data);
            return r;
        case TextEncoding::Ascii:
            for (size_t i = 0; i < data->size(); ++i)
                if (static_cast<unsigned char>((*data)[i]) >= 0x80)
                    throw DataException("Byte " +
                                        std::to_string(static_cast<unsigned char>((*data)[i])) +
                                        " is not US-ASCII (at byte " + std::to_string(i) + ")");
            r.value = make_string(arena, *data);
            return r;
        case TextEncoding::Latin1: {
            size_t n = 0;
            for (char c : *data)
                n += static_cast<unsigned char>(c) < 0x80 ? 1 : 2;
            char* out = arena.alloc<char>(n);
            size_t o = 0;
            for (char ch : *data) {
                unsigned char c = static_cast<unsigned char>(ch);
                if (c < 0x80) {
                    out[o++] = static_cast<char>(c);
                } else {
                    out[o++] = static_cast<char>(0xc0 | (c >> 6));
                    out[o++] = static_cast<char>(0x80 | (c & 0x3f));
                }
            }
            r.value = make_string_ref(std::string_view(out, n));
            return r;
        }
    }
    return r;
}

}  // namespace kc::host::converters
