// A thread of its own for the lifecycle calls of one plugin instance
// (Connector initialize/start/taskConfigs/stop, and what the worker does
// around them), run one at a time in the order posted. A plugin may block in
// any call (a JDBC source whose database accepts connections and never
// answers), so nobody waits on this thread without a deadline: a caller that
// gives up abandons the thread, which is detached and never joined. What its
// calls captured (shared pointers only) stays alive until the plugin returns,
// or leaks, knowingly, if it never does.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace kc::host::runtime {

using Clock = std::chrono::steady_clock;

// The outcome of one posted call, shared by the poster and the thread.
class CallResult {
  public:
    // A result with nothing to wait for.
    static std::shared_ptr<CallResult> completed();

    // True once the call has returned (or was dropped: the thread closed).
    bool wait_until(Clock::time_point deadline);
    bool done() const;

    // For the call itself: how long from now its waiters should allow it.
    // A call of several stages (tasks, then the connector) moves its own
    // deadline as it goes; until it does, waiters use their own.
    void set_deadline(Clock::time_point deadline);

  private:
    friend class PluginCallThread;
    void finish();

    mutable std::mutex mutex_;
    std::condition_variable cv_;
    bool done_ = false;
    std::optional<Clock::time_point> deadline_;
};

class PluginCallThread {
  public:
    // `name` names the thread in logs ("connector <c>").
    explicit PluginCallThread(std::string name);
    // Closes the queue and lets the thread finish on its own (detached).
    ~PluginCallThread();
    PluginCallThread(const PluginCallThread&) = delete;
    PluginCallThread& operator=(const PluginCallThread&) = delete;

    // Queues `call` (which must own what it uses); returns at once. After
    // close() the call is dropped and its result is done at once.
    std::shared_ptr<CallResult> post(std::function<void(CallResult&)> call);

    // Stops taking calls; those queued still run.
    void close();
    // close(), then waits for the queue to drain until `deadline` (moved by a
    // running call's set_deadline). True when the thread has finished and was
    // joined; false when it was abandoned.
    bool finish(Clock::time_point deadline);

  private:
    struct Queue;
    std::shared_ptr<Queue> queue_;
    std::thread thread_;
};

}  // namespace kc::host::runtime
