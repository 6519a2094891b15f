// Config keys both connectors share (connection, dialect, quoting, zone).
#pragma once

#include <kc/config.hpp>

#include <memory>
#include <string>
#include <vector>

#include "db/dialect.hpp"

namespace kcjdbc {

struct ConnectionConfig {
    std::string url;
    std::string user;
    std::string password;
    int attempts = 3;
    int64_t backoff_ms = 10000;
    std::string dialect_name;
    QuoteMode quote = QuoteMode::Always;
    std::shared_ptr<const TimeZone> zone;

    std::unique_ptr<Dialect> make_dialect() const;
};

// Java's EnumRecommender/EnumValidator: a value is accepted when it equals one
// of `values` (given in lower case) in all-lower or all-upper case.
kc::ValidatorPtr enum_validator(std::vector<std::string> values);

// Adds connection.*, dialect.name, quote.sql.identifiers, db.timezone.
void define_common(kc::ConfigDef& def, bool url_required);
ConnectionConfig read_common(const kc::Config& c);

}  // namespace kcjdbc
