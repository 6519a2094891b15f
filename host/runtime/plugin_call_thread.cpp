#include "host/runtime/plugin_call_thread.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <deque>
#include <exception>

namespace kc::host::runtime {

std::shared_ptr<CallResult> CallResult::completed() {
    auto result = std::make_shared<CallResult>();
    result->finish();
    return result;
}

bool CallResult::wait_until(Clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    while (!done_) {
        const Clock::time_point until = deadline_.value_or(deadline);
        if (cv_.wait_until(lock, until) == std::cv_status::timeout && !done_ &&
            Clock::now() >= deadline_.value_or(deadline))
            return false;
    }
    return true;
}

bool CallResult::done() const {
    std::lock_guard lock(mutex_);
    return done_;
}

void CallResult::set_deadline(Clock::time_point deadline) {
    {
        std::lock_guard lock(mutex_);
        deadline_ = deadline;
    }
    cv_.notify_all();
}

void CallResult::finish() {
    {
        std::lock_guard lock(mutex_);
        done_ = true;
    }
    cv_.notify_all();
}

struct PluginCallThread::Queue {
    struct Call {
        std::function<void(CallResult&)> run;
        std::shared_ptr<CallResult> result;
    };
    std::string name;
    std::mutex mutex;
    std::condition_variable cv;
    std::deque<Call> calls;
    std::shared_ptr<CallResult> current;  // the call running now
    bool closed = false;
    bool exited = false;

    // The thread's body: it owns the queue (and so every queued call) until
    // the last call returns, however long after its owner gave up on it.
    static void run(const std::shared_ptr<Queue>& q) {
        while (true) {
            Call call;
            {
                std::unique_lock lock(q->mutex);
                q->current.reset();
                q->cv.notify_all();
                q->cv.wait(lock, [&] { return q->closed || !q->calls.empty(); });
                if (q->calls.empty()) break;
                call = std::move(q->calls.front());
                q->calls.pop_front();
                q->current = call.result;
            }
            try {
                call.run(*call.result);
            } catch (const std::exception& e) {
                spdlog::error("Unexpected error in the thread of {}: {}", q->name, e.what());
            } catch (...) {
                spdlog::error("Unexpected error in the thread of {}", q->name);
            }
            call.result->finish();
        }
        std::lock_guard lock(q->mutex);
        q->exited = true;
        q->cv.notify_all();
    }
};

PluginCallThread::PluginCallThread(std::string name) : queue_(std::make_shared<Queue>()) {
    queue_->name = std::move(name);
    thread_ = std::thread([q = queue_] { Queue::run(q); });
}

PluginCallThread::~PluginCallThread() {
    close();
    if (thread_.joinable()) thread_.detach();
}

std::shared_ptr<CallResult> PluginCallThread::post(std::function<void(CallResult&)> call) {
    {
        std::lock_guard lock(queue_->mutex);
        if (!queue_->closed) {
            auto result = std::make_shared<CallResult>();
            queue_->calls.push_back({std::move(call), result});
            queue_->cv.notify_all();
            return result;
        }
    }
    return CallResult::completed();
}

void PluginCallThread::close() {
    std::lock_guard lock(queue_->mutex);
    queue_->closed = true;
    queue_->cv.notify_all();
}

bool PluginCallThread::finish(Clock::time_point deadline) {
    close();
    if (!thread_.joinable()) return true;
    std::unique_lock lock(queue_->mutex);
    while (!queue_->exited) {
        // A running call may have moved its own deadline past ours.
        Clock::time_point until = deadline;
        if (queue_->current) {
            std::lock_guard result_lock(queue_->current->mutex_);
            if (queue_->current->deadline_) until = std::max(until, *queue_->current->deadline_);
        }
        if (Clock::now() >= until) {
            lock.unlock();
            spdlog::error("The thread of {} did not finish in time and is abandoned", queue_->name);
            thread_.detach();
            return false;
        }
        // Woken when a call ends; re-read a moved deadline now and then.
        queue_->cv.wait_until(lock, std::min(until, Clock::now() + std::chrono::milliseconds(50)));
    }
    lock.unlock();
    thread_.join();
    return true;
}

}  // namespace kc::host::runtime
