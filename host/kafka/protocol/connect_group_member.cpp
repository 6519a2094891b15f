#include "host/kafka/protocol/connect_group_member.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "host/kafka/protocol/find_coordinator.hpp"

namespace kc::host::kafka::protocol {
namespace {

// Java gives a JoinGroup the rebalance timeout plus this much to answer
// (AbstractCoordinator's JOIN_GROUP_TIMEOUT_LAPSE); a SyncGroup can be held
// as long, until the leader's arrives.
constexpr std::chrono::milliseconds kJoinTimeoutLapse{5000};
// Java's reconnect.backoff.max.ms default.
constexpr std::chrono::milliseconds kMaxLookupBackoff{1000};

std::string describe_error(const char* request, const std::string& group, std::int16_t code) {
    return std::string(request) + " for group '" + group + "' failed: " + error_name(code);
}

}  // namespace

ConnectGroupMember::ConnectGroupMember(GroupMemberConfig config, GroupMemberListener& listener)
    : config_(std::move(config)), listener_(listener) {
    if (config_.bootstrap_servers.empty())
        throw std::invalid_argument("the Connect group member needs bootstrap servers");
    if (config_.group_id.empty())
        throw std::invalid_argument("the Connect group member needs a group.id");
    heartbeat_thread_ = std::thread([this] { heartbeat_loop(); });
}

ConnectGroupMember::~ConnectGroupMember() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    heartbeat_waker_.wake();
    heartbeat_cv_.notify_all();
    heartbeat_thread_.join();
}

std::string ConnectGroupMember::member_id() const {
    std::lock_guard lock(mutex_);
    return member_id_;
}

std::int32_t ConnectGroupMember::generation() const {
    std::lock_guard lock(mutex_);
    return generation_;
}

bool ConnectGroupMember::is_stable() const {
    std::lock_guard lock(mutex_);
    return phase_ == Phase::Stable;
}

void ConnectGroupMember::wakeup() {
    wakeup_requested_ = true;
    waker_.wake();
}

void ConnectGroupMember::request_rejoin(const std::string& reason) {
    {
        std::lock_guard lock(mutex_);
        spdlog::info("group {}: rejoin requested: {}", config_.group_id, reason);
        rejoin_requested_ = true;
    }
    waker_.wake();
}

void ConnectGroupMember::coordinator_lost_locked(const std::string& why) {
    if (coordinator_)
        spdlog::warn("group {}: coordinator {} marked unknown: {}", config_.group_id,
                     coordinator_->to_string(), why);
    coordinator_.reset();
    if (!unreachable_since_) unreachable_since_ = Clock::now();
}

bool ConnectGroupMember::take_wakeup() {
    return wakeup_requested_.exchange(false);
}

bool ConnectGroupMember::sleep_until(Deadline until) {
    if (wait_fd(waker_.fd(), IoWait::Readable, until, nullptr) == WaitResult::Ready)
        waker_.consume();
    return wakeup_requested_.load();
}

PollResult ConnectGroupMember::poll(std::chrono::milliseconds timeout) {
    const Deadline deadline = Clock::now() + timeout;
    for (;;) {
        if (take_wakeup()) return PollResult::Woken;
        if (auto lost = check_lost()) return *lost;
        if (auto result = step(deadline)) return *result;
        if (Clock::now() >= deadline) return PollResult::TimedOut;
    }
}

std::optional<PollResult> ConnectGroupMember::check_lost() {
    std::string reason;
    {
        std::lock_guard lock(mutex_);
        if (!holds_assignment_ || !unreachable_since_ ||
            Clock::now() - *unreachable_since_ <= config_.session_timeout)
            return std::nullopt;
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() -
                                                                              *unreachable_since_)
                            .count();
        reason = "the group coordinator of '" + config_.group_id + "' has been unreachable for " +
                 std::to_string(ms) + " ms, longer than session.timeout.ms " +
                 std::to_string(config_.session_timeout.count());
        holds_assignment_ = false;
        needs_join_prepare_ = true;
        if (phase_ == Phase::Stable) phase_ = Phase::Unjoined;
    }
    spdlog::warn("group {}: {}", config_.group_id, reason);
    listener_.on_lost(reason);
    return PollResult::Lost;
}

