#include "db/jdbc_url.hpp"

#include <stdexcept>
#include <vector>

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

std::string sqlite_path(const JdbcUrl& url) {
    std::string_view r = url.rest;
    if (auto q = r.find('?'); q != std::string_view::npos) r = r.substr(0, q);
    if (r.substr(0, 5) == "file:") r.remove_prefix(5);
    if (r.empty()) return ":memory:";
    return std::string(r);
}

}  // namespace kcjdbc
