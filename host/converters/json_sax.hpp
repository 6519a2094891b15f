// Runs RapidJSON's SAX reader in place over a mutable buffer, the one way the
// JsonConverter reads JSON (numbers kept as text so they are converted exactly
// and by the target type), and reports malformed input as DataException
// saying what is wrong and at which offset.
//
// RapidJSON refuses a number whose integer part or positive exponent is
// beyond double's range (kParseErrorNumberTooBig, "1e309"), though it hands
// numbers over as text; Jackson reads them, and Java's JsonConverter makes
// them ±Infinity. On that error the text is copied again with every
// well-formed number masked as "0" and spaces (same length, so offsets hold),
// parsed again, and handlers read each number's text through number(); the
// masked bytes are restored when the parse ends.
#pragma once

#include <rapidjson/reader.h>

#include <cstddef>
#include <cstring>
#include <string_view>
#include <vector>

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

    // A number masked for the second pass: its offset and length.
    struct Masked {
        size_t offset;
        size_t size;
    };

    // Handlers see the stream (for offsets) and set too_deep when they stop
    // the parse at kMaxDepth. They also provide restart(), which forgets
    // everything a parse built (before the second pass).
    struct Handler {
        rapidjson::InsituStringStream* in = nullptr;
        bool too_deep = false;
        bool lone_surrogate = false;

        // The text of the number RawNumber(s, len) was called with: in a
        // second pass, a masked number's original text (in the source).
        std::string_view number(const char* s, size_t len) {
            if (!masked_) return {s, len};
            const size_t offset = static_cast<size_t>(s - buffer_);
            const std::vector<Masked>& m = *masked_;
            while (next_masked_ < m.size() && m[next_masked_].offset < offset)
                ++next_masked_;
            if (next_masked_ < m.size() && m[next_masked_].offset == offset)
                return {source_ + offset, m[next_masked_].size};
            return {s, len};
        }

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

      private:
        friend struct JsonSax;
        const std::vector<Masked>* masked_ = nullptr;
        size_t next_masked_ = 0;
        const char* buffer_ = nullptr;
        const char* source_ = nullptr;
    };

    // Copies text into buffer and parses it there into handler h (a Handler);
    // buffer must hold text.size() + kPadding bytes (the padding is set to
    // NUL). Strings and numbers the handler sees point into buffer.
    template <class H>
    static void parse(std::string_view text, char* buffer, H& h) {
        std::memcpy(buffer, text.data(), text.size());
        std::memset(buffer + text.size(), 0, kPadding);
        h.masked_ = nullptr;
        size_t end = 0;
        rapidjson::ParseResult ok = run(buffer, h, end);
        if (!ok && ok.Code() == rapidjson::kParseErrorNumberTooBig) {
            std::memcpy(buffer, text.data(), text.size());
            const std::vector<Masked> masked = mask_numbers(text, buffer);
            h.restart();
            h.masked_ = &masked;
            h.next_masked_ = 0;
            h.buffer_ = buffer;
            h.source_ = text.data();
            ok = run(buffer, h, end);
            h.masked_ = nullptr;
            for (const Masked& m : masked)
                std::memcpy(buffer + m.offset, text.data() + m.offset, m.size);
        }
        if (!ok) fail(ok.Code(), ok.Offset(), h);
        // The in-situ reader stops at a NUL byte; JSON text never contains one raw.
        if (end != text.size()) fail_nul(end);
    }

    [[noreturn]] static void fail(rapidjson::ParseErrorCode code, size_t offset, const Handler& h);
    [[noreturn]] static void fail_nul(size_t offset);

  private:
    template <class H>
    static rapidjson::ParseResult run(char* buffer, H& h, size_t& end) {
        rapidjson::InsituStringStream in(buffer);
        h.in = &in;
        h.too_deep = false;
        h.lone_surrogate = false;
        rapidjson::Reader reader;
        rapidjson::ParseResult ok = reader.Parse<kFlags>(in, h);
        h.in = nullptr;
        end = in.Tell();
        return ok;
    }
    // Overwrites, in buffer (a copy of text), each well-formed JSON number of
    // more than one character outside strings with "0" and spaces; returns
    // them in document order. Malformed numbers are left for RapidJSON to
    // report.
    static std::vector<Masked> mask_numbers(std::string_view text, char* buffer);
};

}  // namespace kc::host::converters
