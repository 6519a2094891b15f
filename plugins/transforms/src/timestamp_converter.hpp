// TimestampConverter$Key / $Value: converts a timestamp field (or the whole
// key/value) between string (SimpleDateFormat), unix epoch (with a precision),
// and Connect's Date, Time and Timestamp logical types.
#pragma once

#include <kc/transformation.hpp>

#include <optional>
#include <string>

#include "schema_cache.hpp"
#include "sided.hpp"
#include "simple_date_format.hpp"

namespace kc_transforms {

class TimestampConverterImpl : public kc::Transformation {
  public:
    explicit TimestampConverterImpl(Side side) : side_(side) {}
    static kc::ConfigDef configDef();
    void configure(const kc::ConfigMap& configs) override;
    const kc_record* apply(kc::RecordView record, kc::Arena& arena) override;

    enum class Kind { String, Unix, Date, Time, Timestamp };

  private:
    struct Target {
        int field = -1;  // index of the converted field in the input struct
    };
    const kc_schema* target_schema(bool optional) const;
    // Converts v (of format `from`, or inferred from its tag when nullopt).
    kc_value convert(const kc_value& v, std::optional<Kind> from, kc::Arena& arena) const;
    int64_t to_raw(const kc_value& v, Kind from) const;
    kc_value to_type(int64_t ms, kc::Arena& arena) const;
    kc_value schemaless(const kc_value& v) const;
    kc_value convert_struct(const kc_value& st, const kc_schema* updated, int field,
                            kc::Arena& arena) const;

    Side side_;
    std::string field_;
    Kind type_ = Kind::Timestamp;
    std::optional<SimpleDateFormat> format_;
    enum class Precision { Seconds, Millis, Micros, Nanos } precision_ = Precision::Millis;
    bool replace_null_with_default_ = true;
    SchemaCache<Target> cache_;
};

KC_TRANSFORMS_SIDED(TimestampConverter, TimestampConverterImpl,
                    "Convert timestamps between different formats such as Unix epoch, strings, and "
                    "Connect Date/Timestamp types.Applies to individual fields or to the entire "
                    "value.");

}  // namespace kc_transforms
