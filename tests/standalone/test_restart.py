"""SIGTERM mid-stream, append lines, restart: every line arrives exactly once
(the broker is the shared launcher, so it outlives the worker)."""
import time

from harness import Broker, Workdir, Worker, check, read_lines, wait_for

work = Workdir("restart")
broker = Broker(work, ["restart-t:4"])
inp, out = work.file("in.txt"), work.file("out.txt")
N1, N2 = 10000, 3000
with open(inp, "w") as f:
    f.write("".join("first %06d\n" % i for i in range(N1)))
connectors = [
    {"name": "src", "connector.class": "FileStreamSource", "file": inp, "topic": "restart-t",
     "batch.size": "200"},
    {"name": "snk", "connector.class": "FileStreamSink", "file": out, "topics": "restart-t"},
]
extra = {"bootstrap.servers": broker.bootstrap,
         # A sink consumer that died without leaving the group holds its partitions
         # until the session times out (45 s by default).
         "consumer.session.timeout.ms": "6000", "consumer.heartbeat.interval.ms": "1000"}
try:
    w = Worker(work, extra, connectors, name="w1")
    wait_for(lambda: len(read_lines(out)) > 100, 30, "some lines before the stop")
    check(w.stop() == 0, "clean exit on SIGTERM")
    with open(inp, "a") as f:
        f.write("".join("second %06d\n" % i for i in range(N2)))
    w = Worker(work, extra, connectors, name="w2")
    wait_for(lambda: len(read_lines(out)) >= N1 + N2, 50, "all lines after the restart")
    time.sleep(1.0)
    got = read_lines(out)
    expected = ["first %06d" % i for i in range(N1)] + ["second %06d" % i for i in range(N2)]
    check(len(got) == len(expected), "exactly once: %d lines, expected %d" % (len(got), len(expected)))
    check(sorted(got) == sorted(expected), "every line exactly once")
    check(w.stop() == 0, "clean exit")
    print("OK")
finally:
    broker.stop()
    work.cleanup()
