#include "db/connection_provider.hpp"

#include <algorithm>
#include <thread>

namespace kcjdbc {

void interruptible_sleep(int64_t ms, const std::atomic<bool>& stopping) {
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (!stopping && std::chrono::steady_clock::now() < until) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            until - std::chrono::steady_clock::now());
        std::this_thread::sleep_for(
            std::min<std::chrono::milliseconds>(left, std::chrono::milliseconds(50)));
    }
}

Connection& ConnectionProvider::get() {
    if (conn_ && conn_->is_valid()) return *conn_;
    conn_.reset();
    for (int attempt = 1;; ++attempt) {
        try {
            conn_ = dialect_.connect(user_, password_);
            return *conn_;
        } catch (const SqlError& e) {
            if (attempt >= attempts_ || stopping_)
                throw SqlError(
                    std::string(e.what()) + " (after " + std::to_string(attempt) + " attempt(s))",
                    true, e.sqlstate());
        }
        interruptible_sleep(backoff_ms_, stopping_);
    }
}

}  // namespace kcjdbc
