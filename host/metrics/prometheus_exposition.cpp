#include "host/metrics/prometheus_exposition.hpp"

#include <charconv>
#include <cmath>

namespace kc::host::metrics {

void append_label(std::string& labels, std::string_view name, std::string_view value) {
    if (!labels.empty()) labels += ',';
    labels += name;
    append_label_value(labels, value);
}

void append_label_value(std::string& labels, std::string_view value) {
    labels += "=\"";
    // Connector names and the like rarely need escaping: copied whole. (A
    // plain loop: find_first_of searches the set once per character.)
    bool plain = true;
    for (char c : value)
        plain &= c != '\\' && c != '"' && c != '\n';
    if (plain) {
        labels += value;
        labels += '"';
        return;
    }
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

size_t Exposition::family(std::string_view name, MetricType type, std::string_view help) {
    key_.assign(name);
    auto [it, added] = index_.try_emplace(key_, families_.size());
    if (added) families_.push_back({key_, type, std::string(help), {}});
    return it->second;
}

void Exposition::add_sample(size_t family, std::string_view labels, double value) {
    Family& f = families_[family];
    std::string& out = f.samples;
    out += f.name;
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
