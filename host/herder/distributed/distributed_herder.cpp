#include "host/herder/distributed/distributed_herder.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "host/cluster/internal_request_signature.hpp"
#include "host/cluster/rest_client.hpp"
#include "host/config/config_error.hpp"
#include "host/herder/distributed/eager_assignor.hpp"
#include "host/herder/distributed/leader_assignment.hpp"
#include "host/herder/distributed/member_assignment.hpp"
#include "host/herder/plugin_listing.hpp"
#include "host/runtime/connector_offsets.hpp"

namespace kc::host::distributed {
namespace {

using namespace std::chrono_literals;

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string task_configs_json(const std::vector<config::ConfigMap>& configs) {
    rapidjson::StringBuffer out;
    rapidjson::Writer<rapidjson::StringBuffer> w(out);
    w.StartArray();
    for (const auto& c : configs) {
        w.StartObject();
        for (const auto& [k, v] : c) {
            w.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
            w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
        }
        w.EndObject();
    }
    w.EndArray();
    return std::string(out.GetString(), out.GetSize());
}

bool contains(const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}
bool contains(const std::vector<ConnectorTaskId>& v, const ConnectorTaskId& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

// Java compares configs as Maps: the order of their keys does not matter (a
// Java worker writes them in HashMap order).
bool same_config(const config::ConfigMap& a, const config::ConfigMap& b) {
    return std::map<std::string, std::string>(a.begin(), a.end()) ==
           std::map<std::string, std::string>(b.begin(), b.end());
}

bool same_configs(const std::vector<config::ConfigMap>& a,
                  const std::vector<config::ConfigMap>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!same_config(a[i], b[i])) return false;
    return true;
}

AssignmentConfigSnapshot assignment_snapshot(const storage::ClusterConfigState& state) {
    AssignmentConfigSnapshot s;
    s.offset = state.offset;
    for (const auto& name : state.connectors())
        s.task_counts[name] = state.task_count(name);
    s.inconsistent = state.inconsistent_connectors;
    return s;
}

}  // namespace

DistributedHerderConfig distributed_herder_config(const config::WorkerConfig& worker) {
    DistributedHerderConfig c;
    const std::string protocol = *worker.get_string("connect.protocol");
    auto mode = parse_compatibility(protocol);
    if (!mode)
        throw config::ConfigError("Invalid value " + protocol +
                                  " for configuration connect.protocol: String must be one of: "
                                  "eager, compatible, sessioned");
    c.protocol = *mode;
    const std::string eos = *worker.get_string("exactly.once.source.support");
    if (eos != "disabled")
        throw config::ConfigError(
            "exactly.once.source.support=" + eos +
            " is not supported by this worker yet: only 'disabled' is; remove the setting or set "
            "it to disabled");
    c.scheduled_rebalance_max_delay =
        std::chrono::milliseconds(worker.get_long("scheduled.rebalance.max.delay.ms"));
    c.worker_sync_timeout = std::chrono::milliseconds(worker.get_long("worker.sync.timeout.ms"));
    c.worker_unsync_backoff =
        std::chrono::milliseconds(worker.get_long("worker.unsync.backoff.ms"));
    c.key_generation_algorithm = *worker.get_string("inter.worker.key.generation.algorithm");
    c.signature_algorithm = *worker.get_string("inter.worker.signature.algorithm");
    c.verification_algorithms = worker.get_list("inter.worker.verification.algorithms");
    c.key_ttl = std::chrono::milliseconds(worker.get_long("inter.worker.key.ttl.ms"));
    if (auto size = worker.get_string("inter.worker.key.size"))
        c.key_size_bits = static_cast<int>(config::parse_long("inter.worker.key.size", *size));
    for (const auto& [key, value] :
         {std::pair<const char*, const std::string&>{"inter.worker.key.generation.algorithm",
                                                     c.key_generation_algorithm},
          {"inter.worker.signature.algorithm", c.signature_algorithm}})
        if (!cluster::is_supported_mac_algorithm(value))
            throw config::ConfigError("Invalid value " + value + " for configuration " + key +
                                      ": unsupported algorithm (HmacSHA1, HmacSHA224, HmacSHA256, "
                                      "HmacSHA384 and HmacSHA512 are)");
    if (!contains(c.verification_algorithms, c.signature_algorithm))
        throw config::ConfigError(
            "Invalid value " + c.signature_algorithm +
            " for configuration inter.worker.signature.algorithm: Signature algorithm must be "
            "present in inter.worker.verification.algorithms list");
    return c;
}

DistributedHerder::DistributedHerder(runtime::Worker& worker, DistributedHerderConfig config,
                                     kafka::protocol::GroupMemberConfig group,
                                     storage::ConfigBackingStore& config_store,
                                     storage::StatusBackingStore& status_store)
    : WorkerHerder(worker),
      config_(std::move(config)),
      config_store_(config_store),
      status_store_(status_store),
      assignor_(static_cast<std::int32_t>(config_.scheduled_rebalance_max_delay.count())) {
    kafka::protocol::GroupMemberListener& listener = *this;
    StatusSink& sink = *this;
    // Java's WorkerGroupMember reports its connections as connect-metrics.
    group.connection.network =
        worker_.metrics().add_network("connect-metrics", group.connection.client_id);
    member_ = std::make_unique<kafka::protocol::ConnectGroupMember>(std::move(group), listener);
    work_ = std::make_unique<AssignedWork>(
        worker_, sink,
        [this](const std::string& connector, std::vector<config::ConfigMap> configs) {
            {
                std::lock_guard lock(mutex_);
                generated_task_configs_[connector] = std::move(configs);
            }
            member_->wakeup();
        },
        [this](const std::string& connector) {
            {
                std::lock_guard lock(mutex_);
                reconfigure_requests_.insert(connector);
            }
            member_->wakeup();
        });
}

DistributedHerder::~DistributedHerder() {
    stop();
}

void DistributedHerder::start(const std::string& advertised_url) {
    url_ = advertised_url;
    worker_id_ = worker_id_from_url(advertised_url);
    config_store_.set_update_listener(this);
    config_store_.start();
    status_store_.start();
    config_state_ = config_store_.snapshot();
    {
        std::lock_guard lock(mutex_);
        session_key_ = config_state_.session_key;
    }
    spdlog::info("Distributed herder started: config offset {}, {} connector(s) configured",
                 config_state_.offset, config_state_.connector_configs.size());
    thread_ = std::thread([this] { run(); });
}

void DistributedHerder::stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        stopping_ = true;
    }
    if (member_) member_->wakeup();
    if (thread_.joinable()) thread_.join();
    config_store_.set_update_listener(nullptr);
    status_store_.stop();
    config_store_.stop();
}

