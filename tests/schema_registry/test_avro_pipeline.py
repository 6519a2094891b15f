"""AvroConverter end to end, against the embedded registry of
connect-embedded-broker and an independent Avro implementation (Debian's
python3-avro):

 - JDBC SQLite source -> AvroConverter -> broker -> AvroConverter -> JDBC
   sinks into a second SQLite database and into PostgreSQL: types and nulls
   preserved; and the same with JsonSchemaConverter into SQLite;
 - python3-avro decodes what AvroConverter wrote, against the schema the
   registry holds for the id in each record's header, and what it encodes
   with that schema is what the worker's sink reads back;
 - bytes that are not in the wire format go to the DLQ (errors.tolerance=all),
   exactly those;
 - a registry that cannot be reached fails the task with a trace that names
   the registry, after retries.
Run with /usr/bin/python3 (python3-avro is a Debian package)."""
import io
import json
import os
import sqlite3
import struct
import subprocess
import sys
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "standalone"))
import harness  # noqa: E402
from harness import check, wait_for  # noqa: E402
from sink_rows import rows_or_task_failure, sqlite_rows  # noqa: E402

try:
    import avro.io
    import avro.schema
except ImportError:
    print("SKIP: python3-avro not installed (run with /usr/bin/python3)")
    sys.exit(0)

AVRO = "io.confluent.connect.avro.AvroConverter"
COLUMNS = "id, name, amount, qty, note"  # what the sinks write
JSON_SCHEMA = "io.confluent.connect.json.JsonSchemaConverter"
PG_SCRIPT = os.path.join(harness.ROOT, "scripts", "pg-test-server.sh")
ROWS = [(1, "ada", 1.5, 7, "first"), (2, "bob", -2.25, None, None), (3, "cy", 0.0, -3, "ü€")]


def rows(db, table):
    return sqlite_rows(db, table, COLUMNS)


