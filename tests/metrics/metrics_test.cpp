// Java's sampled-stat semantics, the exposition format and the names each
// dashboard queries.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "host/config/config_error.hpp"
#include "host/metrics/metrics_registry.hpp"
#include "host/metrics/prometheus_exposition.hpp"
#include "host/metrics/prometheus_naming.hpp"
#include "host/metrics/sampled_stat.hpp"

using namespace kc::host;
using namespace kc::host::metrics;

TEST_CASE("rate counts at least samples-1 full windows, like Java's Rate") {
    SampledStat s({1000, 2});
    // 10 records 200 ms into window 5: elapsed 200 ms, padded by one full window.
    s.record(10, 5200);
    CHECK(s.rate(5200) == doctest::Approx(10 / 1.2));
    // Later in the next window: both windows live, elapsed from the older's start.
    s.record(20, 6500);
    CHECK(s.rate(6500) == doctest::Approx(30 / 1.5));
    // Window 5 has expired by window 7: only the 20 are left.
    CHECK(s.sum(7100) == 20);
    // Everything expired: no rate, no average, no maximum.
    CHECK(s.rate(9000) == 0);
    CHECK(std::isnan(s.avg(9000)));
    CHECK(std::isnan(s.max(9000)));
}

TEST_CASE("avg and max cover the live windows only") {
    SampledStat s({1000, 2});
    s.record(4, 100);
    s.record(8, 200);
    s.record(3, 1100);
    CHECK(s.avg(1100) == doctest::Approx(5));
    CHECK(s.max(1100) == 8);
    CHECK(s.min(1100) == 3);
    CHECK(s.count(1100) == 3);
    // Window 0 expires: a slot reused for a new window starts afresh.
    s.record(1, 2100);
    CHECK(s.max(2100) == 3);
    CHECK(s.avg(2100) == doctest::Approx(2));
}

TEST_CASE("a meter keeps its total after the windows expire") {
    Meter m({1000, 2});
    m.record(5, 0);
    m.record(7, 10000);
    CHECK(m.total() == 12);
    CHECK(m.rate(10000) == doctest::Approx(7 / 1.0));
}

TEST_CASE("exposition groups families, escapes labels and spells special numbers") {
    Exposition e;
    std::string l1, l2;
    append_label(l1, "connector", "a\"b\\c\nd");
    append_label(l2, "connector", "x");
    e.add("m_one", MetricType::Gauge, "help one", l1, 1.5);
    e.add("m_two", MetricType::Counter, "help two", {}, NAN);
    e.add("m_one", MetricType::Gauge, "ignored", l2, INFINITY);
    CHECK(e.text() ==
          "# HELP m_one help one\n# TYPE m_one gauge\n"
          "m_one{connector=\"a\\\"b\\\\c\\nd\"} 1.5\nm_one{connector=\"x\"} +Inf\n"
          "# HELP m_two help two\n# TYPE m_two counter\nm_two NaN\n");
}

TEST_CASE("a reset exposition writes only the families sampled since") {
    Exposition e;
    e.add("gone", MetricType::Gauge, "help gone", {}, 1);
    e.add("kept", MetricType::Gauge, "help kept", {}, 2);
    e.reset();
    e.add("kept", MetricType::Gauge, "help kept", {}, 3);
    CHECK(e.text() == "# HELP kept help kept\n# TYPE kept gauge\nkept 3\n");
}

namespace {

std::string scene(NamingScheme scheme) {
    MetricsRegistry r(WindowConfig{30000, 2});
    r.set_app_info("host:8083", "1.2.3", "abc");
    r.describe_connector("my-sink", {"org.example.Sink", "sink", "9.9"});
    r.connector_state("my-sink", ConnectState::Running);
    r.task_state({"my-sink", 0}, ConnectState::Running);
    r.task_state({"my-sink", 1}, ConnectState::Failed);
    r.connector_startup(true);
    auto t = r.add_task({"my-sink", 0}, true);
    t->set_state(ConnectState::Running);
    t->record_read(7, now_ms());
    t->record_failure();
    r.set_protocol("sessioned");
    r.rebalance_completed("http://leader:8083/", 3);
    r.set_assignment(1, 2);
    auto net = r.add_network("connect-metrics", "connect-1");
    net->connection_opened(now_ms());
    net->request_sent(100, now_ms());
    return render_prometheus(r, scheme);
}

bool has(const std::string& text, const std::string& line) {
    return text.find("\n" + line + "\n") != std::string::npos;
}

}  // namespace

