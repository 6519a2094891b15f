"""connect-standalone footprint: milliseconds from exec to a healthy REST API,
peak RSS idle, and peak RSS with 10 FileStream connectors running (5 sources,
5 sinks). Targets: < 100 ms, < 20 MB idle, < 50 MB with 10 connectors.
Usage: footprint.py <build-dir> [--smoke]"""
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

build = sys.argv[1]
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
plugin_path = os.environ.get("KC_PLUGIN_PATH", os.path.join(root, "plugin-path"))
work = tempfile.mkdtemp(prefix="kc-footprint-")
cfg = os.path.join(work, "worker.properties")
with open(cfg, "w") as f:
    f.write("key.converter=org.apache.kafka.connect.storage.StringConverter\n"
            "value.converter=org.apache.kafka.connect.storage.StringConverter\n"
            "offset.storage.file.filename=%s/offsets\nlisteners=http://127.0.0.1:0\n"
            "plugin.path=%s\nplugin.discovery=%s\n"
            % (work, plugin_path, os.environ.get("KC_DISCOVERY", "hybrid_warn")))


def peak_rss_mb(pid):
    for line in open("/proc/%d/status" % pid):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024.0
    return 0.0


def request(url, method="GET", body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status


t0 = time.perf_counter()
proc = subprocess.Popen([os.path.join(build, "bin", "connect-standalone"), cfg],
                        stdout=subprocess.PIPE, stderr=open(os.path.join(work, "log"), "w"),
                        text=True)
url = None
for line in proc.stdout:
    if "REST API ready at" in line:
        url = line.split("REST API ready at")[1].strip().rstrip("/").replace("0.0.0.0", "127.0.0.1")
        break
ready_ms = (time.perf_counter() - t0) * 1000
assert url, "worker did not start"
while True:
    try:
        if request(url + "/health") == 200:
            break
    except Exception:
        pass
    time.sleep(0.005)
healthy_ms = (time.perf_counter() - t0) * 1000
time.sleep(1.0)
idle = peak_rss_mb(proc.pid)

for i in range(5):
    src = os.path.join(work, "in%d.txt" % i)
    with open(src, "w") as f:
        f.write("".join("footprint line %d\n" % n for n in range(1000)))
    request(url + "/connectors/src%d/config" % i, "PUT",
            {"connector.class": "FileStreamSource", "file": src, "topic": "fp%d" % i})
    request(url + "/connectors/snk%d/config" % i, "PUT",
            {"connector.class": "FileStreamSink", "file": os.path.join(work, "out%d.txt" % i),
             "topics": "fp%d" % i})
deadline = time.time() + 30
while time.time() < deadline:
    done = all(os.path.exists(os.path.join(work, "out%d.txt" % i)) and
               sum(1 for _ in open(os.path.join(work, "out%d.txt" % i))) >= 1000 for i in range(5))
    if done:
        break
    time.sleep(0.2)
time.sleep(1.0)
busy = peak_rss_mb(proc.pid)
proc.terminate()
rc = proc.wait(30)

print("footprint: stdout 'ready' after %.1f ms, /health 200 after %.1f ms (target < 100 ms)"
      % (ready_ms, healthy_ms))
print("footprint: peak RSS idle %.1f MB (target < 20 MB), with 10 file connectors %.1f MB "
      "(target < 50 MB)" % (idle, busy))
print("footprint: baseline Java worker (typical published figures): ~5-10 s to healthy, 0.5-2.5 GB RSS -> "
      "ratio startup %.4f, RSS %.4f" % (healthy_ms / 5000.0, busy / 500.0))
sys.exit(0 if rc == 0 and done else 1)