// ---- the tick thread --------------------------------------------------------------

void DistributedHerder::run() {
    spdlog::info("Herder thread started; joining group as {}", url_);
    while (true) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) break;
        }
        try {
            tick();
        } catch (const kafka::protocol::GroupError& e) {
            spdlog::error("The Connect group refused this worker: {}; retrying in 5 s", e.what());
            std::this_thread::sleep_for(5s);
        } catch (const std::exception& e) {
            spdlog::error("Unexpected error in the herder's tick: {}", e.what());
            std::this_thread::sleep_for(200ms);
        }
    }
    spdlog::info("Herder stopping: leaving the group");
    // Leave first, so the group rebalances our work elsewhere while we stop it.
    try {
        member_->leave("the worker is shutting down", 5s);
    } catch (const std::exception& e) {
        spdlog::warn("LeaveGroup failed: {}", e.what());
    }
    stop_everything();
    // Requests still queued get an answer rather than a 90 s wait.
    std::deque<std::function<void()>> left;
    {
        std::lock_guard lock(mutex_);
        left.swap(requests_);
    }
    for (auto& r : left)
        r();
    spdlog::info("Herder stopped");
}

void DistributedHerder::tick() {
    bool rejoin = false;
    {
        std::lock_guard lock(mutex_);
        rejoin = needs_reconfig_rebalance_;
        needs_reconfig_rebalance_ = false;
    }
    if (rejoin) member_->request_rejoin("connectors or task configs changed");

    auto timeout = std::chrono::milliseconds(1000);
    const auto now = Clock::now();
    if (scheduled_rebalance_ != Clock::time_point::max())
        timeout =
            std::min(timeout, std::max(0ms, std::chrono::duration_cast<std::chrono::milliseconds>(
                                                scheduled_rebalance_ - now)));
    for (auto it = task_config_retries_.begin(); it != task_config_retries_.end();) {
        if (it->second <= now) {
            std::lock_guard lock(mutex_);
            reconfigure_requests_.insert(it->first);
            it = task_config_retries_.erase(it);
        } else {
            timeout = std::min(
                timeout, std::chrono::duration_cast<std::chrono::milliseconds>(it->second - now));
            ++it;
        }
    }
    // Queued work runs only between rebalances: polling without a wait while
    // one is under way would spin the tick thread.
    if (member_->is_stable() && rebalance_resolved_) {
        std::lock_guard lock(mutex_);
        if (!requests_.empty() || !reconfigure_requests_.empty() ||
            !generated_task_configs_.empty())
            timeout = 0ms;
    }
    member_->poll(timeout);
    if (!member_->is_stable() || !handle_rebalance_completed()) return;

    rotate_session_key_if_due();

    std::deque<std::function<void()>> requests;
    {
        std::lock_guard lock(mutex_);
        requests.swap(requests_);
    }
    for (auto& r : requests)
        r();

    process_config_updates();
    process_restart_requests();

    std::set<std::string> reconfigure;
    {
        std::lock_guard lock(mutex_);
        reconfigure.swap(reconfigure_requests_);
    }
    for (const auto& c : reconfigure)
        work_->generate_task_configs(c);
    std::map<std::string, std::vector<config::ConfigMap>> generated;
    {
        std::lock_guard lock(mutex_);
        generated.swap(generated_task_configs_);
    }
    for (auto& [connector, configs] : generated)
        if (work_->runs_connector(connector)) apply_task_configs(connector, configs);
}