std::optional<PollResult> ConnectGroupMember::step(Deadline poll_deadline) {
    if (!ensure_coordinator(poll_deadline)) return std::nullopt;
    Phase phase;
    {
        std::lock_guard lock(mutex_);
        if (phase_ == Phase::Stable && rejoin_requested_) phase_ = Phase::Unjoined;
        phase = phase_;
    }
    switch (phase) {
        case Phase::Unjoined:
            send_join();
            return std::nullopt;
        case Phase::Joining:
            return await_join(poll_deadline);
        case Phase::Syncing:
            return await_sync(poll_deadline);
        case Phase::Stable:
            break;
    }
    // Stable: nothing to do until woken (rejoin, coordinator trouble found
    // by the heartbeat thread, wakeup()) or until a loss would be due.
    Deadline until = poll_deadline;
    {
        std::lock_guard lock(mutex_);
        if (holds_assignment_ && unreachable_since_)
            until = std::min(until, *unreachable_since_ + config_.session_timeout +
                                        std::chrono::milliseconds(1));
    }
    sleep_until(until);
    return std::nullopt;
}

bool ConnectGroupMember::ensure_coordinator(Deadline poll_deadline) {
    std::optional<BrokerAddress> known;
    {
        std::lock_guard lock(mutex_);
        known = coordinator_;
    }
    if (known) {
        if (!coordinator_connection_ || !(coordinator_connection_->address() == *known))
            coordinator_connection_ =
                std::make_unique<BrokerConnection>(*known, config_.connection);
        return true;
    }
    // The coordinator is unknown: anything in flight to the old one is void.
    coordinator_connection_.reset();
    {
        std::lock_guard lock(mutex_);
        if (phase_ == Phase::Joining || phase_ == Phase::Syncing) phase_ = Phase::Unjoined;
    }
    const BrokerAddress& bootstrap =
        config_.bootstrap_servers[next_bootstrap_++ % config_.bootstrap_servers.size()];
    const auto backoff = [&] {
        const auto wait = std::min<std::chrono::milliseconds>(
            config_.retry_backoff * (1 << std::min(lookup_failures_, 10)), kMaxLookupBackoff);
        ++lookup_failures_;
        sleep_until(std::min(poll_deadline, Clock::now() + wait));
    };
    const auto log_failure = [&](const char* what, const char* detail) {
        const auto level = lookup_failures_ == 0 ? spdlog::level::warn : spdlog::level::debug;
        spdlog::log(level, "group {}: {} via {}: {}", config_.group_id, what, bootstrap.to_string(),
                    detail);
    };
    try {
        BrokerConnection connection(bootstrap, config_.connection);
        const Deadline deadline = Clock::now() + config_.request_timeout;
        const std::int16_t version =
            connection.version_for(ApiKey::FindCoordinator, find_coordinator_versions, deadline);
        const std::int32_t id = connection.send(
            ApiKey::FindCoordinator, version,
            encode_find_coordinator_request({config_.group_id, coordinator_type_group}, version),
            deadline);
        const auto body = connection.receive(id, deadline, &waker_);
        if (!body) {
            waker_.consume();
            return false;
        }
        const FindCoordinatorResponse response = decode_find_coordinator_response(*body, version);
        if (response.error_code != error_code::none) {
            switch (response.error_code) {
                case error_code::coordinator_not_available:
                case error_code::not_coordinator:
                case error_code::coordinator_load_in_progress:
                    spdlog::debug("group {}: FindCoordinator via {}: {}", config_.group_id,
                                  bootstrap.to_string(), error_name(response.error_code));
                    backoff();
                    return false;
                default:
                    throw GroupError(
                        describe_error("FindCoordinator", config_.group_id, response.error_code) +
                        (response.error_message ? " (" + *response.error_message + ")"
                                                : std::string()));
            }
        }
        if (response.host.empty() || response.port <= 0 || response.port > 65535)
            throw WireError("FindCoordinator named no usable coordinator address ('" +
                            response.host + "', port " + std::to_string(response.port) + ")");
        lookup_failures_ = 0;
        BrokerAddress found{response.host, response.port};
        spdlog::info("group {}: coordinator is broker {} at {}", config_.group_id, response.node_id,
                     found.to_string());
        coordinator_connection_ = std::make_unique<BrokerConnection>(found, config_.connection);
        {
            std::lock_guard lock(mutex_);
            coordinator_ = std::move(found);
        }
        heartbeat_cv_.notify_all();
        return true;
    } catch (const ConnectionError& e) {
        log_failure("looking up the coordinator", e.what());
    } catch (const WireError& e) {
        log_failure("bad FindCoordinator response", e.what());
    } catch (const ProtocolError& e) {
        throw GroupError("group '" + config_.group_id + "': " + e.what());
    }
    {
        std::lock_guard lock(mutex_);
        if (!unreachable_since_) unreachable_since_ = Clock::now();
    }
    backoff();
    return false;
}

