// A file descriptor another thread can make readable, so that a thread
// blocked in poll() on a socket returns at once (the herder's wakeup, or a
// heartbeat thread's request for a rejoin).
#pragma once

namespace kc::host::kafka::protocol {

class Waker {
  public:
    Waker();
    ~Waker();
    Waker(const Waker&) = delete;
    Waker& operator=(const Waker&) = delete;

    // Thread-safe and async-signal-safe; wakes one wait (or the next one).
    void wake() const;
    // Clears pending wakes; returns true when there was one.
    bool consume() const;
    int fd() const { return fd_; }

  private:
    int fd_ = -1;
};

}  // namespace kc::host::kafka::protocol
