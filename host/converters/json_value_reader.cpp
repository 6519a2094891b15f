#include "host/converters/json_value_reader.hpp"

#include <charconv>
#include <cstring>
#include <string>
#include <string_view>

#include "host/converters/json_sax.hpp"
#include "kc/error.hpp"
#include "kc/java_float.hpp"
#include "kc/java_hash_map.hpp"

namespace kc::host::converters {

struct JsonValueBuilder : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, JsonValueBuilder>,
                          JsonSax::Handler {
    JsonValueReader& r;
    Arena& arena;
    const char* base;

    JsonValueBuilder(JsonValueReader& reader, Arena& a, const char* b)
        : r(reader), arena(a), base(b) {}

    bool push(const kc_value& v) {
        r.values_.push_back(v);
        return true;
    }
    bool Null() { return push(make_null()); }
    bool Bool(bool b) { return push(make_bool(b)); }
    bool String(const char* s, rapidjson::SizeType len, bool) {
        return valid_text(s, len) && push(make_string_ref({s, len}));
    }
    bool Key(const char* s, rapidjson::SizeType len, bool) {
        return valid_text(s, len) && push(make_string_ref({s, len}));
    }
    void restart() {
        r.values_.clear();
        r.frames_.clear();
    }
    bool RawNumber(const char* at, rapidjson::SizeType raw_len, bool) {
        const std::string_view text = number(at, raw_len);
        // Up to 18 digits cannot overflow int64: the common case, in one pass.
        const char* s = text.data();
        const char* end = s + text.size();
        const char* p = s + (*s == '-');
        const char* digits = p;
        uint64_t v = 0;
        for (; p < end && static_cast<unsigned>(*p - '0') < 10; ++p)
            v = v * 10 + static_cast<unsigned>(*p - '0');
        if (p == end && end - digits <= 18)
            return push(make_int64(*s == '-' ? -static_cast<int64_t>(v) : static_cast<int64_t>(v)));
        if (p == end) {
            int64_t i;
            auto res = std::from_chars(s, end, i);
            if (res.ec != std::errc() || res.ptr != end) too_big(text, at);
            return push(make_int64(i));
        }
        double d = 0;
        parse_java_float(text, d);  // ±Infinity / ±0.0 beyond double's range, as Java
        return push(make_float64(d));
    }
    bool open(bool object) {
        if (r.frames_.size() >= JsonSax::kMaxDepth) {
            too_deep = true;
            return false;
        }
        r.frames_.push_back({static_cast<uint32_t>(r.values_.size()), object});
        return true;
    }
    bool StartObject() { return open(true); }
    bool StartArray() { return open(false); }
    bool EndObject(rapidjson::SizeType members) {
        const kc_value* kv = r.values_.data() + r.frames_.back().start;
        auto* entries = static_cast<kc_map_entry*>(
            arena.allocate(sizeof(kc_map_entry) * members, alignof(kc_map_entry)));
        for (size_t i = 0; i < members; ++i) {
            entries[i].key = kv[2 * i];
            entries[i].value = kv[2 * i + 1];
        }
        kc_value m{};
        m.tag = KC_VAL_MAP;
        m.u.map.entries = entries;
        m.u.map.count = order_as_java_hash_map(entries, members);  // Java: a HashMap
        return close(m);
    }
    bool EndArray(rapidjson::SizeType count) {
        kc_value* items = alloc_values(arena, count);
        if (count)
            std::memcpy(static_cast<void*>(items), r.values_.data() + r.frames_.back().start,
                        sizeof(kc_value) * count);
        kc_value a{};
        a.tag = KC_VAL_ARRAY;
        a.u.array.items = items;
        a.u.array.count = count;
        return close(a);
    }
    bool close(const kc_value& v) {
        r.values_.resize(r.frames_.back().start);
        r.frames_.pop_back();
        return push(v);
    }

    // The number being read is a child of the innermost open container; its
    // path is each open container's key or index, as JsonPath::str() writes it.
    [[noreturn]] void too_big(std::string_view text, const char* at) const {
        std::string path;
        for (size_t k = 0; k < r.frames_.size(); ++k) {
            size_t end = k + 1 < r.frames_.size() ? r.frames_[k + 1].start : r.values_.size();
            if (r.frames_[k].object) {
                if (!path.empty()) path += '.';
                path += sv(r.values_[end - 1].u.str);
            } else {
                path += "[" + std::to_string(end - r.frames_[k].start) + "]";
            }
        }
        throw DataException("Integer " + std::string(text) + " does not fit in int64 (" +
                            (path.empty() ? std::string() : "field \"" + path + "\", ") +
                            "offset " + std::to_string(at - base) + ")");
    }
};

kc_value JsonValueReader::read(std::string_view text, char* buffer, Arena& arena) {
    values_.clear();
    frames_.clear();
    JsonValueBuilder builder(*this, arena, buffer);
    JsonSax::parse(text, buffer, builder);
    return values_.back();
}

}  // namespace kc::host::converters
