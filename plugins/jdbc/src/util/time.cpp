#include "util/time.hpp"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <stdexcept>

namespace kcjdbc {

Instant Instant::from_millis(int64_t ms) {
    int64_t s = floor_div(ms, 1000);
    return Instant{s, static_cast<int32_t>((ms - s * 1000) * 1'000'000)};
}

Instant Instant::from_micros(int64_t us) {
    int64_t s = floor_div(us, 1'000'000);
    return Instant{s, static_cast<int32_t>((us - s * 1'000'000) * 1000)};
}

namespace {

uint32_t be32(const unsigned char* p) {
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}
int64_t be64(const unsigned char* p) {
    return static_cast<int64_t>((uint64_t(be32(p)) << 32) | be32(p + 4));
}

bool valid_zone_name(std::string_view n) {
    if (n.empty() || n.front() == '/' || n.find("..") != std::string_view::npos) return false;
    return std::all_of(n.begin(), n.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' ||
               c == '+';
    });
}

}  // namespace

std::shared_ptr<const TimeZone> TimeZone::utc() {
    static const auto z = [] {
        auto t = std::make_shared<TimeZone>();
        t->name_ = "UTC";
        t->offsets_ = {0};
        return std::shared_ptr<const TimeZone>(t);
    }();
    return z;
}

std::shared_ptr<const TimeZone> TimeZone::load(std::string_view name) {
    if (name == "UTC" || name == "Z" || name == "GMT" || name == "Etc/UTC") return utc();
    static std::mutex mu;
    static std::map<std::string, std::shared_ptr<const TimeZone>, std::less<>> cache;
    std::lock_guard lock(mu);
    if (auto it = cache.find(name); it != cache.end()) return it->second;
    if (!valid_zone_name(name))
        throw std::runtime_error("Invalid time zone '" + std::string(name) + "'");
    std::ifstream in("/usr/share/zoneinfo/" + std::string(name), std::ios::binary);
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto bad = [&] {
        return std::runtime_error("Unknown time zone '" + std::string(name) +
                                  "' (not in /usr/share/zoneinfo)");
    };
    const auto* p = reinterpret_cast<const unsigned char*>(data.data());
    size_t size = data.size();
    if (size < 44 || data.compare(0, 4, "TZif") != 0) throw bad();
    // Header counts: isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt.
    auto counts = [&](size_t at, uint32_t c[6]) {
        if (at + 44 > size) throw bad();
        for (int i = 0; i < 6; ++i)
            c[i] = be32(p + at + 20 + 4 * i);
    };
    uint32_t c[6];
    counts(0, c);
    size_t at = 44;
    int time_size = 4;
    if (data[4] >= '2') {
        // Skip the 32-bit block; the 64-bit one follows with its own header.
        at += size_t(c[3]) * 5 + size_t(c[4]) * 6 + c[5] + size_t(c[2]) * 8 + c[1] + c[0];
        counts(at, c);
        at += 44;
        time_size = 8;
    }
    const size_t need = size_t(c[3]) * (time_size + 1) + size_t(c[4]) * 6;
    if (at + need > size || c[4] == 0) throw bad();
    auto z = std::make_shared<TimeZone>();
    z->name_ = std::string(name);
    for (uint32_t i = 0; i < c[3]; ++i)
        z->transitions_.push_back(time_size == 8 ? be64(p + at + 8 * i)
                                                 : static_cast<int32_t>(be32(p + at + 4 * i)));
    at += size_t(c[3]) * time_size;
    for (uint32_t i = 0; i < c[3]; ++i) {
        uint8_t t = p[at + i];
        if (t >= c[4]) throw bad();
        z->transition_type_.push_back(t);
    }
    at += c[3];
    for (uint32_t i = 0; i < c[4]; ++i)
        z->offsets_.push_back(static_cast<int32_t>(be32(p + at + 6 * i)));
    z->initial_offset_ = z->offsets_[0];
    cache.emplace(std::string(name), z);
    return z;
}

int32_t TimeZone::offset_at_utc(int64_t utc_seconds) const {
    if (transitions_.empty()) return offsets_.empty() ? 0 : offsets_.back();
    auto it = std::upper_bound(transitions_.begin(), transitions_.end(), utc_seconds);
    if (it == transitions_.begin()) return initial_offset_;
    return offsets_[transition_type_[static_cast<size_t>(it - transitions_.begin()) - 1]];
}

