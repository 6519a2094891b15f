#include "host/storage/kafka/internal_topic_log.hpp"

#include <spdlog/spdlog.h>

#include "host/kafka/internal_topic_clients.hpp"

namespace kc::host::storage {

bool reads_committed_only(const config::ConfigMap& worker) {
    return worker.get_or("exactly.once.source.support", "disabled") == "enabled";
}

std::unique_ptr<kafka::KafkaBasedLog> open_internal_topic_log(
    kafka::InternalTopic which, const KafkaStoreSettings& settings,
    const InternalTopicLogOptions& options, kafka::KafkaBasedLog::RecordCallback on_record) {
    const kafka::InternalTopicSpec spec = kafka::internal_topic_spec(which, settings.worker);
    {
        kafka::TopicAdmin admin =
            settings.admin
                ? kafka::TopicAdmin(settings.admin)
                : kafka::TopicAdmin(kafka::build_client_config(
                      kafka::ClientRole::Admin, settings.bootstrap_servers, settings.worker));
        const kafka::TopicDescription topic = admin.ensure(spec, settings.start_timeout);
        spdlog::info("{} topic '{}': {} partition(s){}", spec.property, topic.name,
                     topic.partitions, topic.created ? ", created" : "");
    }
    const std::string client_id = kafka::client_id_base(settings.worker) + options.client_id_suffix;

    config::ConfigMap producer_overrides{{"client.id", client_id}};
    producer_overrides.merge(options.producer_overrides);
    kafka::ClientConfig producer = kafka::internal_topic_client_config(
        kafka::ClientRole::Producer, settings.bootstrap_servers, settings.worker,
        kafka::internal_topic_producer_defaults(), producer_overrides);

    // Java's consumers carry the worker's group.id (never joining with it),
    // so the same ACLs apply.
    config::ConfigMap consumer_overrides{{"client.id", client_id}};
    if (auto group = settings.worker.get("group.id"))
        consumer_overrides.set("group.id", std::string(*group));
    kafka::ClientConfig consumer = kafka::internal_topic_client_config(
        kafka::ClientRole::Consumer, settings.bootstrap_servers, settings.worker,
        kafka::internal_topic_consumer_defaults(options.read_committed), consumer_overrides);

    return std::make_unique<kafka::KafkaBasedLog>(spec.name, std::move(producer),
                                                  std::move(consumer), std::move(on_record));
}

}  // namespace kc::host::storage
