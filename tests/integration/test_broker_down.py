"""The embedded cluster's broker is taken down for a few seconds mid-stream
through the mock cluster's control API (connections closed, new ones
refused): the pipeline recovers and nothing is lost."""
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
try:
    w = Worker(work, {"bootstrap.servers": broker.bootstrap}, connectors)
    wait_for(lambda: len(read_lines(out)) >= N // 2, 40, "first half")
    broker.control("down 1")
    with open(inp, "a") as f:
        f.write("".join("row %06d\n" % i for i in range(N // 2, N)))
    time.sleep(4)
    broker.control("up 1")
    wait_for(lambda: len(set(read_lines(out))) >= N, 50, "every line after the broker came back")
    check(set(read_lines(out)) == {"row %06d" % i for i in range(N)}, "nothing lost")
    check(w.stop() == 0, "clean exit")
    print("OK")
finally:
    broker.stop()
    work.cleanup()