void ConnectGroupMember::send_join() {
    if (needs_join_prepare_) {
        std::int32_t generation;
        std::string member_id;
        {
            std::lock_guard lock(mutex_);
            generation = generation_;
            member_id = member_id_;
        }
        listener_.on_join_prepare(generation, member_id);
        needs_join_prepare_ = false;
    }
    JoinGroupRequest request;
    request.group_id = config_.group_id;
    request.session_timeout_ms = static_cast<std::int32_t>(config_.session_timeout.count());
    request.rebalance_timeout_ms = static_cast<std::int32_t>(config_.rebalance_timeout.count());
    request.protocol_type = config_.protocol_type;
    request.protocols = listener_.join_protocols();
    if (request.protocols.empty())
        throw GroupError("group '" + config_.group_id + "': no protocol to offer in JoinGroup");
    {
        std::lock_guard lock(mutex_);
        request.member_id = member_id_;
    }
    try {
        const Deadline deadline = Clock::now() + config_.request_timeout;
        pending_version_ =
            coordinator_connection_->version_for(ApiKey::JoinGroup, join_group_versions, deadline);
        pending_correlation_id_ = coordinator_connection_->send(
            ApiKey::JoinGroup, pending_version_,
            encode_join_group_request(request, pending_version_), deadline);
        pending_deadline_ = Clock::now() + config_.rebalance_timeout + kJoinTimeoutLapse;
    } catch (const ConnectionError& e) {
        std::lock_guard lock(mutex_);
        coordinator_lost_locked(std::string("sending JoinGroup: ") + e.what());
        return;
    } catch (const ProtocolError& e) {
        throw GroupError("group '" + config_.group_id + "': " + e.what());
    }
    spdlog::info("group {}: joining as '{}' ({} protocols, first '{}')", config_.group_id,
                 request.member_id, request.protocols.size(), request.protocols.front().name);
    std::lock_guard lock(mutex_);
    phase_ = Phase::Joining;
    rejoin_requested_ = false;
}

