"""connect-distributed at start-up: state Java workers left in the internal
topics is picked up (connector configs, target states, task configs and
source offsets, written here byte for byte as Java writes them); settings
and topics it cannot work with are refused with a clear message; and with no
bootstrap.servers it runs a cluster of one on an embedded broker."""
import json
import subprocess
import time

from distributed_harness import (DISTRIBUTED, INTERNAL_TOPICS, DistributedWorker, check,
                                 cluster_props, connector_state, retry_request, start_worker,
                                 wait_for, wait_healthy, write_props)
import harness


def kcat_put(bootstrap, topic, records, partition=0):
    """Writes key/value records (value None: a tombstone) with kcat."""
    for key, value in records:
        args = ["kcat", "-b", bootstrap, "-P", "-t", topic, "-p", str(partition), "-K", "\t"]
        data = key + "\t" + (value if value is not None else "")
        if value is None:
            args.append("-Z")
        r = subprocess.run(args, input=data, capture_output=True, text=True, timeout=30)
        check(r.returncode == 0, "kcat -P failed: " + r.stderr)


def refused(work, props, name, expected):
    w = DistributedWorker(work, props, name)
    code = w.proc.wait(60) if not w.started() else None
    if code is None:
        w.proc.kill()
    text = w.log_text()
    check(code not in (None, 0), "%s: the worker must refuse to start (exit %r)" % (name, code))
    check(expected in text, "%s: expected %r in the log:\n%s" % (name, expected, text[-2000:]))


work = harness.Workdir("distributed-startup")
broker = harness.Broker(work, topics=INTERNAL_TOPICS + ("lines:1", "two-part-configs:2"))
workers = []
try:
    props = cluster_props(broker.bootstrap)

    # --- bad settings and topics are refused at start-up, naming the problem ---
    refused(work, dict(props, **{"config.storage.topic": "two-part-configs"}), "two-partitions",
            "Topic 'two-part-configs' supplied via the 'config.storage.topic' property is "
            "required to have a single partition in order to guarantee consistency of connector "
            "configurations, but found 2 partitions.")
    refused(work, dict(props, **{"exactly.once.source.support": "enabled"}), "eos",
            "exactly.once.source.support=enabled is not supported")
    refused(work, dict(props, **{"connect.protocol": "bogus"}), "protocol",
            "Invalid value bogus for configuration connect.protocol")
    bad = dict(props)
    del bad["group.id"]
    refused(work, bad, "no-group", "Missing required configuration \"group.id\"")

    # --- state written by Java workers is picked up ---
    source_file = work.file("java-in.txt")
    lines = ["java-%d" % i for i in range(30)]
    with open(source_file, "w") as f:
        f.writelines(l + "\n" for l in lines)
    # Java committed the offset after the first 10 lines: the native worker resumes there.
    position = sum(len(l) + 1 for l in lines[:10])
    sink_file = work.file("java-out.txt")
    src = {"connector.class": "org.apache.kafka.connect.file.FileStreamSourceConnector",
           "tasks.max": "1", "file": source_file, "topic": "lines", "name": "java-src"}
    snk = {"connector.class": "org.apache.kafka.connect.file.FileStreamSinkConnector",
           "tasks.max": "1", "file": sink_file, "topics": "lines", "name": "java-snk"}
    task_src = {"task.class": "org.apache.kafka.connect.file.FileStreamSourceTask",
                "file": source_file, "topic": "lines", "batch.size": "2000"}
    task_snk = {"task.class": "org.apache.kafka.connect.file.FileStreamSinkTask",
                "file": sink_file, "topics": "lines"}
    compact = lambda v: json.dumps(v, separators=(",", ":"))
    kcat_put(broker.bootstrap, "connect-configs", [
        ("connector-java-src", compact({"properties": src})),
        ("target-state-java-src", compact({"state": "STARTED", "state.v2": "STARTED"})),
        ("task-java-src-0", compact({"properties": task_src})),
        ("commit-java-src", compact({"tasks": 1})),
        ("connector-java-snk", compact({"properties": snk})),
        ("task-java-snk-0", compact({"properties": task_snk})),
        ("commit-java-snk", compact({"tasks": 1})),
        # A connector Java left PAUSED, and one it deleted.
        ("connector-paused", compact({"properties": dict(src, name="paused")})),
        ("target-state-paused", compact({"state": "PAUSED"})),
        ("connector-gone", compact({"properties": dict(src, name="gone")})),
        ("connector-gone", None),
    ])
    # Java's offsets key: ["<connector>",{partition}], value the offset map.
    kcat_put(broker.bootstrap, "connect-offsets", [
        (compact(["java-src", {"filename": source_file}]), compact({"position": position})),
    ])

    a = start_worker(work, props, "native-a")
    workers.append(a)
    wait_healthy(workers)
    _, names = a.request("GET", "/connectors", expect=200)
    check(sorted(names) == ["java-snk", "java-src", "paused"], "connectors: %r" % names)
    _, cfg = a.request("GET", "/connectors/java-src/config", expect=200)
    check(cfg == src, "java-src config as Java stored it: %r" % cfg)
    wait_for(lambda: connector_state(a, "java-src") == ("RUNNING", ["RUNNING"]), 60,
             "java-src RUNNING")
    wait_for(lambda: connector_state(a, "paused")[0] == "PAUSED", 60, "paused stays PAUSED")
    wait_for(lambda: len(harness.read_lines(sink_file)) >= 20, 60, "20 lines in the sink")
    time.sleep(1)
    got = harness.read_lines(sink_file)
    check(got == lines[10:], "the source resumed at Java's offset: %r" % got[:5])

    # --- what native workers write stays in Java's format ---
    retry_request(a, "PUT", "/connectors/paused/resume", expect=202)
    records = subprocess.run(
        ["kcat", "-b", broker.bootstrap, "-C", "-t", "connect-configs", "-e", "-q", "-f",
         "%k\t%s\n"], capture_output=True, text=True, timeout=30).stdout.splitlines()
    check("target-state-paused\t" + compact({"state": "STARTED", "state.v2": "STARTED"})
          in records, "resume written as Java writes it: %r" % records[-3:])
    a.stop()
    workers.clear()

    # --- zero setup: no bootstrap.servers, a cluster of one on an embedded broker ---
    solo = dict(props)
    del solo["bootstrap.servers"]
    w = start_worker(work, solo, "solo")
    workers.append(w)
    wait_healthy(workers)
    check("EMBEDDED" in w.log_text(), "the worker says loudly that the broker is embedded")
    solo_in = work.file("solo-in.txt")
    with open(solo_in, "w") as f:
        f.write("a\nb\n")
    retry_request(w, "POST", "/connectors", {"name": "s", "config": {
        "connector.class": "FileStreamSource", "file": solo_in, "topic": "t"}}, expect=201)
    wait_for(lambda: connector_state(w, "s") == ("RUNNING", ["RUNNING"]), 60, "s RUNNING")
    check(w.stop() == 0, "SIGTERM exits 0")
    workers.clear()
    print("distributed startup: ok")
finally:
    for w in workers:
        if w.proc.poll() is None:
            w.proc.kill()
    broker.stop()
    work.cleanup()
