#include "host/storage/internal_json.hpp"

#include "host/core/bounded_json.hpp"
#include "host/core/json_text.hpp"
#include "host/storage/storage_error.hpp"
#include "kc/utf8.hpp"

namespace kc::host::storage::internal_json {

void append_string(std::string& out, std::string_view s) {
    const std::size_t mark = out.size();
    if (!append_json_string_checked(out, s)) return;
    // The rare malformed text: drop the partial string and write the repaired one.
    out.resize(mark);
    append_json_string_checked(out, replace_malformed_utf8(s));
}

void append_name(std::string& out, std::string_view name) {
    append_string(out, name);
    out.push_back(':');
}

void append_double(std::string& out, double v) {
    append_json_floating(out, v);
}

namespace {

// As Java's converter reads: malformed UTF-8 is refused, and whatever follows
// the first complete value is not looked at (Jackson's default).
constexpr unsigned kJacksonLike =
    rapidjson::kParseValidateEncodingFlag | rapidjson::kParseStopWhenDoneFlag;

}  // namespace

// Anyone who may write to the internal topics could otherwise stop every
// worker that reads them with one deeply nested record: the depth is bounded.
rapidjson::Document parse(std::string_view bytes, std::string_view what) {
    rapidjson::Document doc;
    if (auto error = parse_bounded_json<kJacksonLike>(doc, bytes))
        throw RecordFormatError(std::string(what) + ": value is not valid JSON (" + *error + ")");
    return doc;
}

bool reads_as_null(std::string_view bytes, std::string_view what) {
    rapidjson::Document doc;
    if (auto error = parse_bounded_json<kJacksonLike>(doc, bytes)) {
        if (doc.HasParseError() && doc.GetParseError() == rapidjson::kParseErrorDocumentEmpty)
            return true;
        throw RecordFormatError(std::string(what) + ": value is not valid JSON (" + *error + ")");
    }
    return doc.IsNull();
}

std::string_view kind_of(const rapidjson::Value& v) {
    if (v.IsNull()) return "null";
    if (v.IsBool()) return "a boolean";
    if (v.IsString()) return "a string";
    if (v.IsObject()) return "an object";
    if (v.IsArray()) return "an array";
    if (v.IsInt64()) return "an integer";
    return "a number";
}

const rapidjson::Value& require_object(const rapidjson::Value& v, std::string_view what) {
    if (!v.IsObject()) {
        throw RecordFormatError(std::string(what) + ": value should be an object but is " +
                                std::string(kind_of(v)));
    }
    return v;
}

const rapidjson::Value* find(const rapidjson::Value& object, std::string_view name) {
    const rapidjson::Value* found = nullptr;
    for (auto it = object.MemberBegin(); it != object.MemberEnd(); ++it) {
        if (std::string_view(it->name.GetString(), it->name.GetStringLength()) == name)
            found = &it->value;
    }
    return found;
}

namespace {

[[noreturn]] void wrong_kind(std::string_view what, std::string_view name,
                             std::string_view expected, const rapidjson::Value* actual) {
    throw RecordFormatError(std::string(what) + ": field '" + std::string(name) + "' should be " +
                            std::string(expected) + " but is " +
                            (actual ? std::string(kind_of(*actual)) : std::string("missing")));
}

// nullptr for absent or null.
const rapidjson::Value* present(const rapidjson::Value& object, std::string_view name) {
    const rapidjson::Value* v = find(object, name);
    return v && !v->IsNull() ? v : nullptr;
}

}  // namespace

std::optional<std::string> optional_string(const rapidjson::Value& object, std::string_view name,
                                           std::string_view what) {
    const rapidjson::Value* v = present(object, name);
    if (!v) return std::nullopt;
    if (!v->IsString()) wrong_kind(what, name, "a string", v);
    return std::string(v->GetString(), v->GetStringLength());
}

std::optional<int64_t> optional_long(const rapidjson::Value& object, std::string_view name,
                                     std::string_view what) {
    const rapidjson::Value* v = present(object, name);
    if (!v) return std::nullopt;
    if (!v->IsInt64()) wrong_kind(what, name, "an integer", v);
    return v->GetInt64();
}

std::optional<bool> optional_bool(const rapidjson::Value& object, std::string_view name,
                                  std::string_view what) {
    const rapidjson::Value* v = present(object, name);
    if (!v) return std::nullopt;
    if (!v->IsBool()) wrong_kind(what, name, "a boolean", v);
    return v->GetBool();
}

std::string required_string(const rapidjson::Value& object, std::string_view name,
                            std::string_view what) {
    auto s = optional_string(object, name, what);
    if (!s) wrong_kind(what, name, "a string", find(object, name));
    return std::move(*s);
}

int64_t required_long(const rapidjson::Value& object, std::string_view name,
                      std::string_view what) {
    auto n = optional_long(object, name, what);
    if (!n) wrong_kind(what, name, "an integer", find(object, name));
    return *n;
}

int32_t required_java_int(const rapidjson::Value& object, std::string_view name,
                          std::string_view what) {
    return static_cast<int32_t>(required_long(object, name, what));
}

}  // namespace kc::host::storage::internal_json