bool DistributedHerder::handle_rebalance_completed() {
    if (rebalance_resolved_) return true;
    if (!assignment_) return false;
    bool needs_read = false;
    bool needs_rejoin = false;
    if (assignment_->failed()) {
        needs_rejoin = true;
        needs_read = is_leader() || config_state_.offset < assignment_->config_offset;
        spdlog::warn("Join group completed, but the assignment failed (config mismatch){}",
                     needs_read ? "; reading the config topic to its end" : "");
    } else if (config_state_.offset < assignment_->config_offset) {
        spdlog::warn("Catching up to the assignment's config offset {}",
                     assignment_->config_offset);
        needs_read = true;
    }
    if (scheduled_rebalance_ <= Clock::now()) {
        needs_rejoin = true;
        scheduled_rebalance_ = Clock::time_point::max();
    }
    if (needs_read) {
        try {
            config_store_.refresh(config_.worker_sync_timeout);
            config_state_ = config_store_.snapshot();
        } catch (const std::exception& e) {
            spdlog::warn(
                "Did not reach the end of the config topic within {} ms: {}; leaving "
                "the group and backing off",
                config_.worker_sync_timeout.count(), e.what());
            member_->leave("taking too long to read the config topic", 5s);
            std::this_thread::sleep_for(
                std::min<std::chrono::milliseconds>(config_.worker_unsync_backoff, 5s));
            needs_rejoin = true;
        }
    }
    if (needs_rejoin) {
        member_->request_rejoin("the assignment needs a new round");
        return false;
    }
    if (config_state_.offset != assignment_->config_offset) {
        spdlog::info(
            "Current config offset {} does not match the group assignment's {}; "
            "forcing a rebalance",
            config_state_.offset, assignment_->config_offset);
        member_->request_rejoin("config offset mismatch");
        return false;
    }
    start_work();
    if (is_leader()) remove_deleted_statuses();
    rebalance_resolved_ = true;
    last_completed_generation_ = generation_;
    {
        std::lock_guard lock(mutex_);
        joined_ = true;
    }
    if (!assignment_->revoked.empty()) {
        assignment_->revoked = {};
        member_->request_rejoin("revocations completed");
        return false;
    }
    return true;
}

void DistributedHerder::start_work() {
    spdlog::info("Starting connectors and tasks using config offset {}",
                 assignment_->config_offset);
    for (const auto& name : assignment_->assigned.connectors) {
        if (work_->runs_connector(name) || !config_state_.contains(name)) continue;
        start_local_connector(name);
    }
    for (const auto& id : assignment_->assigned.tasks) {
        if (work_->runs_task(id)) continue;
        const config::ConfigMap* task = config_state_.raw_task_config(id);
        const config::ConfigMap* connector = config_state_.raw_connector_config(id.connector);
        if (!task || !connector) continue;
        work_->start_task(id, *connector, *task,
                          config_state_.target_state(id.connector).value_or(TargetState::Started));
    }
    running_ = assignment_->assigned;
    spdlog::info("Finished starting connectors and tasks");
}

void DistributedHerder::process_config_updates() {
    std::set<std::string> connector_updates, task_updates, target_changes;
    {
        std::lock_guard lock(mutex_);
        connector_updates.swap(connector_config_updates_);
        task_updates.swap(task_config_updates_);
        target_changes.swap(target_state_changes_);
    }
    if (connector_updates.empty() && task_updates.empty() && target_changes.empty()) return;
    config_state_ = config_store_.snapshot();
    // A deleted connector may have been revoked by a rebalance before this
    // update is seen, so its owner cannot be relied on to clear its status.
    if (is_leader()) remove_deleted_statuses();

    for (const auto& name : connector_updates) {
        if (!work_->runs_connector(name)) continue;
        // A follower that started the connector after catching up to the
        // assignment then reads the same record again as an update.
        const config::ConfigMap* now_config = config_state_.raw_connector_config(name);
        auto started = started_configs_.find(name);
        if (now_config && started != started_configs_.end() &&
            same_config(*now_config, started->second))
            continue;
        work_->stop_connector(name);
        if (!config_state_.contains(name)) continue;
        start_local_connector(name);
    }
    // Tasks of connectors with new task configs stop now and start again
    // after the rebalance these updates trigger.
    for (const auto& name : task_updates) {
        auto local = work_->tasks_of(name);
        if (local.empty()) continue;
        spdlog::info("[{}] Task configs changed: stopping {} local task(s)", name, local.size());
        work_->stop_tasks(local);
        running_.tasks.erase(
            std::remove_if(running_.tasks.begin(), running_.tasks.end(),
                           [&](const ConnectorTaskId& id) { return id.connector == name; }),
            running_.tasks.end());
        if (assignment_)
            assignment_->assigned.tasks.erase(
                std::remove_if(assignment_->assigned.tasks.begin(),
                               assignment_->assigned.tasks.end(),
                               [&](const ConnectorTaskId& id) { return id.connector == name; }),
                assignment_->assigned.tasks.end());
    }
    for (const auto& name : target_changes) {
        if (connector_updates.count(name)) continue;
        const auto target = config_state_.target_state(name);
        if (!target || !config_state_.contains(name)) continue;
        if (*target == TargetState::Stopped) {
            // STOPPED shuts the connector and its tasks down on every worker.
            work_->stop_tasks(work_->tasks_of(name));
            if (work_->runs_connector(name))
                work_->start_connector(name, *config_state_.raw_connector_config(name), *target);
            continue;
        }
        const bool was_stopped = work_->runs_connector(name) &&
                                 status_store_.get(name).has_value() &&
                                 status_store_.get(name)->state == ConnectState::Stopped;
        if (was_stopped) {
            start_local_connector(name);
        } else {
            work_->set_target_state(name, *target);
        }
    }
}

void DistributedHerder::process_restart_requests() {
    std::vector<storage::RestartRequest> requests;
    {
        std::lock_guard lock(mutex_);
        requests.swap(restart_requests_);
    }
    for (const auto& r : requests) {
        if (!config_state_.contains(r.connector)) continue;
        const auto status = status_store_.get(r.connector);
        const bool connector_failed = status && status->state == ConnectState::Failed;
        if (work_->runs_connector(r.connector) && (!r.only_failed || connector_failed)) {
            status_store_.put(storage::ConnectorStatus{
                r.connector, ConnectState::Restarting, {}, worker_id_, generation_});
            start_local_connector(r.connector);
        }
        if (!r.include_tasks) continue;
        for (const auto& id : work_->tasks_of(r.connector)) {
            const auto ts = status_store_.get(id);
            if (r.only_failed && !(ts && ts->state == ConnectState::Failed)) continue;
            const config::ConfigMap* task = config_state_.raw_task_config(id);
            if (!task) continue;
            work_->start_task(
                id, *config_state_.raw_connector_config(r.connector), *task,
                config_state_.target_state(r.connector).value_or(TargetState::Started));
        }
    }
}

