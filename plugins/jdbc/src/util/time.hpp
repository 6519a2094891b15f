// Calendar arithmetic, time zones and the text forms databases use for
// temporal values. Kept free of the C library's TZ state so that several tasks
// with different db.timezone settings can run in one process.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <kc/logical.hpp>

namespace kcjdbc {

// A point in time with the full precision databases keep (Java's Timestamp).
struct Instant {
    int64_t seconds = 0;  // since 1970-01-01T00:00:00Z
    int32_t nanos = 0;    // 0..999'999'999

    int64_t epoch_millis() const { return seconds * 1000 + nanos / 1'000'000; }
    static Instant from_millis(int64_t ms);
    static Instant from_micros(int64_t us);
    auto operator<=>(const Instant&) const = default;
};

using kc::logical::days_from_civil;
using kc::logical::floor_div;

// A named zone read from the system's compiled tz database (TZif files).
class TimeZone {
  public:
    // Throws std::runtime_error naming the zone when it is unknown.
    static std::shared_ptr<const TimeZone> load(std::string_view name);
    static std::shared_ptr<const TimeZone> utc();

    const std::string& name() const { return name_; }
    bool is_utc() const { return transitions_.empty() && offsets_.size() == 1 && offsets_[0] == 0; }
    // Seconds east of UTC in effect at a UTC instant.
    int32_t offset_at_utc(int64_t utc_seconds) const;
    // The UTC instant of a wall-clock time in this zone (the earlier one in an
    // overlap, shifted forward over a gap, as java.time does).
    int64_t local_to_utc(int64_t local_seconds) const;

  private:
    std::string name_;
    std::vector<int64_t> transitions_;      // UTC seconds, ascending
    std::vector<uint8_t> transition_type_;  // index into offsets_
    std::vector<int32_t> offsets_;
    int32_t initial_offset_ = 0;
};

// "YYYY-MM-DD HH:MM:SS[.f{1,9}]" (also with 'T') as wall-clock seconds + nanos.
std::optional<Instant> parse_local_datetime(std::string_view text);
// "YYYY-MM-DD" as days since the epoch.
std::optional<int64_t> parse_date(std::string_view text);
// Wall-clock text "YYYY-MM-DD HH:MM:SS.ffffff" of an instant in a zone, with the
// zone's offset appended ("+01:00") when with_offset.
std::string format_timestamp(const Instant& t, const TimeZone& zone, int fraction_digits,
                             bool with_offset);
std::string format_date(int64_t days);
// The calendar day in `zone` at the UTC midnight that starts epoch day `day`
// (how JDBC's setDate with a calendar reads a Connect Date: a day earlier
// west of UTC).
int64_t day_in_zone(int64_t day, const TimeZone& zone);
std::string format_time_of_day(int64_t micros_of_day);

}  // namespace kcjdbc
