#include "simple_date_format.hpp"

#include <cctype>
#include <chrono>
#include <cstring>
#include <stdexcept>

namespace kc_transforms {

namespace {

constexpr std::string_view kPatternLetters = "GyYMLwWDdFEuaHkKhmsSzZX";
constexpr int64_t kMsPerDay = 86400000;

constexpr const char* kMonths[] = {"January",   "February", "March",    "April",
                                   "May",       "June",     "July",     "August",
                                   "September", "October",  "November", "December"};
constexpr const char* kDays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                 "Thursday", "Friday", "Saturday"};

int64_t floor_div(int64_t a, int64_t b) noexcept {
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// Days since 1970-01-01 of a proleptic Gregorian date (month 1..12).
int64_t days_from_civil(int64_t y, int64_t m, int64_t d) noexcept {
    y -= m <= 2;
    int64_t era = floor_div(y, 400);
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void civil_from_days(int64_t z, int64_t& y, int& m, int& d) noexcept {
    z += 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    y = yoe + era * 400 + (m <= 2);
}

int weekday(int64_t days) noexcept {  // 0 = Sunday
    int64_t w = (days + 4) % 7;
    return static_cast<int>(w < 0 ? w + 7 : w);
}

struct Fields {
    int64_t year;  // proleptic (0 = 1 BC)
    int month, day, wday, hour, minute, second, millis;
    int64_t days;
    int day_of_year() const noexcept {
        return static_cast<int>(days - days_from_civil(year, 1, 1) + 1);
    }
};

Fields split(int64_t ms) noexcept {
    Fields f{};
    f.days = floor_div(ms, kMsPerDay);
    int64_t in_day = ms - f.days * kMsPerDay;
    civil_from_days(f.days, f.year, f.month, f.day);
    f.wday = weekday(f.days);
    f.hour = static_cast<int>(in_day / 3600000);
    f.minute = static_cast<int>(in_day / 60000 % 60);
    f.second = static_cast<int>(in_day / 1000 % 60);
    f.millis = static_cast<int>(in_day % 1000);
    return f;
}

// Week of year and week-based year with US rules (Sunday first, min 1 day).
void week_of_year(const Fields& f, int& week, int64_t& week_year) noexcept {
    int64_t next_jan1 = days_from_civil(f.year + 1, 1, 1);
    if (f.days >= next_jan1 - weekday(next_jan1)) {
        week = 1;
        week_year = f.year + 1;
        return;
    }
    int64_t jan1 = days_from_civil(f.year, 1, 1);
    week = static_cast<int>((f.days - jan1 + weekday(jan1)) / 7 + 1);
    week_year = f.year;
}

char* put_number(char* out, int64_t v, int min_digits) noexcept {
    char buf[24];
    int n = 0;
    bool negative = v < 0;
    uint64_t u = negative ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
    do {
        buf[n++] = static_cast<char>('0' + u % 10);
        u /= 10;
    } while (u);
    if (negative) *out++ = '-';
    for (int i = n; i < min_digits; ++i)
        *out++ = '0';
    while (n)
        *out++ = buf[--n];
    return out;
}

char* put_text(char* out, std::string_view s) noexcept {
    std::memcpy(out, s.data(), s.size());
    return out + s.size();
}

bool is_numeric_letter(char c, int count) noexcept {
    switch (c) {
        case 'G':
        case 'E':
        case 'a':
        case 'z':
        case 'Z':
        case 'X':
            return false;
        case 'M':
        case 'L':
            return count <= 2;
        default:
            return true;
    }
}

}  // namespace

SimpleDateFormat::SimpleDateFormat(std::string_view pattern) : pattern_(pattern) {
    std::string literal;
    auto flush = [&] {
        if (!literal.empty()) {
            max_length_ += literal.size();
            tokens_.push_back({0, 0, std::move(literal)});
            literal.clear();
        }
    };
    for (size_t i = 0; i < pattern.size();) {
        char c = pattern[i];
        if (c == '\'') {
            if (i + 1 < pattern.size() && pattern[i + 1] == '\'') {
                literal += '\'';
                i += 2;
                continue;
            }
            size_t j = i + 1;
            while (true) {
                if (j >= pattern.size()) throw std::invalid_argument("Unterminated quote");
                if (pattern[j] == '\'') {
                    if (j + 1 < pattern.size() && pattern[j + 1] == '\'') {
                        literal += '\'';
                        j += 2;
                        continue;
                    }
                    break;
                }
                literal += pattern[j++];
            }
            i = j + 1;
            continue;
        }
        if (std::isalpha(static_cast<unsigned char>(c))) {
            if (kPatternLetters.find(c) == std::string_view::npos)
                throw std::invalid_argument(std::string("Illegal pattern character '") + c + "'");
            size_t j = i;
            while (j < pattern.size() && pattern[j] == c)
                ++j;
            int count = static_cast<int>(j - i);
            if (c == 'X' && count > 3)
                throw std::invalid_argument("invalid ISO 8601 format: length=" +
                                            std::to_string(count));
            flush();
            tokens_.push_back({c, count, {}});
            max_length_ += std::max(count, 26);  // widest: zone names, long numbers
            i = j;
            continue;
        }
        literal += c;
        ++i;
    }
    flush();
}

size_t SimpleDateFormat::format(int64_t epoch_ms, char* out) const noexcept {
    Fields f = split(epoch_ms);
    char* p = out;
    for (const Token& t : tokens_) {
        int n = t.count;
        switch (t.letter) {
            case 0:
                p = put_text(p, t.literal);
                break;
            case 'G':
                p = put_text(p, f.year > 0 ? "AD" : "BC");
                break;
            case 'y':
            case 'Y': {
                int64_t y = f.year;
                if (t.letter == 'Y') {
                    int week;
                    week_of_year(f, week, y);
                }
                int64_t of_era = y > 0 ? y : 1 - y;
                p = n == 2 ? put_number(p, of_era % 100, 2) : put_number(p, of_era, n);
                break;
            }
            case 'M':
            case 'L':
                if (n >= 4)
                    p = put_text(p, kMonths[f.month - 1]);
                else if (n == 3)
                    p = put_text(p, std::string_view(kMonths[f.month - 1], 3));
                else
                    p = put_number(p, f.month, n);
                break;
            case 'w': {
                int week;
                int64_t wy;
                week_of_year(f, week, wy);
                p = put_number(p, week, n);
                break;
            }
            case 'W': {
                int first = weekday(f.days - (f.day - 1));
                p = put_number(p, (f.day - 1 + first) / 7 + 1, n);
                break;
            }
            case 'D':
                p = put_number(p, f.day_of_year(), n);
                break;
            case 'd':
                p = put_number(p, f.day, n);
                break;
            case 'F':
                p = put_number(p, (f.day - 1) / 7 + 1, n);
                break;
            case 'E':
                p = n >= 4 ? put_text(p, kDays[f.wday])
                           : put_text(p, std::string_view(kDays[f.wday], 3));
                break;
            case 'u':
                p = put_number(p, f.wday == 0 ? 7 : f.wday, n);
                break;
            case 'a':
                p = put_text(p, f.hour < 12 ? "AM" : "PM");
                break;
            case 'H':
                p = put_number(p, f.hour, n);
                break;
            case 'k':
                p = put_number(p, f.hour == 0 ? 24 : f.hour, n);
                break;
            case 'K':
                p = put_number(p, f.hour % 12, n);
                break;
            case 'h':
                p = put_number(p, f.hour % 12 == 0 ? 12 : f.hour % 12, n);
                break;
            case 'm':
                p = put_number(p, f.minute, n);
                break;
            case 's':
                p = put_number(p, f.second, n);
                break;
            case 'S':
                p = put_number(p, f.millis, n);
                break;
            case 'z':
                p = put_text(p, n >= 4 ? "Coordinated Universal Time" : "UTC");
                break;
            case 'Z':
                p = put_text(p, "+0000");
                break;
            case 'X':
                p = put_text(p, "Z");
                break;
        }
    }
    return static_cast<size_t>(p - out);
}

std::string SimpleDateFormat::format(int64_t epoch_ms) const {
    std::string out(max_length_, '\0');
    out.resize(format(epoch_ms, out.data()));
    return out;
}

namespace {

bool match_ci(std::string_view text, size_t pos, std::string_view word) noexcept {
    if (text.size() - pos < word.size()) return false;
    for (size_t i = 0; i < word.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(text[pos + i])) !=
            std::tolower(static_cast<unsigned char>(word[i])))
            return false;
    return true;
}

// Longest full or abbreviated name matching at pos; returns its index.
int match_name(std::string_view text, size_t& pos, const char* const* names, int n) noexcept {
    int best = -1;
    size_t best_len = 0;
    for (int i = 0; i < n; ++i) {
        std::string_view full(names[i]);
        for (std::string_view w : {full, full.substr(0, 3)})
            if (w.size() > best_len && match_ci(text, pos, w)) {
                best = i;
                best_len = w.size();
            }
    }
    pos += best_len;
    return best;
}

bool parse_int(std::string_view text, size_t& pos, int max_digits, bool allow_sign, int64_t& out,
               size_t& digits) noexcept {
    size_t start = pos;
    bool negative = false;
    if (allow_sign && pos < text.size() && (text[pos] == '-' || text[pos] == '+')) {
        negative = text[pos] == '-';
        ++pos;
    }
    int64_t v = 0;
    digits = 0;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])) &&
           (max_digits <= 0 || static_cast<int>(digits) < max_digits) && digits < 18) {
        v = v * 10 + (text[pos] - '0');
        ++pos;
        ++digits;
    }
    if (digits == 0) {
        pos = start;
        return false;
    }
    out = negative ? -v : v;
    return true;
}