void DistributedHerder::rotate_session_key_if_due() {
    if (!is_leader() || config_.protocol != ConnectProtocolCompatibility::Sessioned) return;
    std::optional<cluster::SessionKey> key;
    {
        std::lock_guard lock(mutex_);
        key = session_key_;
    }
    const bool expired =
        !key || key->creation_timestamp_ms + config_.key_ttl.count() <= now_ms() ||
        key->algorithm != config_.key_generation_algorithm ||
        key->key.size() != cluster::generate_session_key(config_.key_generation_algorithm,
                                                         config_.key_size_bits, 0)
                               .key.size();
    if (!expired) return;
    spdlog::info("Writing a new session key to the config topic");
    cluster::SessionKey fresh = cluster::generate_session_key(config_.key_generation_algorithm,
                                                              config_.key_size_bits, now_ms());
    config_store_.put_session_key(fresh);
    std::lock_guard lock(mutex_);
    session_key_ = fresh;
}

void DistributedHerder::remove_deleted_statuses() {
    for (const auto& name : status_store_.connectors()) {
        const bool configured = config_state_.contains(name);
        if (!configured)
            status_store_.put(storage::ConnectorStatus{
                name, ConnectState::Destroyed, {}, worker_id_, generation_});
        const int count = configured ? config_state_.task_count(name) : 0;
        for (const auto& task : status_store_.get_all(name))
            if (task.id.task >= count)
                status_store_.put(storage::TaskStatus{
                    task.id, ConnectState::Destroyed, {}, worker_id_, generation_});
    }
}

void DistributedHerder::start_local_connector(const std::string& name) {
    const auto target = config_state_.target_state(name).value_or(TargetState::Started);
    const config::ConfigMap& config = *config_state_.raw_connector_config(name);
    started_configs_[name] = config;
    work_->start_connector(name, config, target);
}

void DistributedHerder::apply_task_configs(const std::string& connector,
                                           const std::vector<config::ConfigMap>& fresh) {
    std::vector<config::ConfigMap> current;
    for (const auto& id : config_state_.tasks(connector))
        if (const auto* c = config_state_.raw_task_config(id)) current.push_back(*c);
    const bool changed = !same_configs(fresh, current) || config_state_.inconsistent(connector) ||
                         config_state_.task_count(connector) != static_cast<int>(fresh.size());
    if (!changed) return;
    if (is_leader()) {
        spdlog::info("[{}] Writing {} task config(s)", connector, fresh.size());
        config_store_.put_task_configs(connector, fresh);
    } else {
        send_task_configs_to_leader(connector, fresh);
    }
}

void DistributedHerder::retry_task_configs_later(const std::string& connector) {
    // Java backs off 250 ms, doubling, up to a minute; one step is enough to
    // keep a worker without a leader or a key from spinning.
    task_config_retries_[connector] = Clock::now() + 250ms;
}

void DistributedHerder::send_task_configs_to_leader(const std::string& connector,
                                                    const std::vector<config::ConfigMap>& configs) {
    const auto leader = leader_url();
    if (!leader) {
        spdlog::warn("[{}] No leader known to send task configs to; will retry", connector);
        retry_task_configs_later(connector);
        return;
    }
    cluster::HttpRequest req;
    req.method = "POST";
    req.url = cluster::forward_url(*leader, "/connectors/" + connector + "/tasks", true, "");
    req.body = task_configs_json(configs);
    std::optional<cluster::SessionKey> key;
    {
        std::lock_guard lock(mutex_);
        key = session_key_;
    }
    if (config_.protocol == ConnectProtocolCompatibility::Sessioned) {
        if (!key) {
            spdlog::warn("[{}] No session key yet to sign the task configs with; will retry",
                         connector);
            retry_task_configs_later(connector);
            return;
        }
        req.headers.emplace_back(
            std::string(cluster::kSignatureHeader),
            cluster::sign_request(*key, *req.body, config_.signature_algorithm));
        req.headers.emplace_back(std::string(cluster::kSignatureAlgorithmHeader),
                                 config_.signature_algorithm);
    }
    // A request to a peer that may be gone: bounded well below the REST timeout.
    try {
        auto response = cluster::send_http_request(req, 10s);
        if (response.status >= 300)
            throw std::runtime_error("the leader answered " + std::to_string(response.status) +
                                     ": " + response.body);
        spdlog::info("[{}] Sent {} task config(s) to the leader", connector, configs.size());
    } catch (const std::exception& e) {
        spdlog::warn("[{}] Sending task configs to the leader at {} failed: {}; will retry",
                     connector, *leader, e.what());
        retry_task_configs_later(connector);
    }
}

void DistributedHerder::stop_everything() {
    work_->stop_all();
    running_ = {};
}

bool DistributedHerder::is_leader() const {
    return assignment_ && assignment_->leader == member_->member_id();
}

std::optional<std::string> DistributedHerder::leader_url() const {
    std::lock_guard lock(mutex_);
    return leader_url_snapshot_;
}

