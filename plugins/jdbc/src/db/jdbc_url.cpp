#include "db/jdbc_url.hpp"

#include <strings.h>
#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <vector>

#include "util/time.hpp"

namespace kcjdbc {

namespace {

std::string percent_decode(std::string_view s) {
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
            i += 2;
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

std::string conninfo_quote(std::string_view v) {
    std::string out = "'";
    for (char c : v) {
        if (c == '\'' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    out.push_back('\'');
    return out;
}

}  // namespace

JdbcUrl parse_jdbc_url(std::string_view url) {
    if (url.substr(0, 5) != "jdbc:")
        throw std::invalid_argument("Not a JDBC URL (expected jdbc:<subprotocol>:...): '" +
                                    std::string(url) + "'");
    auto rest = url.substr(5);
    auto colon = rest.find(':');
    if (colon == std::string_view::npos || colon == 0)
        throw std::invalid_argument("Not a JDBC URL (no subprotocol): '" + std::string(url) + "'");
    return JdbcUrl{std::string(rest.substr(0, colon)), std::string(rest.substr(colon + 1))};
}

std::string pg_conninfo(const JdbcUrl& url, const std::string& user, const std::string& password) {
    std::string_view r = url.rest;
    if (r.substr(0, 2) != "//")
        throw std::invalid_argument(
            "PostgreSQL JDBC URL must look like "
            "jdbc:postgresql://host[:port]/database, got 'jdbc:" +
            url.subprotocol + ":" + url.rest + "'");
    r.remove_prefix(2);
    std::string_view query;
    if (auto q = r.find('?'); q != std::string_view::npos) {
        query = r.substr(q + 1);
        r = r.substr(0, q);
    }
    std::string_view hosts = r, db;
    if (auto slash = r.find('/'); slash != std::string_view::npos) {
        hosts = r.substr(0, slash);
        db = r.substr(slash + 1);
    }
    std::vector<std::pair<std::string, std::string>> kv;
    std::string host_list, port_list;
    size_t start = 0;
    while (start <= hosts.size() && !hosts.empty()) {
        size_t comma = hosts.find(',', start);
        std::string_view h =
            hosts.substr(start, comma == std::string_view::npos ? hosts.npos : comma - start);
        std::string_view port = "5432";
        if (!h.empty() && h.front() == '[') {  // [ipv6]:port
            auto close = h.find(']');
            if (close != std::string_view::npos) {
                if (close + 1 < h.size() && h[close + 1] == ':') port = h.substr(close + 2);
                h = h.substr(1, close - 1);
            }
        } else if (auto c = h.rfind(':'); c != std::string_view::npos) {
            port = h.substr(c + 1);
            h = h.substr(0, c);
        }
        if (!host_list.empty()) {
            host_list += ',';
            port_list += ',';
        }
        host_list += h.empty() ? "localhost" : std::string(h);
        port_list += std::string(port);
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    if (!host_list.empty()) {
        kv.emplace_back("host", host_list);
        kv.emplace_back("port", port_list);
    }
    if (!db.empty()) kv.emplace_back("dbname", percent_decode(db));
    std::string url_user, url_password, search_path;
    while (!query.empty()) {
        auto amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        auto eq = pair.find('=');
        std::string key(pair.substr(0, eq));
        std::string value = eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1));
        // JDBC driver property -> libpq keyword; JDBC-only properties are ignored.
        if (key == "user")
            url_user = value;
        else if (key == "password")
            url_password = value;
        else if (key == "sslmode" || key == "sslcert" || key == "sslkey" || key == "sslrootcert" ||
                 key == "options" || key == "target_session_attrs")
            kv.emplace_back(key, value);
        else if (key == "ssl" && value == "true")
            kv.emplace_back("sslmode", "require");
        else if (key == "connectTimeout")
            kv.emplace_back("connect_timeout", value);
        else if (key == "ApplicationName")
            kv.emplace_back("application_name", value);
        else if (key == "currentSchema")
            search_path = value;
        else if (key == "targetServerType")
            kv.emplace_back("target_session_attrs",
                            value == "primary" || value == "master" ? "read-write" : "any");
    }
    if (!user.empty()) url_user = user;
    if (!password.empty()) url_password = password;
    if (!url_user.empty()) kv.emplace_back("user", url_user);
    if (!url_password.empty()) kv.emplace_back("password", url_password);
    if (!search_path.empty()) kv.emplace_back("options", "-c search_path=" + search_path);
    std::string out;
    for (const auto& [k, v] : kv) {
        if (!out.empty()) out += ' ';
        out += k + "=" + conninfo_quote(v);
    }
    return out;
}

namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

bool url_flag(const std::string& key, const std::string& value) {
    if (iequals(value, "true") || value == "1" || iequals(value, "yes")) return true;
    if (iequals(value, "false") || value == "0" || iequals(value, "no")) return false;
    throw std::invalid_argument("connection.url parameter " + key + "=" + value +
                                " is not a boolean (true or false)");
}

unsigned url_millis_as_seconds(const std::string& key, const std::string& value) {
    unsigned ms = 0;
    auto r = std::from_chars(value.data(), value.data() + value.size(), ms);
    if (r.ec != std::errc() || r.ptr != value.data() + value.size())
        throw std::invalid_argument("connection.url parameter " + key + "=" + value +
                                    " is not a number of milliseconds");
    return (ms + 999) / 1000;
}

MysqlTls mysql_ssl_mode(const std::string& value) {
    // Connector/J's names, then MariaDB Connector/J's.
    if (iequals(value, "DISABLED") || iequals(value, "disable")) return MysqlTls::Disabled;
    if (iequals(value, "PREFERRED")) return MysqlTls::Preferred;
    if (iequals(value, "REQUIRED") || iequals(value, "trust")) return MysqlTls::Required;
    // Connector/C checks the CA and the host name together: VERIFY_CA is as strict as
    // VERIFY_IDENTITY here.
    if (iequals(value, "VERIFY_CA") || iequals(value, "VERIFY_IDENTITY") ||
        iequals(value, "verify-ca") || iequals(value, "verify-full"))
        return MysqlTls::VerifyServer;
    throw std::invalid_argument(
        "connection.url parameter sslMode=" + value +
        " is not one of DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY");
}

// Driver properties that change nothing for a C client (statement caching,
// batching rewrites, fetch sizes: results are always streamed) or that name
// what this connector does anyway.
bool mysql_ignored_param(std::string_view key) {
    static constexpr std::string_view ignored[] = {"allowPublicKeyRetrieval",
                                                   "autoReconnect",
                                                   "cachePrepStmts",
                                                   "cacheResultSetMetadata",
                                                   "cacheServerConfiguration",
                                                   "defaultFetchSize",
                                                   "elideSetAutoCommits",
                                                   "forceConnectionTimeZoneToSession",
                                                   "maintainTimeStats",
                                                   "nullCatalogMeansCurrent",
                                                   "permitMysqlScheme",
                                                   "prepStmtCacheSize",
                                                   "prepStmtCacheSqlLimit",
                                                   "rewriteBatchedStatements",
                                                   "tcpKeepAlive",
                                                   "useCursorFetch",
                                                   "useInformationSchema",
                                                   "useLegacyDatetimeCode",
                                                   "useLocalSessionState",
                                                   "useServerPrepStmts",
                                                   "useTimezone",
                                                   "useJDBCCompliantTimezoneShift",
                                                   "useUnicode"};
    return std::find(std::begin(ignored), std::end(ignored), key) != std::end(ignored);
}

}  // namespace

MysqlOptions mysql_options(const JdbcUrl& url, const std::string& user,
                           const std::string& password) {
    std::string_view r = url.rest;
    if (r.substr(0, 2) != "//")
        throw std::invalid_argument("MySQL JDBC URL must look like jdbc:" + url.subprotocol +
                                    "://host[:port]/database, got 'jdbc:" + url.subprotocol + ":" +
                                    redact_jdbc_url(url.rest) + "'");
    r.remove_prefix(2);
    std::string_view query;
    if (auto q = r.find('?'); q != std::string_view::npos) {
        query = r.substr(q + 1);
        r = r.substr(0, q);
    }
    std::string_view hosts = r;
    MysqlOptions o;
    if (auto slash = r.find('/'); slash != std::string_view::npos) {
        hosts = r.substr(0, slash);
        o.database = percent_decode(r.substr(slash + 1));
    }
    if (auto at = hosts.rfind('@'); at != std::string_view::npos) {  // user[:password]@hosts
        std::string_view info = hosts.substr(0, at);
        hosts = hosts.substr(at + 1);
        auto colon = info.find(':');
        o.user = percent_decode(info.substr(0, colon));
        if (colon != std::string_view::npos) o.password = percent_decode(info.substr(colon + 1));
    }
    if (hosts.find('(') != std::string_view::npos)
        throw std::invalid_argument(
            "connection.url: host specifications in address=(...) form are not supported; "
            "list hosts as host:port,host:port");
    while (true) {
        auto comma = hosts.find(',');
        std::string_view h = hosts.substr(0, comma);
        unsigned port = 3306;
        std::string_view port_text;
        if (!h.empty() && h.front() == '[') {  // [ipv6]:port
            auto close = h.find(']');
            if (close != std::string_view::npos) {
                if (close + 1 < h.size() && h[close + 1] == ':') port_text = h.substr(close + 2);
                h = h.substr(1, close - 1);
            }
        } else if (auto c = h.rfind(':'); c != std::string_view::npos) {
            port_text = h.substr(c + 1);
            h = h.substr(0, c);
        }
        if (!port_text.empty()) {
            auto pr = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
            if (pr.ec != std::errc() || pr.ptr != port_text.data() + port_text.size() ||
                port == 0 || port > 65535)
                throw std::invalid_argument("connection.url: '" + std::string(port_text) +
                                            "' is not a port number");
        }
        o.hosts.emplace_back(h.empty() ? "localhost" : std::string(h), port);
        if (comma == std::string_view::npos) break;
        hosts.remove_prefix(comma + 1);
    }
    std::optional<bool> use_ssl, require_ssl, verify_cert;
    std::optional<MysqlTls> ssl_mode;
    while (!query.empty()) {
        auto amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (pair.empty()) continue;
        auto eq = pair.find('=');
        std::string key(pair.substr(0, eq));
        std::string value = eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1));
        if (key == "user")
            o.user = value;
        else if (key == "password")
            o.password = value;
        else if (key == "sslMode" || key == "sslmode")
            ssl_mode = mysql_ssl_mode(value);
        else if (key == "useSSL" || key == "useSsl")
            use_ssl = url_flag(key, value);
        else if (key == "requireSSL")
            require_ssl = url_flag(key, value);
        else if (key == "verifyServerCertificate")
            verify_cert = url_flag(key, value);
        else if (key == "trustServerCertificate")
            verify_cert = !url_flag(key, value);
        else if (key == "serverSslCert" || key == "sslCa" || key == "sslca")
            o.tls_ca = value;
        else if (key == "sslCert" || key == "sslcert")
            o.tls_cert = value;
        else if (key == "sslKey" || key == "sslkey")
            o.tls_key = value;
        else if (key.find("KeyStore") != std::string::npos || key == "keyStore" ||
                 key == "trustStore")
            throw std::invalid_argument("connection.url parameter " + key +
                                        ": Java key stores cannot be read by this connector; "
                                        "give PEM files with serverSslCert, sslCert and sslKey");
        else if (key == "connectTimeout")
            o.connect_timeout_s = url_millis_as_seconds(key, value);
        else if (key == "socketTimeout")
            o.read_timeout_s = url_millis_as_seconds(key, value);
        else if (key == "tinyInt1isBit")
            o.tiny_int1_is_bit = url_flag(key, value);
        else if (key == "zeroDateTimeBehavior") {
            if (iequals(value, "CONVERT_TO_NULL") || iequals(value, "convertToNull"))
                o.zero_date_to_null = true;
            else if (!iequals(value, "EXCEPTION"))
                throw std::invalid_argument(
                    "connection.url parameter zeroDateTimeBehavior=" + value +
                    " is not supported (EXCEPTION or CONVERT_TO_NULL)");
        } else if (key == "serverTimezone" || key == "connectionTimeZone") {
            // The session runs in UTC and TIMESTAMP values are read as the instants
            // they are (Connector/J's preserveInstants); DATETIME values are wall
            // clocks read in db.timezone. A zone here therefore changes nothing, but
            // it must be one that exists.
            if (!iequals(value, "LOCAL") && !iequals(value, "SERVER")) {
                try {
                    TimeZone::load(value == "Z" ? "UTC" : value);
                } catch (const std::exception& e) {
                    throw std::invalid_argument("connection.url parameter " + key + "=" + value +
                                                ": " + e.what());
                }
            }
        } else if (key == "preserveInstants") {
            if (!url_flag(key, value))
                throw std::invalid_argument(
                    "connection.url parameter preserveInstants=false is not supported: "
                    "TIMESTAMP columns are always read as the instants they hold");
        } else if (key == "characterEncoding") {
            if (!iequals(value, "utf8") && !iequals(value, "utf-8") && !iequals(value, "utf8mb4"))
                throw std::invalid_argument("connection.url parameter characterEncoding=" + value +
                                            " is not supported: connections always use utf8mb4");
        } else if (!mysql_ignored_param(key))
            throw std::invalid_argument("connection.url parameter '" + key +
                                        "' is not supported by the MySQL dialect");
    }
    if (ssl_mode)
        o.tls = *ssl_mode;
    else if (use_ssl && !*use_ssl)
        o.tls = MysqlTls::Disabled;
    else if (verify_cert.value_or(false))
        o.tls = MysqlTls::VerifyServer;
    else if (require_ssl.value_or(false) || (use_ssl && verify_cert))
        o.tls = MysqlTls::Required;
    if (!user.empty()) o.user = user;
    if (!password.empty()) o.password = password;
    return o;
}

