"""Every REST endpoint through an independent HTTP client against a running
connect-standalone with the embedded broker."""
import sys

from harness import Workdir, Worker, check, fail, read_lines, wait_for

work = Workdir("rest")
src_file, out_file = work.file("in.txt"), work.file("out.txt")
with open(src_file, "w") as f:
    f.write("".join("line %d\n" % i for i in range(50)))
w = Worker(work)
try:
    _, root = w.request("GET", "/", expect=200)
    check("version" in root and "commit" in root and "kafka_cluster_id" in root, "GET / %r" % root)
    wait_for(lambda: w.request("GET", "/health")[0] == 200, 10, "healthy")
    _, plugins = w.request("GET", "/connector-plugins", expect=200)
    classes = {p["class"] for p in plugins}
    check("org.apache.kafka.connect.file.FileStreamSourceConnector" in classes, "plugins %r" % plugins)
    check(all(p["type"] in ("source", "sink") for p in plugins), "connectorsOnly default")
    _, allp = w.request("GET", "/connector-plugins?connectorsOnly=false", expect=200)
    check(any(p["type"] == "converter" for p in allp), "converters listed with connectorsOnly=false")
    _, cfgdef = w.request("GET", "/connector-plugins/FileStreamSource/config", expect=200)
    check({d["name"] for d in cfgdef} >= {"file", "topic", "batch.size"}, "source config def")
    # Java: "file" has a null default (stdin), "topic" none at all.
    req = {d["name"]: (d["required"], d["default_value"]) for d in cfgdef}
    check(req["file"] == (False, None) and req["topic"] == (True, None), "required: %r" % req)
    w.request("GET", "/connector-plugins/NoSuchPlugin/config", expect=404)

    source = {"connector.class": "FileStreamSource", "file": src_file, "topic": "rest-topic",
              "tasks.max": "1", "name": "src"}
    _, v = w.request("PUT", "/connector-plugins/FileStreamSource/config/validate", source, expect=200)
    check(v["error_count"] == 0, "valid config has errors: %r" % v)
    bad = dict(source)
    del bad["topic"]
    _, v = w.request("PUT", "/connector-plugins/FileStreamSource/config/validate", bad, expect=200)
    check(v["error_count"] >= 1, "missing topic not reported")
    topic_errs = [c["value"]["errors"] for c in v["configs"] if c["value"]["name"] == "topic"]
    check(topic_errs and topic_errs[0], "error not on key 'topic': %r" % v)
    # A converter named by the connector has its own settings validated,
    # under their prefixed names (as Java's validateConverterConfig does).
    conv = dict(source, **{"value.converter": "org.apache.kafka.connect.json.JsonConverter",
                           "value.converter.schemas.enable": "maybe"})
    _, v = w.request("PUT", "/connector-plugins/FileStreamSource/config/validate", conv, expect=200)
    by_name = {c["value"]["name"]: c for c in v["configs"]}
    check(v["error_count"] == 1, "one error, the converter setting: %r" % v)
    se = by_name.get("value.converter.schemas.enable")
    check(se and se["value"]["errors"] and "maybe" in se["value"]["errors"][0],
          "bad schemas.enable reported on its prefixed key: %r" % se)
    check(se["definition"]["type"] == "BOOLEAN", "with the converter's definition: %r" % se)
    check(by_name["value.converter.converter.type"]["value"]["value"] == "value",
          "converter.type set as the worker sets it")
    conv["value.converter.schemas.enable"] = "false"
    _, v = w.request("PUT", "/connector-plugins/FileStreamSource/config/validate", conv, expect=200)
    check(v["error_count"] == 0, "valid converter settings: %r" % v)

    st, body = w.request("POST", "/connectors", {"name": "src", "config": source}, expect=201)
    check(body["name"] == "src" and body["type"] == "source", "create body %r" % body)
    w.request("POST", "/connectors", {"name": "src", "config": source}, expect=409)
    w.request("POST", "/connectors", {"name": "broken", "config": bad}, expect=400)
    sink = {"connector.class": "org.apache.kafka.connect.file.FileStreamSinkConnector",
            "file": out_file, "topics": "rest-topic"}
    st, body = w.request("PUT", "/connectors/snk/config", sink, expect=201)
    w.wait_task_state("src", "RUNNING")
    w.wait_task_state("snk", "RUNNING")
    wait_for(lambda: len(read_lines(out_file)) >= 50, 30, "50 lines through REST-created connectors")
    check(sorted(read_lines(out_file)) == sorted("line %d" % i for i in range(50)), "sink output")

    _, names = w.request("GET", "/connectors", expect=200)
    check(sorted(names) == ["snk", "src"], "list %r" % names)
    _, exp = w.request("GET", "/connectors?expand=status&expand=info", expect=200)
    check(exp["src"]["status"]["connector"]["state"] == "RUNNING" and "info" in exp["src"], "expand")
    _, info = w.request("GET", "/connectors/src", expect=200)
    check(info["tasks"] == [{"connector": "src", "task": 0}], "info tasks %r" % info)
    _, cfg = w.request("GET", "/connectors/src/config", expect=200)
    check(cfg["file"] == src_file, "config")
    _, tasks = w.request("GET", "/connectors/src/tasks", expect=200)
    check(tasks[0]["id"] == {"connector": "src", "task": 0}, "tasks %r" % tasks)
    _, ts = w.request("GET", "/connectors/src/tasks/0/status", expect=200)
    check(ts["state"] == "RUNNING" and ts["id"] == 0, "task status %r" % ts)
    w.request("GET", "/connectors/src/tasks/7/status", expect=404)
    w.request("GET", "/connectors/nope", expect=404)
    w.request("GET", "/connectors/nope/status", expect=404)

    # Active topics are what the tasks used; a reset forgets them until used again.
    _, topics = w.request("GET", "/connectors/snk/topics", expect=200)
    check(topics == {"snk": {"topics": ["rest-topic"]}}, "topics %r" % topics)
    _, topics = w.request("GET", "/connectors/src/topics", expect=200)
    check(topics == {"src": {"topics": ["rest-topic"]}}, "source topics %r" % topics)
    w.request("GET", "/connectors/nope/topics", expect=404)
    w.request("PUT", "/connectors/snk/topics/reset", expect=202)
    _, topics = w.request("GET", "/connectors/snk/topics", expect=200)
    check(topics == {"snk": {"topics": []}}, "topics after reset %r" % topics)
    with open(src_file, "a") as f:
        f.write("line 50\n")
    wait_for(lambda: w.request("GET", "/connectors/snk/topics")[1] ==
             {"snk": {"topics": ["rest-topic"]}}, 30, "topic tracked again after a reset")

    w.request("PUT", "/connectors/src/pause", expect=202)
    w.wait_task_state("src", "PAUSED")
    check(w.status("src")["connector"]["state"] == "PAUSED", "connector paused")
    w.request("PUT", "/connectors/src/resume", expect=202)
    w.wait_task_state("src", "RUNNING")
    w.request("POST", "/connectors/src/restart", expect=204)
    st, r = w.request("POST", "/connectors/src/restart?includeTasks=true", expect=202)
    check(r["connector"]["state"] == "RESTARTING", "restart answer %r" % r)
    w.wait_task_state("src", "RUNNING")
    w.request("POST", "/connectors/src/tasks/0/restart", expect=204)
    w.wait_task_state("src", "RUNNING")

    _, patched = w.request("PATCH", "/connectors/src/config", {"batch.size": "10"}, expect=200)
    check(w.request("GET", "/connectors/src/config")[1]["batch.size"] == "10", "patched")
    _, put = w.request("PUT", "/connectors/src/config", source, expect=200)

    # Offsets: readable any time, changeable only when STOPPED.
    _, offs = w.request("GET", "/connectors/src/offsets", expect=200)
    check(offs["offsets"] and offs["offsets"][0]["partition"] == {"filename": src_file},
          "source offsets %r" % offs)
    w.request("PATCH", "/connectors/src/offsets",
              {"offsets": [{"partition": {"filename": src_file}, "offset": {"position": 0}}]},
              expect=400)
    w.request("PUT", "/connectors/src/stop", expect=204)
    wait_for(lambda: w.status("src")["connector"]["state"] == "STOPPED", 10, "STOPPED")
    check(w.status("src")["tasks"] == [], "stopped connector has no tasks")
    _, m = w.request("PATCH", "/connectors/src/offsets",
                     {"offsets": [{"partition": {"filename": src_file}, "offset": {"position": 7}}]},
                     expect=200)
    check("altered successfully" in m["message"], "patch message %r" % m)
    _, offs = w.request("GET", "/connectors/src/offsets", expect=200)
    check(offs["offsets"][0]["offset"] == {"position": 7}, "altered offset %r" % offs)
    _, m = w.request("DELETE", "/connectors/src/offsets", expect=200)
    check("reset successfully" in m["message"], "reset message %r" % m)
    check(w.request("GET", "/connectors/src/offsets")[1]["offsets"] == [], "offsets reset")

    _, sinkoffs = w.request("GET", "/connectors/snk/offsets", expect=200)
    check(any(o["offset"]["kafka_offset"] > 0 for o in sinkoffs["offsets"]),
          "sink offsets %r" % sinkoffs)
    # A stopped sink's group offsets: the embedded broker's coordinator never
    # forgets a group, so it refuses the commit a real broker takes; the answer
    # is Java's, saying the call can be retried, not a bare "Unknown member".
    w.request("PUT", "/connectors/snk/stop", expect=204)
    wait_for(lambda: w.status("snk")["tasks"] == [], 10, "snk STOPPED")
    part = {"kafka_topic": "rest-topic", "kafka_partition": 0}
    for method, body in (("PATCH", {"offsets": [{"partition": part,
                                                 "offset": {"kafka_offset": 3}}]}),
                         ("DELETE", None)):
        _, m = w.request(method, "/connectors/snk/offsets", body, expect=500)
        check("can be safely retried" in m["message"] and "snk" in m["message"],
              "%s sink offsets message %r" % (method, m))
    _, after = w.request("GET", "/connectors/snk/offsets", expect=200)
    check(after == sinkoffs, "sink offsets unchanged %r" % after)

    _, loggers = w.request("GET", "/admin/loggers", expect=200)
    w.request("DELETE", "/connectors/src", expect=204)
    w.request("DELETE", "/connectors/src", expect=404)
    check(w.request("GET", "/connectors")[1] == ["snk"], "deleted")
    rc = w.stop()
    check(rc == 0, "exit code %d on SIGTERM" % rc)
    print("OK")
finally:
    if w.proc.poll() is None:
        w.proc.kill()
    work.cleanup()
