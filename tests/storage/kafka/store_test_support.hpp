// What the Kafka-topic store tests share: worker settings pointing at an
// in-process embedded broker, and a raw log to write records as another
// (Java) worker would and to read back the exact bytes a store wrote.
#pragma once

#include <doctest/doctest.h>

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "host/kafka/embedded_broker.hpp"
#include "host/kafka/internal_topic_clients.hpp"
#include "host/kafka/kafka_based_log.hpp"
#include "host/storage/kafka/internal_topic_log.hpp"

namespace kc::test {

using namespace std::chrono_literals;

inline host::storage::KafkaStoreSettings store_settings(const host::kafka::EmbeddedBroker& broker,
                                                        const host::config::ConfigMap& extra = {}) {
    host::storage::KafkaStoreSettings s;
    s.bootstrap_servers = broker.bootstrap_servers();
    s.worker = host::config::ConfigMap{
        {"group.id", "connect-cluster"},
        {"config.storage.topic", "connect-configs"},
        {"offset.storage.topic", "connect-offsets"},
        {"status.storage.topic", "connect-status"},
        {"config.storage.replication.factor", "1"},
        {"offset.storage.replication.factor", "1"},
        {"status.storage.replication.factor", "1"},
    };
    s.worker.merge(extra);
    s.start_timeout = 20s;
    s.write_timeout = 10s;
    return s;
}

// A record as read back; nullopt key or value for null.
struct RawRecord {
    std::optional<std::string> key;
    std::optional<std::string> value;
    int32_t partition = 0;

    friend bool operator==(const RawRecord&, const RawRecord&) = default;
};

// Another client of a topic that exists already: writes records verbatim and
// reads everything back in order.
class RawTopic {
  public:
    RawTopic(const host::kafka::EmbeddedBroker& broker, const std::string& topic)
        : log_(
              topic,
              host::kafka::internal_topic_client_config(
                  host::kafka::ClientRole::Producer, broker.bootstrap_servers(), {},
                  host::kafka::internal_topic_producer_defaults()),
              host::kafka::internal_topic_client_config(
                  host::kafka::ClientRole::Consumer, broker.bootstrap_servers(), {},
                  host::kafka::internal_topic_consumer_defaults()),
              [this](const host::kafka::LogRecord& r) {
                  std::lock_guard lock(mu_);
                  records_.push_back({r.key ? std::optional<std::string>(*r.key) : std::nullopt,
                                      r.value ? std::optional<std::string>(*r.value) : std::nullopt,
                                      r.partition});
              }) {
        log_.start(20s);
    }

    void write(std::optional<std::string_view> key, std::optional<std::string_view> value) {
        log_.send(key, value, [](const host::kafka::SendResult& r) { CHECK(r.ok()); });
        log_.flush(10s);
    }

    // Everything in the topic, in the order read (one partition: topic order).
    std::vector<RawRecord> records() {
        log_.read_to_end(10s);
        std::lock_guard lock(mu_);
        return records_;
    }

  private:
    std::mutex mu_;
    std::vector<RawRecord> records_;
    host::kafka::KafkaBasedLog log_;
};

}  // namespace kc::test

// Lists of lines print in full when a CHECK fails.
namespace doctest {
template <>
struct StringMaker<std::vector<std::string>> {
    static String convert(const std::vector<std::string>& lines) {
        std::string out = "{";
        for (const auto& l : lines)
            out += "\"" + l + "\" ";
        return String((out + "}").c_str());
    }
};
}  // namespace doctest
