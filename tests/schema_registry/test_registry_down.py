"""A schema registry that goes down while the worker runs, and comes back:

 - a source task that meets a new schema (a column added to its table) while
   the registry is down retries, then FAILS with a trace naming the registry;
 - a sink task that meets a schema id it has not fetched yet does the same;
 - once the registry is back (its schemas restored, as from a backup),
   restarting each task through the REST API resumes it: the source registers
   its new schema and the sink, given its partitions again, copies every row
   (within seconds: the embedded broker rebalances a group a member left only
   after the session timeout, which the worker shortens on that broker).

The registry runs in its own connect-embedded-broker process (the worker
runs its own broker), so it can be killed and started again on its port."""
import json
import os
import sqlite3
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "standalone"))
import harness  # noqa: E402
from harness import check, fail, wait_for  # noqa: E402

AVRO = "io.confluent.connect.avro.AvroConverter"
CT = "application/vnd.schemaregistry.v1+json"


def start_registry(work, port=0):
    log = open(work.file("registry-%d.log" % port), "w")
    proc = subprocess.Popen([harness.LAUNCHER, "--schema-registry-port", str(port)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True)
    proc.stdout.readline()  # bootstrap.servers= (that broker is not used)
    url = proc.stdout.readline().strip().split("=", 1)[-1]
    check(url.startswith("http://127.0.0.1:"), "no schema.registry.url line: %r" % url)
    return proc, url


def http(method, url, body=None):
    req = urllib.request.Request(url, method=method,
                                 data=json.dumps(body).encode() if body is not None else None)
    req.add_header("Content-Type", CT)
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.load(r)


def backup(url):
    """Every (id, subject, schema) the registry holds, in id order."""
    out = []
    for subject in http("GET", url + "/subjects"):
        for v in http("GET", "%s/subjects/%s/versions" % (url, subject)):
            s = http("GET", "%s/subjects/%s/versions/%d" % (url, subject, v))
            out.append((s["id"], subject, s["schema"]))
    return sorted(out)


def restore(url, schemas):
    for schema_id, subject, schema in schemas:
        got = http("POST", "%s/subjects/%s/versions" % (url, subject), {"schema": schema})
        check(got["id"] == schema_id, "restored %s as id %r, not %d" % (subject, got, schema_id))


def zigzag(n):
    n = (n << 1) ^ (n >> 63)
    out = b""
    while n >= 0x80:
        out += bytes([(n & 0x7F) | 0x80])
        n >>= 7
    return out + bytes([n])


def avro_row(schema_id, row_id, name):
    """Confluent's framing of {id: long, name: string} in Avro binary."""
    body = zigzag(row_id) + zigzag(len(name.encode())) + name.encode()
    return b"\x00" + schema_id.to_bytes(4, "big") + body


def rows(db, table, columns="id, name"):
    try:
        with sqlite3.connect(db) as c:
            return c.execute("SELECT %s FROM %s ORDER BY id" % (columns, table)).fetchall()
    except sqlite3.OperationalError:
        return []


def failed_trace(worker, name):
    st = worker.wait_task_state(name, "FAILED", timeout=60)
    return st["tasks"][0].get("trace", "")


def main():
    work = harness.Workdir("registry-down")
    src, dst = work.file("src.db"), work.file("dst.db")
    with sqlite3.connect(src) as c:
        c.execute("CREATE TABLE orders (id INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL)")
        c.executemany("INSERT INTO orders VALUES (?,?)", [(1, "ada"), (2, "bob")])
    registry, url = start_registry(work)
    port = int(url.rsplit(":", 1)[1])
    # Side topic: records framed with a schema id the sink has not met yet.
    side = {"type": "record", "name": "side", "fields": [{"name": "id", "type": "long"},
                                                         {"name": "name", "type": "string"}]}
    side_id = http("POST", url + "/subjects/side-value/versions",
                   {"schema": json.dumps(side)})["id"]
    conv = {"value.converter": AVRO, "value.converter.schema.registry.url": url,
            "value.converter.max.retries": "2", "value.converter.retries.wait.ms": "100"}
    worker = harness.Worker(work, extra={"embedded.schema.registry.port": "-1"})
    try:
        bootstrap = worker.embedded_bootstrap()
        for name, config in [
                ("source", {"connector.class": "io.confluent.connect.jdbc.JdbcSourceConnector",
                            "connection.url": "jdbc:sqlite:" + src, "mode": "incrementing",
                            "incrementing.column.name": "id", "table.whitelist": "orders",
                            "topic.prefix": "db-", "poll.interval.ms": "200"}),
                ("sink", {"connector.class": "io.confluent.connect.jdbc.JdbcSinkConnector",
                          "topics": "db-orders", "connection.url": "jdbc:sqlite:" + dst,
                          "table.name.format": "copy", "auto.create": "true",
                          "auto.evolve": "true"}),
                ("side-sink", {"connector.class": "io.confluent.connect.jdbc.JdbcSinkConnector",
                               "topics": "side", "connection.url": "jdbc:sqlite:" + dst,
                               "table.name.format": "side_copy", "auto.create": "true"})]:
            worker.request("POST", "/connectors", {"name": name, "config": dict(conv, **config)},
                           expect=201)
        wait_for(lambda: len(rows(dst, "copy")) == 2, 30, "the first rows copied")
        worker.wait_task_state("side-sink", "RUNNING")

        # Down: a new column for the source, an unknown id for the side sink.
        schemas = backup(url)
        registry.kill()
        registry.wait(10)
        with sqlite3.connect(src) as c:
            c.execute("ALTER TABLE orders ADD COLUMN region TEXT")
            c.execute("INSERT INTO orders VALUES (3, 'cy', 'eu')")
        r = subprocess.run(["kcat", "-b", bootstrap, "-P", "-t", "side"],
                           input=avro_row(side_id, 7, "side row"), capture_output=True, timeout=30)
        check(r.returncode == 0, "kcat -P: %r" % r.stderr)
        for name in ("source", "side-sink"):
            trace = failed_trace(worker, name)
            check("Schema registry unavailable at " + url in trace,
                  "%s trace does not name the registry: %s" % (name, trace[:1000]))
        check(worker.status("sink")["tasks"][0]["state"] == "RUNNING",
              "the sink with nothing new to read must keep running")

        # Back up, schemas restored: restarting the tasks resumes them.
        registry, again = start_registry(work, port)
        check(again == url, "registry came back at %s, not %s" % (again, url))
        restore(url, schemas)
        for name in ("source", "side-sink"):
            worker.request("POST", "/connectors/%s/tasks/0/restart" % name, expect=204)
        started = time.time()
        got = wait_for(lambda: (lambda g: g if len(g) == 1 else None)(rows(dst, "side_copy")),
                       15, "the side row after the restart")
        check(got == [(7, "side row")], "side rows: %r" % got)
        print("restarted sink copied its row after %.1f s" % (time.time() - started))
        got = wait_for(lambda: (lambda g: g if len(g) == 3 else None)(
            rows(dst, "copy", "id, name, region")), 30, "the row with the new column")
        check(got == [(1, "ada", None), (2, "bob", None), (3, "cy", "eu")], "rows: %r" % got)
        print("OK")
    finally:
        worker.stop()
        if registry.poll() is None:
            registry.terminate()
            registry.wait(10)
        work.cleanup()


if __name__ == "__main__":
    main()
