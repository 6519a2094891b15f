"""ProtobufConverter end to end, through the real worker and the embedded
registry of connect-embedded-broker:

 - JDBC SQLite source -> ProtobufConverter -> broker -> ProtobufConverter ->
   JDBC SQLite sink: rows, types and nulls preserved (optional.for.nullables,
   so that a null is told apart from proto3's zero);
 - the records are Confluent's framing (magic 0, schema id, message index 0)
   around bytes that Debian's protoc decodes with the .proto text the
   registry holds under schemaType PROTOBUF;
 - bytes that are not such a record go to the DLQ (errors.tolerance=all),
   exactly those, logged with topic, partition and offset, and the good
   record among them reaches the table.
Run with /usr/bin/python3."""
import json
import os
import re
import sqlite3
import struct
import subprocess
import sys
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_avro_pipeline as common  # noqa: E402  (its broker, kcat and SQLite helpers)
from test_avro_pipeline import harness, check, wait_for  # noqa: E402

PROTOBUF = "io.confluent.connect.protobuf.ProtobufConverter"


def registry_schema(registry, schema_id):
    with urllib.request.urlopen("%s/schemas/ids/%d" % (registry, schema_id)) as r:
        return json.load(r)


def protoc_decode(work, proto_text, type_name, payload):
    proto = work.file("registered.proto")
    with open(proto, "w") as f:
        f.write(proto_text)
    r = subprocess.run(["protoc", "-I" + os.path.dirname(proto), "--decode=" + type_name,
                        proto], input=payload, capture_output=True, timeout=20)
    check(r.returncode == 0, "protoc --decode failed: %r" % r.stderr)
    return r.stdout.decode()


def main():
    work = harness.Workdir("protobuf")
    src, dst = work.file("src.db"), work.file("dst.db")
    with sqlite3.connect(src) as c:
        c.execute("CREATE TABLE orders (id INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, "
                  "amount REAL NOT NULL, qty INTEGER, note TEXT)")
        c.executemany("INSERT INTO orders VALUES (?,?,?,?,?)", common.ROWS)
    launcher, _, registry = common.start_broker(work)
    worker = None
    try:
        conf = {"value.converter": PROTOBUF, "value.converter.schema.registry.url": registry,
                "value.converter.optional.for.nullables": "true"}
        worker = harness.Worker(work, extra=conf, connectors=[
            {"name": "source", "connector.class": "io.confluent.connect.jdbc.JdbcSourceConnector",
             "connection.url": "jdbc:sqlite:" + src, "mode": "incrementing",
             "incrementing.column.name": "id", "table.whitelist": "orders",
             "topic.prefix": "pb-", "poll.interval.ms": "200"},
            {"name": "sink", "connector.class": "io.confluent.connect.jdbc.JdbcSinkConnector",
             "topics": "pb-orders", "connection.url": "jdbc:sqlite:" + dst,
             "table.name.format": "copy_orders", "auto.create": "true"}])
        bootstrap = worker.embedded_bootstrap()

        # 1. Through the worker both ways.
        common.rows_or_task_failure(worker, "sink", dst, "copy_orders", len(common.ROWS),
                                    common.COLUMNS)
        got = common.rows(dst, "copy_orders")
        check(got == common.ROWS, "copied rows differ: %r" % got)

        # 2. Confluent's framing around what protoc decodes with the registry's schema.
        values = common.kcat_records(bootstrap, "pb-orders")
        check(len(values) == len(common.ROWS), "expected %d records" % len(common.ROWS))
        schema_id = struct.unpack(">i", values[0][1:5])[0]
        registered = registry_schema(registry, schema_id)
        check(registered.get("schemaType") == "PROTOBUF", "registered: %r" % registered)
        by_id = {row[0]: row for row in common.ROWS}
        decoded = []
        for v in values:  # in partition order, not row order
            check(v[:6] == b"\x00" + struct.pack(">i", schema_id) + b"\x00", "framing %r" % v[:6])
            text = protoc_decode(work, registered["schema"], "orders", v[6:])
            row = by_id.pop(int(re.search(r"^id: (\d+)$", text, re.M).group(1)))
            decoded.append(row)
            check('name: "%s"' % row[1] in text or row[0] == 3, "name in %r" % text)
            check(("qty: %s" % row[3] in text) == (row[3] is not None), "qty in %r" % text)
        check(not by_id, "rows protoc did not find: %r" % by_id)

        # 3. Bad frames to the DLQ, exactly those; the good record goes through.
        good = values[0]
        bad = [b"not protobuf", b"\x00\x00\x00\x03\xe7\x00" + good[6:], good[:-3]]
        common.kcat_produce_raw(work, bootstrap, "raw-in", [bad[0], good, bad[1], bad[2]])
        worker.request("POST", "/connectors", {"name": "raw-sink", "config": {
            "connector.class": "io.confluent.connect.jdbc.JdbcSinkConnector",
            "topics": "raw-in", "connection.url": "jdbc:sqlite:" + dst,
            "table.name.format": "copy_raw", "auto.create": "true",
            "errors.tolerance": "all", "errors.deadletterqueue.topic.name": "dlq",
            "errors.deadletterqueue.topic.replication.factor": "1",
            "errors.log.enable": "true", "errors.log.include.messages": "true"}}, expect=201)
        wait_for(lambda: len(common.rows(dst, "copy_raw")) == 1, 30, "the good raw record")
        check(common.rows(dst, "copy_raw") == decoded[:1],
              "raw row: %r" % common.rows(dst, "copy_raw"))
        dlq = wait_for(lambda: (lambda d: d if len(d) == 3 else None)(
            common.kcat_records(bootstrap, "dlq")), 30, "3 records in the DLQ")
        check(sorted(dlq) == sorted(bad), "DLQ holds %r" % dlq)
        # The error names the topic (converter), partition and offset (worker).
        with open(worker.logpath, errors="replace") as f:
            log = f.read()
        check("Failed to deserialize Protobuf data for topic raw-in" in log, "no converter error logged")
        check(re.search(r"consumed record is \{topic='raw-in', partition=\d+, offset=\d+", log),
              "no partition/offset in the logged error")
        print("OK")
    finally:
        if worker:
            worker.stop()
        launcher.terminate()
        launcher.wait(10)
        work.cleanup()


if __name__ == "__main__":
    main()
