#include "host/rest/json_io.hpp"

#include "host/core/bounded_json.hpp"
#include "host/rest/rest_error.hpp"

namespace kc::host::rest {
namespace {

std::optional<std::string> scalar_text(const rapidjson::Value& v) {
    if (v.IsString()) return std::string(v.GetString(), v.GetStringLength());
    if (v.IsBool()) return std::string(v.GetBool() ? "true" : "false");
    if (v.IsInt64()) return std::to_string(v.GetInt64());
    if (v.IsUint64()) return std::to_string(v.GetUint64());
    if (v.IsDouble()) {
        rapidjson::StringBuffer buf;
        JsonWriter w(buf);
        w.Double(v.GetDouble());
        return std::string(buf.GetString(), buf.GetSize());
    }
    return std::nullopt;
}

}  // namespace

const char* json_type_name(const rapidjson::Value& v) {
    switch (v.GetType()) {
        case rapidjson::kNullType:
            return "null";
        case rapidjson::kFalseType:
        case rapidjson::kTrueType:
            return "boolean";
        case rapidjson::kObjectType:
            return "object";
        case rapidjson::kArrayType:
            return "array";
        case rapidjson::kStringType:
            return "string";
        case rapidjson::kNumberType:
            return "number";
    }
    return "unknown";
}

rapidjson::Document parse_body(const std::string& body, bool numbers_as_strings) {
    if (body.find_first_not_of(" \t\r\n") == std::string::npos)
        throw bad_request("Request body is empty; a JSON body is required");
    rapidjson::Document doc;
    // Iterative and depth-bounded: 200,000 nested arrays overflowed the stack.
    // Invalid UTF-8 is refused as Jackson refuses it: stored, it would be echoed raw in every
    // later answer and break strict JSON clients.
    constexpr unsigned kUtf8 = rapidjson::kParseValidateEncodingFlag;
    const auto error =
        numbers_as_strings
            ? parse_bounded_json<kUtf8 | rapidjson::kParseNumbersAsStringsFlag>(doc, body)
            : parse_bounded_json<kUtf8>(doc, body);
    if (error) throw bad_request("Malformed JSON in request body: " + *error);
    return doc;
}

config::ConfigMap config_from_json(const rapidjson::Value& object, const std::string& what) {
    if (!object.IsObject())
        throw bad_request(what + " must be a JSON object of string values, not " +
                          json_type_name(object));
    config::ConfigMap out;
    for (const auto& m : object.GetObject()) {
        std::string key(m.name.GetString(), m.name.GetStringLength());
        auto text = scalar_text(m.value);
        if (!text)
            throw bad_request(what + ": value of '" + key + "' must be a string, not " +
                              json_type_name(m.value));
        out.set(std::move(key), *text);
    }
    return out;
}

ConfigPatch config_patch_from_json(const rapidjson::Value& object) {
    if (!object.IsObject())
        throw bad_request("Request body must be a JSON object of string (or null) values, not " +
                          std::string(json_type_name(object)));
    ConfigPatch out;
    for (const auto& m : object.GetObject()) {
        std::string key(m.name.GetString(), m.name.GetStringLength());
        if (m.value.IsNull()) {
            out[key] = std::nullopt;
            continue;
        }
        auto text = scalar_text(m.value);
        if (!text)
            throw bad_request("Value of '" + key + "' must be a string or null, not " +
                              json_type_name(m.value));
        out[key] = *text;
    }
    return out;
}

}  // namespace kc::host::rest
