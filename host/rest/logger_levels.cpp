#include "host/rest/logger_levels.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <chrono>

namespace kc::host::rest {
namespace {

constexpr const char* kRoot = "root";

std::optional<spdlog::level::level_enum> to_spdlog(std::string level) {
    std::transform(level.begin(), level.end(), level.begin(),
                   [](unsigned char c) { return std::toupper(c); });
    using L = spdlog::level::level_enum;
    if (level == "TRACE" || level == "ALL") return L::trace;
    if (level == "DEBUG") return L::debug;
    if (level == "INFO") return L::info;
    if (level == "WARN") return L::warn;
    if (level == "ERROR") return L::err;
    if (level == "FATAL") return L::critical;
    if (level == "OFF") return L::off;
    return std::nullopt;
}

std::string java_name(spdlog::level::level_enum level) {
    using L = spdlog::level::level_enum;
    switch (level) {
        case L::trace:
            return "TRACE";
        case L::debug:
            return "DEBUG";
        case L::info:
            return "INFO";
        case L::warn:
            return "WARN";
        case L::err:
            return "ERROR";
        case L::critical:
            return "FATAL";
        default:
            return "OFF";
    }
}

// Every logger by its REST name; the default logger is "root" whatever spdlog calls it.
std::map<std::string, std::shared_ptr<spdlog::logger>> current_loggers() {
    std::map<std::string, std::shared_ptr<spdlog::logger>> out;
    auto root = spdlog::default_logger();
    spdlog::apply_all([&](std::shared_ptr<spdlog::logger> l) {
        if (l != root) out[l->name()] = l;
    });
    if (root) out[kRoot] = root;
    return out;
}

bool covers(const std::string& name_space, const std::string& name) {
    if (name_space == kRoot || name == name_space) return true;
    return name.size() > name_space.size() && name.compare(0, name_space.size(), name_space) == 0 &&
           name[name_space.size()] == '.';
}

}  // namespace

bool LoggerLevels::is_level(const std::string& level) {
    return to_spdlog(level).has_value();
}

std::map<std::string, LoggerLevel> LoggerLevels::all() const {
    std::lock_guard lock(mutex_);
    std::map<std::string, LoggerLevel> out;
    for (const auto& [name, logger] : current_loggers()) {
        auto it = last_modified_.find(name);
        out[name] = {java_name(logger->level()),
                     it == last_modified_.end() ? std::nullopt : std::optional(it->second)};
    }
    return out;
}

std::optional<LoggerLevel> LoggerLevels::get(const std::string& name) const {
    auto loggers = all();
    auto it = loggers.find(name);
    if (it == loggers.end()) return std::nullopt;
    return it->second;
}

std::optional<std::vector<std::string>> LoggerLevels::set(const std::string& name_space,
                                                          const std::string& level) {
    auto target = to_spdlog(level);
    if (!target) return std::nullopt;
    std::lock_guard lock(mutex_);
    auto loggers = current_loggers();
    if (loggers.count(name_space) == 0 && name_space != kRoot) {
        auto root = spdlog::default_logger();
        auto created = std::make_shared<spdlog::logger>(name_space, root->sinks().begin(),
                                                        root->sinks().end());
        spdlog::register_logger(created);
        loggers[name_space] = created;
    }
    auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
    std::vector<std::string> changed;
    for (const auto& [name, logger] : loggers) {
        if (!covers(name_space, name)) continue;
        logger->set_level(*target);
        last_modified_[name] = now;
        changed.push_back(name);
    }
    if (name_space == kRoot) spdlog::set_level(*target);
    return changed;
}

}  // namespace kc::host::rest
