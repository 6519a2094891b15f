// Helpers shared by the JDBC connector tests: databases (a SQLite file, the
// PostgreSQL server started by scripts/pg-test-server.sh, the MariaDB server
// started by scripts/mariadb-test-server.sh), task harnesses
// over kc::testing::TestHost, and record builders.
#pragma once

#include <doctest/doctest.h>
#include <kc/logical.hpp>
#include <kc/testing.hpp>

#include <unistd.h>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "db/dialect.hpp"
#include "sink/jdbc_sink_task.hpp"
#include "source/jdbc_source_connector.hpp"
#include "source/jdbc_source_task.hpp"
#include "support/database_server.hpp"

namespace jdbctest {

// A database the tests write to and read from directly.
struct Db {
    std::string url;
    std::string kind;  // "sqlite" | "pg" | "mysql"
    std::unique_ptr<kcjdbc::Dialect> dialect;
    std::unique_ptr<kcjdbc::Connection> conn;

    explicit Db(std::string u) : url(std::move(u)) {
        kind = url.rfind("jdbc:sqlite:", 0) == 0  ? "sqlite"
               : url.rfind("jdbc:mysql:", 0) == 0 ? "mysql"
                                                  : "pg";
        dialect = kcjdbc::make_dialect(url, "", kcjdbc::QuoteMode::Always);
        conn = dialect->connect("", "");
    }
    void exec(const std::string& sql) { conn->execute(sql); }
    int64_t count(const std::string& table) {
        auto st = conn->prepare("SELECT COUNT(*) FROM " + table);
        auto cur = st->query(1);
        REQUIRE(cur->next());
        int64_t n = cur->get_int(0);
        cur.reset();
        if (conn->in_transaction()) conn->commit();
        return n;
    }
    // First column of every row, as text (NULL -> "NULL").
    std::vector<std::string> column(const std::string& sql) {
        std::vector<std::string> out;
        {
            auto st = conn->prepare(sql);
            auto cur = st->query(100);
            while (cur->next()) {
                if (cur->is_null(0))
                    out.push_back("NULL");
                else if (cur->columns()[0].type == kcjdbc::SqlType::Char)
                    out.emplace_back(cur->get_text(0));
                else
                    out.push_back(std::to_string(cur->get_int(0)));
            }
        }
        if (conn->in_transaction()) conn->commit();
        return out;
    }
    bool pg() const { return kind == "pg"; }
};

// The servers the CTest fixtures start; a test needing one that did not start
// fails, one that only adds it to its backends() skips it.
inline const kc::test::DatabaseServer& postgres() {
    static const kc::test::DatabaseServer server("KC_PG_STATE", KC_PG_SCRIPT);
    return server;
}
inline const kc::test::DatabaseServer& mariadb() {
    static const kc::test::DatabaseServer server("KC_MYSQL_STATE", KC_MYSQL_SCRIPT);
    return server;
}

// A fresh SQLite file, deleted when the test program exits.
inline std::string temp_sqlite_url() {
    struct Files {
        std::vector<std::string> paths;
        ~Files() {
            for (const auto& p : paths)
                std::remove(p.c_str());
        }
    };
    static Files files;
    static std::atomic<int> n{0};
    std::string path =
        "/tmp/kcjdbc-test-" + std::to_string(getpid()) + "-" + std::to_string(n++) + ".db";
    std::remove(path.c_str());
    files.paths.push_back(path);
    return "jdbc:sqlite:" + path;
}

// Both databases a scenario runs against ("pg" only when the server is up).
inline std::vector<std::string> backends() {
    std::vector<std::string> out;
    const char* only = std::getenv("KC_JDBC_BACKENDS");
    if (!only || std::string(only) != "pg") out.push_back(temp_sqlite_url());
    if (const auto pg = postgres().url(); !pg.empty()) out.push_back(pg);
    return out;
}

template <class T>
void bind(T& plugin, kc::testing::TestHost& host) {
    host.bind(plugin);
}

struct SourceHarness {
    kc::testing::TestHost host;
    std::unique_ptr<kcjdbc::JdbcSourceTask> task = std::make_unique<kcjdbc::JdbcSourceTask>();
    std::vector<const kc_record*> batch;

