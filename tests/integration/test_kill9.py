"""kill -9 mid-stream of many lines, restart: every line arrives; duplicates
only of lines past the last flushed source offset (checked on the topic)."""
import json
import signal
import time

from harness import Broker, Workdir, Worker, check, kcat_consume, read_lines, wait_for

work = Workdir("kill9")
broker = Broker(work, ["kill9-t:8"])
inp, out = work.file("in.txt"), work.file("out.txt")
N = 60000  # ~0.7 MB over 8 partitions: well within the mock broker's retention
with open(inp, "w") as f:
    f.write("".join("line %06d\n" % i for i in range(N)))
connectors = [
    {"name": "src", "connector.class": "FileStreamSource", "file": inp, "topic": "kill9-t"},
    {"name": "snk", "connector.class": "FileStreamSink", "file": out, "topics": "kill9-t"},
]
extra = {"bootstrap.servers": broker.bootstrap, "offset.flush.interval.ms": "200",
         # The killed sink consumer holds its partitions until its session times out.
         "consumer.session.timeout.ms": "6000", "consumer.heartbeat.interval.ms": "1000"}
try:
    w = Worker(work, extra, connectors, name="w1")
    wait_for(lambda: len(read_lines(out)) > 5000, 40, "the stream to be under way")
    w.stop(signal.SIGKILL)
    # What the source had committed when it died.
    committed = 0
    try:
        text = open(work.file("connect.offsets"), "rb").read().decode("utf-8", "replace")
        for pos in __import__("re").findall(r'"position":(\d+)', text):
            committed = max(committed, int(pos))
    except FileNotFoundError:
        pass
    committed_lines = committed // len("line 000000\n")
    w = Worker(work, extra, connectors, name="w2")
    wait_for(lambda: len(set(read_lines(out))) >= N, 50, "every line after the restart")
    check(w.stop() == 0, "clean exit")
    got = read_lines(out)
    expected = {"line %06d" % i for i in range(N)}
    missing = expected - set(got)
    check(not missing, "%d lines missing, e.g. %r" % (len(missing), sorted(missing)[:5]))
    # kill -9 may cut the sink's last write in half: one torn line at most.
    extra = set(got) - expected
    check(len(extra) <= 1, "unexpected lines in the output: %r" % sorted(extra)[:5])
    topic = [l for l in kcat_consume(broker.bootstrap, "kill9-t").splitlines() if l]
    counts = {}
    for l in topic:
        counts[l] = counts.get(l, 0) + 1
    dups_before = [l for l, c in counts.items() if c > 1 and int(l.split()[1]) < committed_lines]
    check(not dups_before, "duplicates before the last flushed offset (%d): %r"
          % (committed_lines, dups_before[:5]))
    check(len(counts) == N, "topic holds every line (%d of %d)" % (len(counts), N))
    print("OK: %d lines, %d duplicates in the topic after offset %d" %
          (N, len(topic) - N, committed_lines))
finally:
    broker.stop()
    work.cleanup()
