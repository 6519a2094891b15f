// JSON of the internal topics (config, status, offsets), written byte for byte
// as Java's schemaless JsonConverter writes it (compact Jackson output) and read
// with errors that name the record and the field. Used only inside
// host/storage: the record codecs are the public face.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kc::host::storage::internal_json {

// A JSON string with Jackson's escapes. Malformed UTF-8 is written as U+FFFD,
// which is what the text would hold had it passed through a Java String.
void append_string(std::string& out, std::string_view s);
// "name": (a field name and its colon).
void append_name(std::string& out, std::string_view name);
// A double as Jackson writes it (Java's Double.toString; NaN quoted).
void append_double(std::string& out, double v);

// Parses a record value. Throws RecordFormatError("<what>: ...") when the
// bytes are not one well-formed JSON value in UTF-8.
rapidjson::Document parse(std::string_view bytes, std::string_view what);

// True when the bytes hold no value for Java's converter: the literal null, or
// no content at all (Jackson reads that as a missing node). Throws as parse()
// does for anything that is not JSON.
bool reads_as_null(std::string_view bytes, std::string_view what);

// What a JSON value is, for messages ("a string", "null", "an object", ...).
std::string_view kind_of(const rapidjson::Value& v);

// The value must be an object; throws naming `what` and the actual kind.
const rapidjson::Value& require_object(const rapidjson::Value& v, std::string_view what);

// The member `name` of an object; nullptr when absent. With a repeated name the
// last one counts, as with Jackson's tree model.
const rapidjson::Value* find(const rapidjson::Value& object, std::string_view name);

// Typed fields, as JsonConverter hands schemaless values to Java: a string, a
// Long (an integral JSON number that fits 64 bits), a Boolean. Absent or null
// gives nullopt; any other kind throws naming `what` and the field.
std::optional<std::string> optional_string(const rapidjson::Value& object, std::string_view name,
                                           std::string_view what);
std::optional<int64_t> optional_long(const rapidjson::Value& object, std::string_view name,
                                     std::string_view what);
std::optional<bool> optional_bool(const rapidjson::Value& object, std::string_view name,
                                  std::string_view what);

// As above, but absent or null also throws.
std::string required_string(const rapidjson::Value& object, std::string_view name,
                            std::string_view what);
int64_t required_long(const rapidjson::Value& object, std::string_view name, std::string_view what);

// Java's KafkaConfigBackingStore.intValue: an Integer or a Long, the latter
// narrowed to 32 bits as Java's (int) cast does.
int32_t required_java_int(const rapidjson::Value& object, std::string_view name,
                          std::string_view what);

}  // namespace kc::host::storage::internal_json