TEST_CASE("strimzi names: what the Strimzi dashboard and alerts query") {
    const std::string t = scene(NamingScheme::Strimzi);
    CHECK(has(t, "kafka_connect_worker_connector_count 1"));
    CHECK(has(t, "kafka_connect_worker_task_count 2"));
    CHECK(has(t, "kafka_connect_worker_connector_failed_task_count{connector=\"my-sink\"} 1"));
    CHECK(has(t, "kafka_connect_worker_connector_startup_attempts_total 1"));
    CHECK(has(t, "# TYPE kafka_connect_worker_connector_startup_attempts_total counter"));
    CHECK(has(t, "kafka_connect_connector_status{connector=\"my-sink\",status=\"running\"} 1"));
    CHECK(has(t,
              "kafka_connect_connector_connector_class{connector=\"my-sink\","
              "connector_class=\"org.example.Sink\"} 1"));
    CHECK(has(t,
              "kafka_connect_connector_task_status{connector=\"my-sink\",task=\"0\","
              "status=\"running\"} 1"));
    CHECK(has(
        t, "kafka_connect_task_error_total_record_failures{connector=\"my-sink\",task=\"0\"} 1"));
    CHECK(has(
        t, "kafka_connect_sink_task_sink_record_read_total{connector=\"my-sink\",task=\"0\"} 7"));
    CHECK(has(t, "kafka_connect_coordinator_assigned_tasks{clientid=\"host:8083\"} 2"));
    CHECK(has(t, "kafka_connect_worker_rebalance_rebalancing 0"));
    CHECK(has(t, "kafka_connect_worker_rebalance_completed_rebalances_total 1"));
    CHECK(has(t, "kafka_connect_version{clientid=\"host:8083\",version=\"1.2.3\"} 1"));
    // The group member's network figures, by rules 9 and 10.
    CHECK(has(t, "kafka_connect_connection_count{clientid=\"connect-1\"} 1"));
    CHECK(has(t, "kafka_connect_outgoing_byte_total{clientid=\"connect-1\"} 100"));
    CHECK(has(t, "# TYPE kafka_connect_outgoing_byte_total counter"));
    CHECK(t.find("kafka_connect_outgoing_byte_rate") == std::string::npos);
    // Not matched by Strimzi's rules: percentages of tasks.
    CHECK(t.find("offset_commit_success_percentage") == std::string::npos);
}

TEST_CASE("confluent names: what jmx-monitoring-stacks' dashboards query") {
    const std::string t = scene(NamingScheme::Confluent);
    CHECK(
        has(t, "kafka_connect_connect_worker_metrics_connector_count{connector=\"aggregate\"} 1"));
    CHECK(has(t,
              "kafka_connect_connect_worker_metrics_connector_startup_success_total{"
              "connector=\"aggregate\"} 1"));
    CHECK(has(t,
              "kafka_connect_connect_worker_metrics_connector_failed_task_count{"
              "connector=\"my-sink\"} 1"));
    CHECK(has(t, "kafka_connect_connector_metrics{connector=\"my-sink\",status=\"running\"} 1"));
    CHECK(has(t, "kafka_connect_app{client_id=\"host:8083\",version=\"1.2.3\"} 1"));
    CHECK(has(
        t, "kafka_connect_connector_task_metrics_pause_ratio{connector=\"my-sink\",task=\"0\"} 0"));
    CHECK(has(
        t, "kafka_connect_sink_task_metrics_sink_record_read{connector=\"my-sink\",task=\"0\"} 7"));
    CHECK(has(t,
              "kafka_connect_task_error_metrics_total_record_failures{connector=\"my-sink\","
              "task=\"0\"} 1"));
    CHECK(has(t, "kafka_connect_connect_worker_rebalance_metrics_completed_rebalances 1"));
    CHECK(has(t,
              "kafka_connect_connect_coordinator_metrics_assigned_connectors{"
              "client_id=\"host:8083\"} 1"));
    // The network panel's names.
    CHECK(has(t, "kafka_connect_connect_metrics_connection_count{client_id=\"connect-1\"} 1"));
    CHECK(has(t, "kafka_connect_connect_metrics_network_io{client_id=\"connect-1\"} 1"));
    CHECK(has(t, "kafka_connect_connect_metrics_failed_authentication{client_id=\"connect-1\"} 0"));
    CHECK(t.find("\nkafka_connect_connect_metrics_outgoing_byte_rate{client_id=\"connect-1\"} ") !=
          std::string::npos);
    // The dashboards for the exporter before 1.0 (dashboards-old-exporter).
    CHECK(has(t, "kafka_connect_app_info{client_id=\"host:8083\",version=\"1.2.3\"} 1"));
    CHECK(has(t, "kafka_connect_connect_worker_rebalance_metrics_completed_rebalances_total 1"));
    CHECK(has(t,
              "# TYPE kafka_connect_connect_worker_rebalance_metrics_completed_rebalances_total "
              "counter"));
    CHECK(has(t,
              "kafka_connect_connect_metrics_failed_authentication_total{client_id=\"connect-1\"} "
              "0"));
    // Only the worker's own groups: task totals keep the one name.
    CHECK(t.find("sink_record_read_total") == std::string::npos);
}

