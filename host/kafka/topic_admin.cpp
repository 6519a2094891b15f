#include "host/kafka/topic_admin.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <thread>

#include "host/config/config_error.hpp"
#include "host/config/worker_config.hpp"
#include "host/kafka/kafka_error.hpp"

namespace kc::host::kafka {
namespace {

using Clock = std::chrono::steady_clock;

struct TopicKind {
    std::string_view prefix;
    std::string_view purpose;
    int32_t default_partitions;
};

TopicKind kind_of(InternalTopic which) {
    switch (which) {
        case InternalTopic::Config:
            return {"config.storage.", "connector configurations", 1};
        case InternalTopic::Offsets:
            return {"offset.storage.", "source connector offsets", 25};
        case InternalTopic::Status:
            return {"status.storage.", "connector and task statuses", 5};
    }
    return {"", "", 1};
}

// A count that is positive, or -1 for the brokers' default.
int64_t count_setting(const config::ConfigMap& worker, const std::string& key, int64_t fallback,
                      int64_t max, std::string_view what) {
    const std::optional<std::string_view> raw = worker.get(key);
    if (!raw) return fallback;
    const int64_t n = config::parse_long(key, *raw);
    if ((n < 1 && n != -1) || n > max) {
        throw config::ConfigError("Invalid value " + std::string(*raw) + " for configuration " +
                                  key + ": " + std::string(what) +
                                  " must be positive, or -1 to use the broker's default");
    }
    return n;
}

int ms_until(Clock::time_point deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return static_cast<int>(std::clamp<int64_t>(left, 1, 1 << 30));
}

// The setting that sets the replication factor of the topic named by `property`.
std::string sibling(const std::string& property, std::string_view suffix) {
    const std::size_t dot = property.rfind('.');
    return property.substr(0, dot == std::string::npos ? 0 : dot + 1) + std::string(suffix);
}

bool is_authorization(rd_kafka_resp_err_t err) {
    return err == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED ||
           err == RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED;
}

// Java compares the set of trimmed, lower-cased policies with {compact}.
bool only_compact(const std::string& policy) {
    std::set<std::string> policies;
    for (std::string item : config::parse_list(policy)) {
        std::transform(item.begin(), item.end(), item.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (!item.empty()) policies.insert(item);
    }
    return policies == std::set<std::string>{"compact"};
}

}  // namespace

InternalTopicSpec internal_topic_spec(InternalTopic which, const config::ConfigMap& worker) {
    const TopicKind kind = kind_of(which);
    const std::string prefix(kind.prefix);
    InternalTopicSpec spec;
    spec.property = prefix + "topic";
    spec.purpose = kind.purpose;
    const std::string name = worker.get_or(spec.property, "");
    if (name.find_first_not_of(" \t") == std::string::npos) {
        throw config::ConfigError("Missing required configuration \"" + spec.property +
                                  "\" which has no default value.");
    }
    spec.name = name;
    spec.single_partition = which == InternalTopic::Config;
    spec.replication_factor = static_cast<int16_t>(
        count_setting(worker, prefix + "replication.factor", 3, 32767, "Replication factor"));
    if (which == InternalTopic::Config) {
        if (worker.contains(prefix + "partitions")) {
            spdlog::warn("Ignoring '{}partitions={}': the config topic always has 1 partition",
                         prefix, worker.get_or(prefix + "partitions", ""));
        }
        spec.partitions = 1;
    } else {
        spec.partitions = static_cast<int32_t>(count_setting(
            worker, prefix + "partitions", kind.default_partitions, INT32_MAX, "Partition count"));
    }
    spec.topic_settings = worker.with_prefix(prefix);
    // Worker settings under the prefix that are not topic configs
    // (offset.storage.file.filename belongs to the standalone worker).
    for (std::string_view own : {"topic", "replication.factor", "partitions", "file.filename"}) {
        spec.topic_settings.erase(own);
    }
    const std::string policy = spec.topic_settings.get_or("cleanup.policy", "compact");
    if (policy != "compact") {
        spdlog::warn("Ignoring '{}cleanup.policy={}': internal topics are always compacted", prefix,
                     policy);
    }
    spec.topic_settings.set("cleanup.policy", "compact");
    return spec;
}

void require_single_partition(const std::string& topic, int32_t partitions) {
    if (partitions <= 1) return;
    throw config::ConfigError(
        "Topic '" + topic +
        "' supplied via the 'config.storage.topic' property is required to have a single "
        "partition in order to guarantee consistency of connector configurations, but found " +
        std::to_string(partitions) + " partitions.");
}

void require_compact_policy(const InternalTopicSpec& spec, const std::string& policy) {
    if (only_compact(policy)) return;
    throw config::ConfigError(
        "Topic '" + spec.name + "' supplied via the '" + spec.property +
        "' property is required to have 'cleanup.policy=compact' to guarantee consistency "
        "and durability of " +
        spec.purpose + ", but found the topic currently has 'cleanup.policy=" + policy +
        "'. Continuing would likely result in eventually losing " + spec.purpose +
        " and problems restarting this Connect cluster in the future. Change the '" +
        spec.property +
        "' property in the Connect worker configurations to use a topic with "
        "'cleanup.policy=compact'.");
}

TopicAdmin::TopicAdmin(const ClientConfig& admin_config)
    : TopicAdmin(std::make_shared<Admin>(admin_config)) {}

TopicAdmin::TopicAdmin(std::shared_ptr<Admin> admin)
    : admin_(std::move(admin)), bootstrap_(admin_->bootstrap_servers()) {}

TopicDescription TopicAdmin::ensure(const InternalTopicSpec& spec,
                                    std::chrono::milliseconds timeout) {
    const Clock::time_point deadline = Clock::now() + timeout;
    TopicDescription out;
    out.name = spec.name;
    out.created = try_create(spec, ms_until(deadline));
    std::optional<int32_t> partitions;
    for (;;) {
        try {
            partitions = admin_->partition_count(spec.name, ms_until(deadline));
        } catch (const KafkaError& e) {
            throw KafkaError(e.code(), "cannot look up topic '" + spec.name + "' (" +
                                           spec.property + "): " + e.what());
        }
        // A topic just created may take a moment to show in the metadata.
        if (partitions || !out.created || Clock::now() >= deadline) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (!partitions) {
        throw KafkaError(
            RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART,
            "Topic '" + spec.name + "' supplied via the '" + spec.property +
                "' property does not exist, and the brokers at bootstrap.servers=" + bootstrap_ +
                " did not create it. Create it with cleanup.policy=compact and " +
                (spec.partitions > 0 ? std::to_string(spec.partitions) : std::string("the")) +
                " partition(s) (for an embedded broker in another process: "
                "connect-embedded-broker --topic " +
                spec.name + ":" + std::to_string(spec.partitions > 0 ? spec.partitions : 1) +
                "), or let the worker create it.");
    }
    out.partitions = *partitions;
    if (spec.single_partition) require_single_partition(spec.name, out.partitions);
    out.cleanup_policy = cleanup_policy(spec, ms_until(deadline));
    if (out.cleanup_policy) require_compact_policy(spec, *out.cleanup_policy);
    return out;
}

bool TopicAdmin::try_create(const InternalTopicSpec& spec, int timeout_ms) {
    const NewTopic topic{spec.name, spec.partitions, spec.replication_factor, spec.topic_settings};
    std::vector<TopicCreateResult> results;
    try {
        results = admin_->create_topics({topic}, timeout_ms);
    } catch (const KafkaError& e) {
        if (e.code().value() == RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE) {
            spdlog::info(
                "The brokers at {} do not support the CreateTopics API (an embedded broker in "
                "another process?): topic '{}' ({}) is not created, it must exist already",
                bootstrap_, spec.name, spec.property);
            return false;
        }
        if (e.retriable()) {
            throw KafkaError(
                e.code(), "Timed out while checking for or creating topic '" + spec.name + "' (" +
                              spec.property + ") at bootstrap.servers=" + bootstrap_ + ": " +
                              e.what() +
                              ". This could indicate a connectivity issue or unavailable "
                              "brokers.");
        }
        throw KafkaError(e.code(), "Unable to create topic '" + spec.name + "' (" + spec.property +
                                       "): " + e.what());
    }
    if (results.empty()) {
        throw KafkaError(RD_KAFKA_RESP_ERR__BAD_MSG,
                         "CreateTopics for '" + spec.name + "' returned no result");
    }
    const TopicCreateResult& r = results.front();
    if (r.created()) {
        spdlog::info("Created topic '{}' ({}) with {} partition(s), replication factor {}",
                     spec.name, spec.property, spec.partitions, spec.replication_factor);
        return true;
    }
    if (r.already_exists()) {
        spdlog::debug("Topic '{}' ({}) exists already", spec.name, spec.property);
        return false;
    }
    if (is_authorization(r.error)) {
        spdlog::warn("Not authorized to create topic '{}' ({}) at {}: {}; it must exist already",
                     spec.name, spec.property, bootstrap_, r.message);
        return false;
    }
    std::string msg = "Unable to create topic '" + spec.name + "' (" + spec.property +
                      "): " + (r.message.empty() ? rd_kafka_err2str(r.error) : r.message);
    if (r.error == RD_KAFKA_RESP_ERR_INVALID_REPLICATION_FACTOR) {
        msg += " (set '" + sibling(spec.property, "replication.factor") +
               "' to at most the number of brokers, or -1 for the brokers' default)";
    }
    throw config::ConfigError(msg);
}

std::optional<std::string> TopicAdmin::cleanup_policy(const InternalTopicSpec& spec,
                                                      int timeout_ms) {
    try {
        const config::ConfigMap configs = admin_->describe_topic_configs(spec.name, timeout_ms);
        const std::optional<std::string_view> policy = configs.get("cleanup.policy");
        if (policy) return std::string(*policy);
        return std::nullopt;
    } catch (const KafkaError& e) {
        if (e.code().value() != RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE &&
            !is_authorization(static_cast<rd_kafka_resp_err_t>(e.code().value()))) {
            throw KafkaError(e.code(), "cannot check the cleanup policy of topic '" + spec.name +
                                           "' (" + spec.property + "): " + e.what());
        }
        spdlog::info(
            "Unable to verify that topic '{}' ({}) has cleanup.policy=compact, either because the "
            "brokers do not support DescribeConfigs (as the embedded broker) or because the "
            "principal may not describe topic configurations: {}",
            spec.name, spec.property, e.what());
        return std::nullopt;
    }
}

}  // namespace kc::host::kafka
