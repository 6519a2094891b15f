"""The two older Connect protocols end to end: a cluster whose workers set
connect.protocol=eager (Java's "default" protocol, stop-the-world
rebalances) and one with connect.protocol=compatible (incremental
cooperative, without session keys). In each, lines move from a file source
to a file sink through a follower's REST API, a third worker joins and takes
a share, and a worker leaving hands its tasks over; no line is lost.

Members offering different first protocols cannot share a group on the
embedded broker (its coordinator aborts), so each protocol has its own
group, topics and broker; the mixed groups are covered by the protocol unit
tests against the project's test coordinator."""
import re

from distributed_harness import (check, cluster_props, connector_state, retry_request,
                                 start_worker, wait_for, wait_healthy)
import harness

# connect.protocol -> the name the group agrees on (Java's protocol names).
PROTOCOLS = {"eager": "default", "compatible": "compatible"}


def running_tasks(worker, names):
    """task -> worker_id of every RUNNING task of `names`."""
    out = {}
    for name in names:
        status, body = worker.request("GET", "/connectors/%s/status" % name)
        if status == 200:
            for t in body.get("tasks", []):
                if t["state"] == "RUNNING":
                    out["%s-%d" % (name, t["id"])] = t["worker_id"]
    return out


def worker_id(worker):
    return worker.url.split("://")[1]


def run(protocol, agreed):
    work = harness.Workdir("distributed-protocol-" + protocol)
    broker = harness.Broker(work, topics=("connect-configs:1", "connect-offsets:5",
                                          "connect-status:3", "lines:2"))
    workers = []
    try:
        props = dict(cluster_props(broker.bootstrap, group="native-" + protocol),
                     **{"connect.protocol": protocol})
        a = start_worker(work, props, "worker-a")
        b = start_worker(work, props, "worker-b")
        workers += [a, b]
        wait_healthy(workers)
        for w in workers:
            check(re.search(r"joined generation \d+ as .* protocol '%s'" % agreed, w.log_text()),
                  "%s: %s joined with protocol '%s'" % (protocol, w.name, agreed))

        source_file, sink_file = work.file("in.txt"), work.file("out.txt")
        with open(source_file, "w") as f:
            f.writelines("first-%d\n" % i for i in range(50))
        # Writes through either worker: the follower forwards to the leader.
        for w, body in ((b, {"name": "src", "config": {
                            "connector.class": "FileStreamSource", "file": source_file,
                            "topic": "lines"}}),
                        (a, {"name": "snk", "config": {
                            "connector.class": "FileStreamSink", "file": sink_file,
                            "topics": "lines"}})):
            retry_request(w, "POST", "/connectors", body, expect=201)
        names = ("src", "snk")
        wait_for(lambda: len(running_tasks(a, names)) == 2, 90, "both tasks RUNNING")
        wait_for(lambda: len(harness.read_lines(sink_file)) == 50, 60, "the first lines copied")

        # A third worker joins and the group rebalances under its protocol.
        c = start_worker(work, props, "worker-c")
        workers.append(c)
        wait_healthy(workers, timeout=90)
        check(re.search(r"protocol '%s'" % agreed, c.log_text()),
              "%s: the new worker joined with protocol '%s'" % (protocol, agreed))
        wait_for(lambda: len(running_tasks(c, names)) == 2, 90,
                 "both tasks RUNNING after the join, seen from the new worker")
        with open(source_file, "a") as f:
            f.writelines("second-%d\n" % i for i in range(50))
        wait_for(lambda: len(harness.read_lines(sink_file)) == 100, 60,
                 "lines written after the join copied")

        # The worker running the source leaves; another one takes it over.
        owner = running_tasks(c, names)["src-0"]
        leaving = next(w for w in workers if worker_id(w) == owner)
        check(leaving.stop() == 0, "%s exits 0 on SIGTERM" % leaving.name)
        workers.remove(leaving)
        wait_for(lambda: running_tasks(workers[0], names).get("src-0") not in (None, owner), 90,
                 "the source task RUNNING on another worker")
        with open(source_file, "a") as f:
            f.writelines("third-%d\n" % i for i in range(50))
        expected = (["first-%d" % i for i in range(50)] + ["second-%d" % i for i in range(50)] +
                    ["third-%d" % i for i in range(50)])
        wait_for(lambda: set(expected) <= set(harness.read_lines(sink_file)), 60,
                 "every line in the sink after the handover")
        check(connector_state(workers[0], "snk")[1] == ["RUNNING"], "the sink still RUNNING")
        print("distributed protocol %s (group protocol '%s'): join and handover, %d lines: ok"
              % (protocol, agreed, len(expected)))
    finally:
        for w in workers:
            if w.proc.poll() is None:
                w.proc.kill()
        broker.stop()
        work.cleanup()


for protocol, agreed in PROTOCOLS.items():
    run(protocol, agreed)