void DistributedHerder::check_rebalance_needed() const {
    std::lock_guard lock(mutex_);
    if (needs_reconfig_rebalance_ || !rebalance_resolved_)
        throw HerderError(409,
                          "Cannot complete request momentarily due to stale configuration "
                          "(typically caused by a concurrent config change)");
}

void DistributedHerder::require_leader(const std::string& what) const {
    if (is_leader()) return;
    throw RequestTargetError(what, leader_url());
}

std::optional<std::string> DistributedHerder::owner_url(
    const std::function<bool(const ConnectorsAndTasks&)>& owns) const {
    for (const auto& [member, owned] : leader_owned_)
        if (owns(owned)) {
            auto url = member_urls_.find(member);
            if (url != member_urls_.end()) return url->second;
        }
    return std::nullopt;
}

std::vector<ConnectorTaskId> DistributedHerder::assigned_tasks_of(
    const std::string& connector) const {
    std::vector<ConnectorTaskId> out;
    if (!assignment_) return out;
    for (const auto& id : assignment_->assigned.tasks)
        if (id.connector == connector) out.push_back(id);
    return out;
}

// ---- requests from REST threads ------------------------------------------------------

template <typename T>
T DistributedHerder::submit(std::function<T()> fn) {
    auto promise = std::make_shared<std::promise<T>>();
    auto future = promise->get_future();
    {
        std::lock_guard lock(mutex_);
        if (stopping_) throw HerderError(503, "The worker is shutting down");
        requests_.push_back([this, promise, fn = std::move(fn)] {
            bool stopping;
            {
                std::lock_guard lock(mutex_);
                stopping = stopping_;
            }
            if (stopping) {
                promise->set_exception(
                    std::make_exception_ptr(HerderError(503, "The worker is shutting down")));
                return;
            }
            try {
                if constexpr (std::is_void_v<T>) {
                    fn();
                    promise->set_value();
                } else {
                    promise->set_value(fn());
                }
            } catch (...) {
                promise->set_exception(std::current_exception());
            }
        });
    }
    member_->wakeup();
    if (future.wait_for(config_.request_timeout) != std::future_status::ready)
        throw HerderError(500, "Request timed out");
    return future.get();
}

std::vector<std::string> DistributedHerder::connectors() {
    return submit<std::vector<std::string>>([this] {
        check_rebalance_needed();
        return config_state_.connectors();
    });
}

ConnectorInfo DistributedHerder::connectorInfo(const std::string& name) {
    return submit<ConnectorInfo>([this, name] {
        check_rebalance_needed();
        const config::ConfigMap* config = config_state_.raw_connector_config(name);
        if (!config) throw HerderError(404, "Connector " + name + " not found");
        ConnectorInfo info;
        info.name = name;
        info.config = *config;
        info.tasks = config_state_.tasks(name);
        info.type = connector_type_of(worker_.registry(), *config);
        return info;
    });
}

config::ConfigMap DistributedHerder::connectorConfig(const std::string& name) {
    return submit<config::ConfigMap>([this, name] {
        const config::ConfigMap* config = config_state_.raw_connector_config(name);
        if (!config) throw HerderError(404, "Connector " + name + " not found");
        return *config;
    });
}

PutConnectorResult DistributedHerder::putConnectorConfig(const std::string& name,
                                                         const config::ConfigMap& config,
                                                         bool allowReplace,
                                                         std::optional<TargetState> initialState) {
    // Validation runs plugin code: on the calling thread, never the tick thread.
    const ConfigInfos infos = validator_.validate(config);
    if (infos.error_count > 0) throw HerderError(400, ConnectorValidator::invalid_message(infos));
    return submit<PutConnectorResult>([this, name, config, allowReplace, initialState] {
        require_leader("Only the leader can set connector configs.");
        const bool exists = config_state_.contains(name);
        if (exists && !allowReplace)
            throw HerderError(409, "Connector " + name + " already exists");
        config_store_.put_connector_config(
            name, config,
            exists ? std::nullopt
                   : std::optional<TargetState>(initialState.value_or(TargetState::Started)));
        config_state_ = config_store_.snapshot();
        PutConnectorResult result;
        result.created = !exists;
        result.info.name = name;
        result.info.config = config;
        result.info.tasks = config_state_.tasks(name);
        result.info.type = connector_type_of(worker_.registry(), config);
        return result;
    });
}

ConnectorInfo DistributedHerder::patchConnectorConfig(const std::string& name,
                                                      const ConfigPatch& patch) {
    config::ConfigMap merged = connectorConfig(name);
    for (const auto& [k, v] : patch) {
        if (v)
            merged.set(k, *v);
        else
            merged.erase(k);
    }
    return putConnectorConfig(name, merged, true, std::nullopt).info;
}

void DistributedHerder::deleteConnector(const std::string& name) {
    submit<void>([this, name] {
        require_leader("Only the leader can delete connector configs.");
        if (!config_state_.contains(name))
            throw HerderError(404, "Connector " + name + " not found");
        config_store_.remove_connector_config(name);
        config_state_ = config_store_.snapshot();
    });
}

ConnectorStateInfo DistributedHerder::connectorStatus(const std::string& name) {
    const auto status = status_store_.get(name);
    if (!status) throw HerderError(404, "No status found for connector " + name);
    ConnectorStateInfo info;
    info.name = name;
    info.connector.state = status->state;
    info.connector.worker_id = status->worker_id;
    info.connector.trace = status->trace;
    for (const auto& t : status_store_.get_all(name)) {
        TaskState ts;
        ts.id = t.id.task;
        ts.state = t.state;
        ts.worker_id = t.worker_id;
        ts.trace = t.trace;
        info.tasks.push_back(std::move(ts));
    }
    info.type = ConnectorType::Unknown;
    try {
        info.type = connector_type_of(worker_.registry(), connectorConfig(name));
    } catch (const HerderError&) {
    }
    return info;
}

