#include "host/kafka/protocol/waker.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

namespace kc::host::kafka::protocol {

Waker::Waker() : fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
    if (fd_ < 0) throw std::runtime_error(std::string("eventfd: ") + std::strerror(errno));
}

Waker::~Waker() {
    ::close(fd_);
}

void Waker::wake() const {
    const std::uint64_t one = 1;
    // Fails only when the counter would overflow, which still leaves it readable.
    [[maybe_unused]] auto n = ::write(fd_, &one, sizeof one);
}

bool Waker::consume() const {
    std::uint64_t value = 0;
    return ::read(fd_, &value, sizeof value) == static_cast<ssize_t>(sizeof value);
}

}  // namespace kc::host::kafka::protocol
