"""Rebalances under load: a third worker joining takes its share without
stopping the tasks that stay where they are (incremental cooperative
protocol), and a rolling restart of every worker (SIGTERM, start again)
while lines keep arriving loses no line."""
import re
import threading
import time

from distributed_harness import (INTERNAL_TOPICS, check, cluster_props, connector_state,
                                 retry_request, start_worker, wait_for, wait_healthy)
import harness

SOURCES = 4


def owners(worker):
    """task -> worker_id for every running task, from the status topic."""
    out = {}
    for name in ["src%d" % i for i in range(SOURCES)] + ["snk"]:
        status, body = worker.request("GET", "/connectors/%s/status" % name)
        if status == 200:
            for t in body.get("tasks", []):
                if t["state"] == "RUNNING":
                    out["%s-%d" % (name, t["id"])] = t["worker_id"]
    return out


def starts(worker, task):
    return len(re.findall(r"\[%s\] (Source|Sink) task finished initialization and start" % task,
                          worker.log_text()))


work = harness.Workdir("distributed-rebalance")
broker = harness.Broker(work, topics=INTERNAL_TOPICS + ("lines:4",))
workers = []
stop_writing = threading.Event()
written = []
try:
    props = cluster_props(broker.bootstrap)
    a = start_worker(work, props, "worker-a")
    b = start_worker(work, props, "worker-b")
    workers += [a, b]
    wait_healthy(workers)

    files = [work.file("in%d.txt" % i) for i in range(SOURCES)]
    for f in files:
        open(f, "w").close()
    sink_file = work.file("out.txt")
    for i, f in enumerate(files):
        retry_request(a, "POST", "/connectors", {"name": "src%d" % i, "config": {
            "connector.class": "FileStreamSource", "file": f, "topic": "lines"}}, expect=201)
    retry_request(b, "POST", "/connectors", {"name": "snk", "config": {
        "connector.class": "FileStreamSink", "file": sink_file, "topics": "lines"}}, expect=201)
    wait_for(lambda: len(owners(a)) == SOURCES + 1, 90, "every task RUNNING")

    def writer():
        n = 0
        while not stop_writing.is_set():
            i = n % SOURCES
            with open(files[i], "a") as f:
                f.write("w%d\n" % n)
            written.append("w%d" % n)
            n += 1
            time.sleep(0.02)

    t = threading.Thread(target=writer)
    t.start()

    # --- a third worker joins: it takes a share, the others keep theirs running ---
    before = owners(a)
    c = start_worker(work, props, "worker-c")
    workers.append(c)
    c_id = c.url.split("://")[1]
    wait_for(lambda: c_id in owners(a).values() and len(owners(a)) == SOURCES + 1, 90,
             "the new worker running a share of the tasks")
    after = owners(a)
    by_id = {w.url.split("://")[1]: w for w in workers}
    stayed = [task for task, owner in after.items() if before.get(task) == owner]
    check(stayed, "some tasks stay where they were: before %r after %r" % (before, after))
    for task in stayed:
        check(starts(by_id[after[task]], task) == 1,
              "%s stayed on %s but was restarted" % (task, after[task]))

    # --- rolling restart of every worker, lines still arriving ---
    for i, w in enumerate(list(workers)):
        check(w.stop() == 0, "%s exits 0 on SIGTERM" % w.name)
        workers.remove(w)
        fresh = start_worker(work, props, w.name + "-again")
        workers.append(fresh)
        wait_healthy(workers, timeout=90)
    stop_writing.set()
    t.join()
    wait_for(lambda: all(connector_state(workers[0], "src%d" % i)[1] == ["RUNNING"]
                         for i in range(SOURCES)), 90, "sources RUNNING after the restarts")
    wait_for(lambda: set(written) <= set(harness.read_lines(sink_file)), 120,
             "every written line in the sink")
    print("distributed rebalance: %d lines, none lost: ok" % len(written))
finally:
    stop_writing.set()
    for w in workers:
        if w.proc.poll() is None:
            w.proc.kill()
    broker.stop()
    work.cleanup()
