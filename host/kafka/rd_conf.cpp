#include "host/kafka/rd_conf.hpp"

#include <spdlog/spdlog.h>

#include "host/config/config_error.hpp"
#include "host/kafka/kafka_error.hpp"
#include "host/metrics/client_statistics.hpp"

namespace kc::host::kafka {
namespace {

void log_cb(const rd_kafka_t* rk, int level, const char* fac, const char* buf) {
    const char* name = rk ? rd_kafka_name(rk) : "rdkafka";
    // syslog levels: 0-3 error, 4 warning, 5-6 info, 7 debug.
    // Connection failures (facility FAIL) are expected while a broker is away
    // and librdkafka retries them, so they are warnings, not errors.
    const bool conn_fail = std::string_view(fac) == "FAIL";
    const auto lvl = level <= 3 && !conn_fail ? spdlog::level::err
                     : level <= 4             ? spdlog::level::warn
                     : level <= 6             ? spdlog::level::info
                                              : spdlog::level::debug;
    spdlog::log(lvl, "[{}] {}: {}", name, fac, buf);
}

void error_cb(rd_kafka_t* rk, int err, const char* reason, void*) {
    const auto code = static_cast<rd_kafka_resp_err_t>(err);
    // Transient broker-connection errors are expected while a broker restarts;
    // librdkafka recovers on its own.
    const bool fatal = code == RD_KAFKA_RESP_ERR__FATAL;
    if (fatal) {
        char buf[512];
        rd_kafka_fatal_error(rk, buf, sizeof buf);
        spdlog::error("[{}] fatal Kafka client error: {}", rd_kafka_name(rk), buf);
    } else if (code == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN) {
        spdlog::warn("[{}] all Kafka brokers are down: {}", rd_kafka_name(rk), reason);
    } else {
        spdlog::debug("[{}] Kafka client error {}: {}", rd_kafka_name(rk), rd_kafka_err2name(code),
                      reason);
    }
}

// Called on the thread that polls the client: only a copy, parsed at scrape.
int stats_cb(rd_kafka_t* rk, char* json, size_t len, void*) {
    metrics::ClientStatistics::instance().update(rk, {json, len});
    return 0;  // librdkafka frees json
}

void admin_event_cb(rd_kafka_t* rk, rd_kafka_event_t* event, void*) {
    switch (rd_kafka_event_type(event)) {
        case RD_KAFKA_EVENT_STATS:
            metrics::ClientStatistics::instance().update(rk, rd_kafka_event_stats(event),
                                                         "admin-client-metrics");
            break;
        case RD_KAFKA_EVENT_ERROR:
            error_cb(rk, rd_kafka_event_error(event), rd_kafka_event_error_string(event), nullptr);
            break;
        default:
            break;
    }
    rd_kafka_event_destroy(event);
}

}  // namespace

void RdKafkaDeleter::operator()(rd_kafka_t* rk) const {
    rd_kafka_destroy(rk);
    metrics::ClientStatistics::instance().forget(rk);
}

RdConfPtr make_rd_conf(const config::ConfigMap& settings) {
    RdConfPtr conf(rd_kafka_conf_new());
    char errstr[512];
    for (const auto& [key, value] : settings) {
        if (rd_kafka_conf_set(conf.get(), key.c_str(), value.c_str(), errstr, sizeof errstr) !=
            RD_KAFKA_CONF_OK) {
            throw config::ConfigError("invalid Kafka client setting " + key + "=" + value + ": " +
                                      errstr);
        }
    }
    rd_kafka_conf_set_log_cb(conf.get(), log_cb);
    rd_kafka_conf_set_error_cb(conf.get(), error_cb);
    rd_kafka_conf_set_stats_cb(conf.get(), stats_cb);
    return conf;
}

RdKafkaPtr make_rd_kafka(rd_kafka_type_t type, RdConfPtr conf) {
    char errstr[512];
    rd_kafka_t* rk = rd_kafka_new(type, conf.get(), errstr, sizeof errstr);
    if (!rk) {
        throw KafkaError(RD_KAFKA_RESP_ERR__INVALID_ARG,
                         std::string("cannot create Kafka client: ") + errstr);
    }
    conf.release();  // rd_kafka_new took ownership
    return RdKafkaPtr(rk);
}

RdKafkaPtr make_admin_rd_kafka(RdConfPtr conf) {
    rd_kafka_conf_set_background_event_cb(conf.get(), admin_event_cb);
    RdKafkaPtr rk = make_rd_kafka(RD_KAFKA_PRODUCER, std::move(conf));
    // The background thread serves only its own queue: the main queue, where
    // statistics and errors arrive, is forwarded to it.
    rd_kafka_queue_t* main = rd_kafka_queue_get_main(rk.get());
    rd_kafka_queue_t* background = rd_kafka_queue_get_background(rk.get());
    rd_kafka_queue_forward(main, background);
    rd_kafka_queue_destroy(background);
    rd_kafka_queue_destroy(main);
    return rk;
}

}  // namespace kc::host::kafka
