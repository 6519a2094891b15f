// Java's admin/loggers (KIP-495) over spdlog's logger registry.
//
// "root" names spdlog's default logger; every other registered spdlog logger is listed under its
// own name. Java (log4j) levels map to spdlog as TRACE/ALL->trace, DEBUG->debug, INFO->info,
// WARN->warn, ERROR->err, FATAL->critical, OFF->off.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace kc::host::rest {

struct LoggerLevel {
    std::string level;                          // Java name, e.g. "INFO"
    std::optional<std::int64_t> last_modified;  // epoch ms of the last change made here
};

class LoggerLevels {
  public:
    std::map<std::string, LoggerLevel> all() const;
    std::optional<LoggerLevel> get(const std::string& name) const;

    // Sets `level` on logger `name_space` and every logger below it ("a.b" covers "a.b.c");
    // "root" covers every logger. Creates the logger when none exists (sharing the default
    // logger's sinks), so code that later asks spdlog for it gets the level. Returns the sorted
    // names changed. nullopt when `level` is not a Java level name.
    std::optional<std::vector<std::string>> set(const std::string& name_space,
                                                const std::string& level);
    // Whether `level` is a Java level name (any case).
    static bool is_level(const std::string& level);

  private:
    mutable std::mutex mutex_;
    std::map<std::string, std::int64_t> last_modified_;
};

}  // namespace kc::host::rest
