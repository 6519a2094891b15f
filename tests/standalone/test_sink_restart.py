"""A sink task restarted through the REST API, on a broker in another process
(connect-embedded-broker): it gets its partitions back within seconds.

The embedded broker (librdkafka's mock cluster) rebalances a group a member
has left only after that member's session timeout less 1 s; the worker
shortens the sink consumers' session on that broker, whether it runs in the
worker's process or, as here, in its own (found by its cluster id). With the
45 s default the restarted task would wait ~44 s."""
import time

from harness import Broker, Workdir, Worker, check, read_lines, wait_for

work = Workdir("sink-restart")
broker = Broker(work, ["sink-restart-t:2"])
inp, out = work.file("in.txt"), work.file("out.txt")
with open(inp, "w") as f:
    f.write("".join("first %03d\n" % i for i in range(100)))
connectors = [
    {"name": "src", "connector.class": "FileStreamSource", "file": inp,
     "topic": "sink-restart-t"},
    {"name": "snk", "connector.class": "FileStreamSink", "file": out,
     "topics": "sink-restart-t"},
]
try:
    w = Worker(work, {"bootstrap.servers": broker.bootstrap}, connectors)
    wait_for(lambda: len(read_lines(out)) >= 100, 30, "the first lines in the sink")
    w.request("POST", "/connectors/snk/tasks/0/restart", expect=204)
    started = time.time()
    with open(inp, "a") as f:
        f.write("".join("second %03d\n" % i for i in range(100)))
    expected = set(["first %03d" % i for i in range(100)] + ["second %03d" % i for i in range(100)])
    # At least once: a restarted task may see again what it had not committed.
    wait_for(lambda: set(read_lines(out)) == expected, 40, "the lines written after the restart")
    took = time.time() - started
    # Not ~44 s: the group rebalanced after a short session timeout.
    check(took < 15, "the restarted sink took %.1f s to get its partitions back" % took)
    check(w.stop() == 0, "clean exit on SIGTERM")
    print("OK: the restarted sink resumed after %.1f s" % took)
finally:
    broker.stop()
    work.cleanup()