std::optional<PollResult> ConnectGroupMember::await_join(Deadline poll_deadline) {
    std::optional<std::string> body;
    try {
        body = coordinator_connection_->await(pending_correlation_id_,
                                              std::min(poll_deadline, pending_deadline_), &waker_);
        if (!body) {
            if (Clock::now() >= pending_deadline_)
                throw ConnectionError("no JoinGroup response within the rebalance timeout");
            waker_.consume();
            return std::nullopt;
        }
        const JoinGroupResponse response = decode_join_group_response(*body, pending_version_);
        {
            std::lock_guard lock(mutex_);
            contact_locked();
        }
        handle_join(response);
    } catch (const ConnectionError& e) {
        coordinator_connection_.reset();
        std::lock_guard lock(mutex_);
        coordinator_lost_locked(std::string("awaiting JoinGroup: ") + e.what());
        phase_ = Phase::Unjoined;
    } catch (const WireError& e) {
        coordinator_connection_.reset();
        std::lock_guard lock(mutex_);
        coordinator_lost_locked(std::string("bad JoinGroup response: ") + e.what());
        phase_ = Phase::Unjoined;
    }
    return std::nullopt;
}

void ConnectGroupMember::handle_join(const JoinGroupResponse& response) {
    std::unique_lock lock(mutex_);
    phase_ = Phase::Unjoined;
    switch (response.error_code) {
        case error_code::none:
            break;
        case error_code::member_id_required:
            // Real brokers (2.2+, JoinGroup v4+) hand out the id first and
            // expect the same join again with it.
            member_id_ = response.member_id;
            return;
        case error_code::unknown_member_id:
            member_id_.clear();
            generation_ = -1;
            return;
        case error_code::illegal_generation:
            generation_ = -1;
            return;
        case error_code::not_coordinator:
        case error_code::coordinator_not_available:
            coordinator_lost_locked("JoinGroup: " + error_name(response.error_code));
            return;
        case error_code::coordinator_load_in_progress:
        case error_code::rebalance_in_progress:
            lock.unlock();
            sleep_until(Clock::now() + config_.retry_backoff);
            return;
        default:
            throw GroupError(describe_error("JoinGroup", config_.group_id, response.error_code));
    }
    member_id_ = response.member_id;
    generation_ = response.generation_id;
    protocol_ = response.protocol_name;
    lock.unlock();
    const bool leader = response.leader == response.member_id;
    spdlog::info("group {}: joined generation {} as '{}' ({}), protocol '{}'", config_.group_id,
                 response.generation_id, response.member_id, leader ? "leader" : "follower",
                 response.protocol_name);

    SyncGroupRequest sync;
    sync.group_id = config_.group_id;
    sync.generation_id = response.generation_id;
    sync.member_id = response.member_id;
    if (leader) {
        auto assignments =
            listener_.perform_assignment(response.leader, response.protocol_name, response.members);
        for (const JoinGroupMember& m : response.members) {
            auto it = assignments.find(m.member_id);
            sync.assignments.push_back(
                {m.member_id, it == assignments.end() ? std::string() : std::move(it->second)});
        }
        if (config_.leader_sync_delay.count() > 0)
            std::this_thread::sleep_for(config_.leader_sync_delay);
    }
    try {
        const Deadline deadline = Clock::now() + config_.request_timeout;
        pending_version_ =
            coordinator_connection_->version_for(ApiKey::SyncGroup, sync_group_versions, deadline);
        pending_correlation_id_ = coordinator_connection_->send(
            ApiKey::SyncGroup, pending_version_, encode_sync_group_request(sync, pending_version_),
            deadline);
        pending_deadline_ = Clock::now() + config_.rebalance_timeout + kJoinTimeoutLapse;
    } catch (const ProtocolError& e) {
        throw GroupError("group '" + config_.group_id + "': " + e.what());
    }
    lock.lock();
    phase_ = Phase::Syncing;
}