std::string redact_jdbc_url(std::string_view url) {
    std::string out(url);
    // user:password@host
    if (auto scheme = out.find("://"); scheme != std::string::npos) {
        size_t start = scheme + 3;
        size_t end = out.find_first_of("/?", start);
        size_t at = out.rfind('@', end == std::string::npos ? out.size() : end);
        if (at != std::string::npos && at > start) {
            size_t colon = out.find(':', start);
            if (colon != std::string::npos && colon < at)
                out.replace(colon + 1, at - colon - 1, "[hidden]");
        }
    }
    // password=... in the query (also password1..3 of multi-factor logins)
    for (size_t q = out.find_first_of("?&;"); q != std::string::npos;
         q = out.find_first_of("&;", q + 1)) {
        size_t key = q + 1;
        size_t eq = out.find('=', key);
        size_t end = out.find_first_of("&;", key);
        if (eq == std::string::npos || (end != std::string::npos && eq > end)) continue;
        std::string_view k(out.data() + key, eq - key);
        if (k.find("assword") != std::string_view::npos) {
            size_t vend = end == std::string::npos ? out.size() : end;
            out.replace(eq + 1, vend - eq - 1, "[hidden]");
        }
    }
    return out;
}

std::string sqlite_path(const JdbcUrl& url) {
    std::string_view r = url.rest;
    if (auto q = r.find('?'); q != std::string_view::npos) r = r.substr(0, q);
    if (r.substr(0, 5) == "file:") r.remove_prefix(5);
    if (r.empty()) return ":memory:";
    return std::string(r);
}

}  // namespace kcjdbc
