"""Shared helpers for the integration tests: run connect-standalone (and the
embedded broker launcher) as real processes, talk to the REST API with an
independent HTTP client, read topics with kcat."""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

BUILD = os.environ.get("KC_BUILD_DIR") or sys.argv[1]
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLUGIN_PATH = os.environ.get("KC_PLUGIN_PATH", os.path.join(ROOT, "plugin-path"))
STANDALONE = os.path.join(BUILD, "bin", "connect-standalone")
LAUNCHER = os.path.join(BUILD, "bin", "connect-embedded-broker")


# Logs of the workers started so far: a failure shows their ends before the
# test's work directory is removed.
_worker_logs = []


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    for path in _worker_logs:
        if os.path.exists(path):
            with open(path, errors="replace") as f:
                # The REST access log (a test's polling) would fill the tail.
                lines = [line for line in f if ' HTTP/1.1" ' not in line]
            tail = "".join(lines)[-4000:]
            print("--- end of %s ---\n%s" % (os.path.basename(path), tail), file=sys.stderr)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def wait_for(pred, timeout, what):
    deadline = time.time() + timeout
    while time.time() < deadline:
        v = pred()
        if v:
            return v
        time.sleep(0.1)
    fail("timed out waiting for " + what)


def write_props(path, props):
    with open(path, "w") as f:
        for k, v in props.items():
            f.write("%s=%s\n" % (k, v))



def rest_url_from_log(proc, logpath, start, timeout):
    """The URL a worker logs as "REST API ready at ..." after offset `start` of
    its log, or None when it exits or `timeout` seconds pass first."""
    deadline = time.time() + timeout
    while time.time() < deadline and proc.poll() is None:
        with open(logpath) as f:
            f.seek(start)
            m = re.search(r"REST API ready at (\S+)", f.read())
        if m:
            return m.group(1).replace("0.0.0.0", "127.0.0.1").rstrip("/")
        time.sleep(0.05)
    return None

class Workdir:
    def __init__(self, name):
        self.path = tempfile.mkdtemp(prefix="kc-it-%s-" % name)

    def file(self, name):
        return os.path.join(self.path, name)

    def cleanup(self):
        # KC_KEEP_TEST_DIRS=1 keeps the logs and data of a run, e.g. to study
        # a failure that does not reproduce on demand.
        if os.environ.get("KC_KEEP_TEST_DIRS"):
            print("kept %s" % self.path, file=sys.stderr)
            return
        shutil.rmtree(self.path, ignore_errors=True)


class Broker:
    """The shared embedded broker launcher (outlives workers)."""

    def __init__(self, work, topics=()):
        if not os.path.exists(LAUNCHER):
            print("SKIP: %s not built" % LAUNCHER)
            sys.exit(0)
        self.log = open(work.file("broker.log"), "w")
        args = [LAUNCHER, "--control"]
        for t in topics:
            args += ["--topic", t]
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.log, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"bootstrap.servers=(\S+)", line)
        check(m, "launcher did not print its address: %r" % line)
        self.bootstrap = m.group(1)

    def control(self, command):
        """Runs a launcher command ("down 1", "up 1": the mock cluster's
        control API) and checks its answer."""
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline().strip()
        check(answer == "ok", "broker command %r: %r" % (command, answer))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)


class Worker:
    def __init__(self, work, extra=None, connectors=(), name="worker"):
        self.work = work
        props = {
            "key.converter": "org.apache.kafka.connect.storage.StringConverter",
            "value.converter": "org.apache.kafka.connect.storage.StringConverter",
            "offset.storage.file.filename": work.file("connect.offsets"),
            "offset.flush.interval.ms": "500",
            "listeners": "http://127.0.0.1:0",
            "plugin.path": PLUGIN_PATH,
        }
        props.update(extra or {})
        self.config = work.file(name + ".properties")
        write_props(self.config, props)
        self.logpath = work.file(name + ".log")
        self.log = open(self.logpath, "a")
        if self.logpath not in _worker_logs:
            _worker_logs.append(self.logpath)
        files = []
        for i, c in enumerate(connectors):
            p = work.file("%s-connector-%d.properties" % (name, i))
            write_props(p, c)
            files.append(p)
        # Logs and the "ready" line both go to stdout, as Java's worker logs to the console.
        start = self.log.tell()
        self.proc = subprocess.Popen([STANDALONE, self.config] + files, stdout=self.log,
                                     stderr=subprocess.STDOUT, text=True)
        self.url = rest_url_from_log(self.proc, self.logpath, start, 30)
        if not self.url:
            self.proc.kill()
            fail("worker did not start; log:\n" + open(self.logpath).read()[-3000:])

    def embedded_bootstrap(self):
        text = open(self.logpath).read()
        m = re.search(r"bootstrap.servers=(127\.0\.0\.1:\d+(?:,127\.0\.0\.1:\d+)*)", text)
        check(m, "no embedded broker address in the log")
        return m.group(1)

    def request(self, method, path, body=None, expect=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                status, text = r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            status, text = e.code, e.read().decode()
        parsed = json.loads(text) if text else None
        if expect is not None and status != expect:
            fail("%s %s: expected %d, got %d: %s" % (method, path, expect, status, text))
        return status, parsed

    def status(self, name):
        return self.request("GET", "/connectors/%s/status" % name)[1]

    def wait_task_state(self, name, state, timeout=30):
        def ok():
            s = self.request("GET", "/connectors/%s/status" % name)[1]
            tasks = (s or {}).get("tasks", [])
            return tasks and all(t["state"] == state for t in tasks) and s
        return wait_for(ok, timeout, "%s tasks %s" % (name, state))

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.proc.poll() is not None:
            return self.proc.returncode
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            fail("worker did not stop within %d s" % timeout)


def read_lines(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return f.read().splitlines()


def kcat_consume(bootstrap, topic, fmt="%s\\n", timeout=20):
    r = subprocess.run(["kcat", "-b", bootstrap, "-C", "-t", topic, "-e", "-q", "-f", fmt],
                       capture_output=True, text=True, timeout=timeout)
    return r.stdout


def kcat_produce(bootstrap, topic, lines):
    r = subprocess.run(["kcat", "-b", bootstrap, "-P", "-t", topic], input="\n".join(lines) + "\n",
                       capture_output=True, text=True, timeout=30)
    check(r.returncode == 0, "kcat -P failed: " + r.stderr)
