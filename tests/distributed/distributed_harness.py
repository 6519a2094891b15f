"""connect-distributed workers as real processes sharing one embedded broker
launcher, for the distributed-mode integration tests. Builds on the
standalone harness (logs on failure, REST client, waits)."""
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "standalone"))
import harness  # noqa: E402
from harness import check, fail, wait_for, write_props  # noqa: E402,F401

DISTRIBUTED = os.path.join(harness.BUILD, "bin", "connect-distributed")

# Internal topics pre-created on the launcher: the mock broker would create an
# unknown topic with 4 partitions on first use, and the config topic needs 1.
INTERNAL_TOPICS = ("connect-configs:1", "connect-offsets:5", "connect-status:3")


def cluster_props(bootstrap, group="native-cluster"):
    return {
        "bootstrap.servers": bootstrap,
        "group.id": group,
        "config.storage.topic": "connect-configs",
        "offset.storage.topic": "connect-offsets",
        "status.storage.topic": "connect-status",
        "config.storage.replication.factor": "1",
        "offset.storage.replication.factor": "1",
        "status.storage.replication.factor": "1",
        "key.converter": "org.apache.kafka.connect.storage.StringConverter",
        "value.converter": "org.apache.kafka.connect.storage.StringConverter",
        "offset.flush.interval.ms": "300",
        "listeners": "http://127.0.0.1:0",
        "plugin.path": harness.PLUGIN_PATH,
        # The mock broker's group coordinator: every rebalance after the first
        # costs session.timeout.ms - 1 s, so keep the session short.
        "session.timeout.ms": "3000",
        # The mock frees, unanswered, the parked JoinGroup or SyncGroup of a
        # member it expires meanwhile (on a loaded machine its expiry and
        # election timers, both 1-3 s, can run late and out of order), and
        # the member waits rebalance.timeout.ms + 5 s for the answer: keep
        # that wait short. Real brokers always answer.
        "rebalance.timeout.ms": "10000",
        "heartbeat.interval.ms": "500",
        "scheduled.rebalance.max.delay.ms": "0",
        "group.leader.sync.delay.ms": "100",
        "consumer.fetch.wait.max.ms": "20",
        "consumer.session.timeout.ms": "6000",
    }


class DistributedWorker:
    def __init__(self, work, props, name):
        self.name = name
        self.config = work.file(name + ".properties")
        write_props(self.config, props)
        self.logpath = work.file(name + ".log")
        self.log = open(self.logpath, "a")
        if self.logpath not in harness._worker_logs:
            harness._worker_logs.append(self.logpath)
        start = self.log.tell()
        self.proc = subprocess.Popen([DISTRIBUTED, self.config], stdout=self.log,
                                     stderr=subprocess.STDOUT, text=True)
        self.url = harness.rest_url_from_log(self.proc, self.logpath, start, 60)

    def started(self):
        return self.url is not None

    def log_text(self):
        with open(self.logpath, errors="replace") as f:
            return f.read()

    def request(self, method, path, body=None, expect=None, headers=None, raw=None):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        req = urllib.request.Request(self.url + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        try:
            with urllib.request.urlopen(req, timeout=100) as r:
                status, text = r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            status, text = e.code, e.read().decode()
        try:
            parsed = json.loads(text) if text else None
        except ValueError:
            parsed = text
        if expect is not None and status != expect:
            fail("%s: %s %s: expected %d, got %d: %s" % (self.name, method, path, expect, status,
                                                         text))
        return status, parsed

    def healthy(self):
        try:
            return self.request("GET", "/health")[0] == 200
        except OSError:
            return False

    def stop(self, sig=signal.SIGTERM, timeout=40):
        if self.proc.poll() is not None:
            return self.proc.returncode
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            fail("%s did not stop within %d s" % (self.name, timeout))


def start_worker(work, props, name):
    w = DistributedWorker(work, props, name)
    check(w.started(), "%s did not start" % name)
    return w


def wait_healthy(workers, timeout=60):
    wait_for(lambda: all(w.healthy() for w in workers), timeout, "all workers healthy")


def retry_request(worker, method, path, body=None, expect=200, timeout=60):
    """A write during a rebalance answers 409; Java clients retry, so do we."""
    deadline = time.time() + timeout
    while True:
        status, parsed = worker.request(method, path, body)
        if status == expect:
            return parsed
        if status != 409 or time.time() > deadline:
            fail("%s %s: expected %d, got %d: %s" % (method, path, expect, status, parsed))
        time.sleep(0.3)


def connector_state(worker, name):
    status, body = worker.request("GET", "/connectors/%s/status" % name)
    if status != 200:
        return None, []
    return body["connector"]["state"], [t["state"] for t in body.get("tasks", [])]
