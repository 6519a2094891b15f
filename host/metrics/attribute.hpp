// One attribute of one of Java's metric groups, as a JMX bean would show it:
// kafka.connect:type=<group>,<tag>=<value>,... <name> = number or string.
// Collecting yields these; each Prometheus naming scheme maps them to series,
// the way the JMX exporter's rules map beans.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace kc::host::metrics {

struct Tag {
    std::string_view name;  // "connector", "task", "client-id"
    std::string_view value;
};

struct Attribute {
    std::string_view group;  // "connector-task-metrics"
    std::span<const Tag> tags;
    std::string_view name;  // "batch-size-avg"
    double number = 0;
    std::optional<std::string_view> text;  // set for string attributes (status, class, ...)
};

class AttributeSink {
  public:
    virtual ~AttributeSink() = default;
    virtual void attribute(const Attribute& a) = 0;
};

// Helpers for collectors: one numeric or string attribute.
inline void emit(AttributeSink& out, std::string_view group, std::span<const Tag> tags,
                 std::string_view name, double value) {
    out.attribute({group, tags, name, value, std::nullopt});
}
inline void emit_text(AttributeSink& out, std::string_view group, std::span<const Tag> tags,
                      std::string_view name, std::string_view value) {
    out.attribute({group, tags, name, 0, value});
}

}  // namespace kc::host::metrics