def start_broker(work):
    log = open(work.file("broker.log"), "w")
    proc = subprocess.Popen([harness.LAUNCHER, "--schema-registry-port", "0"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True)
    bootstrap = proc.stdout.readline().strip().split("=", 1)[1]
    registry = proc.stdout.readline().strip().split("=", 1)[1]
    check(registry.startswith("http://127.0.0.1:"), "no schema.registry.url line: " + registry)
    return proc, bootstrap, registry


def kcat_records(bootstrap, topic):
    """The raw values of a topic, as bytes."""
    r = subprocess.run(["kcat", "-b", bootstrap, "-C", "-t", topic, "-e", "-q", "-f", "%S\n%s"],
                       capture_output=True, timeout=20)
    out, values = r.stdout, []
    while out:
        size, rest = out.split(b"\n", 1)
        n = int(size)
        values.append(rest[:n])
        out = rest[n:]
    return values


def kcat_produce_raw(work, bootstrap, topic, values):
    files = []
    for i, v in enumerate(values):
        p = work.file("msg-%d.bin" % i)
        with open(p, "wb") as f:
            f.write(v)
        files.append(p)
    r = subprocess.run(["kcat", "-b", bootstrap, "-P", "-t", topic] + files, capture_output=True,
                       timeout=30)
    check(r.returncode == 0, "kcat -P failed: %r" % r.stderr)


def registry_schema(registry, schema_id):
    with urllib.request.urlopen("%s/schemas/ids/%d" % (registry, schema_id)) as r:
        check(r.headers["Content-Type"] == "application/vnd.schemaregistry.v1+json",
              "registry content type: " + r.headers["Content-Type"])
        return avro.schema.parse(json.load(r)["schema"])


def pg_rows(conninfo):
    r = subprocess.run(["psql", conninfo, "-At", "-F", "|", "-c",
                        "SELECT id, name, amount, qty, note FROM copy_orders ORDER BY id"],
                       capture_output=True, text=True, timeout=20)
    if r.returncode != 0:
        return []
    out = []
    for line in r.stdout.splitlines():
        i, name, amount, qty, note = line.split("|")
        out.append((int(i), name, float(amount), int(qty) if qty else None, note or None))
    return out


def main():
    work = harness.Workdir("avro")
    # Not under the work dir: the server's unprivileged user must reach it.
    pg_state = "/tmp/kc-avro-pg-%d" % os.getpid()
    env = subprocess.run([PG_SCRIPT, "start", pg_state], capture_output=True, text=True)
    check(env.returncode == 0, "PostgreSQL did not start: " + env.stderr)
    env = subprocess.run([PG_SCRIPT, "env", pg_state], capture_output=True, text=True).stdout
    pg_url = env.split("KC_PG_URL='")[1].split("'")[0]
    pg_conninfo = env.split("KC_PG_CONNINFO='")[1].split("'")[0]
    src, dst = work.file("src.db"), work.file("dst.db")
    with sqlite3.connect(src) as c:
        c.execute("CREATE TABLE orders (id INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, "
                  "amount REAL NOT NULL, qty INTEGER, note TEXT)")
        c.executemany("INSERT INTO orders VALUES (?,?,?,?,?)", ROWS)
    # The launcher serves the registry; the worker runs its own in-process
    # broker, where it can create the DLQ topic (the launcher's broker
    # offers no CreateTopics to another process).
    launcher, _, registry = start_broker(work)
    worker = None
    try:
        avro_conf = {"value.converter": AVRO, "value.converter.schema.registry.url": registry}
        worker = harness.Worker(work, extra=avro_conf, connectors=[
            {"name": "source", "connector.class": "io.confluent.connect.jdbc.JdbcSourceConnector",
             "connection.url": "jdbc:sqlite:" + src, "mode": "incrementing",
             "incrementing.column.name": "id", "table.whitelist": "orders",
             "topic.prefix": "db-", "poll.interval.ms": "200"},
            {"name": "sink", "connector.class": "io.confluent.connect.jdbc.JdbcSinkConnector",
             "topics": "db-orders", "connection.url": "jdbc:sqlite:" + dst,
             "table.name.format": "copy_orders", "auto.create": "true"},
            {"name": "js-source", "connector.class": "io.confluent.connect.jdbc.JdbcSourceConnector",
             "connection.url": "jdbc:sqlite:" + src, "mode": "incrementing",
             "incrementing.column.name": "id", "table.whitelist": "orders",
             "topic.prefix": "js-", "poll.interval.ms": "200", "value.converter": JSON_SCHEMA,
             "value.converter.schema.registry.url": registry},
            {"name": "js-sink", "connector.class": "io.confluent.connect.jdbc.JdbcSinkConnector",
             "topics": "js-orders", "connection.url": "jdbc:sqlite:" + dst,
             "table.name.format": "copy_js", "auto.create": "true", "value.converter": JSON_SCHEMA,
             "errors.log.enable": "true",
             "value.converter.schema.registry.url": registry},
            {"name": "pg-sink", "connector.class": "io.confluent.connect.jdbc.JdbcSinkConnector",
             "topics": "db-orders", "connection.url": pg_url,
             "table.name.format": "copy_orders", "auto.create": "true"}])

        bootstrap = worker.embedded_bootstrap()
        # 1. Through the worker both ways: same rows, nulls and all.
        rows_or_task_failure(worker, "sink", dst, "copy_orders", len(ROWS), COLUMNS)
        check(rows(dst, "copy_orders") == ROWS, "copied rows differ: %r" % rows(dst, "copy_orders"))
        wait_for(lambda: len(pg_rows(pg_conninfo)) == len(ROWS), 30, "rows in PostgreSQL")
        check(pg_rows(pg_conninfo) == ROWS, "PostgreSQL rows differ: %r" % pg_rows(pg_conninfo))

        # 2. python3-avro reads what AvroConverter wrote, with the registry's schema.
        values = kcat_records(bootstrap, "db-orders")
        check(len(values) == len(ROWS), "expected %d records, got %d" % (len(ROWS), len(values)))
        decoded = []
        for v in values:
            check(v[0] == 0, "magic byte %r" % v[:1])
            schema_id = struct.unpack(">i", v[1:5])[0]
            schema = registry_schema(registry, schema_id)
            decoded.append(avro.io.DatumReader(schema).read(avro.io.BinaryDecoder(io.BytesIO(v[5:]))))
        # The topic has several partitions: compare in id order.
        check(sorted((d["id"], d["name"], d["amount"], d["qty"], d["note"]) for d in decoded) == ROWS,
              "python3-avro decoded %r" % decoded)
        with urllib.request.urlopen(registry + "/subjects") as r:
            check(json.load(r) == ["db-orders-value", "js-orders-value"],
                  "subjects: TopicNameStrategy")

        # 2b. JsonSchemaConverter: the rows copied, the payload plain JSON
        #     after the header, the schema a JSON Schema in the registry.
        rows_or_task_failure(worker, "js-sink", dst, "copy_js", len(ROWS), COLUMNS)
        check(rows(dst, "copy_js") == ROWS, "JSON Schema rows differ: %r" % rows(dst, "copy_js"))
        js = kcat_records(bootstrap, "js-orders")
        docs = sorted((json.loads(v[5:].decode()) for v in js), key=lambda d: d["id"])
        check([(d["id"], d["name"], d["amount"], d["qty"], d["note"]) for d in docs] == ROWS,
              "JSON payloads %r" % docs)
        with urllib.request.urlopen("%s/schemas/ids/%d" % (registry, struct.unpack(">i", js[0][1:5])[0])) as r:
            body = json.load(r)
        check(body.get("schemaType") == "JSON", "schema type %r" % body)
        check(json.loads(body["schema"])["type"] == "object", "JSON Schema %r" % body)

        # 3. python3-avro writes with that schema; the worker reads it. Bad
        #    bytes around it go to the DLQ, and only they.
        new_row = {"id": 9, "name": "py", "amount": 9.5, "qty": None, "note": "from python"}
        buf = io.BytesIO()
        avro.io.DatumWriter(schema).write(new_row, avro.io.BinaryEncoder(buf))
        good = b"\x00" + struct.pack(">i", schema_id) + buf.getvalue()
        bad = [b"not avro at all", b"\x00\x00\x00\x03\xe7" + buf.getvalue(), good[:8]]
        kcat_produce_raw(work, bootstrap, "raw-in", [bad[0], good, bad[1], bad[2]])
        worker.request("POST", "/connectors", {"name": "raw-sink", "config": {
            "connector.class": "io.confluent.connect.jdbc.JdbcSinkConnector",
            "topics": "raw-in", "connection.url": "jdbc:sqlite:" + dst,
            "table.name.format": "copy_raw", "auto.create": "true",
            "errors.tolerance": "all", "errors.deadletterqueue.topic.name": "dlq",
            "errors.deadletterqueue.topic.replication.factor": "1"}}, expect=201)
        wait_for(lambda: len(rows(dst, "copy_raw")) == 1, 30, "the python-written row")
        check(rows(dst, "copy_raw") == [(9, "py", 9.5, None, "from python")],
              "python-written row: %r" % rows(dst, "copy_raw"))
        dlq = wait_for(lambda: (lambda d: d if len(d) == 3 else None)(kcat_records(bootstrap, "dlq")),
                       30, "3 records in the DLQ")
        check(sorted(dlq) == sorted(bad), "DLQ holds %r" % dlq)

        # 4. A registry that cannot be reached: retries, then FAILED naming it.
        dead = "http://127.0.0.1:9"  # the discard port: nothing listens there
        worker.request("POST", "/connectors", {"name": "no-registry", "config": {
            "connector.class": "io.confluent.connect.jdbc.JdbcSourceConnector",
            "connection.url": "jdbc:sqlite:" + src, "mode": "incrementing",
            "incrementing.column.name": "id", "table.whitelist": "orders",
            "topic.prefix": "lost-", "poll.interval.ms": "200",
            "value.converter": AVRO, "value.converter.schema.registry.url": dead,
            "value.converter.max.retries": "1", "value.converter.retries.wait.ms": "50"}},
            expect=201)
        st = worker.wait_task_state("no-registry", "FAILED")
        trace = st["tasks"][0].get("trace", "")
        check("Schema registry unavailable at " + dead in trace, "trace: " + trace[:800])
        check(kcat_records(bootstrap, "lost-orders") == [], "records produced without a schema id")
        print("OK")
    finally:
        if worker:
            worker.stop()
        launcher.terminate()
        launcher.wait(10)
        subprocess.run([PG_SCRIPT, "stop", pg_state], capture_output=True)
        work.cleanup()


if __name__ == "__main__":
    main()