std::vector<TaskInfo> DistributedHerder::taskConfigs(const std::string& name) {
    return submit<std::vector<TaskInfo>>([this, name] {
        check_rebalance_needed();
        if (!config_state_.contains(name))
            throw HerderError(404, "Connector " + name + " not found");
        std::vector<TaskInfo> out;
        for (int i = 0; i < config_state_.task_count(name); ++i) {
            ConnectorTaskId id{name, i};
            const config::ConfigMap* c = config_state_.raw_task_config(id);
            out.push_back(TaskInfo{id, c ? *c : config::ConfigMap{}});
        }
        return out;
    });
}

TaskState DistributedHerder::taskStatus(const ConnectorTaskId& id) {
    const auto status = status_store_.get(id);
    if (!status)
        throw HerderError(
            404, "No status found for task " + id.connector + "-" + std::to_string(id.task));
    TaskState ts;
    ts.id = id.task;
    ts.state = status->state;
    ts.worker_id = status->worker_id;
    ts.trace = status->trace;
    return ts;
}

void DistributedHerder::pauseConnector(const std::string& name) {
    // Any worker writes the target state (Java does not forward pause/resume).
    submit<void>([this, name] {
        if (!config_state_.contains(name))
            throw HerderError(404, "Connector " + name + " not found");
        config_store_.put_target_state(name, TargetState::Paused);
    });
}

void DistributedHerder::resumeConnector(const std::string& name) {
    submit<void>([this, name] {
        if (!config_state_.contains(name))
            throw HerderError(404, "Connector " + name + " not found");
        config_store_.put_target_state(name, TargetState::Started);
    });
}

void DistributedHerder::stopConnector(const std::string& name) {
    submit<void>([this, name] {
        require_leader("Only the leader can transition connectors to the STOPPED state.");
        if (!config_state_.contains(name))
            throw HerderError(404, "Connector " + name + " not found");
        // Java writes an empty task set first, then the target state.
        config_store_.remove_task_configs(name);
        config_store_.put_target_state(name, TargetState::Stopped);
        config_state_ = config_store_.snapshot();
    });
}

std::optional<ConnectorStateInfo> DistributedHerder::restartConnector(const std::string& name,
                                                                      bool includeTasks,
                                                                      bool onlyFailed) {
    if (!includeTasks && !onlyFailed) {
        submit<void>([this, name] {
            check_rebalance_needed();
            if (!config_state_.contains(name)) throw HerderError(404, "Unknown connector: " + name);
            if (work_->runs_connector(name)) {
                start_local_connector(name);
                return;
            }
            // The leader knows the owner and sends the caller there; a follower
            // sends it to the leader.
            if (is_leader()) {
                if (auto owner = owner_url([&](const ConnectorsAndTasks& owned) {
                        return contains(owned.connectors, name);
                    }))
                    throw RequestTargetError(
                        "Cannot restart connector since it is not assigned to this member", owner);
            }
            throw RequestTargetError(
                "Cannot restart connector since it is not assigned to this member", leader_url());
        });
        return std::nullopt;
    }
    submit<void>([this, name, includeTasks, onlyFailed] {
        check_rebalance_needed();
        require_leader("Only the leader can process restart requests.");
        if (!config_state_.contains(name)) throw HerderError(404, "Unknown connector: " + name);
        config_store_.put_restart_request(storage::RestartRequest{name, onlyFailed, includeTasks});
    });
    // The plan Java answers with: what will restart shows RESTARTING.
    ConnectorStateInfo status = connectorStatus(name);
    if (!onlyFailed || status.connector.state == ConnectState::Failed)
        status.connector.state = ConnectState::Restarting;
    if (includeTasks)
        for (auto& t : status.tasks)
            if (!onlyFailed || t.state == ConnectState::Failed) t.state = ConnectState::Restarting;
    return status;
}

void DistributedHerder::restartTask(const ConnectorTaskId& id) {
    submit<void>([this, id] {
        check_rebalance_needed();
        if (!config_state_.contains(id.connector))
            throw HerderError(404, "Unknown connector: " + id.connector);
        const config::ConfigMap* task = config_state_.raw_task_config(id);
        if (!task)
            throw HerderError(404, "Unknown task: " + id.connector + "-" + std::to_string(id.task));
        if (contains(assigned_tasks_of(id.connector), id)) {
            work_->start_task(
                id, *config_state_.raw_connector_config(id.connector), *task,
                config_state_.target_state(id.connector).value_or(TargetState::Started));
            return;
        }
        if (is_leader()) {
            if (auto owner = owner_url(
                    [&](const ConnectorsAndTasks& owned) { return contains(owned.tasks, id); }))
                throw RequestTargetError(
                    "Cannot restart task since it is not assigned to this member", owner);
        }
        throw RequestTargetError("Cannot restart task since it is not assigned to this member",
                                 leader_url());
    });
}

std::vector<std::string> DistributedHerder::connectorActiveTopics(const std::string& name) {
    if (!worker_.config().get_bool("topic.tracking.enable"))
        throw HerderError(403, "Topic tracking is disabled.");
    std::vector<std::string> topics;
    for (const auto& t : status_store_.topics(name))
        topics.push_back(t.topic);
    return topics;
}

