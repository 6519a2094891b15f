// Creating and checking the worker's internal topics (config, offsets,
// status), as Java's TopicAdmin and Kafka*BackingStore do at start-up.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "host/config/config_map.hpp"
#include "host/kafka/admin.hpp"
#include "host/kafka/client_config.hpp"

namespace kc::host::kafka {

enum class InternalTopic { Config, Offsets, Status };

// What a worker wants of one internal topic.
struct InternalTopicSpec {
    std::string name;
    std::string property;            // the worker setting that names it, e.g. config.storage.topic
    std::string purpose;             // what it keeps, for messages: "connector configurations"
    int32_t partitions = 1;          // -1: the brokers' default
    int16_t replication_factor = 3;  // -1: the brokers' default
    config::ConfigMap topic_settings;  // cleanup.policy=compact and the user's
    bool single_partition = false;     // the config topic
};

// Reads <prefix>topic (required), <prefix>partitions, <prefix>replication.factor
// and the other <prefix>* settings (topic configs) of a worker config, the
// prefixes being config.storage., offset.storage. and status.storage.. Java's
// defaults: 25 offsets and 5 status partitions, replication factor 3. The
// config topic always has one partition and every topic cleanup.policy=compact
// (a user's setting of either is ignored with a warning). Throws
// config::ConfigError naming the setting at fault.
InternalTopicSpec internal_topic_spec(InternalTopic which,
                                      const config::ConfigMap& worker_originals);

// Java's refusal of a config topic with more than one partition (the worker
// must not start): throws config::ConfigError with Java's message.
void require_single_partition(const std::string& topic, int32_t partitions);

// Java's check of an existing internal topic's cleanup.policy: it must be
// exactly "compact" (a list, compared as a set, case-insensitively). Throws
// config::ConfigError saying what is at risk and which setting to change.
void require_compact_policy(const InternalTopicSpec& spec, const std::string& cleanup_policy);

struct TopicDescription {
    std::string name;
    int32_t partitions = 0;
    bool created = false;                       // by this call
    std::optional<std::string> cleanup_policy;  // nullopt: the brokers could not say
};

class TopicAdmin {
  public:
    // With an admin client of its own, for these checks alone.
    explicit TopicAdmin(const ClientConfig& admin_config);
    // With the worker's admin client.
    explicit TopicAdmin(std::shared_ptr<Admin> admin);

    // Creates the topic when it is missing (CreateTopics; for an embedded
    // broker of this process, the mock cluster's own call, before any client
    // can auto-create it with 4 partitions). When the brokers cannot create
    // topics (no CreateTopics, or not authorized), says so in the log and goes
    // on if the topic exists. Then checks it: one partition for the config
    // topic, cleanup.policy=compact (when the brokers have DescribeConfigs).
    // Throws config::ConfigError for a topic that breaks these rules,
    // KafkaError when the topic does not exist and cannot be created or Kafka
    // does not answer within `timeout`.
    TopicDescription ensure(const InternalTopicSpec& spec, std::chrono::milliseconds timeout);

    Admin& admin() { return *admin_; }

  private:
    // False when the topic was not created (exists already, or cannot be).
    bool try_create(const InternalTopicSpec& spec, int timeout_ms);
    std::optional<std::string> cleanup_policy(const InternalTopicSpec& spec, int timeout_ms);

    std::shared_ptr<Admin> admin_;
    std::string bootstrap_;
};

}  // namespace kc::host::kafka