TEST_CASE("strimzi-reporter names: group-qualified, strings as _info") {
    const std::string t = scene(NamingScheme::StrimziReporter);
    CHECK(has(t, "kafka_connect_connect_worker_metrics_connector_count 1"));
    CHECK(has(
        t,
        "kafka_connect_connector_metrics_status_info{connector=\"my-sink\",status=\"running\"} 1"));
    CHECK(has(t,
              "kafka_connect_connector_task_metrics_status_info{connector=\"my-sink\",task=\"0\","
              "status=\"running\"} 1"));
    CHECK(has(t,
              "kafka_connect_task_error_metrics_total_record_failures{connector=\"my-sink\","
              "task=\"0\"} 1"));
    CHECK(has(
        t, "kafka_connect_connect_coordinator_metrics_assigned_tasks{client_id=\"host:8083\"} 2"));
}

TEST_CASE("every scheme: HELP and TYPE for every family, process metrics") {
    for (auto scheme :
         {NamingScheme::Strimzi, NamingScheme::Confluent, NamingScheme::StrimziReporter}) {
        const std::string t = scene(scheme);
        CHECK(t.find("\nprocess_cpu_seconds_total ") != std::string::npos);
        CHECK(t.find("\nprocess_resident_memory_bytes ") != std::string::npos);
        size_t helps = 0, types = 0, pos = 0;
        while ((pos = t.find("# HELP ", pos)) != std::string::npos)
            ++helps, ++pos;
        pos = 0;
        while ((pos = t.find("# TYPE ", pos)) != std::string::npos)
            ++types, ++pos;
        CHECK(helps == types);
        CHECK(helps > 20);
    }
}

TEST_CASE("naming scheme and window settings are checked, naming the key") {
    CHECK(parse_naming_scheme("confluent") == NamingScheme::Confluent);
    CHECK_THROWS_WITH_AS(parse_naming_scheme("jmx"), doctest::Contains("metrics.prometheus.naming"),
                         config::ConfigError);
    config::ConfigMap m;
    m.set("key.converter", "x");
    m.set("value.converter", "x");
    m.set("offset.storage.file.filename", "/tmp/x");
    m.set("metrics.num.samples", "0");
    config::WorkerConfig wc(m, config::WorkerMode::Standalone);
    CHECK_THROWS_WITH_AS(MetricsRegistry{wc}, doctest::Contains("metrics.num.samples"),
                         config::ConfigError);
}

TEST_CASE("a task's metrics leave with it, not with its successor") {
    MetricsRegistry r(WindowConfig{});
    auto first = r.add_task({"c", 0}, false);
    auto second = r.add_task({"c", 0}, false);  // restarted before the first ended
    r.remove_task(first);
    CHECK(render_prometheus(r, NamingScheme::Strimzi).find("task=\"0\"") != std::string::npos);
    r.remove_task(second);
    CHECK(render_prometheus(r, NamingScheme::Strimzi).find("task=\"0\"") == std::string::npos);
}

TEST_CASE("names stay right scrape after scrape, whatever memory held the attribute names") {
    // The worker group's start-up totals are named from temporaries: success
    // and failure have the same length and may land at the same address.
    MetricsRegistry r(WindowConfig{});
    r.connector_startup(true);
    r.connector_startup(false);
    r.connector_startup(true);
    // So are the network figures' (request-total and response-rate, in the
    // same stack slot).
    auto network = r.add_network("connect-metrics", "c1");
    network->request_sent(10, now_ms());
    network->request_sent(10, now_ms());
    network->response_received(10, now_ms());
    for (int scrape = 0; scrape < 3; ++scrape) {
        const std::string c = render_prometheus(r, NamingScheme::Confluent);
        CHECK(has(c, "kafka_connect_connect_metrics_request{client_id=\"c1\"} 2"));
        CHECK(has(c, "kafka_connect_connect_metrics_response{client_id=\"c1\"} 1"));
        // The same attributes under their second (pre-1.0 exporter) names.
        CHECK(has(c, "kafka_connect_connect_metrics_request_total{client_id=\"c1\"} 2"));
        CHECK(has(c, "kafka_connect_connect_metrics_response_total{client_id=\"c1\"} 1"));
        CHECK(c.find("\nkafka_connect_connect_metrics_response_rate{client_id=\"c1\"} ") !=
              std::string::npos);
        for (auto scheme : {NamingScheme::Strimzi, NamingScheme::StrimziReporter}) {
            const std::string t = render_prometheus(r, scheme);
            const std::string p = scheme == NamingScheme::Strimzi
                                      ? "kafka_connect_worker_connector_startup_"
                                      : "kafka_connect_connect_worker_metrics_connector_startup_";
            const std::string total = scheme == NamingScheme::Strimzi ? "_total" : "";
            CHECK(has(t, p + "attempts" + total + " 3"));
            CHECK(has(t, p + "success" + total + " 2"));
            CHECK(has(t, p + "failure" + total + " 1"));
        }
    }
}
