"""Two connect-distributed workers sharing one broker: connectors created,
paused, resumed, stopped and deleted through either worker (followers forward
to the leader), every worker sees the result, file lines flow end to end, the
internal endpoint refuses unsigned or wrongly signed requests, and a worker
killed with SIGKILL hands its work to the survivor with no line lost. A
config provider placeholder stays a placeholder in the task configs every
worker stores and returns (a secret is never written out resolved)."""
import os
import signal
import time

from distributed_harness import (INTERNAL_TOPICS, check, cluster_props, connector_state, fail,
                                 retry_request, start_worker, wait_for, wait_healthy)
import harness

work = harness.Workdir("distributed")
broker = harness.Broker(work, topics=INTERNAL_TOPICS + ("lines:1",))
workers = []
try:
    props = cluster_props(broker.bootstrap)
    props.update({
        "config.providers": "file",
        "config.providers.file.class":
            "org.apache.kafka.common.config.provider.FileConfigProvider",
    })
    a = start_worker(work, props, "worker-a")
    workers.append(a)
    b = start_worker(work, props, "worker-b")
    workers.append(b)
    wait_healthy(workers)

    source_file = work.file("in.txt")
    sink_file = work.file("out.txt")
    with open(source_file, "w") as f:
        f.writelines("line-%d\n" % i for i in range(100))
    secrets = work.file("secrets.properties")
    with open(secrets, "w") as f:
        f.write("path=%s\n" % source_file)
    placeholder = "${file:%s:path}" % secrets
    source = {"name": "src", "config": {
        "connector.class": "FileStreamSource", "tasks.max": "1", "file": placeholder,
        "topic": "lines"}}
    sink = {"name": "snk", "config": {
        "connector.class": "FileStreamSink", "tasks.max": "1", "file": sink_file,
        "topics": "lines"}}

    # Created through different workers: one of them is a follower and forwards.
    retry_request(a, "POST", "/connectors", source, expect=201)
    retry_request(b, "POST", "/connectors", sink, expect=201)
    status, _ = a.request("POST", "/connectors", source)
    check(status == 409, "creating an existing connector must answer 409, got %d" % status)

    for w in workers:
        wait_for(lambda w=w: sorted(w.request("GET", "/connectors")[1] or []) == ["snk", "src"],
                 30, "%s to list both connectors" % w.name)
    for w in workers:
        wait_for(lambda w=w: connector_state(w, "src") == ("RUNNING", ["RUNNING"]), 60,
                 "src RUNNING as seen by %s" % w.name)
        wait_for(lambda w=w: connector_state(w, "snk") == ("RUNNING", ["RUNNING"]), 60,
                 "snk RUNNING as seen by %s" % w.name)
    wait_for(lambda: len(harness.read_lines(sink_file)) >= 100, 60, "100 lines in the sink")
    check(harness.read_lines(sink_file)[:100] == ["line-%d" % i for i in range(100)],
          "the sink file holds the source lines in order")

    # Task configs are visible from both workers, with the placeholder as the
    # connector config gave it, not the value the provider resolved.
    for w in workers:
        _, tasks = w.request("GET", "/connectors/src/tasks", expect=200)
        check(len(tasks) == 1 and tasks[0]["config"].get("file") == placeholder,
              "%s: task config of src keeps the placeholder: %r" % (w.name, tasks))
        check(source_file not in str(tasks), "%s: resolved value served: %r" % (w.name, tasks))

    # KIP-976: a cluster-scoped level set through one worker reaches every worker
    # through the config topic; a worker-scoped one stays where it was set.
    status, body = b.request("PUT", "/admin/loggers/org.example?scope=cluster",
                             {"level": "LOUD"})
    check(status == 404, "an unknown level must answer 404, got %d %r" % (status, body))
    b.request("PUT", "/admin/loggers/org.example?scope=cluster", {"level": "DEBUG"}, expect=204)
    for w in workers:
        wait_for(lambda w=w: (w.request("GET", "/admin/loggers/org.example")[1] or {})
                 .get("level") == "DEBUG", 30, "%s to apply the cluster level" % w.name)
    a.request("PUT", "/admin/loggers/org.other", {"level": "TRACE"}, expect=200)
    status, _ = b.request("GET", "/admin/loggers/org.other")
    check(status == 404, "a worker-scoped level stays on its worker, got %d on the other" % status)

    # Pause and resume through each worker: any worker writes the target state.
    b.request("PUT", "/connectors/src/pause", expect=202)
    wait_for(lambda: connector_state(a, "src")[0] == "PAUSED", 30, "src PAUSED")
    a.request("PUT", "/connectors/src/resume", expect=202)
    wait_for(lambda: connector_state(b, "src") == ("RUNNING", ["RUNNING"]), 30, "src RUNNING")

    # Reconfigure through a worker: the new file's lines flow.
    second_file = work.file("in2.txt")
    with open(second_file, "w") as f:
        f.writelines("more-%d\n" % i for i in range(20))
    cfg = dict(source["config"], file=second_file)
    retry_request(b, "PUT", "/connectors/src/config", cfg, expect=200)
    wait_for(lambda: any(l == "more-19" for l in harness.read_lines(sink_file)), 60,
             "lines of the reconfigured source in the sink")

    # The internal endpoint refuses unsigned and wrongly signed task configs.
    status, body = a.request("POST", "/connectors/src/tasks", [{"k": "v"}])
    check(status == 400 and "missing required signature" in body["message"],
          "unsigned internal request: %d %r" % (status, body))
    status, body = a.request("POST", "/connectors/src/tasks", [{"k": "v"}], headers={
        "X-Connect-Authorization": "AAAA", "X-Connect-Request-Signature-Algorithm": "HmacSHA256"})
    check(status == 403 and body["message"] == "Internal request contained invalid signature.",
          "wrongly signed internal request: %d %r" % (status, body))

    # Stop through a follower (leader-only, forwarded), then delete.
    retry_request(b, "PUT", "/connectors/snk/stop", expect=204)
    wait_for(lambda: connector_state(a, "snk")[0] == "STOPPED", 30, "snk STOPPED")
    retry_request(a, "PUT", "/connectors/snk/resume", expect=202)
    wait_for(lambda: connector_state(b, "snk") == ("RUNNING", ["RUNNING"]), 60,
             "snk RUNNING after resume")

    # SIGKILL the worker that runs the source task: its work moves to the survivor.
    _, status = a.request("GET", "/connectors/src/status", expect=200)
    owner_id = status["tasks"][0]["worker_id"]
    victim = a if a.url.endswith(owner_id) else b
    survivor = b if victim is a else a
    victim.stop(sig=signal.SIGKILL)
    workers.remove(victim)
    with open(second_file, "a") as f:
        f.writelines("after-kill-%d\n" % i for i in range(50))
    wait_for(lambda: (connector_state(survivor, "src")[1] == ["RUNNING"] and
                      survivor.request("GET", "/connectors/src/status")[1]["tasks"][0][
                          "worker_id"] != owner_id), 90, "src's task running on the survivor")
    wait_for(lambda: "after-kill-49" in harness.read_lines(sink_file), 90,
             "lines written after the kill in the sink")
    lines = harness.read_lines(sink_file)
    for i in range(50):
        check("after-kill-%d" % i in lines, "after-kill-%d lost" % i)

    # KIP-875: the committed source offsets, then a reset of a STOPPED connector.
    def src_offsets():
        return survivor.request("GET", "/connectors/src/offsets", expect=200)[1]["offsets"]
    wait_for(lambda: any(o["partition"].get("filename") == second_file for o in src_offsets()),
             30, "src's committed offset for %s" % second_file)
    status, body = survivor.request("DELETE", "/connectors/src/offsets")
    check(status == 400 and "STOPPED" in body["message"],
          "offsets of a running connector cannot be reset: %d %r" % (status, body))
    retry_request(survivor, "PUT", "/connectors/src/stop", expect=204)
    wait_for(lambda: connector_state(survivor, "src")[0] == "STOPPED", 30, "src STOPPED")
    retry_request(survivor, "DELETE", "/connectors/src/offsets", expect=200)
    check(src_offsets() == [], "offsets after the reset: %r" % src_offsets())

    retry_request(survivor, "DELETE", "/connectors/src", expect=204)
    wait_for(lambda: survivor.request("GET", "/connectors")[1] == ["snk"], 30, "src deleted")
    # The status tombstones are written asynchronously, as in Java.
    wait_for(lambda: survivor.request("GET", "/connectors/src/status")[0] == 404, 30,
             "deleted src to have no status")

    code = survivor.stop()
    check(code == 0, "SIGTERM exits 0, got %r" % code)
    print("distributed cluster: ok")
finally:
    for w in workers:
        if w.proc.poll() is None:
            w.proc.kill()
    broker.stop()
    work.cleanup()