void DistributedHerder::resetConnectorActiveTopics(const std::string& name) {
    if (!worker_.config().get_bool("topic.tracking.enable"))
        throw HerderError(403, "Topic tracking is disabled.");
    if (!worker_.config().get_bool("topic.tracking.allow.reset"))
        throw HerderError(403, "Topic tracking reset is disabled.");
    for (const auto& t : status_store_.topics(name))
        status_store_.delete_topic(name, t.topic);
}

std::vector<ConnectorOffset> DistributedHerder::connectorOffsets(const std::string& name) {
    // Offsets come from the offsets topic or the sink's consumer group: no
    // plugin code, so the REST thread reads them.
    return runtime::read_connector_offsets(worker_, name, connectorConfig(name));
}

std::string DistributedHerder::with_stopped_connector(const std::string& name,
                                                      const OffsetChange& change) {
    const config::ConfigMap config = submit<config::ConfigMap>([this, name] {
        require_leader("Only the leader can process external offsets modification requests");
        const config::ConfigMap* raw = config_state_.raw_connector_config(name);
        if (!raw) throw HerderError(404, "Connector " + name + " not found");
        if (config_state_.target_state(name) != TargetState::Stopped ||
            config_state_.task_count(name) != 0)
            throw HerderError(400, runtime::offsets_need_stopped_connector(name));
        return *raw;
    });
    // Connector.alterOffsets runs on the REST thread, never the tick thread.
    return change(config);
}

WorkerHealth DistributedHerder::health() {
    {
        std::lock_guard lock(mutex_);
        if (!joined_)
            return {"starting",
                    "Worker is still starting up: it has not joined the group and "
                    "read the config topic yet"};
    }
    try {
        submit<void>([] {});
    } catch (const HerderError&) {
        return {"unhealthy",
                "Worker was unable to handle this request and may be unable to "
                "handle other requests"};
    }
    return {"healthy", "Worker has completed startup and is ready to handle requests."};
}

void DistributedHerder::putTaskConfigs(const std::string& name,
                                       const std::vector<config::ConfigMap>& configs,
                                       const InternalRequestSignature& signature) {
    if (config_.protocol == ConnectProtocolCompatibility::Sessioned) {
        std::optional<cluster::SessionKey> key;
        {
            std::lock_guard lock(mutex_);
            key = session_key_;
        }
        if (auto rejection = cluster::verify_internal_request(
                signature.signature, signature.algorithm, signature.body, key ? &*key : nullptr,
                config_.verification_algorithms))
            throw HerderError(rejection->http_status, rejection->message);
    }
    submit<void>([this, name, configs] {
        require_leader("Only the leader may write task configurations.");
        if (!config_state_.contains(name))
            throw HerderError(404, "Connector " + name + " not found");
        config_store_.put_task_configs(name, configs);
        config_state_ = config_store_.snapshot();
    });
}

// ---- group membership (tick thread) -------------------------------------------------

void DistributedHerder::on_join_prepare(std::int32_t generation, const std::string& member_id) {
    spdlog::info("Rebalance started (generation {}, member {})", generation,
                 member_id.empty() ? "(new)" : member_id);
    worker_.metrics().rebalance_started();
    if (config_.protocol == ConnectProtocolCompatibility::Eager) {
        // Eager: everything stops before the group reassigns it.
        stop_everything();
        assignment_.reset();
    }
}

std::vector<kafka::protocol::GroupProtocol> DistributedHerder::join_protocols() {
    WorkerMetadata metadata;
    metadata.url = url_;
    metadata.config_offset = config_state_.offset;
    if (config_.protocol != ConnectProtocolCompatibility::Eager && assignment_ &&
        !assignment_->assigned.empty()) {
        ConnectAssignment allocation = *assignment_;
        allocation.revoked = {};
        allocation.delay_ms = 0;
        allocation.version = protocol_version(config_.protocol);
        metadata.allocation = allocation;
    }
    std::vector<kafka::protocol::GroupProtocol> out;
    for (auto& p : join_group_protocols(config_.protocol, metadata))
        out.push_back({std::move(p.name), std::move(p.metadata)});
    return out;
}

std::map<std::string, std::string> DistributedHerder::perform_assignment(
    const std::string& leader_id, const std::string& protocol,
    const std::vector<kafka::protocol::JoinGroupMember>& members) {
    std::vector<std::pair<std::string, std::string>> raw;
    for (const auto& m : members)
        raw.emplace_back(m.member_id, m.metadata);
    LeaderAssignmentRequest request;
    request.leader_id = leader_id;
    request.protocol = compatibility_from_protocol(protocol).value_or(config_.protocol);
    request.members = decode_member_metadata(raw);
    request.snapshot = assignment_snapshot(config_state_);
    request.refresh_snapshot = [this] {
        config_store_.refresh(config_.worker_sync_timeout);
        config_state_ = config_store_.snapshot();
        return assignment_snapshot(config_state_);
    };
    request.last_completed_generation = last_completed_generation_;
    request.current_generation = member_->generation();
    request.now_ms = now_ms();
    GroupAssignment result = request.protocol == ConnectProtocolCompatibility::Eager
                                 ? eager_assign(request)
                                 : assignor_.assign(request);
    leader_owned_ = result.owned;
    member_urls_.clear();
    for (const auto& [id, metadata] : request.members)
        member_urls_[id] = metadata.url;
    spdlog::info("As leader, assigned {} member(s) at config offset {}", result.assignments.size(),
                 request.snapshot.offset);
    return encode_group_assignment(result);
}

