"""config.action.reload: a connector whose config takes values from a config
provider with a TTL is restarted when they expire ("restart", the default),
and left alone with "none"; its tasks keep running, and deleting it cancels
what was scheduled."""
import os
import re
import time

from harness import BUILD, PLUGIN_PATH, Broker, Workdir, Worker, check, read_lines, wait_for

# The SDK's test plugin has a config provider whose values expire after ttl.ms.
TEST_PLUGIN = os.path.join(BUILD, "tests", "sdk", "plugins", "sdk_test_plugin")
TTL_MS = 400

work = Workdir("config_reload")
# The topic exists before the sinks join (see the README's embedded-broker limits).
broker = Broker(work, ["reload-t:4"])
out_restart, out_none = work.file("restart.txt"), work.file("none.txt")
src_in = work.file("in.txt")
with open(src_in, "w") as f:
    f.write("".join("line %d\n" % i for i in range(50)))


def sink(name, out, action=None, provider="test"):
    c = {"name": name, "connector.class": "FileStreamSink", "file": out, "topics": "reload-t",
         # Any connector key may take provider values; this one is passed on unused.
         "reload.test.user": "${%s:creds:user}" % provider}
    if action:
        c["config.action.reload"] = action
    return c


def started(log, name):
    return len(re.findall(r"\[%s\] Connector started" % re.escape(name), open(log).read()))


extra = {"bootstrap.servers": broker.bootstrap,
         "plugin.path": PLUGIN_PATH + "," + TEST_PLUGIN,
         "config.providers": "test,never",
         "config.providers.test.class": "org.kc.test.TestConfigProvider",
         "config.providers.test.param.ttl.ms": str(TTL_MS),
         # Java's "never expires" as a TTL: must not overflow the herder's clock.
         "config.providers.never.class": "org.kc.test.TestConfigProvider",
         "config.providers.never.param.ttl.ms": "9223372036854775807"}
try:
    w = Worker(work, extra, [
        {"name": "src", "connector.class": "FileStreamSource", "file": src_in, "topic": "reload-t"},
        sink("snk-restart", out_restart),
        sink("snk-none", out_none, "none"),
        sink("snk-never", work.file("never.txt"), provider="never"),
    ])
    log = w.logpath
    wait_for(lambda: started(log, "snk-restart") >= 3, 20, "two restarts after the TTL")
    text = open(log).read()
    check("Scheduling a restart of connector snk-restart in %d ms" % TTL_MS in text,
          "the restart is announced with its delay")
    check(started(log, "snk-none") == 1, "config.action.reload=none: never restarted")
    check("Scheduling a restart of connector snk-none" not in text, "nothing scheduled for none")
    check(started(log, "snk-never") == 1, "a TTL of Long.MAX_VALUE: scheduled, never due")
    # A bad action through REST: 400 naming the key, the worker goes on.
    code, body = w.request("PUT", "/connectors/snk-bad/config",
                           sink("snk-bad", work.file("bad.txt"), "sometimes"), expect=400)
    check("config.action.reload" in body["message"], "400 names the key: %s" % body)
    w.request("GET", "/connectors/snk-bad/status", expect=404)
    # The tasks keep running through the connector's restarts.
    wait_for(lambda: len(read_lines(out_restart)) == 50 and len(read_lines(out_none)) == 50, 30,
             "every line in both sinks")
    st = w.status("snk-restart")
    check(st["connector"]["state"] == "RUNNING", "restarted connector RUNNING: %s" % st)
    check([t["state"] for t in st["tasks"]] == ["RUNNING"], "its task RUNNING: %s" % st)
    # The resolved value is used, the placeholder is what the config shows.
    cfg = w.request("GET", "/connectors/snk-restart/config", expect=200)[1]
    check(cfg["reload.test.user"] == "${test:creds:user}", "config keeps the placeholder")
    # A bad action is refused by validation, naming the key.
    bad = sink("snk-bad", out_none, "sometimes")
    code, body = w.request("PUT", "/connector-plugins/FileStreamSink/config/validate", bad,
                           expect=200)
    errs = {c["value"]["name"]: c["value"]["errors"] for c in body["configs"]}
    check(errs.get("config.action.reload") and "none, restart" in errs["config.action.reload"][0],
          "validate names the bad config.action.reload: %s" % errs.get("config.action.reload"))
    # Deleting the connector cancels its scheduled restarts.
    w.request("DELETE", "/connectors/snk-restart", expect=204)
    before = started(log, "snk-restart")
    time.sleep(TTL_MS * 3 / 1000.0)
    check(started(log, "snk-restart") == before, "no restart after the delete")
    check(w.stop() == 0, "clean exit")
    print("OK")
finally:
    broker.stop()
    work.cleanup()
