// Instants as counts of micro- or nanoseconds since the epoch, as numbers or
// decimal text: the forms of timestamp.granularity (source records) and
// timestamp.fields.list (sink fields).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "util/time.hpp"

namespace kcjdbc {

enum class EpochUnit { Micros, Nanos };

// Exact decimal text; digits finer than the unit are truncated. Text never
// overflows (Java's nanos_string uses BigInteger for the same reason).
std::string epoch_units_text(const Instant& t, EpochUnit u);
// As a number; wraps like Java's long arithmetic outside its range (nanos
// after 2262).
int64_t epoch_units(const Instant& t, EpochUnit u);
Instant from_epoch_units(int64_t count, EpochUnit u);
// "[+-]digits" as an instant; nullopt when the text is not such a number or
// its seconds do not fit 64 bits.
std::optional<Instant> parse_epoch_units(std::string_view text, EpochUnit u);

}  // namespace kcjdbc
