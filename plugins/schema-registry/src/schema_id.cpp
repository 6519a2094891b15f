#include "schema_id.hpp"

#include <kc/error.hpp>

namespace kc_schema_registry {

namespace {

constexpr size_t kIdSize = 4;
constexpr size_t kGuidSize = 16;

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Why `bytes` (from `where`) do not start with a schema id.
std::string framing_problem(std::string_view bytes, std::string_view where) {
    if (bytes.empty()) return std::string(where) + " is empty";
    const auto magic = static_cast<unsigned char>(bytes[0]);
    if (magic > 1)
        return "Unknown magic byte " + std::to_string(magic) + " in " + std::string(where) +
               " (not Confluent's schema registry framing)";
    return std::string(where) + " is shorter than the magic byte " + std::to_string(magic) +
           (magic == 0 ? " and the 4-byte schema id" : " and the 16-byte schema GUID");
}

// The id at the start of `bytes`, or nullopt with `problem` set.
std::optional<SchemaIdFrame> parse_id(std::string_view bytes, std::string_view where,
                                      std::string& problem) {
    SchemaIdFrame f;
    const auto* b = reinterpret_cast<const unsigned char*>(bytes.data());
    if (!bytes.empty() && bytes[0] == kMagicId && bytes.size() >= 1 + kIdSize) {
        f.id = static_cast<int32_t>((uint32_t(b[1]) << 24) | (uint32_t(b[2]) << 16) |
                                    (uint32_t(b[3]) << 8) | uint32_t(b[4]));
        f.rest = bytes.substr(1 + kIdSize);
        return f;
    }
    if (!bytes.empty() && bytes[0] == kMagicGuid && bytes.size() >= 1 + kGuidSize) {
        f.by_guid = true;
        for (size_t i = 0; i < kGuidSize; ++i)
            f.guid.bytes[i] = b[1 + i];
        f.rest = bytes.substr(1 + kGuidSize);
        return f;
    }
    problem = framing_problem(bytes, where);
    return std::nullopt;
}

// The bytes of the last header named `key` (Java's lastHeader, whose null
// value falls back to the prefix). Only a Kafka header as consumed (no
// schema, bytes) counts: a header converter's value is not the id's bytes.
std::optional<std::string_view> last_header(std::span<const kc_header> headers,
                                            std::string_view key) {
    for (auto h = headers.rbegin(); h != headers.rend(); ++h) {
        if (std::string_view(h->key.ptr, h->key.len) != key) continue;
        const kc_value& v = h->value;
        if (h->schema || v.tag != KC_VAL_BYTES) return std::nullopt;
        return std::string_view(v.u.str.ptr, v.u.str.len);
    }
    return std::nullopt;
}

}  // namespace

std::string Guid::to_string() const {
    static const char* hex = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (size_t i = 0; i < bytes.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
        out += hex[bytes[i] >> 4];
        out += hex[bytes[i] & 15];
    }
    return out;
}

std::optional<Guid> Guid::parse(std::string_view text) {
    if (text.size() != 36) return std::nullopt;
    Guid g;
    size_t byte = 0;
    for (size_t i = 0; i < text.size();) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (text[i++] != '-') return std::nullopt;
            continue;
        }
        const int hi = hex_digit(text[i]), lo = hex_digit(text[i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        g.bytes[byte++] = static_cast<unsigned char>(hi * 16 + lo);
        i += 2;
    }
    return g;
}

SchemaIdFrame read_schema_id(std::string_view topic, bool is_key,
                             std::span<const kc_header> headers, std::string_view data,
                             SchemaIdDeserializer how) {
    std::string problem;
    if (how == SchemaIdDeserializer::Dual) {
        const std::string_view name = is_key ? kKeySchemaIdHeader : kValueSchemaIdHeader;
        if (auto header = last_header(headers, name)) {
            auto f = parse_id(*header, "header " + std::string(name), problem);
            if (!f)
                throw kc::DataException("Failed to deserialize data for topic " +
                                        std::string(topic) + ": " + problem);
            f->in_header = true;
            f->data = data;
            return *f;
        }
    }
    auto f = parse_id(data, "the data", problem);
    if (!f)
        throw kc::DataException("Failed to deserialize data for topic " + std::string(topic) +
                                ": " + problem);
    f->data = data;
    return *f;
}

SchemaIdSerializer parse_schema_id_serializer(const std::string& key, const std::string& name) {
    std::string_view n = name;
    if (n.starts_with(kSchemaIdPackage)) n.remove_prefix(kSchemaIdPackage.size());
    if (n == "PrefixSchemaIdSerializer") return SchemaIdSerializer::Prefix;
    if (n == "HeaderSchemaIdSerializer") return SchemaIdSerializer::Header;
    throw kc::ConfigException("Invalid value " + name + " for configuration " + key +
                              ": expected PrefixSchemaIdSerializer or HeaderSchemaIdSerializer "
                              "(in " +
                              std::string(kSchemaIdPackage) + ")");
}

SchemaIdDeserializer parse_schema_id_deserializer(const std::string& key, const std::string& name) {
    std::string_view n = name;
    if (n.starts_with(kSchemaIdPackage)) n.remove_prefix(kSchemaIdPackage.size());
    if (n == "DualSchemaIdDeserializer") return SchemaIdDeserializer::Dual;
    if (n == "PrefixSchemaIdDeserializer") return SchemaIdDeserializer::Prefix;
    throw kc::ConfigException("Invalid value " + name + " for configuration " + key +
                              ": expected DualSchemaIdDeserializer or PrefixSchemaIdDeserializer "
                              "(in " +
                              std::string(kSchemaIdPackage) + ")");
}

}  // namespace kc_schema_registry
