#include "common/common_config.hpp"

#include <algorithm>
#include <cctype>

namespace kcjdbc {

using kc::ConfigType;
using kc::Importance;

kc::ValidatorPtr enum_validator(std::vector<std::string> values) {
    std::string listed = "[" + kc::join(values, ", ") + "]";
    return kc::LambdaValidator::with(
        [values, listed](const std::string& name, const kc::ParsedValue& value) {
            const auto* s = std::get_if<std::string>(&value);
            std::string lower = s ? *s : "";
            for (auto& c : lower)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            std::string upper = lower;
            for (auto& c : upper)
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            const bool known = std::find(values.begin(), values.end(), lower) != values.end();
            if (!s || !known || (*s != lower && *s != upper))
                throw kc::ConfigException(name, kc::to_display_string(value),
                                          "Invalid enumerator; valid values are " + listed);
        },
        listed);
}

void define_common(kc::ConfigDef& def, bool url_required) {
    // PASSWORD-typed: MySQL and PostgreSQL URLs may carry the password
    // (?password=...), so the URL is kept out of logs and REST answers.
    if (url_required)
        def.define("connection.url", ConfigType::Password, kc::NO_DEFAULT, Importance::High,
                   "JDBC connection URL, e.g. jdbc:postgresql://host:5432/db or "
                   "jdbc:sqlite:/path/to.db");
    else
        def.define("connection.url", ConfigType::Password, "", Importance::High,
                   "JDBC connection URL, e.g. jdbc:postgresql://host:5432/db or "
                   "jdbc:sqlite:/path/to.db");
    def.define("connection.user", ConfigType::String, nullptr, Importance::High,
               "JDBC connection user.");
    def.define("connection.password", ConfigType::Password, nullptr, Importance::High,
               "JDBC connection password.");
    def.define("connection.attempts", ConfigType::Int, 3, kc::Range::atLeast(1), Importance::Low,
               "Maximum number of attempts to retrieve a valid JDBC connection.");
    def.define("connection.backoff.ms", ConfigType::Long, 10000, Importance::Low,
               "Backoff time in milliseconds between connection attempts.");
    def.define("dialect.name", ConfigType::String, "",
               kc::ValidString::in({"", "SqliteDatabaseDialect", "PostgreSqlDatabaseDialect",
                                    "MySqlDatabaseDialect"}),
               Importance::Low,
               "The dialect to use; empty picks it from the connection.url subprotocol.");
    def.define("quote.sql.identifiers", ConfigType::String, "always",
               kc::CaseInsensitiveValidString::in({"always", "never"}), Importance::Medium,
               "When to quote table names, column names, and other identifiers in SQL.");
    def.define("db.timezone", ConfigType::String, "UTC", Importance::Medium,
               "Name of the time zone used for TIMESTAMP without time zone and TIME values.");
}

ConnectionConfig read_common(const kc::Config& c) {
    ConnectionConfig out;
    out.url = c.getPassword("connection.url").value();
    if (!c.isNull("connection.user")) out.user = c.getString("connection.user");
    if (!c.isNull("connection.password"))
        out.password = c.getPassword("connection.password").value();
    out.attempts = c.getInt("connection.attempts");
    out.backoff_ms = c.getLong("connection.backoff.ms");
    out.dialect_name = c.getString("dialect.name");
    std::string q = c.getString("quote.sql.identifiers");
    out.quote =
        (q == "never" || q == "NEVER" || q == "Never") ? QuoteMode::Never : QuoteMode::Always;
    try {
        out.zone = TimeZone::load(c.getString("db.timezone"));
    } catch (const std::exception& e) {
        throw kc::ConfigException("db.timezone", c.getString("db.timezone"), e.what());
    }
    return out;
}

std::unique_ptr<Dialect> ConnectionConfig::make_dialect() const {
    return kcjdbc::make_dialect(url, dialect_name, quote);
}

}  // namespace kcjdbc