std::optional<PollResult> ConnectGroupMember::await_sync(Deadline poll_deadline) {
    SyncGroupResponse response;
    try {
        const auto body = coordinator_connection_->await(
            pending_correlation_id_, std::min(poll_deadline, pending_deadline_), &waker_);
        if (!body) {
            if (Clock::now() >= pending_deadline_)
                throw ConnectionError("no SyncGroup response within the rebalance timeout");
            waker_.consume();
            return std::nullopt;
        }
        response = decode_sync_group_response(*body, pending_version_);
    } catch (const ConnectionError& e) {
        coordinator_connection_.reset();
        std::lock_guard lock(mutex_);
        coordinator_lost_locked(std::string("awaiting SyncGroup: ") + e.what());
        phase_ = Phase::Unjoined;
        return std::nullopt;
    } catch (const WireError& e) {
        coordinator_connection_.reset();
        std::lock_guard lock(mutex_);
        coordinator_lost_locked(std::string("bad SyncGroup response: ") + e.what());
        phase_ = Phase::Unjoined;
        return std::nullopt;
    }
    std::int32_t generation;
    std::string member_id;
    std::string protocol;
    {
        std::lock_guard lock(mutex_);
        contact_locked();
        phase_ = Phase::Unjoined;
        switch (response.error_code) {
            case error_code::none:
                break;
            // The mock answers a follower whose SyncGroup comes after the
            // leader's with INVALID_REQUEST, and a sync cut short by a new
            // rebalance with REBALANCE_IN_PROGRESS: join again, same id.
            case error_code::invalid_request:
            case error_code::rebalance_in_progress:
                spdlog::info("group {}: SyncGroup answered {}, rejoining", config_.group_id,
                             error_name(response.error_code));
                return std::nullopt;
            case error_code::unknown_member_id:
                member_id_.clear();
                generation_ = -1;
                return std::nullopt;
            case error_code::illegal_generation:
                generation_ = -1;
                return std::nullopt;
            case error_code::not_coordinator:
            case error_code::coordinator_not_available:
                coordinator_lost_locked("SyncGroup: " + error_name(response.error_code));
                return std::nullopt;
            default:
                throw GroupError(
                    describe_error("SyncGroup", config_.group_id, response.error_code));
        }
        phase_ = Phase::Stable;
        holds_assignment_ = true;
        last_heartbeat_sent_ = Clock::now();
        generation = generation_;
        member_id = member_id_;
        protocol = protocol_;
    }
    heartbeat_cv_.notify_all();
    needs_join_prepare_ = true;
    spdlog::info("group {}: generation {} assigned ({} bytes)", config_.group_id, generation,
                 response.assignment.size());
    listener_.on_assigned(response.assignment, generation, member_id, protocol);
    return PollResult::Assigned;
}

void ConnectGroupMember::leave(const std::string& reason, std::chrono::milliseconds timeout) {
    std::string member_id;
    std::optional<BrokerAddress> coordinator;
    {
        std::lock_guard lock(mutex_);
        member_id = std::move(member_id_);
        member_id_.clear();
        generation_ = -1;
        phase_ = Phase::Unjoined;
        holds_assignment_ = false;
        rejoin_requested_ = false;
        coordinator = coordinator_;
    }
    needs_join_prepare_ = true;
    // A JoinGroup or SyncGroup in flight holds its connection (the mock
    // answers nothing else on it meanwhile): leave on a fresh one.
    coordinator_connection_.reset();
    if (member_id.empty() || !coordinator) return;
    spdlog::info("group {}: member '{}' leaving: {}", config_.group_id, member_id, reason);
    try {
        BrokerConnection connection(*coordinator, config_.connection);
        const Deadline deadline = Clock::now() + timeout;
        const std::int16_t version =
            connection.version_for(ApiKey::LeaveGroup, leave_group_versions, deadline);
        const auto response = decode_leave_group_response(
            connection.round_trip(
                ApiKey::LeaveGroup, version,
                encode_leave_group_request({config_.group_id, member_id}, version), deadline),
            version);
        if (response.error_code != error_code::none)
            spdlog::warn("group {}: {}", config_.group_id,
                         describe_error("LeaveGroup", config_.group_id, response.error_code));
    } catch (const std::exception& e) {
        // The group expires the member after the session timeout anyway.
        spdlog::warn("group {}: LeaveGroup failed: {}", config_.group_id, e.what());
    }
}

