// Prometheus text exposition format 0.0.4: samples gathered by family (every
// family once, with its HELP and TYPE, its samples together), label values
// escaped, numbers in their shortest exact form (NaN, +Inf, -Inf spelled as
// Prometheus reads them).
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kc::host::metrics {

enum class MetricType { Gauge, Counter, Untyped };

// Content-Type of the exposition.
inline constexpr std::string_view kExpositionContentType =
    "text/plain; version=0.0.4; charset=utf-8";

// Appends `name="value"` (with a leading comma when `labels` is not empty).
void append_label(std::string& labels, std::string_view name, std::string_view value);
// Appends `="value"`, the value escaped: for a label name written in place.
void append_label_value(std::string& labels, std::string_view value);
// Appends a number as the exposition spells it.
void append_number(std::string& out, double value);

class Exposition {
  public:
    // `labels` as built by append_label (may be empty). The first sample of a
    // family fixes its type and help.
    void add(std::string_view name, MetricType type, std::string_view help, std::string_view labels,
             double value) {
        add_sample(family(name, type, help), labels, value);
    }
    // The family `name`, made with `type` and `help` when it is new. Its index
    // stays valid across reset(), so a caller may keep it from one scrape to
    // the next.
    size_t family(std::string_view name, MetricType type, std::string_view help);
    void add_sample(size_t family, std::string_view labels, double value);
    std::string text() const;
    // Forgets the samples but keeps the families and their buffers, so the
    // next scrape writes into memory it already has (a 300-task exposition
    // is nearly 1 MB; fresh pages each scrape were a quarter of its time).
    // A family left without samples is not written.
    void reset();

  private:
    struct Family {
        std::string name;
        MetricType type;
        std::string help;
        std::string samples;
    };
    std::vector<Family> families_;
    std::unordered_map<std::string, size_t> index_;
    std::string key_;  // reused lookup key
};

}  // namespace kc::host::metrics
