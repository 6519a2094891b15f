// One cached database connection, checked before use and re-opened when it
// died, with connection.attempts tries spaced by connection.backoff.ms.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "db/dialect.hpp"

namespace kcjdbc {

class ConnectionProvider {
  public:
    ConnectionProvider(const Dialect& dialect, std::string user, std::string password, int attempts,
                       int64_t backoff_ms)
        : dialect_(dialect),
          user_(std::move(user)),
          password_(std::move(password)),
          attempts_(attempts < 1 ? 1 : attempts),
          backoff_ms_(backoff_ms) {}

    // A working connection; throws the last SqlError (transient) when every
    // attempt failed or stop() was called.
    Connection& get();
    // The open connection, unchecked, or nullptr (for rolling back after an error).
    Connection* current() { return conn_.get(); }
    // Drops the connection (after an error); the next get() reconnects.
    void close() { conn_.reset(); }
    // Wakes a backoff sleep and makes get() give up. [any-thread]
    void stop() { stopping_ = true; }

  private:
    const Dialect& dialect_;
    std::string user_, password_;
    int attempts_;
    int64_t backoff_ms_;
    std::unique_ptr<Connection> conn_;
    std::atomic<bool> stopping_{false};
};

// Sleeps up to ms, in short steps, returning early once `stopping` is set.
void interruptible_sleep(int64_t ms, const std::atomic<bool>& stopping);

}  // namespace kcjdbc
