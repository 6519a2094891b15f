"""A connector that sets admin.override.* gets admin clients of its own, as
Java Connect gives them: a source task creating its topics (topic.creation.*)
uses one with client id connector-adminclient-<connector>-<task>, a sink task
checking its dead letter queue topic one with client id
connector-dlq-adminclient- (closed once the topic is checked). The overrides
take effect: the client id is the one /metrics reports its
admin-client-metrics under, and a bootstrap.servers override sends the topic
creation to that other cluster. A connector without overrides keeps to the
worker's shared admin; a deleted connector's admin client is closed. The
override policy None refuses admin.override.* naming the key, on create and on
validate; Principal lets only the security keys through."""
import os
import re
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "standalone"))
import harness  # noqa: E402
from harness import check, fail, wait_for  # noqa: E402

CREATION = {"topic.creation.default.partitions": "3",
            "topic.creation.default.replication.factor": "1"}


def scrape(worker):
    with urllib.request.urlopen(worker.url + "/metrics", timeout=10) as r:
        return r.read().decode()


def admin_series(worker, client_id):
    """The shared Strimzi-named admin connection count of `client_id`, or None."""
    series = 'kafka_admin_client_connection_count{clientid="%s"}' % client_id
    for line in scrape(worker).splitlines():
        if line.startswith(series + " "):
            return float(line.rsplit(" ", 1)[1])
    return None


def partitions(bootstrap, topic):
    """The topic's partition count, or None. All topics' metadata: a request
    naming the topic would have the embedded broker auto-create it."""
    r = subprocess.run(["kcat", "-b", bootstrap, "-L"], capture_output=True, text=True,
                       timeout=20)
    m = re.search(r'topic "%s" with (\d+) partitions' % re.escape(topic), r.stdout)
    return int(m.group(1)) if m else None


def source(name, work, **extra):
    path = work.file(name + ".txt")
    with open(path, "w") as f:
        f.write("".join("line %d\n" % i for i in range(10)))
    return dict({"connector.class": "FileStreamSource", "file": path, "topic": name + "-lines"},
                **extra)


def failed_trace(worker, name):
    s = worker.wait_task_state(name, "FAILED", timeout=60)
    return s["tasks"][0].get("trace", "")


def validate_errors(worker, config):
    """{key: [errors]} of the keys the worker's validation finds fault with."""
    _, body = worker.request("PUT", "/connector-plugins/FileStreamSource/config/validate",
                             dict(config, name="checked"), expect=200)
    return {c["value"]["name"]: c["value"]["errors"] for c in body["configs"]
            if c["value"]["errors"]}