void ConnectGroupMember::heartbeat_loop() {
    std::unique_ptr<BrokerConnection> connection;
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        if (phase_ != Phase::Stable || !coordinator_) {
            heartbeat_cv_.wait(lock);
            continue;
        }
        const Deadline due = last_heartbeat_sent_ + config_.heartbeat_interval;
        if (Clock::now() < due) {
            heartbeat_cv_.wait_until(lock, due);
            continue;
        }
        last_heartbeat_sent_ = Clock::now();
        const BrokerAddress to = *coordinator_;
        const std::int32_t generation = generation_;
        const std::string member_id = member_id_;
        lock.unlock();
        heartbeat_once(connection, to, generation, member_id);
        lock.lock();
    }
}

void ConnectGroupMember::heartbeat_once(std::unique_ptr<BrokerConnection>& connection,
                                        const BrokerAddress& to, std::int32_t generation,
                                        const std::string& member_id) {
    std::optional<std::int16_t> error;
    std::string failure;
    try {
        if (!connection || !(connection->address() == to))
            connection = std::make_unique<BrokerConnection>(to, config_.connection);
        const Deadline deadline =
            Clock::now() + std::min(config_.request_timeout, config_.session_timeout);
        const std::int16_t version =
            connection->version_for(ApiKey::Heartbeat, heartbeat_versions, deadline);
        const std::int32_t id =
            connection->send(ApiKey::Heartbeat, version,
                             encode_heartbeat_request(
                                 {config_.group_id, generation, member_id, std::nullopt}, version),
                             deadline);
        const auto body = connection->receive(id, deadline, &heartbeat_waker_);
        if (!body) {  // woken for destruction
            connection->close();
            return;
        }
        error = decode_heartbeat_response(*body, version).error_code;
    } catch (const ConnectionError& e) {
        failure = std::string("heartbeat: ") + e.what();
    } catch (const WireError& e) {
        failure = std::string("bad heartbeat response: ") + e.what();
    } catch (const std::exception& e) {
        // ProtocolError, SecurityError: poll() meets them too on its next
        // connection and reports them; here they only stop this heartbeat.
        failure = std::string("heartbeat: ") + e.what();
    }
    if (!failure.empty()) connection.reset();

    bool wake_poll = true;
    {
        std::lock_guard lock(mutex_);
        // A response about a generation this member has left behind says
        // nothing about the current one.
        if (phase_ != Phase::Stable || generation_ != generation || member_id_ != member_id ||
            !coordinator_ || !(*coordinator_ == to))
            return;
        if (!error) {
            coordinator_lost_locked(failure);
        } else {
            contact_locked();
            switch (*error) {
                case error_code::none:
                    wake_poll = false;
                    break;
                case error_code::rebalance_in_progress:
                    spdlog::info("group {}: rebalance in progress, rejoining", config_.group_id);
                    rejoin_requested_ = true;
                    break;
                case error_code::unknown_member_id:
                    spdlog::info("group {}: member '{}' unknown to the coordinator, rejoining",
                                 config_.group_id, member_id);
                    member_id_.clear();
                    generation_ = -1;
                    rejoin_requested_ = true;
                    break;
                case error_code::illegal_generation:
                    spdlog::info("group {}: generation {} is over, rejoining", config_.group_id,
                                 generation);
                    generation_ = -1;
                    rejoin_requested_ = true;
                    break;
                case error_code::not_coordinator:
                case error_code::coordinator_not_available:
                    coordinator_lost_locked("heartbeat: " + error_name(*error));
                    break;
                default:
                    spdlog::warn("group {}: {}; rejoining", config_.group_id,
                                 describe_error("Heartbeat", config_.group_id, *error));
                    rejoin_requested_ = true;
            }
        }
    }
    if (wake_poll) waker_.wake();
}

}  // namespace kc::host::kafka::protocol
