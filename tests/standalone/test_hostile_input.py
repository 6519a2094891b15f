"""Hostile input against a running connect-standalone: each case is what an
attacker or an unlucky operator sends, and after each one the worker must still
be running and answer correctly. Raw requests go through a socket so nothing
is cleaned up by an HTTP client on the way."""
import json
import os
import resource
import socket
import subprocess
import time

from harness import PLUGIN_PATH, STANDALONE, Workdir, Worker, check, fail, write_props

FILE_SINK = "org.apache.kafka.connect.file.FileStreamSinkConnector"


def raw(worker, payload, timeout=10):
    """Sends raw bytes and returns (status line, headers dict, body bytes)."""
    host, port = worker.url.split("//")[1].split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        sock.sendall(payload)
        sock.shutdown(socket.SHUT_WR)
        data = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    return lines[0], headers, body


def post_raw_json(worker, path, body_bytes):
    req = (b"POST " + path.encode() + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
           b"Content-Type: application/json\r\nContent-Length: " + str(len(body_bytes)).encode() +
           b"\r\n\r\n" + body_bytes)
    status, _, body = raw(worker, req)
    return int(status.split()[1]), body


def alive_and_listing(worker):
    """The worker still runs and its connector list is strict JSON of valid names."""
    check(worker.proc.poll() is None, "the worker died")
    worker.request("GET", "/connector-plugins/FileStreamSink/config", expect=200)
    line, _, listing = raw(worker, b"GET /connectors HTTP/1.1\r\nHost: x\r\n"
                                   b"Connection: close\r\n\r\n")
    check(" 200 " in line, "GET /connectors: %s" % line)
    names = json.loads(listing.decode("utf-8", errors="strict"))
    for n in names:
        check(all(ord(c) >= 0x20 and c != "\x7f" for c in n), "listed name %r" % n)
    return names


def sink_config(work, name):
    return {"connector.class": FILE_SINK, "topics": "hostile", "file": work.file(name + ".out"),
            "name": name}


def check_refused_name(worker, work, name_json, why):
    body = ('{"name": %s, "config": {"connector.class": "%s", "topics": "t", "file": "%s"}}' %
            (name_json, FILE_SINK, work.file("x.out"))).encode("utf-8", "surrogateescape")
    status, answer = post_raw_json(worker, "/connectors", body)
    check(status == 400, "%s: expected 400, got %d: %r" % (why, status, answer[:300]))
    message = json.loads(answer)["message"]
    check("name" in message.lower(), "%s: the message says the name is wrong: %r" % (why, message))
    alive_and_listing(worker)


def names(worker, work):
    check_refused_name(worker, work, '"evil\\r\\nERROR forged log line"', "CR/LF in a name")
    check_refused_name(worker, work, '"x\\u0000y"', "NUL in a name")
    check_refused_name(worker, work, '"tab\\there"', "TAB in a name")
    check_refused_name(worker, work, '"c1\\u0085"', "a C1 control in a name")
    check_refused_name(worker, work, '"' + "n" * 70000 + '"', "a 70,000-character name")
    # Raw invalid UTF-8 in the body is refused as such.
    body = b'{"name": "bad\xff\xfeutf8", "config": {"connector.class": "FileStreamSink"}}'
    status, answer = post_raw_json(worker, "/connectors", body)
    check(status == 400, "invalid UTF-8: %d %r" % (status, answer[:200]))
    check(b"UTF-8" in answer or b"encoding" in answer, "says why: %r" % answer[:300])
    alive_and_listing(worker)
    # The same rules for PUT /connectors/{name}/config (name from the URL).
    config = json.dumps({"connector.class": FILE_SINK, "topics": "t"})
    for bad in ("a%0Ab", "a%00b", "%FF%FE"):
        line, _, answer = raw(worker, ("PUT /connectors/%s/config HTTP/1.1\r\nHost: x\r\n"
                                       "Connection: close\r\nContent-Type: application/json\r\n"
                                       "Content-Length: %d\r\n\r\n%s" %
                                       (bad, len(config), config)).encode())
        check(" 400 " in line and b"name" in answer,
              "PUT with name %s: %s %r" % (bad, line, answer[:200]))
    # Unicode is fine, and a long but reasonable name too.
    for good in ("caf\u00e9-\u00fc\u4e2d", "n" * 200):
        worker.request("POST", "/connectors", {"name": good, "config": sink_config(work, good)},
                       expect=201)
        check(good in alive_and_listing(worker), "%r listed" % good)
        worker.request("DELETE", "/connectors/" + _quote(good), expect=204)