void DistributedHerder::on_assigned(const std::string& bytes, std::int32_t generation,
                                    const std::string& member_id, const std::string& protocol) {
    const ConnectAssignment received = decode_assignment(bytes);
    const auto mode = compatibility_from_protocol(protocol).value_or(config_.protocol);
    // Cooperative: revoked work stops now, before anything new starts.
    if (!received.revoked.empty()) {
        work_->stop_tasks(received.revoked.tasks);
        for (const auto& c : received.revoked.connectors)
            work_->stop_connector(c);
    }
    assignment_ = merge_assignment(assignment_, received, mode);
    generation_ = generation;
    generation_for_status_ = generation;
    rebalance_resolved_ = false;
    // connect-worker-rebalance-metrics and connect-coordinator-metrics.
    auto& metrics = worker_.metrics();
    metrics.set_protocol(protocol);
    metrics.rebalance_completed(received.leader_url, generation);
    metrics.set_assignment(assignment_->assigned.connectors.size(),
                           assignment_->assigned.tasks.size());
    scheduled_rebalance_ = received.delay_ms > 0
                               ? Clock::now() + std::chrono::milliseconds(received.delay_ms)
                               : Clock::time_point::max();
    {
        std::lock_guard lock(mutex_);
        leader_url_snapshot_ = received.leader_url.empty()
                                   ? std::nullopt
                                   : std::optional<std::string>(received.leader_url);
        leader_snapshot_ = received.leader == member_id;
    }
    spdlog::info(
        "Joined group at generation {} as {} ({}), leader {} at {}: {} connector(s), {} "
        "task(s) assigned, {} connector(s) and {} task(s) revoked, config offset {}{}",
        generation, member_id, leader_snapshot_ ? "leader" : "follower", received.leader,
        received.leader_url, received.assigned.connectors.size(), received.assigned.tasks.size(),
        received.revoked.connectors.size(), received.revoked.tasks.size(), received.config_offset,
        received.failed() ? " (assignment failed: config mismatch)" : "");
}

void DistributedHerder::on_lost(const std::string& reason) {
    spdlog::warn("Lost contact with the group coordinator ({}): stopping all work", reason);
    stop_everything();
    assignment_.reset();
    worker_.metrics().set_assignment(0, 0);
}

// ---- config topic events (reader thread) ---------------------------------------------

void DistributedHerder::on_connector_config_update(const std::string& connector) {
    {
        std::lock_guard lock(mutex_);
        connector_config_updates_.insert(connector);
        // A new connector needs a place in the group.
        needs_reconfig_rebalance_ = true;
    }
    member_->wakeup();
}

void DistributedHerder::on_connector_config_remove(const std::string& connector) {
    on_connector_config_update(connector);
}

void DistributedHerder::on_task_config_update(const std::string& connector,
                                              const std::vector<ConnectorTaskId>&) {
    {
        std::lock_guard lock(mutex_);
        task_config_updates_.insert(connector);
        needs_reconfig_rebalance_ = true;
    }
    member_->wakeup();
}

void DistributedHerder::on_target_state_change(const std::string& connector) {
    {
        std::lock_guard lock(mutex_);
        target_state_changes_.insert(connector);
    }
    member_->wakeup();
}

void DistributedHerder::on_session_key_update(const cluster::SessionKey& key) {
    std::lock_guard lock(mutex_);
    session_key_ = key;
}

void DistributedHerder::on_restart_request(const storage::RestartRequest& request) {
    {
        std::lock_guard lock(mutex_);
        restart_requests_.push_back(request);
    }
    member_->wakeup();
}

void DistributedHerder::on_logging_level_update(const std::string& ns, const std::string& level) {
    std::lock_guard lock(logger_applier_mutex_);
    if (!logger_applier_) return;
    spdlog::info("Setting level of namespace {} and children to {} (cluster scope)", ns, level);
    logger_applier_(ns, level);
}

bool DistributedHerder::setClusterLoggerLevel(const std::string& ns, const std::string& level) {
    // Any worker writes it, as Java's: a level is no cluster state the leader
    // must order, and every worker (this one too) applies it on reading it.
    config_store_.put_logger_level(ns, level);
    return true;
}

void DistributedHerder::setLoggerLevelApplier(LoggerLevelApplier apply) {
    std::lock_guard lock(logger_applier_mutex_);
    logger_applier_ = std::move(apply);
}

// ---- statuses (any thread) ---------------------------------------------------------

void DistributedHerder::connector_state(const std::string& connector, ConnectState state,
                                        const std::string& trace) {
    // A deleted connector's last reports (its stopping tasks) must not bring
    // back the status the leader has just removed.
    if (!config_store_.contains(connector)) return;
    storage::ConnectorStatus s{connector, state,
                               trace.empty() ? std::nullopt : std::optional<std::string>(trace),
                               worker_id_, generation_for_status_.load()};
    if (state == ConnectState::Unassigned || state == ConnectState::Failed)
        status_store_.put_safe(s);
    else
        status_store_.put(s);
}

void DistributedHerder::task_state(const ConnectorTaskId& id, ConnectState state,
                                   const std::string& trace) {
    if (!config_store_.contains(id.connector)) return;
    storage::TaskStatus s{id, state,
                          trace.empty() ? std::nullopt : std::optional<std::string>(trace),
                          worker_id_, generation_for_status_.load()};
    if (state == ConnectState::Unassigned || state == ConnectState::Failed)
        status_store_.put_safe(s);
    else
        status_store_.put(s);
}

}  // namespace kc::host::distributed
