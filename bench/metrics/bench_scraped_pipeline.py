"""Pipeline throughput of a worker scraped every second, beside the same
pipeline unscraped, in the same run.

One connect-standalone worker moves N lines of 100 bytes file -> topic ->
file (FileStreamSource and FileStreamSink, StringConverter) through the
shared embedded broker launcher. Variants, alternated within every round so
that a machine that speeds up or slows down moves them all:
  unscraped    nobody asks for /metrics (the baseline)
  scraped 1s   GET /metrics every second while the records flow, as a
               Prometheus with scrape_interval: 1s would
  no stats     unscraped, and the task clients' librdkafka statistics off
               (statistics.interval.ms=0): what collecting them costs
Each time is from the first line in the sink's file to the last (the worker's
start-up, the same in every variant, left out); the worker's CPU seconds are
its whole life's, start-up included (less sensitive to a loaded machine than
the wall-clock rate).

Usage: KC_PLUGIN_PATH=<build-dir>/plugin-path \
       bench_scraped_pipeline.py <build-dir> [--lines N] [--rounds R] [--smoke]
"""
import argparse
import os
import statistics
import sys
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "standalone"))
import harness  # noqa: E402

LINE = 100  # bytes, newline included
# The mock broker keeps about 5 MiB per partition: 1 MB per partition on
# average, and the producer switching partitions every millisecond (not the
# default 10 ms) so that none gets far more than its share (as
# bench/pipeline does). Records lost to retention would stall the sink.
BYTES_PER_PARTITION = 1_000_000
SPREAD_EVENLY = {"producer.sticky.partitioning.linger.ms": "1"}

VARIANTS = {
    "unscraped": ({}, False),
    "scraped 1s": ({}, True),
    "no stats": ({"producer.statistics.interval.ms": "0",
                  "consumer.statistics.interval.ms": "0"}, False),
}


def write_input(path, lines):
    with open(path, "w") as f:
        for i in range(lines):
            n = str(i)
            f.write(n + "x" * (LINE - 1 - len(n)) + "\n")


class Scraper(threading.Thread):
    """GET <url>/metrics every second until stopped; counts and checks them."""

    def __init__(self, url):
        super().__init__()
        self.url = url + "/metrics"
        self.stop_event = threading.Event()
        self.scrapes = 0
        self.bytes = 0

    def run(self):
        while not self.stop_event.is_set():
            with urllib.request.urlopen(self.url, timeout=10) as r:
                self.bytes += len(r.read())
            self.scrapes += 1
            self.stop_event.wait(1.0)

    def stop(self):
        self.stop_event.set()
        self.join()


def cpu_seconds(pid):
    """User + system CPU time of a running process, from /proc."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_once(work, broker, name, lines, partitions, source_file, extra, scraped):
    topic = name
    sink_file = work.file(name + ".out")
    props = {"bootstrap.servers": broker.bootstrap,
             "offset.storage.file.filename": work.file(name + ".offsets")}
    props.update(SPREAD_EVENLY)
    props.update(extra)
    started = time.time()
    worker = harness.Worker(work, props, name=name, connectors=[
        {"name": name + "-source", "connector.class": "FileStreamSource", "file": source_file,
         "topic": topic},
        {"name": name + "-sink", "connector.class": "FileStreamSink", "file": sink_file,
         "topics": topic}])
    scraper = Scraper(worker.url) if scraped else None
    if scraper:
        scraper.start()
    try:
        want, first = lines * LINE, None
        while True:
            size = os.path.getsize(sink_file) if os.path.exists(sink_file) else 0
            if size and first is None:
                first = time.time()
            if size >= want:
                break
            harness.check(worker.proc.poll() is None, "%s: worker exited" % name)
            harness.check(time.time() - started < 300,
                          "%s: timed out at %d of %d bytes" % (name, size, want))
            time.sleep(0.01)
        seconds = max(time.time() - first, 1e-3)
        cpu = cpu_seconds(worker.proc.pid)
    finally:
        if scraper:
            scraper.stop()
        worker.stop()
    harness.check(os.path.getsize(sink_file) == lines * LINE, "%s: sink file size" % name)
    return seconds, cpu, (scraper.scrapes if scraper else 0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--lines", type=int, default=500_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--smoke", action="store_true", help="a tiny run that checks it works")
    args = ap.parse_args()
    if args.smoke:
        args.lines, args.rounds = 5000, 1

    partitions = max(1, args.lines * LINE // BYTES_PER_PARTITION)
    names = {(r, v): "r%d-%s" % (r, v.replace(" ", "-")) for r in range(args.rounds)
             for v in VARIANTS}
    work = harness.Workdir("bench-scraped-pipeline")
    broker = harness.Broker(work, topics=["%s:%d" % (n, partitions) for n in names.values()])
    try:
        source_file = work.file("input.txt")
        write_input(source_file, args.lines)
        results = {v: [] for v in VARIANTS}
        cpus = {v: [] for v in VARIANTS}
        scrapes = []
        for r in range(args.rounds):
            order = list(VARIANTS) if r % 2 == 0 else list(reversed(VARIANTS))
            for v in order:
                extra, scraped = VARIANTS[v]
                secs, cpu, n = run_once(work, broker, names[(r, v)], args.lines, partitions,
                                   source_file, extra, scraped)
                results[v].append(args.lines / secs)
                cpus[v].append(cpu)
                if scraped:
                    scrapes.append(n)
                print("round %d %-10s %9.0f rec/s (%.2f s), CPU %.2f s%s" % (
                    r + 1, v, args.lines / secs, secs, cpu,
                    ", %d scrapes" % n if scraped else ""), flush=True)
        base = statistics.median(results["unscraped"])
        print("\n%d lines x %d B, %d partitions, median of %d round(s):" % (
            args.lines, LINE, partitions, args.rounds))
        for v in VARIANTS:
            rate = statistics.median(results[v])
            # Each round's own ratio too: rounds minutes apart see different loads.
            ratios = [x / u for x, u in zip(results[v], results["unscraped"])]
            print("  %-10s %9.0f rec/s  %.3fx unscraped (per round: median %.3fx, %.3f-%.3fx)" % (
                v, rate, rate / base, statistics.median(ratios), min(ratios), max(ratios)))
        cpu_base = statistics.median(cpus["unscraped"])
        for v in VARIANTS:
            cpu = statistics.median(cpus[v])
            print("  %-10s CPU %.2f s  %.3fx unscraped" % (v, cpu, cpu / cpu_base))
        print("  scrapes per scraped run: %s" % scrapes)
    finally:
        broker.stop()
        work.cleanup()


if __name__ == "__main__":
    main()
