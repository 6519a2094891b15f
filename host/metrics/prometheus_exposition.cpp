#include "host/metrics/prometheus_exposition.hpp"

#include <charconv>
#include <cmath>

namespace kc::host::metrics {

void append_label(std::string& labels, std::string_view name, std::string_view value) {
    if (!labels.empty()) labels += ',';
    labels += name;
    labels += "=\"";
    for (char c : value) {
        if (c == '\\')
            labels += "\\\\";
        else if (c == '"')
            labels += "\\\"";
        else if (c == '\n')
            labels += "\\n";
        else
            labels += c;
    }
    labels += '"';
}

void append_number(std::string& out, double value) {
    if (std::isnan(value)) {
        out += "NaN";
    } else if (std::isinf(value)) {
        out += value > 0 ? "+Inf" : "-Inf";
    } else {
        char buf[32];
        auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
        out.append(buf, ec == std::errc() ? end : buf);
    }
}

void Exposition::add(std::string_view name, MetricType type, std::string_view help,
                     std::string_view labels, double value) {
    key_.assign(name);
    auto [it, added] = index_.try_emplace(key_, families_.size());
    if (added) families_.push_back({key_, type, std::string(help), {}});
    std::string& out = families_[it->second].samples;
    out += name;
    if (!labels.empty()) {
        out += '{';
        out += labels;
        out += '}';
    }
    out += ' ';
    append_number(out, value);
    out += '\n';
}

void Exposition::reset() {
    for (auto& f : families_)
        f.samples.clear();
}

std::string Exposition::text() const {
    size_t size = 0;
    for (const auto& f : families_)
        size += f.samples.size() + 2 * f.name.size() + f.help.size() + 32;
    std::string out;
    out.reserve(size);
    for (const auto& f : families_) {
        if (f.samples.empty()) continue;
        out += "# HELP ";
        out += f.name;
        out += ' ';
        for (char c : f.help)
            out += c == '\n' ? ' ' : c;
        out += "\n# TYPE ";
        out += f.name;
        out += f.type == MetricType::Counter ? " counter\n"
               : f.type == MetricType::Gauge ? " gauge\n"
                                             : " untyped\n";
        out += f.samples;
    }
    return out;
}

}  // namespace kc::host::metrics
