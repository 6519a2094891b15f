"""A connector whose start() or stop() never returns holds up only itself: the
REST API (other connectors, /health) keeps answering while it is stuck, DELETE
and PUT /stop answer within Java's timeouts and report it, and SIGTERM exits
within the shutdown timeouts. Prints the times it measured."""
import os
import threading
import time

from harness import BUILD, PLUGIN_PATH, Workdir, Worker, check, wait_for

FIXTURE = os.path.join(BUILD, "tests", "standalone", "plugins", "blocking_source")
GRACEFUL_S = 2.0         # task.shutdown.graceful.timeout.ms below
CONNECTOR_STOP_S = 5.0   # Java's Worker.CONNECTOR_GRACEFUL_SHUTDOWN_TIMEOUT_MS
START_ANSWER_S = 5.0     # how long a create waits for start() before answering
MARGIN_S = 3.0           # a sanitizer build on a busy machine
# A request the stuck start() must not hold up: a herder waiting on the plugin
# would answer only after START_ANSWER_S, so this bound still tells the two
# apart while leaving room for a sanitizer build on a loaded machine.
UNBLOCKED_S = 3.0


def blocking(block_in):
    return {"connector.class": "org.kc.it.BlockingSourceConnector", "block.in": block_in,
            "tasks.max": "1"}


def timed(call):
    t0 = time.time()
    result = call()
    return result, time.time() - t0


work = Workdir("blocking")
w = Worker(work, {"plugin.path": PLUGIN_PATH + "," + FIXTURE,
                  "task.shutdown.graceful.timeout.ms": str(int(GRACEFUL_S * 1000))})
try:
    wait_for(lambda: w.request("GET", "/health")[0] == 200, 10, "healthy")

    # A create whose start() never returns, in flight while others ask.
    created = {}
    creator = threading.Thread(target=lambda: created.update(answer=w.request(
        "POST", "/connectors", {"name": "stuck-start", "config": blocking("start")})))
    t0 = time.time()
    creator.start()
    time.sleep(0.5)
    check(creator.is_alive(), "the create is still in flight")
    for path in ("/connectors", "/health", "/connectors/stuck-start/status"):
        (status, _), took = timed(lambda: w.request("GET", path))
        print("GET %s during the stuck create: %d in %.3f s" % (path, status, took))
        check(status == 200 and took < UNBLOCKED_S, "GET %s answered %d in %.2f s" % (path, status, took))
    (status, _), took = timed(lambda: w.request(
        "POST", "/connectors", {"name": "fine", "config": blocking("none")}))
    print("POST of another connector during the stuck create: %d in %.3f s" % (status, took))
    check(status == 201 and took < UNBLOCKED_S, "another connector created: %d in %.2f s" % (status, took))
    w.wait_task_state("fine", "RUNNING")
    creator.join(START_ANSWER_S + MARGIN_S + 5)
    took = time.time() - t0
    print("POST of the stuck connector: %d in %.3f s" % (created["answer"][0], took))
    check(created["answer"][0] == 201, "stuck create answered %r" % (created["answer"],))
    check(took < START_ANSWER_S + MARGIN_S, "stuck create answered in %.2f s" % took)
    check(w.status("stuck-start")["connector"]["state"] == "UNASSIGNED", "still starting")

    (status, _), took = timed(lambda: w.request("DELETE", "/connectors/stuck-start"))
    print("DELETE of the connector stuck in start(): %d in %.3f s" % (status, took))
    check(status == 204 and took < CONNECTOR_STOP_S + MARGIN_S, "DELETE %d in %.2f s" % (status, took))
    check(w.request("GET", "/connectors")[1] == ["fine"], "deleted")

    # A connector whose stop() never returns is abandoned and reported.
    w.request("POST", "/connectors", {"name": "stuck-stop", "config": blocking("stop")}, expect=201)
    w.wait_task_state("stuck-stop", "RUNNING")
    (status, _), took = timed(lambda: w.request("PUT", "/connectors/stuck-stop/stop"))
    print("PUT /stop of the connector stuck in stop(): %d in %.3f s" % (status, took))
    check(status == 204 and took < GRACEFUL_S + CONNECTOR_STOP_S + MARGIN_S,
          "PUT /stop %d in %.2f s" % (status, took))
    st = w.status("stuck-stop")
    check(st["connector"]["state"] == "FAILED" and "did not stop" in st["connector"].get("trace", ""),
          "an abandoned connector is reported: %r" % st)
    check(w.request("GET", "/health")[0] == 200, "still healthy")
    w.wait_task_state("fine", "RUNNING")

    # Shutdown with a connector stuck in stop(): within the timeouts.
    w.request("PUT", "/connectors/stuck-stop/resume", expect=202)
    w.wait_task_state("stuck-stop", "RUNNING")
    rc, took = timed(lambda: w.stop(timeout=60))
    print("SIGTERM with a connector stuck in stop(): exit %d in %.3f s" % (rc, took))
    check(rc == 0, "clean exit: %d" % rc)
    check(took < GRACEFUL_S + CONNECTOR_STOP_S + MARGIN_S, "SIGTERM took %.2f s" % took)
    print("OK")
finally:
    if w.proc.poll() is None:
        w.proc.kill()
    work.cleanup()
