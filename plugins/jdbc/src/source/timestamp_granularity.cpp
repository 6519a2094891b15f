#include "source/timestamp_granularity.hpp"

#include <kc/logical.hpp>

#include "util/epoch_units.hpp"

namespace kcjdbc {

namespace {

using TG = TimestampGranularity;

bool micros(TG g) {
    return g == TG::MicrosLong || g == TG::MicrosString || g == TG::MicrosIsoDatetimeString;
}

// yyyy-MM-dd'T'HH:mm:ss.SSSSSS (or 9 digits): wall clock in db.timezone.
std::string iso_text(const Instant& t, const TimeZone& zone, int fraction_digits) {
    std::string s = format_timestamp(t, zone, fraction_digits, false);
    s[s.find(' ')] = 'T';
    return s;
}

}  // namespace

kc::SchemaBuilder granularity_schema(TG g) {
    switch (g) {
        case TG::ConnectLogical:
            return kc::logical::timestamp_builder();
        case TG::MicrosLong:
        case TG::NanosLong:
            return kc::SchemaBuilder::int64();
        default:
            return kc::SchemaBuilder::string();
    }
}

kc_value granularity_value(TG g, const Instant& t, const TimeZone& zone, kc::Arena& arena) {
    const EpochUnit unit = micros(g) ? EpochUnit::Micros : EpochUnit::Nanos;
    switch (g) {
        case TG::ConnectLogical:
            return kc::make_int64(t.epoch_millis());
        case TG::MicrosLong:
        case TG::NanosLong:
            return kc::make_int64(epoch_units(t, unit));
        case TG::MicrosString:
        case TG::NanosString:
            return kc::make_string(arena, epoch_units_text(t, unit));
        case TG::MicrosIsoDatetimeString:
            return kc::make_string(arena, iso_text(t, zone, 6));
        case TG::NanosIsoDatetimeString:
            return kc::make_string(arena, iso_text(t, zone, 9));
    }
    return kc::make_null();
}

Instant granularity_offset(TG g, const Instant& t, const TimeZone& zone) {
    Instant out = t;
    if (micros(g)) out.nanos -= out.nanos % 1000;
    if (g == TG::MicrosIsoDatetimeString || g == TG::NanosIsoDatetimeString)
        out.seconds = zone.local_to_utc(t.seconds + zone.offset_at_utc(t.seconds));
    return out;
}

}  // namespace kcjdbc