work = harness.Workdir("metrics-admin-override")
# Another cluster: an embedded broker in a process of its own, which cannot
# create topics (no controller), so a request sent there says so.
other = harness.Broker(work)
workers = []
try:
    w = harness.Worker(work, name="all")
    workers.append(w)
    bootstrap = w.embedded_bootstrap()
    fast = {"admin.override.statistics.interval.ms": "500"}

    # Overrides: each task gets an admin client of its own, under Java's
    # client id unless the overrides name one.
    w.request("PUT", "/connectors/own/config", source("own", work, **CREATION, **fast), expect=201)
    w.request("PUT", "/connectors/named/config",
              source("named", work, **CREATION, **fast,
                     **{"admin.override.client.id": "named-admin"}), expect=201)
    w.request("PUT", "/connectors/plain/config", source("plain", work, **CREATION), expect=201)
    for name in ("own", "named", "plain"):
        w.wait_task_state(name, "RUNNING")
        # Each task's admin client created its topic with the partitions asked for.
        wait_for(lambda: partitions(bootstrap, name + "-lines") == 3, 30,
                 "%s-lines created with 3 partitions" % name)
    wait_for(lambda: admin_series(w, "connector-adminclient-own-0") is not None, 30,
             "own's admin client reports under Java's client id")
    wait_for(lambda: admin_series(w, "named-admin") is not None, 30,
             "named's admin client reports under its overridden client id")
    text = scrape(w)
    check("connector-adminclient-named-0" not in text, "the overridden id replaces Java's")
    # Without overrides the shared admin serves: no client of the connector's own.
    check("connector-adminclient-plain-0" not in text, "plain uses the shared admin")
    wait_for(lambda: admin_series(w, "connect-shared-admin") is not None, 30,
             "the shared admin reports")

    # The overrides reach the client: its topic creation goes to the cluster
    # its bootstrap.servers override names, which cannot create topics.
    w.request("PUT", "/connectors/elsewhere/config",
              source("elsewhere", work, **CREATION,
                     **{"admin.override.bootstrap.servers": other.bootstrap}), expect=201)
    trace = failed_trace(w, "elsewhere")
    check("CreateTopics" in trace and other.bootstrap in trace,
          "elsewhere's topic creation went to the other cluster: %s" % trace[:500])
    # The same for a sink's dead letter queue topic check.
    sink = {"connector.class": "FileStreamSink", "topics": "own-lines",
            "errors.tolerance": "all",
            "errors.deadletterqueue.topic.replication.factor": "1"}
    w.request("PUT", "/connectors/dead/config", dict(sink, **{
        "file": work.file("dead.txt"), "errors.deadletterqueue.topic.name": "dlq-dead",
        "admin.override.bootstrap.servers": other.bootstrap}), expect=201)
    trace = failed_trace(w, "dead")
    check("CreateTopics" in trace and other.bootstrap in trace,
          "dead's DLQ topic check went to the other cluster: %s" % trace[:500])
    # On the worker's cluster the sink's own admin client creates the DLQ
    # topic, and is closed once it has (its statistics, every 0.1 s, leave).
    w.request("PUT", "/connectors/kept/config", dict(sink, **{
        "file": work.file("kept.txt"), "errors.deadletterqueue.topic.name": "dlq-kept",
        "admin.override.statistics.interval.ms": "100"}), expect=201)
    w.wait_task_state("kept", "RUNNING")
    wait_for(lambda: partitions(bootstrap, "dlq-kept") == 1, 30, "dlq-kept created")
    wait_for(lambda: sorted(harness.read_lines(work.file("kept.txt"))) ==
             sorted("line %d" % i for i in range(10)), 30, "kept copies own-lines")
    time.sleep(0.5)
    check("connector-dlq-adminclient-" not in scrape(w), "the DLQ check's admin client is closed")

    # A deleted connector's admin client is closed: its series leave.
    w.request("DELETE", "/connectors/own", expect=204)
    wait_for(lambda: admin_series(w, "connector-adminclient-own-0") is None, 30,
             "own's admin client closed with the connector")
    check(admin_series(w, "named-admin") is not None, "named's admin client still open")
    check(w.stop() == 0, "the worker stops cleanly")

    # The None policy refuses every override, naming the key.
    n = harness.Worker(work, {"connector.client.config.override.policy": "None"}, name="none")
    workers.append(n)
    status, body = n.request("PUT", "/connectors/refused/config",
                             source("refused", work, **CREATION,
                                    **{"admin.override.request.timeout.ms": "9000"}))
    check(status == 400 and "admin.override.request.timeout.ms" in body.get("message", ""),
          "None refuses admin.override.* naming the key: %s %s" % (status, body))
    errors = validate_errors(n, source("refused", work,
                                       **{"admin.override.client.id": "x"}))
    check(list(errors) == ["admin.override.client.id"] and "None" in errors[
        "admin.override.client.id"][0], "validate names the key: %s" % errors)
    n.request("PUT", "/connectors/allowed/config", source("allowed", work), expect=201)
    check(n.stop() == 0, "the None worker stops cleanly")

    # Principal: the security settings only.
    p = harness.Worker(work, {"connector.client.config.override.policy": "Principal"},
                       name="principal")
    workers.append(p)
    errors = validate_errors(p, source("p", work, **{
        "admin.override.security.protocol": "PLAINTEXT", "admin.override.client.id": "x"}))
    check(list(errors) == ["admin.override.client.id"],
          "Principal refuses client.id, allows security.protocol: %s" % errors)
    check(p.stop() == 0, "the Principal worker stops cleanly")
    print("OK")
except SystemExit:
    raise
except Exception as e:  # a crash in the test itself still shows the workers' logs
    fail("%s: %s" % (type(e).__name__, e))
finally:
    for x in workers:
        x.stop()
    other.stop()
    work.cleanup()