int64_t TimeZone::local_to_utc(int64_t local) const {
    if (is_utc()) return local;
    // Try the offsets in effect around the wall time; prefer the earlier instant.
    int32_t before = offset_at_utc(local - 86400 * 2);
    int32_t after = offset_at_utc(local + 86400 * 2);
    int64_t best = INT64_MAX;
    for (int32_t off : {before, after, offset_at_utc(local)}) {
        int64_t utc = local - off;
        if (offset_at_utc(utc) == off) best = std::min(best, utc);
    }
    if (best != INT64_MAX) return best;
    // In a gap: shift forward by the gap length (use the offset before it).
    return local - before;
}

namespace {

bool digits(std::string_view s, size_t at, size_t n, int64_t& out) {
    if (at + n > s.size()) return false;
    out = 0;
    for (size_t i = at; i < at + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

}  // namespace

std::optional<int64_t> parse_date(std::string_view s) {
    int64_t y, m, d;
    if (!digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, m) || s[7] != '-' ||
        !digits(s, 8, 2, d) || m < 1 || m > 12 || d < 1 || d > 31)
        return std::nullopt;
    return days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

std::optional<Instant> parse_local_datetime(std::string_view s) {
    auto days = parse_date(s);
    if (!days) return std::nullopt;
    int64_t secs = *days * 86400;
    if (s.size() == 10) return Instant{secs, 0};
    int64_t hh, mm, ss = 0;
    if ((s[10] != ' ' && s[10] != 'T') || !digits(s, 11, 2, hh) || s.size() < 16 || s[13] != ':' ||
        !digits(s, 14, 2, mm))
        return std::nullopt;
    size_t at = 16;
    if (at < s.size() && s[at] == ':') {
        if (!digits(s, 17, 2, ss)) return std::nullopt;
        at = 19;
    }
    int64_t nanos = 0;
    if (at < s.size() && s[at] == '.') {
        int n = 0;
        ++at;
        while (at < s.size() && s[at] >= '0' && s[at] <= '9') {
            if (n < 9) {
                nanos = nanos * 10 + (s[at] - '0');
                ++n;
            }
            ++at;
        }
        for (; n < 9; ++n)
            nanos *= 10;
    }
    if (at != s.size()) return std::nullopt;
    return Instant{secs + hh * 3600 + mm * 60 + ss, static_cast<int32_t>(nanos)};
}

std::string format_date(int64_t days) {
    auto c = kc::logical::civil_from_days(days);
    char buf[32];
    int n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(c.year),
                          static_cast<unsigned>(c.month), static_cast<unsigned>(c.day));
    return std::string(buf, static_cast<size_t>(n));
}

int64_t day_in_zone(int64_t day, const TimeZone& zone) {
    const int64_t utc = day * 86400;
    return floor_div(utc + zone.offset_at_utc(utc), 86400);
}

std::string format_time_of_day(int64_t micros) {
    int64_t s = micros / 1'000'000;
    char buf[32];
    int n =
        std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld.%06lld",
                      static_cast<long long>(s / 3600), static_cast<long long>(s / 60 % 60),
                      static_cast<long long>(s % 60), static_cast<long long>(micros % 1'000'000));
    return std::string(buf, static_cast<size_t>(n));
}

std::string format_timestamp(const Instant& t, const TimeZone& zone, int fraction_digits,
                             bool with_offset) {
    int32_t off = zone.offset_at_utc(t.seconds);
    int64_t local = t.seconds + off;
    int64_t days = floor_div(local, 86400);
    int64_t sod = local - days * 86400;
    std::string out = format_date(days);
    char buf[64];
    int n =
        std::snprintf(buf, sizeof buf, " %02lld:%02lld:%02lld", static_cast<long long>(sod / 3600),
                      static_cast<long long>(sod / 60 % 60), static_cast<long long>(sod % 60));
    out.append(buf, static_cast<size_t>(n));
    if (fraction_digits > 0) {
        n = std::snprintf(buf, sizeof buf, ".%09d", t.nanos);
        out.append(buf, static_cast<size_t>(1 + std::min(fraction_digits, 9)));
    }
    if (with_offset) {
        int32_t a = off < 0 ? -off : off;
        n = std::snprintf(buf, sizeof buf, "%c%02d:%02d", off < 0 ? '-' : '+', a / 3600,
                          a / 60 % 60);
        out.append(buf, static_cast<size_t>(n));
    }
    return out;
}

}  // namespace kcjdbc
