"""Interoperability with Confluent's own JavaScript schema registry client
(npm @confluentinc/schemaregistry, installed in tests/schema_registry/js by
scripts/install-deps.sh or, failing that, here):

 - the worker, with no bootstrap.servers, serves the embedded registry too
   and logs its URL;
 - the client registers, looks up, lists and checks schemas in it, sets and
   reads compatibility, and is refused an incompatible schema (409); it
   deletes a version and a subject, soft then permanently, and is refused
   the out-of-order deletes with Confluent's codes;
 - what AvroConverter, JsonSchemaConverter and ProtobufConverter write (JDBC
   SQLite source -> topic) the client's Avro, JSON and Protobuf deserialisers
   read, row for row (Protobuf through the registry's format=serialized);
 - what the client's serialisers write (produced with kcat) the converters
   read (topic -> JDBC SQLite sink), nulls and all;
 - records the client wrote with two versions of a schema read back under
   the latest one (AvroConverter with use.latest.version): the old records
   get the added field's default."""
import json
import os
import re
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "standalone"))
import harness  # noqa: E402
from harness import check, fail, wait_for  # noqa: E402

JS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "js")
CONVERTERS = {"avro": "io.confluent.connect.avro.AvroConverter",
              "json": "io.confluent.connect.json.JsonSchemaConverter",
              "protobuf": "io.confluent.connect.protobuf.ProtobufConverter"}
# Per converter: a null column is a proto3 optional field left unset.
CONVERTER_SETTINGS = {"protobuf": {"value.converter.optional.for.nullables": "true"}}
ROWS = [(1, "ada", 1.5, 7, "first"), (2, "bob", -2.25, None, None), (3, "cy", 0.0, -3, "ü€")]
COLUMNS = ("id", "name", "amount", "qty", "note")


def ensure_client():
    if os.path.isdir(os.path.join(JS, "node_modules", "@confluentinc", "schemaregistry")):
        return
    r = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--prefix", JS],
                       capture_output=True, text=True, timeout=300)
    check(r.returncode == 0, "npm ci in %s failed (run scripts/install-deps.sh): %s" %
          (JS, r.stderr[-2000:]))


def node(work, registry, jobs):
    """Runs interop.js jobs ([["serialize", args...], ...]) against the
    registry in one node process (loading the client takes seconds); their
    results, in order."""
    path = work.file("jobs-%d.json" % len(os.listdir(work.path)))
    with open(path, "w") as f:
        json.dump(jobs, f)
    r = subprocess.run(["node", os.path.join(JS, "interop.js"), "batch", registry, path],
                       capture_output=True, text=True, timeout=90)
    check(r.returncode == 0, "node interop.js failed:\n%s" % r.stderr[-3000:])
    return json.loads(r.stdout)


def raw_values(bootstrap, topic, count):
    """The raw values of a topic once it holds `count` records."""
    def poll():
        r = subprocess.run(["kcat", "-b", bootstrap, "-C", "-t", topic, "-e", "-q",
                            "-f", "%S\n%s"], capture_output=True, timeout=20)
        out, values = r.stdout, []
        while out:
            size, rest = out.split(b"\n", 1)
            values.append(rest[:int(size)])
            out = rest[int(size):]
        return values if len(values) == count else None
    return wait_for(poll, 30, "%d records in %s" % (count, topic))


def produce(bootstrap, topic, files):
    r = subprocess.run(["kcat", "-b", bootstrap, "-P", "-t", topic] + files,
                       capture_output=True, timeout=30)
    check(r.returncode == 0, "kcat -P: %r" % r.stderr)


def sink_rows(worker, name, db, table, columns, count):
    """The sink's rows once there are `count`; fails at once, with the trace,
    when its task has FAILED meanwhile."""
    def poll():
        try:
            with sqlite3.connect(db) as c:
                got = c.execute("SELECT %s FROM %s ORDER BY id" % (columns, table)).fetchall()
        except sqlite3.OperationalError:
            got = []
        if len(got) == count:
            return got
        for t in (worker.status(name) or {}).get("tasks", []):
            if t["state"] == "FAILED":
                fail("%s failed: %s" % (name, t.get("trace", "")[:1500]))
        return None
    return wait_for(poll, 30, "%d rows from %s" % (count, name))


