"""Failures around a distributed cluster: a follower forwarding to a leader
that was just killed answers with an error naming the forward (never hangs),
and the cluster recovers with a new leader; the broker going down during a
rebalance, then coming back, leaves every worker healthy and every connector
running; coordinator errors injected through the broker launcher are
recovered from."""
import re
import signal
import time

from distributed_harness import (INTERNAL_TOPICS, check, cluster_props, connector_state,
                                 retry_request, start_worker, wait_for, wait_healthy)
import harness


def is_leader(worker):
    joins = re.findall(r"Joined group at generation \d+ as \S+ \((leader|follower)\)",
                       worker.log_text())
    return bool(joins) and joins[-1] == "leader"


def file_source(work, name):
    path = work.file(name + ".txt")
    with open(path, "w") as f:
        f.write("x\n")
    return {"name": name, "config": {"connector.class": "FileStreamSource", "file": path,
                                     "topic": "t"}}


work = harness.Workdir("distributed-failures")
broker = harness.Broker(work, topics=INTERNAL_TOPICS + ("t:1",))
workers = []
try:
    props = cluster_props(broker.bootstrap)
    a = start_worker(work, props, "worker-a")
    workers.append(a)
    wait_healthy(workers)
    b = start_worker(work, props, "worker-b")
    workers.append(b)
    wait_healthy(workers)
    wait_for(lambda: is_leader(a) or is_leader(b), 30, "a leader")
    leader, follower = (a, b) if is_leader(a) else (b, a)
    retry_request(follower, "POST", "/connectors", file_source(work, "one"), expect=201)

    # The leader dies; until the group notices, the follower forwards to it.
    leader.stop(sig=signal.SIGKILL)
    workers.remove(leader)
    started = time.time()
    status, body = follower.request("POST", "/connectors", file_source(work, "two"))
    check(time.time() - started < 30, "forwarding to a dead leader must not hang")
    # Either the forward fails (naming it), or the request waited out the
    # rebalance that made the follower the leader (Java queues requests during
    # a rebalance too).
    check(status in (201, 409, 500), "forwarding to a dead leader: %d %r" % (status, body))
    if status == 500:
        check("IO Error trying to forward REST request" in body["message"],
              "the error names the forward: %r" % body)
    # The group expires the dead member; the follower leads and accepts writes.
    # Until the group expires the dead leader the follower keeps forwarding to
    # it (500) or answers 409; then it leads and accepts the write.
    deadline = time.time() + 90
    while status != 201:
        check(status in (409, 500) and time.time() < deadline,
              "create after the leader's death: %d %r" % (status, body))
        time.sleep(0.5)
        status, body = follower.request("POST", "/connectors", file_source(work, "two"))
    wait_for(lambda: is_leader(follower), 30, "the survivor leads")
    for name in ("one", "two"):
        wait_for(lambda name=name: connector_state(follower, name)[1] == ["RUNNING"], 60,
                 "%s RUNNING on the survivor" % name)

    # The broker goes down while a new worker joins, then comes back.
    c = start_worker(work, props, "worker-c")
    workers.append(c)
    broker.control("down 1")
    time.sleep(4)
    broker.control("up 1")
    wait_healthy(workers, timeout=120)
    for name in ("one", "two"):
        wait_for(lambda name=name: connector_state(c, name)[1] == ["RUNNING"], 120,
                 "%s RUNNING after the outage" % name)
    retry_request(c, "POST", "/connectors", file_source(work, "three"), expect=201, timeout=90)
    wait_for(lambda: connector_state(follower, "three")[1] == ["RUNNING"], 90,
             "a connector created after the outage RUNNING")
    # Coordinator errors: heartbeats answered NOT_COORDINATOR (16), then a
    # rebalance whose joins and syncs are answered REBALANCE_IN_PROGRESS (27)
    # and NOT_COORDINATOR: the workers find the coordinator again and rejoin.
    broker.control("push-errors 12 16 16 16")
    broker.control("push-errors 11 27 16")
    broker.control("push-errors 14 27")
    retry_request(c, "POST", "/connectors", file_source(work, "four"), expect=201, timeout=90)
    for name in ("one", "two", "three", "four"):
        wait_for(lambda name=name: connector_state(follower, name)[1] == ["RUNNING"], 120,
                 "%s RUNNING after the coordinator errors" % name)
    wait_healthy(workers, timeout=60)
    for w in list(workers):
        check(w.stop() == 0, "%s exits 0 on SIGTERM" % w.name)
        workers.remove(w)
    print("distributed failures: ok")
finally:
    for w in workers:
        if w.proc.poll() is None:
            w.proc.kill()
    broker.stop()
    work.cleanup()