// "Z", "UTC", "GMT", optionally followed by (or just) +hh[:]mm / +hh.
bool parse_zone(std::string_view text, size_t& pos, int64_t& offset_ms) noexcept {
    offset_ms = 0;
    if (pos < text.size() && text[pos] == 'Z') {
        ++pos;
        return true;
    }
    bool named = false;
    for (std::string_view n : {"UTC", "GMT"})
        if (match_ci(text, pos, n)) {
            pos += 3;
            named = true;
            break;
        }
    if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) return named;
    int sign = text[pos] == '-' ? -1 : 1;
    size_t p = pos + 1, digits;
    int64_t hh = 0, mm = 0;
    if (!parse_int(text, p, 2, false, hh, digits)) return named;
    if (p < text.size() && text[p] == ':') ++p;
    if (!parse_int(text, p, 2, false, mm, digits)) mm = 0;
    pos = p;
    offset_ms = sign * (hh * 3600000 + mm * 60000);
    return true;
}

}  // namespace

std::optional<int64_t> SimpleDateFormat::parse(std::string_view text) const {
    int64_t year = 1970, month = 1, day = 1, day_of_year = -1;
    int64_t hour = 0, minute = 0, second = 0, millis = 0, offset = 0;
    int64_t hour12 = -1;
    bool pm = false, bc = false, have_month_or_day = false;
    size_t pos = 0;
    for (size_t ti = 0; ti < tokens_.size(); ++ti) {
        const Token& t = tokens_[ti];
        if (t.letter == 0) {
            if (text.substr(pos, t.literal.size()) != t.literal) return std::nullopt;
            pos += t.literal.size();
            continue;
        }
        while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t'))
            ++pos;  // Java skips whitespace before a field
        bool abutting = ti + 1 < tokens_.size() && tokens_[ti + 1].letter != 0 &&
                        is_numeric_letter(tokens_[ti + 1].letter, tokens_[ti + 1].count);
        int width = abutting ? t.count : 0;
        int64_t v = 0;
        size_t digits = 0;
        switch (t.letter) {
            case 'G':
                if (match_ci(text, pos, "AD")) {
                    pos += 2;
                } else if (match_ci(text, pos, "BC")) {
                    pos += 2;
                    bc = true;
                } else {
                    return std::nullopt;
                }
                break;
            case 'M':
            case 'L':
                if (t.count >= 3) {
                    int m = match_name(text, pos, kMonths, 12);
                    if (m < 0) return std::nullopt;
                    month = m + 1;
                } else {
                    if (!parse_int(text, pos, width, false, v, digits)) return std::nullopt;
                    month = v;
                }
                have_month_or_day = true;
                break;
            case 'E':
                if (match_name(text, pos, kDays, 7) < 0) return std::nullopt;
                break;
            case 'a':
                if (match_ci(text, pos, "AM")) {
                    pos += 2;
                } else if (match_ci(text, pos, "PM")) {
                    pos += 2;
                    pm = true;
                } else {
                    return std::nullopt;
                }
                break;
            case 'z':
            case 'Z':
            case 'X':
                if (!parse_zone(text, pos, offset)) return std::nullopt;
                break;
            default: {
                size_t start = pos;
                bool sign = t.letter == 'y' || t.letter == 'Y';
                if (!parse_int(text, pos, width, sign, v, digits)) return std::nullopt;
                switch (t.letter) {
                    case 'y':
                    case 'Y':
                        year = v;
                        if (t.count <= 2 && digits == 2 && pos - start == 2) {
                            // Java's 80-years-before / 20-after window.
                            using namespace std::chrono;
                            auto now = year_month_day(floor<days>(system_clock::now()));
                            int64_t start_year = static_cast<int>(now.year()) - 80;
                            int64_t two = start_year % 100;
                            year = v + start_year / 100 * 100 + (v < two ? 100 : 0);
                        }
                        break;
                    case 'd':
                        day = v;
                        have_month_or_day = true;
                        break;
                    case 'D':
                        day_of_year = v;
                        break;
                    case 'H':
                        hour = v;
                        break;
                    case 'k':
                        hour = v == 24 ? 0 : v;
                        break;
                    case 'K':
                    case 'h':
                        hour12 = v % 12;
                        break;
                    case 'm':
                        minute = v;
                        break;
                    case 's':
                        second = v;
                        break;
                    case 'S':
                        millis = v;
                        break;
                    default:  // w W F u: parsed, not used to resolve the date
                        break;
                }
            }
        }
    }
    if (bc) year = 1 - year;
    if (hour12 >= 0) hour = hour12 + (pm ? 12 : 0);
    // Lenient resolution: out-of-range values roll over into the next unit.
    int64_t m0 = month - 1;
    int64_t y = year + floor_div(m0, 12);
    int64_t m = m0 - floor_div(m0, 12) * 12 + 1;
    int64_t days = (day_of_year >= 0 && !have_month_or_day)
                       ? days_from_civil(year, 1, 1) + day_of_year - 1
                       : days_from_civil(y, m, 1) + day - 1;
    return days * kMsPerDay + hour * 3600000 + minute * 60000 + second * 1000 + millis - offset;
}

}  // namespace kc_transforms
