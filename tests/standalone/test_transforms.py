"""Transformation chain end to end: Filter gated by TopicNameMatches, with and
without negate, on records flowing file -> broker -> file."""
from harness import Broker, Workdir, Worker, check, read_lines, wait_for

work = Workdir("transforms")
# The topics exist before the sink subscribes to its regex. Were they created
# while its first group join waits (the mock coordinator holds a new group's
# first join for 3 s), the consumer would rejoin without the member id the
# pending join was given; the mock, which lacks Kafka's MEMBER_ID_REQUIRED
# first step, counts it as a second member and waits for the lost one until
# its session times out (45 s). A real broker hands out the id first.
broker = Broker(work, ["keep-a:4", "drop-b:4", "drop-c:4"])
lines = ["row %d" % i for i in range(30)]
inp = work.file("in.txt")
with open(inp, "w") as f:
    f.write("\n".join(lines) + "\n")
filt = {"transforms": "dropSome", "transforms.dropSome.type": "Filter",
        "transforms.dropSome.predicate": "isDrop",
        "predicates": "isDrop",
        "predicates.isDrop.type": "org.apache.kafka.connect.transforms.predicates.TopicNameMatches",
        "predicates.isDrop.pattern": "drop-.*"}
connectors = [
    dict({"name": "to-keep", "connector.class": "FileStreamSource", "file": inp, "topic": "keep-a"}, **filt),
    dict({"name": "to-drop", "connector.class": "FileStreamSource", "file": inp, "topic": "drop-b"}, **filt),
    # negate: the filter applies where the topic does NOT match drop-.*, so drop-c passes.
    dict({"name": "negated", "connector.class": "FileStreamSource", "file": inp, "topic": "drop-c",
          "transforms.dropSome.negate": "true"}, **filt),
    {"name": "out", "connector.class": "FileStreamSink", "file": work.file("out.txt"),
     "topics.regex": "(keep|drop)-.*"},
]
w = Worker(work, {"bootstrap.servers": broker.bootstrap}, connectors=connectors)
try:
    # keep-a passes (30), drop-b is filtered, drop-c passes because of negate (30).
    wait_for(lambda: len(read_lines(work.file("out.txt"))) >= 60, 40, "60 lines")
    import time
    time.sleep(1.5)
    out = read_lines(work.file("out.txt"))
    check(len(out) == 60, "expected 60 lines, got %d" % len(out))
    check(sorted(out) == sorted(lines + lines), "content")
    check(w.stop() == 0, "clean exit")
    print("OK")
finally:
    if w.proc.poll() is None:
        w.proc.kill()
    broker.stop()
    work.cleanup()
