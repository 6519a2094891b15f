// Result columns -> a Connect struct schema, and each row -> a struct value
// built in the poll's arena, with the Connect type Confluent's connector
// gives each SQL type.
#pragma once

#include <kc/data.hpp>

#include <optional>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "source/source_config.hpp"

namespace kcjdbc {

class RowMapper {
  public:
    // Unsupported columns are left out; `dropped` lists them for a warning.
    RowMapper(const std::vector<ColumnInfo>& columns, NumericMapping mapping,
              std::optional<std::string> struct_name, std::shared_ptr<const TimeZone> zone,
              TimestampGranularity granularity = TimestampGranularity::ConnectLogical);

    const kc::Schema& schema() const { return schema_; }
    const std::vector<std::string>& dropped() const { return dropped_; }
    // The current row of `cur` as a struct value in the arena.
    kc_value read(const Cursor& cur, kc::Arena& arena) const;

  private:
    enum class Reader {
        Bool,
        Int8,
        Int16,
        Int32,
        Int64,
        Float32,
        Float64,
        Decimal,
        String,
        Bytes,
        Bits,
        Date,
        Time,
        Timestamp
    };
    struct Field {
        int column;
        Reader reader;
        int scale;
        std::string name;
    };
    std::vector<Field> fields_;
    std::vector<std::string> dropped_;
    kc::Schema schema_;
    std::shared_ptr<const TimeZone> zone_;
    TimestampGranularity granularity_;
};

}  // namespace kcjdbc