def main():
    ensure_client()
    work = harness.Workdir("js-interop")
    src, dst = work.file("src.db"), work.file("dst.db")
    with sqlite3.connect(src) as c:
        c.execute("CREATE TABLE orders (id INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, "
                  "amount REAL NOT NULL, qty INTEGER, note TEXT)")
        c.executemany("INSERT INTO orders VALUES (?,?,?,?,?)", ROWS)
    rows_file = work.file("rows.json")
    with open(rows_file, "w") as f:
        json.dump([dict(zip(COLUMNS, r)) for r in ROWS], f)
    worker = harness.Worker(work, extra={"embedded.schema.registry.port": "0"})
    try:
        m = re.search(r"schema\.registry\.url=(http://127\.0\.0\.1:\d+)", open(worker.logpath).read())
        check(m, "the worker logged no embedded schema registry URL")
        registry = m.group(1)
        bootstrap = worker.embedded_bootstrap()

        def conf(fmt):
            return dict({"value.converter": CONVERTERS[fmt],
                         "value.converter.schema.registry.url": registry},
                        **CONVERTER_SETTINGS.get(fmt, {}))
        # The converters write: JDBC source -> w-<format>-orders.
        for fmt in CONVERTERS:
            worker.request("POST", "/connectors", {"name": "src-" + fmt, "config": dict(conf(fmt), **{
                "connector.class": "io.confluent.connect.jdbc.JdbcSourceConnector",
                "connection.url": "jdbc:sqlite:" + src, "mode": "incrementing",
                "incrementing.column.name": "id", "table.whitelist": "orders",
                "topic.prefix": "w-%s-" % fmt, "poll.interval.ms": "200"})}, expect=201)

        # The client: the registry API, then its serialisers write js-<format>,
        # and two versions of a schema to js-evo.
        jobs = [["registry"]]
        for fmt in CONVERTERS:
            os.mkdir(work.file("js-" + fmt))
            jobs.append(["serialize", fmt, "js-" + fmt, rows_file, work.file("js-" + fmt)])
        os.mkdir(work.file("js-evo"))
        jobs.append(["evolve", "js-evo", work.file("js-evo")])
        results = node(work, registry, jobs)
        api, evolved = results[0], results[-1]

        # 1. The registry API, as Confluent's client calls it.
        # (The sources register their schemas meanwhile: ids are not 1 and 2.)
        check(api["lookup"] == 1 and api["id2"] != api["id1"], "ids: %r" % api)
        check(api["compatible"] is True and api["incompatible"] is False, "compatibility: %r" % api)
        refused = api["refused"] or {}
        check(refused.get("status") == 409 and "READER_FIELD_MISSING_DEFAULT_VALUE" in
              refused.get("message", ""), "incompatible schema not refused: %r" % refused)
        check(api["latest"] == {"id": api["id2"], "version": 2, "subject": "js-api-value"},
              "latest %r" % api)
        check(api["versions"] == [1, 2] and "js-api-value" in api["subjects"], "lists %r" % api)
        check(api["byId"]["name"] == "orders", "schema by id %r" % api["byId"])
        check((api["defaultCompatibility"], api["setCompatibility"], api["compatibility"]) ==
              ("BACKWARD", "FULL", "FULL"), "config %r" % api)
        check(api["jsonType"] == "JSON", "schemaType %r" % api["jsonType"])
        check(api["deletes"] == {"version": 2, "versionsLeft": [1], "permanentFirst": 40407,
                                 "subject": [1], "listed": False, "softTwice": 40404,
                                 "permanent": [1, 2], "gone": 40401},
              "deletes %r" % api["deletes"])

        # 2. The converters read what the client wrote: js-<format> -> JDBC sink.
        for fmt in CONVERTERS:
            produce(bootstrap, "js-" + fmt,
                    [os.path.join(work.file("js-" + fmt), "%d.bin" % i) for i in range(len(ROWS))])
            worker.request("POST", "/connectors", {"name": "sink-" + fmt, "config": dict(conf(fmt), **{
                "connector.class": "io.confluent.connect.jdbc.JdbcSinkConnector",
                "topics": "js-" + fmt, "connection.url": "jdbc:sqlite:" + dst,
                "table.name.format": "from_js_" + fmt, "auto.create": "true"})}, expect=201)
        # 3. Evolution: two schema versions in one topic, read under the latest.
        produce(bootstrap, "js-evo",
                [os.path.join(work.file("js-evo"), "%d.bin" % i) for i in range(evolved)])
        worker.request("POST", "/connectors", {"name": "sink-evo", "config": dict(conf("avro"), **{
            "connector.class": "io.confluent.connect.jdbc.JdbcSinkConnector",
            "topics": "js-evo", "connection.url": "jdbc:sqlite:" + dst,
            "table.name.format": "from_js_evo", "auto.create": "true",
            "value.converter.use.latest.version": "true"})}, expect=201)

        # 4. The client reads what the converters wrote.
        jobs = []
        for fmt in CONVERTERS:
            topic = "w-%s-orders" % fmt
            files = []
            for i, v in enumerate(raw_values(bootstrap, topic, len(ROWS))):
                files.append(work.file("%s-%d.bin" % (topic, i)))
                with open(files[-1], "wb") as f:
                    f.write(v)
            jobs.append(["deserialize", fmt, topic] + files)
        for fmt, read in zip(CONVERTERS, node(work, registry, jobs)):
            got = sorted(tuple(r[c] for c in COLUMNS) for r in read)
            check(got == ROWS, "the JS %s deserialiser read %r" % (fmt, read))

        for fmt in CONVERTERS:
            got = sink_rows(worker, "sink-" + fmt, dst, "from_js_" + fmt, ", ".join(COLUMNS),
                            len(ROWS))
            check(got == ROWS, "rows from the JS %s serialiser: %r" % (fmt, got))
        got = sink_rows(worker, "sink-evo", dst, "from_js_evo", "id, name, region", evolved)
        check(got == [(1, "old", "eu"), (2, "new", "us")], "evolved rows: %r" % got)
        print("OK")
    finally:
        worker.stop()
        work.cleanup()


if __name__ == "__main__":
    main()
