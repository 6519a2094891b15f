// Runs RapidJSON's SAX reader in place over a mutable buffer, the one way the
// JsonConverter reads JSON (numbers kept as text so they are converted exactly
// and by the target type), and reports malformed input as DataException
// saying what is wrong and at which offset.
#pragma once

#include <rapidjson/reader.h>

#include <cstddef>
#include <cstring>

namespace kc::host::converters {

struct JsonSax {
    // Jackson's default nesting limit.
    static constexpr size_t kMaxDepth = 1000;
    // RapidJSON's UTF-8 validation reads the continuation bytes of a truncated
    // sequence without looking for the terminator: this many NULs follow the text.
    static constexpr size_t kPadding = 4;
    static constexpr unsigned kFlags =
        rapidjson::kParseInsituFlag | rapidjson::kParseValidateEncodingFlag |
        rapidjson::kParseIterativeFlag | rapidjson::kParseNumbersAsStringsFlag;

    // Handlers see the stream (for offsets) and set too_deep when they stop
    // the parse at kMaxDepth.
    struct Handler {
        rapidjson::InsituStringStream* in = nullptr;
        bool too_deep = false;
        bool lone_surrogate = false;

        // For String()/Key(): RapidJSON validates the raw text but decodes a
        // "\u" escape of a lone low surrogate (DC00-DFFF) into bytes that are
        // not UTF-8 (ED B0-BF xx), which no writer would accept back. False
        // (stop the parse) for such a string.
        bool valid_text(const char* s, size_t len) {
            const char* end = s + len;
            for (const char* p = s; p < end; ++p) {
                p = static_cast<const char*>(std::memchr(p, 0xed, static_cast<size_t>(end - p)));
                if (!p) break;
                if (p + 1 < end && static_cast<unsigned char>(p[1]) >= 0xa0) {
                    lone_surrogate = true;
                    return false;
                }
            }
            return true;
        }
    };

    // Parses buffer[0, size) into handler h (a Handler); buffer[size, size +
    // kPadding) must be writable and is set to NUL.
    template <class H>
    static void parse(char* buffer, size_t size, H& h) {
        std::memset(buffer + size, 0, kPadding);
        rapidjson::InsituStringStream in(buffer);
        h.in = &in;
        h.too_deep = false;
        h.lone_surrogate = false;
        rapidjson::Reader reader;
        rapidjson::ParseResult ok = reader.Parse<kFlags>(in, h);
        if (!ok) fail(ok.Code(), ok.Offset(), h);
        // The in-situ reader stops at a NUL byte; JSON text never contains one raw.
        if (in.Tell() != size) fail_nul(in.Tell());
    }

    [[noreturn]] static void fail(rapidjson::ParseErrorCode code, size_t offset, const Handler& h);
    [[noreturn]] static void fail_nul(size_t offset);
};

}  // namespace kc::host::converters
