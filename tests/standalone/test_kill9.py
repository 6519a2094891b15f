"""kill -9 mid-stream of 1M lines, restart: every line arrives; duplicates
only of lines past the last flushed source offset (checked on the topic)."""
import os
import re
import signal
import time

from harness import Broker, Workdir, Worker, check, kcat_consume, read_lines, wait_for

work = Workdir("kill9")
# 1M lines of 13 bytes, ~25 MB on the wire over 16 partitions: ~1.6 MB each,
# well within the ~5 MiB the mock broker keeps per partition.
broker = Broker(work, ["kill9-t:16"])
inp, out = work.file("in.txt"), work.file("out.txt")
N = 1000000
LINE = "line %07d"
with open(inp, "w") as f:
    f.write("".join(LINE % i + "\n" for i in range(N)))


def every_line_out():
    # Cheap size check first: reading 1M lines at every poll would be slow.
    return (os.path.exists(out) and os.path.getsize(out) >= N * len(LINE % 0 + "\n") and
            len(set(read_lines(out))) >= N)

connectors = [
    {"name": "src", "connector.class": "FileStreamSource", "file": inp, "topic": "kill9-t"},
    {"name": "snk", "connector.class": "FileStreamSink", "file": out, "topics": "kill9-t"},
]
extra = {"bootstrap.servers": broker.bootstrap, "offset.flush.interval.ms": "200",
         # The killed sink consumer holds its partitions until its session times out.
         "consumer.session.timeout.ms": "6000", "consumer.heartbeat.interval.ms": "1000"}
try:
    w = Worker(work, extra, connectors, name="w1")
    wait_for(lambda: os.path.exists(out) and os.path.getsize(out) > 100000, 60,
             "the stream to be under way")
    w.stop(signal.SIGKILL)
    # What the source had committed when it died.
    committed = 0
    try:
        text = open(work.file("connect.offsets"), "rb").read().decode("utf-8", "replace")
        for pos in re.findall(r'"position":(\d+)', text):
            committed = max(committed, int(pos))
    except FileNotFoundError:
        pass
    committed_lines = committed // len(LINE % 0 + "\n")
    w = Worker(work, extra, connectors, name="w2")
    wait_for(every_line_out, 240, "every line after the restart")
    check(w.stop() == 0, "clean exit")
    got = read_lines(out)
    expected = {LINE % i for i in range(N)}
    missing = expected - set(got)
    check(not missing, "%d lines missing, e.g. %r" % (len(missing), sorted(missing)[:5]))
    # kill -9 may cut the sink's last write in half: one torn line at most.
    extra = set(got) - expected
    check(len(extra) <= 1, "unexpected lines in the output: %r" % sorted(extra)[:5])
    topic = [l for l in kcat_consume(broker.bootstrap, "kill9-t", timeout=120).splitlines() if l]
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
