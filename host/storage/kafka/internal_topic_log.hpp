// What the three Kafka-topic stores (config, status, offsets) share: the
// worker settings they are built from, and opening an internal topic's log
// the way Java's Kafka*BackingStore do (check or create the topic, then clients
// with the internal-topic settings and Java's client ids).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "host/config/config_map.hpp"
#include "host/kafka/kafka_based_log.hpp"
#include "host/kafka/topic_admin.hpp"

namespace kc::host::storage {

struct KafkaStoreSettings {
    // Where the internal topics live (the worker's bootstrap.servers, or the
    // address of the embedded broker it started).
    std::string bootstrap_servers;
    // The worker's settings: group.id, client.id, <store>.storage.* and the
    // security settings the internal clients inherit.
    config::ConfigMap worker;
    // The worker's admin client, which checks (and creates) the topic;
    // nullptr: one made for that check alone.
    std::shared_ptr<kafka::Admin> admin;
    // Creating the topic and reading it to its end at start().
    std::chrono::milliseconds start_timeout = std::chrono::seconds(60);
    // Each write and its read-back (Java's READ_WRITE_TOTAL_TIMEOUT_MS), and
    // each read-to-end a read asks for.
    std::chrono::milliseconds write_timeout = std::chrono::seconds(30);
};

// True when exactly.once.source.support=enabled: the config and offsets
// consumers then read committed records only, as Java's do.
bool reads_committed_only(const config::ConfigMap& worker);

struct InternalTopicLogOptions {
    std::string client_id_suffix;          // "configs", "statuses", "offsets"
    config::ConfigMap producer_overrides;  // e.g. retries=0 for status
    bool read_committed = false;
};

// Checks the topic (creating it when missing) with TopicAdmin, then builds its
// log, not yet started. Throws config::ConfigError for a topic that breaks
// Java's rules (e.g. a config topic with more partitions than one) and
// kafka::KafkaError when Kafka does not answer within settings.start_timeout.
std::unique_ptr<kafka::KafkaBasedLog> open_internal_topic_log(
    kafka::InternalTopic which, const KafkaStoreSettings& settings,
    const InternalTopicLogOptions& options, kafka::KafkaBasedLog::RecordCallback on_record);

}  // namespace kc::host::storage