    explicit SourceHarness(const kc::ConfigMap& props) {
        bind(*task, host);
        task->start(props);
    }
    std::vector<const kc_record*> poll() {
        batch.clear();
        kc::SourceRecords out(host.arena(), batch);
        task->poll(out);
        return batch;
    }
    // Polls until n records arrived or timeout_ms passed.
    std::vector<const kc_record*> poll_n(size_t n, int timeout_ms = 5000) {
        std::vector<const kc_record*> all;
        auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        while (all.size() < n && std::chrono::steady_clock::now() < until) {
            auto got = poll();
            all.insert(all.end(), got.begin(), got.end());
        }
        return all;
    }
    // Polls for the given time, collecting everything.
    std::vector<const kc_record*> poll_for(int ms) {
        std::vector<const kc_record*> all;
        auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
        while (std::chrono::steady_clock::now() < until) {
            auto got = poll();
            all.insert(all.end(), got.begin(), got.end());
        }
        return all;
    }
};

// A field of a record's value struct.
inline kc::ValueView field(const kc_record* r, std::string_view name) {
    return kc::ValueView(&r->value).as_struct().get(name);
}
inline int64_t int_field(const kc_record* r, std::string_view name) {
    return field(r, name).as_int();
}
inline std::string str_field(const kc_record* r, std::string_view name) {
    return std::string(field(r, name).as_string());
}
inline std::optional<int64_t> offset_int(const kc_record* r, std::string_view key) {
    if (!r->source_offset) return std::nullopt;
    auto v = kc::ValueView(r->source_offset).map_get(key);
    if (!v.is_integral()) return std::nullopt;
    return v.as_int();
}
inline size_t offset_size(const kc_record* r) {
    return r->source_offset ? kc::ValueView(r->source_offset).as_map().size() : 0;
}
inline std::string map_string(const kc_value* m, std::string_view key) {
    auto v = kc::ValueView(m).map_get(key);
    return v.tag() == KC_VAL_STRING ? std::string(v.as_string()) : "<none>";
}

inline kc::ConfigMap source_props(const std::string& url, kc::ConfigMap extra) {
    kc::ConfigMap p = {{"connection.url", url},
                       {"topic.prefix", "db-"},
                       {"poll.interval.ms", "0"},
                       {"connection.attempts", "1"},
                       {"connection.backoff.ms", "100"}};
    for (auto& [k, v] : extra)
        p[k] = v;
    return p;
}

// A source task reading table orders loses its server: returns the message
// of the RetriableException poll() then throws ("" if none), and checks that
// with the server back the task reads exactly the row inserted meanwhile.
inline std::string source_outage_error(const kc::test::DatabaseServer& server) {
    const auto url = server.required_url();
    {
        Db db(url);
        db.exec("DROP TABLE IF EXISTS orders");
        db.exec("CREATE TABLE orders (id BIGINT NOT NULL, name TEXT)");
        db.exec("INSERT INTO orders VALUES (1,'a'),(2,'b')");
    }
    SourceHarness h(source_props(
        url, {{"mode", "incrementing"}, {"incrementing.column.name", "id"}, {"tables", "orders"}}));
    CHECK(h.poll_n(2).size() == 2);
    server.pause();
    std::string error;
    for (int i = 0; i < 20 && error.empty(); ++i) {
        try {
            h.poll();
        } catch (const kc::RetriableException& e) {
            error = e.what();
        }
    }
    server.resume();
    {
        Db db(url);
        db.exec("INSERT INTO orders VALUES (3,'c')");
    }
    std::vector<const kc_record*> rs;
    for (int i = 0; i < 50 && rs.empty(); ++i) {
        try {
            rs = h.poll_for(100);
        } catch (const kc::RetriableException&) {
        }
    }
    REQUIRE(rs.size() == 1);
    CHECK(int_field(rs[0], "id") == 3);
    return error;
}

// Sink records built in a pool owned by the test.
struct RecordFactory {
    kc::Pool pool;
    std::vector<std::unique_ptr<kc_record>> records;

    const kc_record* make(std::string_view topic, kc::SchemaView ks, kc_value key,
                          kc::SchemaView vs, kc_value value, int64_t offset = 0) {
        auto r = std::make_unique<kc_record>();
        r->struct_size = sizeof(kc_record);
        r->topic = pool.copy(topic);
        r->partition = 0;
        r->key_schema = ks.raw();
        r->key = key;
        r->value_schema = vs.raw();
        r->value = value;
        r->timestamp = -1;
        r->kafka_offset = offset;
        records.push_back(std::move(r));
        return records.back().get();
    }
    kc_value make_struct(kc::SchemaView s, std::vector<kc_value> fields) {
        kc::StructBuilder<kc::Pool> b(pool, s);
        for (size_t i = 0; i < fields.size(); ++i)
            b.put(i, fields[i]);
        return b.build();
    }
    kc_value str(std::string_view s) { return kc::make_string(pool, s); }
};

struct SinkHarness {
    kc::testing::TestHost host;
    kcjdbc::JdbcSinkTask task;
    explicit SinkHarness(const kc::ConfigMap& props, bool reporter = false) {
        host.state().errant_reporter_enabled = reporter;
        bind(task, host);
        task.start(props);
    }
    void put(std::vector<const kc_record*> rs) { task.put(rs); }
};

inline kc::ConfigMap sink_props(const std::string& url, kc::ConfigMap extra) {
    kc::ConfigMap p = {{"connection.url", url},
                       {"connection.attempts", "1"},
                       {"connection.backoff.ms", "100"},
                       {"retry.backoff.ms", "0"}};
    for (auto& [k, v] : extra)
        p[k] = v;
    return p;
}

}  // namespace jdbctest
