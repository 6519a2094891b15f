// Membership of a Kafka group with protocol type "connect": the part of
// Java's WorkerGroupMember/AbstractCoordinator that talks to the group
// coordinator. librdkafka's consumer joins only "consumer" groups, so this is
// done here over raw Kafka protocol.
//
// Threads. poll() runs on the caller's thread (the distributed herder's tick
// thread) and every listener callback runs inside it. Heartbeats run on the
// member's own thread while the member is in a stable generation, so a herder
// busy between polls stays in the group. wakeup() and request_rejoin() may be
// called from any thread; leave() only when no poll() is running.
//
// Behaviour the librdkafka 2.0.2 mock cluster needs and real brokers
// tolerate: no heartbeats between the JoinGroup and SyncGroup responses (the
// mock answers REBALANCE_IN_PROGRESS there); SyncGroup INVALID_REQUEST or
// REBALANCE_IN_PROGRESS means "rejoin keeping the member id"; member ids are
// opaque strings (the mock uses heap addresses and may reuse them).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "host/kafka/protocol/broker_connection.hpp"
#include "host/kafka/protocol/group_codecs.hpp"
#include "host/kafka/protocol/group_member_config.hpp"
#include "host/kafka/protocol/waker.hpp"

namespace kc::host::kafka::protocol {

// The group refused this member for good (INCONSISTENT_GROUP_PROTOCOL,
// GROUP_AUTHORIZATION_FAILED, INVALID_SESSION_TIMEOUT, no common API
// version, failed authentication, ...). The message names the group, the
// request and the error.
class GroupError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// What the member asks of, and tells, its owner. Called on the poll() thread.
class GroupMemberListener {
  public:
    virtual ~GroupMemberListener() = default;

    // Before each rebalance this member takes part in (once per round, not
    // per JoinGroup retry). generation -1 and an empty id before the first.
    virtual void on_join_prepare(std::int32_t generation, const std::string& member_id) = 0;
    // The protocols to offer, most preferred first, with this member's
    // metadata for each; asked for every JoinGroup sent.
    virtual std::vector<GroupProtocol> join_protocols() = 0;
    // Only on the leader: every member's metadata for `protocol` (as the
    // coordinator hands it over) in, each member's assignment bytes out.
    // Members missing from the result get an empty assignment.
    virtual std::map<std::string, std::string> perform_assignment(
        const std::string& leader_id, const std::string& protocol,
        const std::vector<JoinGroupMember>& members) = 0;
    // This member's assignment for the generation just completed.
    virtual void on_assigned(const std::string& assignment, std::int32_t generation,
                             const std::string& member_id, const std::string& protocol) = 0;
    // The coordinator was out of reach for longer than the session timeout
    // while this member held an assignment: the group has most likely moved
    // on without it, so whatever it runs must stop. It rejoins afterwards.
    virtual void on_lost(const std::string& reason) = 0;
};

enum class PollResult {
    TimedOut,  // the timeout passed
    Woken,     // wakeup() was called
    Assigned,  // a rebalance completed; on_assigned was called
    Lost,      // on_lost was called
};

class ConnectGroupMember {
  public:
    ConnectGroupMember(GroupMemberConfig config, GroupMemberListener& listener);
    // Stops heartbeating without leaving: to the group this looks like a
    // crashed member, expired after the session timeout. Call leave() first
    // for a clean shutdown.
    ~ConnectGroupMember();
    ConnectGroupMember(const ConnectGroupMember&) = delete;
    ConnectGroupMember& operator=(const ConnectGroupMember&) = delete;

    // Works towards (and keeps) an active membership for up to `timeout`:
    // finds the coordinator, joins, leads the assignment when elected, syncs.
    // Returns early on wakeup(), on a completed rebalance and on a loss. A
    // JoinGroup or SyncGroup still pending when it returns stays pending and
    // the next poll() carries on with it. Throws GroupError (and whatever a
    // listener callback throws).
    PollResult poll(std::chrono::milliseconds timeout);
    // Makes a running (or the next) poll() return PollResult::Woken.
    void wakeup();
    // The next poll() starts a rebalance (after on_join_prepare).
    void request_rejoin(const std::string& reason);
    // Sends LeaveGroup (waiting at most `timeout` for the answer) and forgets
    // the member id; a later poll() joins as a new member.
    void leave(const std::string& reason, std::chrono::milliseconds timeout);

    std::string member_id() const;
    std::int32_t generation() const;
    // True between a completed SyncGroup and the next rebalance or loss.
    bool is_stable() const;

  private:
    enum class Phase { Unjoined, Joining, Syncing, Stable };

    // The steps of poll(); each returns a result when poll() must return.
    std::optional<PollResult> step(Deadline poll_deadline);
    bool ensure_coordinator(Deadline poll_deadline);
    void send_join();
    std::optional<PollResult> await_join(Deadline poll_deadline);
    void handle_join(const JoinGroupResponse& response);
    std::optional<PollResult> await_sync(Deadline poll_deadline);
    std::optional<PollResult> check_lost();
    // Waits on the waker until `until`; true when woken by wakeup().
    bool sleep_until(Deadline until);
    bool take_wakeup();
    // Forgets the coordinator (so poll() looks it up again) and starts the
    // clock of unreachability. Requires mutex_.
    void coordinator_lost_locked(const std::string& why);
    // A response from the coordinator: it is reachable. Requires mutex_.
    void contact_locked() { unreachable_since_.reset(); }
    void heartbeat_loop();
    // Sends one heartbeat and applies its outcome, unless the generation
    // moved on meanwhile. Called without mutex_.
    void heartbeat_once(std::unique_ptr<BrokerConnection>& connection, const BrokerAddress& to,
                        std::int32_t generation, const std::string& member_id);

    GroupMemberConfig config_;
    GroupMemberListener& listener_;
    Waker waker_;
    std::atomic<bool> wakeup_requested_{false};

    // poll() thread only.
    std::unique_ptr<BrokerConnection> coordinator_connection_;
    std::size_t next_bootstrap_ = 0;
    // Failed coordinator lookups in a row: the backoff doubles with each, up
    // to a second, and only the first of a streak is logged as a warning.
    int lookup_failures_ = 0;
    std::int32_t pending_correlation_id_ = 0;
    Deadline pending_deadline_{};
    std::int16_t pending_version_ = 0;
    bool needs_join_prepare_ = true;

    // Shared with the heartbeat thread.
    mutable std::mutex mutex_;
    std::condition_variable heartbeat_cv_;
    Phase phase_ = Phase::Unjoined;
    std::optional<BrokerAddress> coordinator_;
    std::string member_id_;
    std::int32_t generation_ = -1;
    std::string protocol_;
    bool rejoin_requested_ = false;
    bool holds_assignment_ = false;
    // Since when the coordinator has been out of reach (unset while it answers).
    std::optional<Clock::time_point> unreachable_since_;
    Clock::time_point last_heartbeat_sent_;
    bool stopping_ = false;
    // Cuts a heartbeat wait short at destruction.
    Waker heartbeat_waker_;
    std::thread heartbeat_thread_;
};

}  // namespace kc::host::kafka::protocol
