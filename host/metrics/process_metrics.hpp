// The process figures every Prometheus client library exports
// (process_cpu_seconds_total, process_resident_memory_bytes, ...), read from
// /proc/self at scrape time.
#pragma once

#include "host/metrics/prometheus_exposition.hpp"

namespace kc::host::metrics {

void add_process_metrics(Exposition& out);

}  // namespace kc::host::metrics
