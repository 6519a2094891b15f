#include "host/metrics/sampled_stat.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

namespace kc::host::metrics {

int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

SampledStat::SampledStat(WindowConfig config)
    : config_{std::max<int64_t>(1, config.window_ms), std::max(1, config.samples)},
      samples_(std::make_unique<Sample[]>(static_cast<size_t>(config_.samples))) {}

void SampledStat::record(double value, int64_t now) {
    const int64_t w = now / config_.window_ms;
    Sample& s = samples_[static_cast<size_t>(w % config_.samples)];
    constexpr auto relaxed = std::memory_order_relaxed;
    if (s.window.load(relaxed) != w) {
        // The slot held an expired window: start it afresh with this value.
        s.window.store(-1, relaxed);
        s.sum.store(value, relaxed);
        s.count.store(1, relaxed);
        s.max.store(value, relaxed);
        s.min.store(value, relaxed);
        s.window.store(w, std::memory_order_release);
        return;
    }
    s.sum.store(s.sum.load(relaxed) + value, relaxed);
    s.count.store(s.count.load(relaxed) + 1, relaxed);
    if (value > s.max.load(relaxed)) s.max.store(value, relaxed);
    if (value < s.min.load(relaxed)) s.min.store(value, relaxed);
}

bool SampledStat::live(const Sample& s, int64_t now) const {
    const int64_t w = s.window.load(std::memory_order_acquire);
    return w >= 0 && w > now / config_.window_ms - config_.samples;
}

double SampledStat::sum(int64_t now) const {
    double total = 0;
    for (int i = 0; i < config_.samples; ++i)
        if (live(samples_[i], now)) total += samples_[i].sum.load(std::memory_order_relaxed);
    return total;
}

int64_t SampledStat::count(int64_t now) const {
    int64_t total = 0;
    for (int i = 0; i < config_.samples; ++i)
        if (live(samples_[i], now)) total += samples_[i].count.load(std::memory_order_relaxed);
    return total;
}

double SampledStat::rate(int64_t now) const {
    // Java Rate.windowSize: from the start of the oldest live window (the
    // current one when none is live), at least samples-1 full windows.
    int64_t oldest = now / config_.window_ms;
    for (int i = 0; i < config_.samples; ++i)
        if (live(samples_[i], now))
            oldest = std::min(oldest, samples_[i].window.load(std::memory_order_relaxed));
    int64_t elapsed = now - oldest * config_.window_ms;
    const int64_t full = elapsed / config_.window_ms;
    if (full < config_.samples - 1) elapsed += (config_.samples - 1 - full) * config_.window_ms;
    if (elapsed <= 0) return 0;
    return sum(now) / (static_cast<double>(elapsed) / 1000.0);
}

double SampledStat::avg(int64_t now) const {
    const int64_t n = count(now);
    return n == 0 ? std::numeric_limits<double>::quiet_NaN() : sum(now) / static_cast<double>(n);
}

double SampledStat::max(int64_t now) const {
    double out = std::numeric_limits<double>::quiet_NaN();
    for (int i = 0; i < config_.samples; ++i)
        if (live(samples_[i], now)) {
            const double v = samples_[i].max.load(std::memory_order_relaxed);
            if (std::isnan(out) || v > out) out = v;
        }
    return out;
}

double SampledStat::min(int64_t now) const {
    double out = std::numeric_limits<double>::quiet_NaN();
    for (int i = 0; i < config_.samples; ++i)
        if (live(samples_[i], now)) {
            const double v = samples_[i].min.load(std::memory_order_relaxed);
            if (std::isnan(out) || v < out) out = v;
        }
    return out;
}

}  // namespace kc::host::metrics
