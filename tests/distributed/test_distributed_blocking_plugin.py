"""A connector whose start() or stop() never returns holds up only itself in
distributed mode too: while it is stuck, the worker's REST API answers,
another connector is created and runs, DELETE answers within Java's 5 s
connector stop timeout plus a margin, and SIGTERM exits."""
import os
import time

from distributed_harness import (INTERNAL_TOPICS, check, cluster_props, connector_state,
                                 retry_request, start_worker, wait_for, wait_healthy)
import harness

FIXTURE = os.path.join(harness.BUILD, "tests", "standalone", "plugins", "blocking_source")
MARGIN_S = 4.0  # a sanitizer build on a busy machine


def blocking(name, block_in):
    return {"name": name, "config": {"connector.class": "org.kc.it.BlockingSourceConnector",
                                     "block.in": block_in, "tasks.max": "1"}}


def timed(call):
    t0 = time.time()
    result = call()
    return result, time.time() - t0


work = harness.Workdir("distributed-blocking")
broker = harness.Broker(work, topics=INTERNAL_TOPICS)
workers = []
try:
    props = cluster_props(broker.bootstrap)
    props["plugin.path"] = harness.PLUGIN_PATH + "," + FIXTURE
    props["task.shutdown.graceful.timeout.ms"] = "2000"
    w = start_worker(work, props, "worker")
    workers.append(w)
    wait_healthy(workers)

    retry_request(w, "POST", "/connectors", blocking("stuck-start", "start"), expect=201)
    # Assigned after a rebalance, then stuck in start() on its own thread.
    wait_for(lambda: connector_state(w, "stuck-start")[0] == "UNASSIGNED", 60,
             "stuck-start assigned and starting")
    time.sleep(1)
    for path in ("/connectors", "/health", "/connectors/stuck-start/status"):
        (status, _), took = timed(lambda: w.request("GET", path))
        print("GET %s while a connector is stuck in start(): %d in %.3f s" % (path, status, took))
        check(status == 200 and took < 2.0, "GET %s answered %d in %.2f s" % (path, status, took))
    (status, _), took = timed(lambda: w.request("POST", "/connectors", blocking("fine", "none")))
    print("POST of another connector meanwhile: %d in %.3f s" % (status, took))
    check(status in (201, 409), "another connector accepted: %d" % status)
    if status == 409:
        retry_request(w, "POST", "/connectors", blocking("fine", "none"), expect=201)
    wait_for(lambda: connector_state(w, "fine") == ("RUNNING", ["RUNNING"]), 60,
             "the other connector RUNNING while one is stuck")

    retry_request(w, "POST", "/connectors", blocking("stuck-stop", "stop"), expect=201)
    wait_for(lambda: connector_state(w, "stuck-stop")[0] == "RUNNING", 60, "stuck-stop RUNNING")
    (status, _), took = timed(lambda: w.request("DELETE", "/connectors/stuck-stop"))
    print("DELETE of a connector whose stop() never returns: %d in %.3f s" % (status, took))
    check(status == 204 and took < 5.0 + MARGIN_S, "DELETE answered %d in %.2f s" % (status, took))
    wait_for(lambda: "stuck-stop" not in (w.request("GET", "/connectors")[1] or []), 30,
             "stuck-stop gone")

    t0 = time.time()
    code = w.stop(timeout=60)
    took = time.time() - t0
    print("SIGTERM with a connector stuck in start(): exit %r in %.3f s" % (code, took))
    check(code == 0, "SIGTERM exits 0, got %r" % code)
    workers.clear()
    print("distributed blocking plugin: ok")
finally:
    for x in workers:
        if x.proc.poll() is None:
            x.proc.kill()
    broker.stop()
    work.cleanup()
