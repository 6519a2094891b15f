"""The embedded cluster's broker is taken down for a few seconds mid-stream
through the mock cluster's control API (connections closed, new ones
refused): the pipeline recovers and nothing is lost. Then the worker is
stopped while the broker is down with records still queued: it exits cleanly
within the flush timeout without committing them, and a new worker sends them
once the broker is back."""
import time

from harness import Broker, Workdir, Worker, check, read_lines, wait_for

work = Workdir("brokerdown")
broker = Broker(work, ["down-t:8"])
inp, out = work.file("in.txt"), work.file("out.txt")
N = 20000
with open(inp, "w") as f:
    f.write("".join("row %06d\n" % i for i in range(N // 2)))
connectors = [
    {"name": "src", "connector.class": "FileStreamSource", "file": inp, "topic": "down-t"},
    {"name": "snk", "connector.class": "FileStreamSink", "file": out, "topics": "down-t"},
]
# A short session: a stopped sink whose LeaveGroup did not get through (the
# mock ignores it; the broker may be down) holds its partitions until then.
extra = {"bootstrap.servers": broker.bootstrap, "consumer.session.timeout.ms": "6000",
         "consumer.heartbeat.interval.ms": "1000"}
try:
    w = Worker(work, extra, connectors)
    wait_for(lambda: len(read_lines(out)) >= N // 2, 40, "first half")
    broker.control("down 1")
    with open(inp, "a") as f:
        f.write("".join("row %06d\n" % i for i in range(N // 2, N)))
    time.sleep(4)
    broker.control("up 1")
    wait_for(lambda: len(set(read_lines(out))) >= N, 50, "every line after the broker came back")
    check(set(read_lines(out)) == {"row %06d" % i for i in range(N)}, "nothing lost")
    check(w.stop() == 0, "clean exit")

    # Stop while the broker is down: the source has read lines that can never
    # be acknowledged; the worker gives them offset.flush.timeout.ms, purges
    # them uncommitted and exits 0.
    M = 5000
    extra["offset.flush.timeout.ms"] = "2000"
    w = Worker(work, extra, connectors, name="worker2")
    broker.control("down 1")
    with open(inp, "a") as f:
        f.write("".join("row %06d\n" % i for i in range(N, N + M)))
    time.sleep(2)  # read and queued in the producer, unacknowledged
    t0 = time.time()
    check(w.stop(timeout=20) == 0, "clean exit with the broker down")
    check(time.time() - t0 < 15, "stopped within the flush timeouts (%.1f s)" % (time.time() - t0))
    broker.control("up 1")
    w = Worker(work, extra, connectors, name="worker3")
    want = {"row %06d" % i for i in range(N + M)}
    wait_for(lambda: set(read_lines(out)) >= want, 60, "the queued lines after a restart")
    check(set(read_lines(out)) == want, "nothing lost across the stop")
    check(w.stop() == 0, "clean exit after the restart")
    print("OK")
finally:
    broker.stop()
    work.cleanup()
