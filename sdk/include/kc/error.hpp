// kc/error.hpp - exceptions for plugin code, and the boundary guard that turns
// them into a kc_status plus message before anything returns to the host.
//
// Plugin code throws like Java connectors do (ConfigException for a bad
// setting, DataException for a bad record, RetriableException for a transient
// failure). No exception may cross the C ABI: under dlmopen an escaped
// exception aborts the whole worker. Every function the SDK exports runs its
// body through kc::guard(), which catches everything.
#pragma once

#include <cxxabi.h>

#include <cstdlib>
#include <exception>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>
#include <utility>

#include "kc/abi.h"

namespace kc {

// Base of every exception a plugin throws on purpose (Java ConnectException).
// The status tells the host how to react: fail, retry, or report bad config/data.
class ConnectException : public std::runtime_error {
  public:
    explicit ConnectException(const std::string& message, kc_status status = KC_FATAL)
        : std::runtime_error(message), status_(status) {}
    kc_status status() const noexcept { return status_; }

  private:
    kc_status status_;
};

// An invalid configuration (Java ConfigException).
class ConfigException : public ConnectException {
  public:
    explicit ConfigException(const std::string& message) : ConnectException(message, KC_CONFIG) {}
    // Java's ConfigException(name, value, message) wording.
    ConfigException(std::string_view name, std::string_view value, std::string_view message)
        : ConnectException(format(name, value, message), KC_CONFIG) {}

  private:
    static std::string format(std::string_view name, std::string_view value,
                              std::string_view message) {
        std::string text = "Invalid value ";
        text.append(value).append(" for configuration ").append(name);
        if (!message.empty()) text.append(": ").append(message);
        return text;
    }
};

// A record or value that cannot be processed (Java DataException).
class DataException : public ConnectException {
  public:
    explicit DataException(const std::string& message) : ConnectException(message, KC_DATA) {}
};

// A transient failure; the host may retry the call (Java RetriableException).
class RetriableException : public ConnectException {
  public:
    explicit RetriableException(const std::string& message)
        : ConnectException(message, KC_RETRIABLE) {}
};

// The plugin does not implement this operation (Java UnsupportedOperationException).
class UnsupportedOperationException : public ConnectException {
  public:
    explicit UnsupportedOperationException(const std::string& message)
        : ConnectException(message, KC_UNSUPPORTED) {}
};

namespace detail {

inline std::string demangle(const char* mangled) {
    int rc = 0;
    std::unique_ptr<char, void (*)(void*)> name(abi::__cxa_demangle(mangled, nullptr, nullptr, &rc),
                                                std::free);
    return rc == 0 && name ? std::string(name.get()) : std::string(mangled);
}

// "type: message" for each exception of a std::nested_exception chain, joined
// with "Caused by: " lines the way Java prints a cause chain.
inline void append_cause_chain(std::string& out, const std::exception& e) {
    out.append(demangle(typeid(e).name())).append(": ").append(e.what());
    try {
        std::rethrow_if_nested(e);
    } catch (const std::exception& cause) {
        out.append("\nCaused by: ");
        append_cause_chain(out, cause);
    } catch (...) {
        out.append("\nCaused by: unknown exception");
    }
}

inline void report(const kc_host* host, kc_error* err, kc_status status, std::string_view message,
                   std::string_view trace) noexcept {
    if (host == nullptr || err == nullptr || host->error_set == nullptr) return;
    host->error_set(err, status, message.data(), message.size());
    if (!trace.empty() && host->error_set_trace != nullptr)
        host->error_set_trace(err, trace.data(), trace.size());
}

// Converts the exception being handled into a status reported through err.
inline kc_status report_current_exception(const kc_host* host, kc_error* err) noexcept {
    try {
        throw;
    } catch (const std::bad_alloc&) {
        report(host, err, KC_NOMEM, "out of memory", {});
        return KC_NOMEM;
    } catch (const std::exception& e) {
        const auto* connect = dynamic_cast<const ConnectException*>(&e);
        kc_status status = connect != nullptr ? connect->status() : KC_FATAL;
        if (status == KC_OK) status = KC_FATAL;  // a thrown exception is never success
        try {
            std::string trace;
            append_cause_chain(trace, e);
            report(host, err, status, e.what(), trace);
        } catch (...) {  // no memory left for the trace: the message alone
            report(host, err, status, e.what(), {});
        }
        return status;
    } catch (...) {
        report(host, err, KC_FATAL, "unknown exception (not derived from std::exception)", {});
        return KC_FATAL;
    }
}

}  // namespace detail

// Runs body() and returns KC_OK (or the kc_status body returns). Any exception
// becomes a status and a message (+ the cause chain as trace) in err. Never
// throws; err and host may be NULL, then only the status is returned.
template <class Body>
kc_status guard(const kc_host* host, kc_error* err, Body&& body) noexcept {
    try {
        if constexpr (std::is_same_v<decltype(body()), kc_status>) {
            return std::forward<Body>(body)();
        } else {
            std::forward<Body>(body)();
            return KC_OK;
        }
    } catch (...) {
        return detail::report_current_exception(host, err);
    }
}

// For the calls that have no error channel (stop(), destroy()): runs body() and
// logs an escaping exception at ERROR under `logger` instead of propagating it.
template <class Body>
void guard_logged(const kc_host* host, kc_context* ctx, std::string_view logger,
                  Body&& body) noexcept {
    try {
        std::forward<Body>(body)();
    } catch (...) {
        if (host == nullptr || host->log == nullptr) return;
        const kc_str name{logger.data(), logger.size()};
        auto log = [&](std::string_view text) {
            host->log(ctx, KC_LOG_ERROR, name, kc_str{text.data(), text.size()});
        };
        try {
            throw;
        } catch (const std::exception& e) {
            try {
                std::string chain;
                detail::append_cause_chain(chain, e);
                log(chain);
            } catch (...) {  // no memory for the chain: the message alone
                log(e.what());
            }
        } catch (...) {
            log("unknown exception (not derived from std::exception)");
        }
    }
}

}  // namespace kc