def _quote(s):
    from urllib.parse import quote
    return quote(s, safe="")


def head_and_absolute_form(worker, work):
    line, headers, body = raw(worker, b"HEAD /connectors HTTP/1.1\r\nHost: x\r\n"
                                      b"Connection: close\r\n\r\n")
    check(" 200 " in line, "HEAD /connectors: %s" % line)
    check(body == b"", "HEAD has no body: %r" % body[:100])
    check(int(headers.get("content-length", "0")) > 0, "HEAD announces the GET length %r" % headers)
    line, _, _ = raw(worker, b"HEAD /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    check(" 404 " in line, "HEAD of an unknown path: %s" % line)
    hostport = worker.url.split("//")[1]
    line, _, body = raw(worker, ("GET http://%s/connectors HTTP/1.1\r\nHost: %s\r\n"
                                 "Connection: close\r\n\r\n" % (hostport, hostport)).encode())
    check(" 200 " in line and body.startswith(b"["), "absolute-form: %s %r" % (line, body[:100]))
    line, _, body = raw(worker, ("GET http://%s/connectors?expand=status HTTP/1.1\r\nHost: x\r\n"
                                 "Connection: close\r\n\r\n" % hostport).encode())
    check(" 200 " in line and body.startswith(b"{"), "absolute-form with a query: %s" % line)
    line, _, _ = raw(worker, b"GET http:// HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    check(line.startswith("HTTP/1.1 "), "a bare scheme is answered: %s" % line)
    alive_and_listing(worker)


def nul_in_values(worker, work):
    cfg = sink_config(work, "nul")
    body = json.dumps({"name": "nul", "config": dict(cfg, file=work.file("a") + "\u0000.txt")})
    status, answer = post_raw_json(worker, "/connectors", body.encode())
    check(status == 400, "NUL in a value: %d %r" % (status, answer[:300]))
    message = json.loads(answer)["message"]
    check("file" in message and "NUL" in message, "says which key and why: %r" % message)
    body = json.dumps({"name": "nulkey", "config": dict(cfg, **{"k\u0000": "v"})})
    status, answer = post_raw_json(worker, "/connectors", body.encode())
    check(status == 400, "NUL in a key: %d %r" % (status, answer[:300]))
    check("nul" not in alive_and_listing(worker), "nothing created")


def deep_json(worker, work):
    status, answer = post_raw_json(worker, "/connectors", b"[" * 200000 + b"]" * 200000)
    check(status == 400 and b"deeper" in answer, "deep JSON: %d %r" % (status, answer[:200]))
    alive_and_listing(worker)


def secrets_stay_placeholders(worker, work):
    """Values from config providers reach the task, but task configs keep the placeholder."""
    secret_out = work.file("secret-target.txt")
    with open(work.file("secrets.properties"), "w") as f:
        f.write("out=%s\n" % secret_out)
    placeholder = "${file:%s:out}" % work.file("secrets.properties")
    cfg = dict(sink_config(work, "secretive"), file=placeholder)
    worker.request("POST", "/connectors", {"name": "secretive", "config": cfg}, expect=201)
    worker.wait_task_state("secretive", "RUNNING")
    for path in ("/connectors/secretive/tasks", "/connectors/secretive/tasks-config"):
        _, answer = worker.request("GET", path, expect=200)
        text = json.dumps(answer)
        check(secret_out not in text, "%s shows the resolved secret: %s" % (path, text))
        check(json.dumps(placeholder)[1:-1] in text, "%s keeps the placeholder: %s" % (path, text))
    with open(worker.logpath) as f:
        check(secret_out not in f.read(), "the log shows the resolved secret")
    # The task itself got the resolved value: it writes to the secret path.
    check(os.path.exists(secret_out), "the task opened the resolved file")
    worker.request("DELETE", "/connectors/secretive", expect=204)


def placeholder_tasks_max(worker, work):
    """tasks.max=${file:...} is resolved before it is checked, as Java does; validation
    answers show the placeholder, not what the provider returned."""
    with open(work.file("tasks.properties"), "w") as f:
        f.write("tasks=2\nbad=two\n")
    placeholder = "${file:%s:tasks}" % work.file("tasks.properties")
    cfg = dict(sink_config(work, "counted"), **{"tasks.max": placeholder})
    _, infos = worker.request("PUT", "/connector-plugins/FileStreamSink/config/validate", cfg,
                              expect=200)
    check(infos["error_count"] == 0, "a placeholder tasks.max validates: %s" % infos)
    shown = [c["value"]["value"] for c in infos["configs"] if c["value"]["name"] == "tasks.max"]
    check(shown == [placeholder], "validation shows the placeholder: %s" % shown)
    worker.request("POST", "/connectors", {"name": "counted", "config": cfg}, expect=201)
    worker.wait_task_state("counted", "RUNNING")
    _, tasks = worker.request("GET", "/connectors/counted/tasks", expect=200)
    check(len(tasks) == 2, "two tasks from tasks.max=%s: %s" % (placeholder, tasks))
    worker.request("DELETE", "/connectors/counted", expect=204)
    bad = dict(cfg, **{"tasks.max": "${file:%s:bad}" % work.file("tasks.properties")})
    _, infos = worker.request("PUT", "/connector-plugins/FileStreamSink/config/validate", bad,
                              expect=200)
    check(infos["error_count"] == 1, "a placeholder resolving to 'two' is refused: %s" % infos)


def sink_offsets_bad_partitions(worker, work):
    """Sink offsets naming a topic Kafka could not have, or a partition beyond 32 bits, are
    refused with 400 before any client sees them (a 100,000-character topic crashed the
    worker inside librdkafka; partition 2^40 silently became partition 0)."""
    worker.request("POST", "/connectors", {"name": "offs", "config": sink_config(work, "offs")},
                   expect=201)
    worker.request("PUT", "/connectors/offs/stop", expect=204)
    for partition, why in (({"kafka_topic": "t" * 100000, "kafka_partition": 0}, "kafka_topic"),
                           ({"kafka_topic": "bad topic\r\n", "kafka_partition": 0}, "kafka_topic"),
                           ({"kafka_topic": "hostile", "kafka_partition": 2 ** 40},
                            "kafka_partition 1099511627776"),
                           ({"kafka_topic": "hostile", "kafka_partition": -1},
                            "kafka_partition -1")):
        _, answer = worker.request("PATCH", "/connectors/offs/offsets",
                                   {"offsets": [{"partition": partition,
                                                 "offset": {"kafka_offset": 1}}]}, expect=400)
        check(why in answer["message"], "says what is wrong (%s): %r" % (why, answer))
    alive_and_listing(worker)
    worker.request("DELETE", "/connectors/offs", expect=204)


def log_forging(worker, work):
    """Text from a request that reaches the log cannot start a line of its own."""
    before = os.path.getsize(worker.logpath)
    worker.request("PUT", "/admin/loggers/kc.hostile?scope=x%0d%0aERROR%20forged%20line",
                   {"level": "INFO"}, expect=200)
    worker.request("GET", "/connectors?expand=x%0d%0aERROR%20forged%20line", expect=200)
    with open(worker.logpath, errors="replace") as f:
        f.seek(before)
        logged = f.read()
    check("scope" in logged and "expansion" in logged, "both are logged: %r" % logged[-500:])
    forged = [line for line in logged.splitlines() if line.startswith("ERROR forged")]
    check(not forged, "a request forged a log line: %r" % forged)


def refused_at_startup(work, props_path, expected, why):
    """connect-standalone given a bad worker config exits at once saying `expected`."""
    run = subprocess.run([STANDALONE, props_path], capture_output=True, text=True, timeout=20,
                         errors="replace")
    out = run.stdout + run.stderr
    check(run.returncode != 0, "%s: the worker started anyway:\n%s" % (why, out[-2000:]))
    check(expected in out, "%s: expected %r in:\n%s" % (why, expected, out[-2000:]))


def bad_worker_configs(worker, work):
    base = {"offset.storage.file.filename": work.file("bad.offsets"),
            "listeners": "http://127.0.0.1:0", "plugin.path": PLUGIN_PATH,
            "key.converter": "org.apache.kafka.connect.storage.StringConverter",
            "value.converter": "org.apache.kafka.connect.storage.StringConverter"}
    for which in ("key.converter", "value.converter", "header.converter"):
        write_props(work.file("bad.properties"), dict(base, **{which: "com.example.NoSuch"}))
        refused_at_startup(work, work.file("bad.properties"),
                           "Invalid value com.example.NoSuch for configuration " + which,
                           "unknown " + which)
    write_props(work.file("bad.properties"), dict(base, **{"plugin.path": "/a\\u0000/b"}))
    refused_at_startup(work, work.file("bad.properties"), "plugin.path", "NUL in plugin.path")
    refused_at_startup(work, work.path, "is a directory", "a directory as the worker config")


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def out_of_file_descriptors(worker, work):
    """With no descriptor left, the accept loop backs off (little CPU, few log lines) and
    serves again once descriptors are free."""
    pid = worker.proc.pid
    old = resource.prlimit(pid, resource.RLIMIT_NOFILE)
    in_use = len(os.listdir("/proc/%d/fd" % pid))
    host, port = worker.url.split("//")[1].split(":")
    hogs = []
    try:
        resource.prlimit(pid, resource.RLIMIT_NOFILE, (in_use + 4, old[1]))
        # Measured before the first refused accept: its warning is the one to see (the
        # next comes 10 s later at the earliest).
        log_before = os.path.getsize(worker.logpath)
        for _ in range(12):
            hogs.append(socket.create_connection((host, int(port)), timeout=5))
        cpu_before = cpu_seconds(pid)
        time.sleep(2)
        cpu = cpu_seconds(pid) - cpu_before
        with open(worker.logpath, errors="replace") as f:
            f.seek(log_before)
            logged = f.read()
        check(cpu < 0.5, "the worker spun for %.2f s of CPU in 2 s without descriptors" % cpu)
        check(logged.count("\n") < 20, "%d log lines in 2 s:\n%s" % (logged.count("\n"),
                                                                       logged[-1500:]))
        check("accept" in logged, "the shortage is reported: %r" % logged[-500:])
    finally:
        for h in hogs:
            h.close()
        resource.prlimit(pid, resource.RLIMIT_NOFILE, old)
    worker.request("GET", "/connectors", expect=200)
    alive_and_listing(worker)


CASES = [names, head_and_absolute_form, nul_in_values, deep_json, secrets_stay_placeholders,
         placeholder_tasks_max, sink_offsets_bad_partitions, log_forging, bad_worker_configs,
         out_of_file_descriptors]

work = Workdir("hostile")
w = Worker(work, {"config.providers": "file",
                  "config.providers.file.class":
                  "org.apache.kafka.common.config.provider.FileConfigProvider"})
try:
    for case in CASES:
        print("case", case.__name__, flush=True)
        case(w, work)
    check(w.stop() == 0, "clean shutdown")
    print("OK")
except SystemExit:
    w.stop()
    raise
except Exception as e:  # noqa: BLE001 - reported with the worker's log
    w.stop()
    fail("%s: %r" % (type(e).__name__, e))
finally:
    work.cleanup()
