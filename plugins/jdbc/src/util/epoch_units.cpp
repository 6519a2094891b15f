#include "util/epoch_units.hpp"

#include <algorithm>
#include <charconv>

namespace kcjdbc {

namespace {

int digits(EpochUnit u) {
    return u == EpochUnit::Micros ? 6 : 9;
}
int64_t per_second(EpochUnit u) {
    return u == EpochUnit::Micros ? 1'000'000 : 1'000'000'000;
}

__int128 count(const Instant& t, EpochUnit u) {
    return static_cast<__int128>(t.seconds) * per_second(u) +
           t.nanos / (1'000'000'000 / per_second(u));
}

}  // namespace

std::string epoch_units_text(const Instant& t, EpochUnit u) {
    const __int128 v = count(t, u);
    unsigned __int128 m = v < 0 ? -static_cast<unsigned __int128>(v) : v;
    std::string out;
    do {
        out.push_back(static_cast<char>('0' + static_cast<int>(m % 10)));
        m /= 10;
    } while (m);
    if (v < 0) out.push_back('-');
    std::reverse(out.begin(), out.end());
    return out;
}

int64_t epoch_units(const Instant& t, EpochUnit u) {
    return static_cast<int64_t>(count(t, u));
}

Instant from_epoch_units(int64_t n, EpochUnit u) {
    const int64_t scale = per_second(u);
    const int64_t s = floor_div(n, scale);
    return Instant{s, static_cast<int32_t>((n - s * scale) * (1'000'000'000 / scale))};
}

std::optional<Instant> parse_epoch_units(std::string_view text, EpochUnit u) {
    bool neg = false;
    if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
        neg = text[0] == '-';
        text.remove_prefix(1);
    }
    if (text.empty() ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    // Split whole seconds from the fraction, so counts beyond 64 bits still parse.
    const size_t d = static_cast<size_t>(digits(u));
    const std::string_view whole = text.size() > d ? text.substr(0, text.size() - d) : "0";
    const std::string_view frac = text.substr(text.size() > d ? text.size() - d : 0);
    int64_t secs = 0, f = 0;
    if (std::from_chars(whole.data(), whole.data() + whole.size(), secs).ec != std::errc{})
        return std::nullopt;
    std::from_chars(frac.data(), frac.data() + frac.size(), f);
    int64_t nanos = f * (1'000'000'000 / per_second(u));
    if (!neg) return Instant{secs, static_cast<int32_t>(nanos)};
    if (nanos == 0) return Instant{-secs, 0};
    return Instant{-secs - 1, static_cast<int32_t>(1'000'000'000 - nanos)};
}

}  // namespace kcjdbc
