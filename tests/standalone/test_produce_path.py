"""The source task's produce path: records without headers, timestamp or
partition are handed to the producer in batches, the others one by one. Whatever the mix, and
with a producer queue so small that every batch meets back-pressure, every
record arrives once, in order, with its own timestamp and headers. A record
the producer refuses (a partition the topic lacks) is skipped and logged with
errors.tolerance=all and fails the task with none."""
import os
import time

from harness import BUILD, PLUGIN_PATH, Broker, Workdir, Worker, check, kcat_consume, wait_for

FIXTURE = os.path.join(BUILD, "tests", "standalone", "plugins", "sequence_source")
RECORDS, BAD_AT = 5000, 1234

work = Workdir("produce_path")
# One partition each: the partitioner puts every record in partition 0.
broker = Broker(work, ["seq-all:1", "seq-none:1"])
extra = {"bootstrap.servers": broker.bootstrap,
         "plugin.path": PLUGIN_PATH + "," + FIXTURE,
         # 50 records fill the queue: batches of 700 wait for room many times.
         "producer.queue.buffering.max.messages": "50"}


def sequence(name, topic, tolerance, records):
    # 700 a poll: batches are cut at the driver's 1,024-record mark too.
    return {"name": name, "connector.class": "org.kc.it.SequenceSourceConnector",
            "topic": topic, "records": str(records), "per.poll": "700",
            "timestamp.every": "7", "header.every": "11", "partition.every": "13",
            "bad.partition.at": str(BAD_AT),
            "errors.tolerance": tolerance, "errors.log.enable": "true"}


def consumed(topic):
    rows = kcat_consume(broker.bootstrap, topic, "%p|%T|%h|%s\\n").splitlines()
    return [r.split("|", 3) for r in rows]


try:
    started_ms = int(time.time() * 1000)
    w = Worker(work, extra, [sequence("seq-all", "seq-all", "all", RECORDS),
                             sequence("seq-none", "seq-none", "none", 3000)])

    # tolerance=all: everything but the refused record, in order, once.
    expected = [i for i in range(RECORDS) if i != BAD_AT]
    rows = wait_for(lambda: (lambda r: r if len(r) >= len(expected) else None)(consumed("seq-all")),
                    60, "%d records in seq-all" % len(expected))
    time.sleep(0.5)
    rows = consumed("seq-all")
    check(len(rows) == len(expected), "%d records, expected %d" % (len(rows), len(expected)))
    check(all(p == "0" for p, _, _, _ in rows), "every record in partition 0")
    values = [v for _, _, _, v in rows]
    check(values == ["r%d" % i for i in expected],
          "order: first difference at %s" % next(
              (k for k, (a, b) in enumerate(zip(values, expected)) if a != "r%d" % b), None))
    for (_, ts, hdrs, _), i in zip(rows, expected):
        if i % 7 == 0:
            check(ts == str(1000000 + i), "record %d keeps its timestamp: %s" % (i, ts))
        else:
            check(int(ts) >= started_ms, "record %d stamped when produced: %s" % (i, ts))
        check(hdrs == ("seq=%d" % i if i % 11 == 0 else ""), "record %d headers %r" % (i, hdrs))
    check(w.status("seq-all")["tasks"][0]["state"] == "RUNNING", "tolerated: still running")
    log = open(w.logpath).read()
    check("Failed to send record to topic 'seq-all': Local: Unknown partition" in log,
          "the refused record is logged")

    # tolerance=none: the task fails on the refused record; the ones before it
    # are all in the topic, in order, and the refused one is not.
    st = w.wait_task_state("seq-none", "FAILED")
    trace = st["tasks"][0].get("trace", "")
    check("Unknown partition" in trace, "the cause is in the trace: %r" % trace[:300])
    values = [v for _, _, _, v in consumed("seq-none")]
    check(values[:BAD_AT] == ["r%d" % i for i in range(BAD_AT)], "records before the refused one")
    check("r%d" % BAD_AT not in values, "the refused record is not in the topic")
    check(w.stop() == 0, "clean exit")
    print("PASS")
finally:
    broker.stop()
    work.cleanup()
