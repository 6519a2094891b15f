// JSON from outside the process (REST bodies, manifests, files named on the
// command line, records read from topics) parsed with a bound on nesting.
// rapidjson's default parser recurses once per level, so a few hundred
// kilobytes of "[[[[..." overflow the stack; the iterative parser does not,
// and the depth bound keeps every later recursive walk of the document safe.
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace kc::host {

// Jackson's default nesting limit (StreamReadConstraints), so a document Java
// Connect accepts is accepted here too.
inline constexpr std::size_t kMaxJsonDepth = 1000;

namespace detail {

struct JsonDepthCheck : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, JsonDepthCheck> {
    explicit JsonDepthCheck(std::size_t limit) : limit(limit) {}
    bool Default() { return true; }
    bool StartObject() { return enter(); }
    bool StartArray() { return enter(); }
    bool EndObject(rapidjson::SizeType) { return leave(); }
    bool EndArray(rapidjson::SizeType) { return leave(); }
    bool enter() {
        too_deep = ++depth > limit;
        return !too_deep;
    }
    bool leave() {
        --depth;
        return true;
    }
    std::size_t limit;
    std::size_t depth = 0;
    bool too_deep = false;
};

}  // namespace detail

// Parses `text` into `doc`. Returns nullopt on success, otherwise a message
// saying what is wrong and at which byte offset. Flags are rapidjson parse
// flags (kParseNumbersAsStringsFlag, ...); parsing is always iterative.
template <unsigned Flags = rapidjson::kParseDefaultFlags>
std::optional<std::string> parse_bounded_json(rapidjson::Document& doc, std::string_view text,
                                              std::size_t max_depth = kMaxJsonDepth) {
    constexpr unsigned kFlags = Flags | rapidjson::kParseIterativeFlag;
    detail::JsonDepthCheck check(max_depth);
    rapidjson::MemoryStream stream(text.data(), text.size());
    rapidjson::Reader reader;
    reader.Parse<kFlags>(stream, check);
    if (check.too_deep)
        return "JSON nested deeper than " + std::to_string(max_depth) + " levels at offset " +
               std::to_string(reader.GetErrorOffset());
    doc.Parse<kFlags>(text.data(), text.size());
    if (doc.HasParseError())
        return "invalid JSON at offset " + std::to_string(doc.GetErrorOffset()) + ": " +
               rapidjson::GetParseError_En(doc.GetParseError());
    return std::nullopt;
}

}  // namespace kc::host
