// timestamp.granularity: what a TIMESTAMP column becomes in a source record,
// and the offset the Java connector derives back from that record value.
#pragma once

#include <kc/data.hpp>

#include "source/source_config.hpp"
#include "util/time.hpp"

namespace kcjdbc {

// Connect Timestamp, INT64 or STRING.
kc::SchemaBuilder granularity_schema(TimestampGranularity g);
kc_value granularity_value(TimestampGranularity g, const Instant& t, const TimeZone& zone,
                           kc::Arena& arena);
// The reference reads its timestamp offsets back out of the record value, so
// whatever that value drops (sub-micro digits; the offset of an ambiguous
// wall clock) is dropped from the offset too. Offsets keep their JSON form
// ({"timestamp": ms, "timestamp_nanos": n}) under every granularity.
Instant granularity_offset(TimestampGranularity g, const Instant& t, const TimeZone& zone);

}  // namespace kcjdbc
