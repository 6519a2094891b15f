// Java's sampled statistics (org.apache.kafka.common.metrics.stats): a value
// recorded into `metrics.num.samples` windows of `metrics.sample.window.ms`
// each; rate, average and maximum are computed over the windows that have not
// expired. Recording is a few relaxed atomic operations (no lock, no
// allocation); reading (at scrape time) is lock-free too. One thread records
// into a given stat (the task's own), any thread may read it.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

namespace kc::host::metrics {

struct WindowConfig {
    int64_t window_ms = 30000;  // metrics.sample.window.ms
    int samples = 2;            // metrics.num.samples
};

// Milliseconds on the monotonic clock: what every stat is recorded against.
int64_t now_ms();

class SampledStat {
  public:
    explicit SampledStat(WindowConfig config);

    void record(double value, int64_t now);

    // Java Rate (SECONDS): the windows' sum over their elapsed time, which
    // counts at least samples-1 full windows.
    double rate(int64_t now) const;
    // Java Avg / Max / Min: NaN while no window holds a value.
    double avg(int64_t now) const;
    double max(int64_t now) const;
    double min(int64_t now) const;
    // Sum and count of the live windows (Java Frequencies, WindowedCount).
    double sum(int64_t now) const;
    int64_t count(int64_t now) const;

  private:
    struct Sample {
        std::atomic<int64_t> window{-1};  // index of the window it holds (now / window_ms)
        std::atomic<double> sum{0};
        std::atomic<int64_t> count{0};
        std::atomic<double> max{0};
        std::atomic<double> min{0};
    };
    bool live(const Sample& s, int64_t now) const;

    WindowConfig config_;
    std::unique_ptr<Sample[]> samples_;
};

// Java CumulativeSum / CumulativeCount: a total since the metric was created.
class Total {
  public:
    void add(double v) { value_.fetch_add(v, std::memory_order_relaxed); }
    double value() const { return value_.load(std::memory_order_relaxed); }

  private:
    std::atomic<double> value_{0};
};

// Java Meter: a rate and the cumulative total of the same values.
class Meter {
  public:
    explicit Meter(WindowConfig config) : window_(config) {}
    void record(double v, int64_t now) {
        window_.record(v, now);
        total_.add(v);
    }
    double rate(int64_t now) const { return window_.rate(now); }
    double total() const { return total_.value(); }

  private:
    SampledStat window_;
    Total total_;
};

}  // namespace kc::host::metrics
