// The distributed herder (Java DistributedHerder): this worker's part of a
// Connect cluster. Workers with one group.id form a group through the
// coordinator; the leader assigns connectors and tasks; configs, target states
// and restart requests live in the config topic, states in the status topic.
//
// Threads. One tick thread owns the group membership, the config snapshot,
// the assignment and everything this worker runs; REST calls queue a request
// for it and wait (90 s at most, as Java's REST layer). Status reads go to
// the status store directly. The config store's reader thread only records
// what changed and wakes the tick thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "host/cluster/internal_request_signature.hpp"
#include "host/herder/distributed/assigned_work.hpp"
#include "host/herder/distributed/connect_protocol.hpp"
#include "host/herder/distributed/incremental_cooperative_assignor.hpp"
#include "host/herder/internal_endpoints.hpp"
#include "host/herder/worker_herder.hpp"
#include "host/kafka/protocol/connect_group_member.hpp"
#include "host/runtime/worker.hpp"
#include "host/storage/config_backing_store.hpp"
#include "host/storage/status_backing_store.hpp"

namespace kc::host::distributed {

// DistributedConfig's herder settings.
struct DistributedHerderConfig {
    ConnectProtocolCompatibility protocol = ConnectProtocolCompatibility::Sessioned;
    std::chrono::milliseconds scheduled_rebalance_max_delay{300000};
    std::chrono::milliseconds worker_sync_timeout{3000};
    std::chrono::milliseconds worker_unsync_backoff{300000};
    std::string key_generation_algorithm = "HmacSHA256";
    std::optional<int> key_size_bits;
    std::chrono::milliseconds key_ttl{3600000};
    std::string signature_algorithm = "HmacSHA256";
    std::vector<std::string> verification_algorithms{"HmacSHA256"};
    // How long a REST call waits for the tick thread (Java: 90 s).
    std::chrono::milliseconds request_timeout{90000};
};

// Reads and checks the distributed keys of a worker config; throws
// config::ConfigError naming the key.
DistributedHerderConfig distributed_herder_config(const config::WorkerConfig& worker);

class DistributedHerder : public WorkerHerder,
                          public InternalEndpoints,
                          private kafka::protocol::GroupMemberListener,
                          private storage::ConfigUpdateListener,
                          private StatusSink {
  public:
    // The stores and the worker must outlive the herder. The stores are
    // started by start().
    DistributedHerder(runtime::Worker& worker, DistributedHerderConfig config,
                      kafka::protocol::GroupMemberConfig group,
                      storage::ConfigBackingStore& config_store,
                      storage::StatusBackingStore& status_store);
    ~DistributedHerder() override;

    // Starts the stores and the tick thread. `advertised_url` is this
    // worker's REST URL as the others reach it ("http://host:port/").
    void start(const std::string& advertised_url);
    // Leaves the group at once, stops everything this worker runs and the
    // tick thread. Idempotent.
    void stop();

    std::vector<std::string> connectors() override;
    ConnectorInfo connectorInfo(const std::string& name) override;
    config::ConfigMap connectorConfig(const std::string& name) override;
    PutConnectorResult putConnectorConfig(const std::string& name, const config::ConfigMap& config,
                                          bool allowReplace,
                                          std::optional<TargetState> initialState) override;
    ConnectorInfo patchConnectorConfig(const std::string& name, const ConfigPatch& patch) override;
    void deleteConnector(const std::string& name) override;
    ConnectorStateInfo connectorStatus(const std::string& name) override;
    std::vector<TaskInfo> taskConfigs(const std::string& name) override;
    TaskState taskStatus(const ConnectorTaskId& id) override;
    void pauseConnector(const std::string& name) override;
    void resumeConnector(const std::string& name) override;
    void stopConnector(const std::string& name) override;
    std::optional<ConnectorStateInfo> restartConnector(const std::string& name, bool includeTasks,
                                                       bool onlyFailed) override;
    void restartTask(const ConnectorTaskId& id) override;
    std::vector<std::string> connectorActiveTopics(const std::string& name) override;
    void resetConnectorActiveTopics(const std::string& name) override;
    std::vector<ConnectorOffset> connectorOffsets(const std::string& name) override;
    WorkerHealth health() override;
    bool setClusterLoggerLevel(const std::string& ns, const std::string& level) override;
    void setLoggerLevelApplier(LoggerLevelApplier apply) override;
    void putTaskConfigs(const std::string& name, const std::vector<config::ConfigMap>& configs,
                        const InternalRequestSignature& signature) override;

  private:
    using Clock = std::chrono::steady_clock;

    // ---- the tick thread ----
    void run();
    void tick();
    // Java handleRebalanceCompleted: false when this worker must rejoin first.
    bool handle_rebalance_completed();
    void start_work();
    void process_config_updates();
    void process_restart_requests();
    void rotate_session_key_if_due();
    // On the leader (Java's updateDeletedConnectorStatus/TaskStatus): tombstones
    // for the statuses of deleted connectors and of tasks beyond a connector's
    // task count.
    void remove_deleted_statuses();
    // (Re)starts a connector this worker runs, per its target state; its task
    // configs follow when it has generated them.
    void start_local_connector(const std::string& name);
    // Task configs a local connector generated: when they differ from the
    // committed ones, written (leader) or sent to the leader.
    void apply_task_configs(const std::string& connector,
                            const std::vector<config::ConfigMap>& fresh);
    // KIP-875: the leader checks the connector is STOPPED.
    std::string with_stopped_connector(const std::string& name,
                                       const OffsetChange& change) override;
    // Generates the connector's task configs again after a short backoff.
    void retry_task_configs_later(const std::string& connector);
    void send_task_configs_to_leader(const std::string& connector,
                                     const std::vector<config::ConfigMap>& configs);
    void stop_everything();
    bool is_leader() const;
    std::optional<std::string> leader_url() const;
    // 409 while a rebalance is needed (Java checkRebalanceNeeded).
    void check_rebalance_needed() const;
    // Throws RequestTargetError naming the leader when this worker is not it.
    void require_leader(const std::string& what) const;
    std::vector<ConnectorTaskId> assigned_tasks_of(const std::string& connector) const;
    // On the leader: the REST URL of the member that runs what `owns` picks.
    std::optional<std::string> owner_url(
        const std::function<bool(const ConnectorsAndTasks&)>& owns) const;

    // ---- requests from REST threads ----
    // Runs `fn` on the tick thread and returns its result, rethrowing its
    // exception; 500 "Request timed out" after config_.request_timeout.
    template <typename T>
    T submit(std::function<T()> fn);

    // ---- GroupMemberListener (tick thread) ----
    void on_join_prepare(std::int32_t generation, const std::string& member_id) override;
    std::vector<kafka::protocol::GroupProtocol> join_protocols() override;
    std::map<std::string, std::string> perform_assignment(
        const std::string& leader_id, const std::string& protocol,
        const std::vector<kafka::protocol::JoinGroupMember>& members) override;
    void on_assigned(const std::string& assignment, std::int32_t generation,
                     const std::string& member_id, const std::string& protocol) override;
    void on_lost(const std::string& reason) override;

    // ---- ConfigUpdateListener (config reader thread) ----
    void on_connector_config_update(const std::string& connector) override;
    void on_connector_config_remove(const std::string& connector) override;
    void on_task_config_update(const std::string& connector,
                               const std::vector<ConnectorTaskId>& tasks) override;
    void on_target_state_change(const std::string& connector) override;
    void on_session_key_update(const cluster::SessionKey& key) override;
    void on_restart_request(const storage::RestartRequest& request) override;
    void on_logging_level_update(const std::string& ns, const std::string& level) override;

    // ---- StatusSink (any thread) ----
    void connector_state(const std::string& connector, ConnectState state,
                         const std::string& trace) override;
    void task_state(const ConnectorTaskId& id, ConnectState state,
                    const std::string& trace) override;

    const DistributedHerderConfig config_;
    storage::ConfigBackingStore& config_store_;
    storage::StatusBackingStore& status_store_;
    std::unique_ptr<kafka::protocol::ConnectGroupMember> member_;
    std::unique_ptr<AssignedWork> work_;
    IncrementalCooperativeAssignor assignor_;
    std::string url_;
    std::string worker_id_;

    // Tick thread only.
    storage::ClusterConfigState config_state_;
    std::optional<ConnectAssignment> assignment_;  // the last one received, merged
    ConnectorsAndTasks running_;                   // what this worker runs now
    std::int32_t generation_ = -1;
    std::int32_t last_completed_generation_ = -1;
    bool rebalance_resolved_ = true;
    Clock::time_point scheduled_rebalance_ = Clock::time_point::max();
    std::map<std::string, ConnectorsAndTasks> leader_owned_;  // the leader's view of who runs what
    std::map<std::string, std::string> member_urls_;          // member id -> its REST URL
    // The raw config each local connector was last started with.
    std::map<std::string, config::ConfigMap> started_configs_;
    // Connectors whose task configs are to be generated and sent again, when.
    std::map<std::string, Clock::time_point> task_config_retries_;

    // Shared with other threads, under mutex_.
    mutable std::mutex mutex_;
    std::deque<std::function<void()>> requests_;
    std::set<std::string> connector_config_updates_;
    std::set<std::string> task_config_updates_;
    std::set<std::string> target_state_changes_;
    std::set<std::string> reconfigure_requests_;
    std::map<std::string, std::vector<config::ConfigMap>> generated_task_configs_;
    std::vector<storage::RestartRequest> restart_requests_;
    std::optional<cluster::SessionKey> session_key_;
    bool needs_reconfig_rebalance_ = false;
    bool joined_ = false;  // a rebalance has completed since start
    bool stopping_ = false;
    std::atomic<std::int32_t> generation_for_status_{-1};
    // Applies cluster-wide logger levels read from the config topic; its own
    // lock, so that applying never waits on the herder.
    std::mutex logger_applier_mutex_;
    LoggerLevelApplier logger_applier_;
    // Mirrors of tick-thread state for REST threads.
    std::optional<std::string> leader_url_snapshot_;
    bool leader_snapshot_ = false;
    std::thread thread_;
};

}  // namespace kc::host::distributed
