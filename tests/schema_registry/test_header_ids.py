"""Schema ids in record headers and GUID prefixes, through the worker:

 - records written as Confluent's newer serialisers write them, their Avro
   encoded by python3-avro against a schema registered in the worker's
   embedded registry: one with the id in the __value_schema_id header (magic
   byte 1 and the schema's GUID, the payload unprefixed), one with a GUID
   prefix (magic byte 1);
 - a JDBC sink with AvroConverter (DualSchemaIdDeserializer, the default)
   reads both, its schema from GET /schemas/guids/{guid};
 - one with PrefixSchemaIdDeserializer reads only the prefixed record, the
   other goes to its DLQ.
Run with /usr/bin/python3 (python3-avro is a Debian package)."""
import io
import json
import os
import re
import subprocess
import sys
import urllib.request
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "standalone"))
import harness  # noqa: E402
from harness import check, wait_for  # noqa: E402
from sink_rows import rows_or_task_failure  # noqa: E402

try:
    import avro.io
    import avro.schema
except ImportError:
    print("SKIP: python3-avro not installed (run with /usr/bin/python3)")
    sys.exit(0)

AVRO = "io.confluent.connect.avro.AvroConverter"
COLUMNS = "id, name"  # what the sinks write


def register(registry, subject, schema):
    req = urllib.request.Request(
        "%s/subjects/%s/versions" % (registry, subject),
        data=json.dumps({"schema": json.dumps(schema)}).encode(), method="POST",
        headers={"Content-Type": "application/vnd.schemaregistry.v1+json"})
    with urllib.request.urlopen(req) as r:
        return json.load(r)


def encode(schema, row):
    buf = io.BytesIO()
    avro.io.DatumWriter(avro.schema.parse(json.dumps(schema))).write(row, avro.io.BinaryEncoder(buf))
    return buf.getvalue()


def produce(work, bootstrap, topic, name, value, headers=()):
    path = work.file(name)
    with open(path, "wb") as f:
        f.write(value)
    args = [b"kcat", b"-b", bootstrap.encode(), b"-P", b"-t", topic.encode()]
    for k, v in headers:
        args += [b"-H", k + b"=" + v]
    r = subprocess.run(args + [path.encode()], capture_output=True, timeout=30)
    check(r.returncode == 0, "kcat -P failed: %r" % r.stderr)


def main():
    work = harness.Workdir("header-ids")
    dst = work.file("dst.db")
    worker = harness.Worker(work, extra={"embedded.schema.registry.port": "0"})
    try:
        m = re.search(r"schema\.registry\.url=(http://127\.0\.0\.1:\d+)",
                      open(worker.logpath).read())
        check(m, "the worker logged no embedded schema registry URL")
        registry = m.group(1)
        bootstrap = worker.embedded_bootstrap()

        # kcat takes a header value from its command line, where a NUL byte
        # cannot go: register (a new doc each time) until the GUID has none.
        for attempt in range(20):
            schema = {"type": "record", "name": "orders", "namespace": "hdr", "doc": str(attempt),
                      "fields": [{"name": "id", "type": "long"}, {"name": "name", "type": "string"}]}
            answer = register(registry, "hdr-in-value", schema)
            guid = uuid.UUID(answer["guid"]).bytes
            if b"\0" not in guid:
                break
        check(b"\0" not in guid, "no GUID without a NUL byte in 20 registrations")
        with urllib.request.urlopen("%s/schemas/guids/%s" % (registry, answer["guid"])) as r:
            check(json.loads(json.load(r)["schema"])["doc"] == schema["doc"],
                  "GET /schemas/guids/{guid} answers another schema")

        # 1. The id in the header, the payload unprefixed.
        produce(work, bootstrap, "hdr-in", "header.bin", encode(schema, {"id": 1, "name": "header"}),
                [(b"__value_schema_id", b"\x01" + guid)])
        # 2. A GUID prefix (magic byte 1), no header.
        produce(work, bootstrap, "hdr-in", "prefix.bin",
                b"\x01" + guid + encode(schema, {"id": 2, "name": "prefix"}))

        sink = {"connector.class": "io.confluent.connect.jdbc.JdbcSinkConnector",
                "topics": "hdr-in", "connection.url": "jdbc:sqlite:" + dst, "auto.create": "true",
                "value.converter": AVRO, "value.converter.schema.registry.url": registry}
        worker.request("POST", "/connectors", {"name": "dual", "config": dict(sink, **{
            "table.name.format": "dual"})}, expect=201)
        got = rows_or_task_failure(worker, "dual", dst, "dual", 2, COLUMNS)
        check(got == [(1, "header"), (2, "prefix")], "DualSchemaIdDeserializer read %r" % got)

        worker.request("POST", "/connectors", {"name": "prefix", "config": dict(sink, **{
            "table.name.format": "prefix_only",
            "value.converter.value.schema.id.deserializer":
                "io.confluent.kafka.serializers.schema.id.PrefixSchemaIdDeserializer",
            "errors.tolerance": "all", "errors.deadletterqueue.topic.name": "dlq",
            "errors.deadletterqueue.topic.replication.factor": "1"})}, expect=201)
        got = rows_or_task_failure(worker, "prefix", dst, "prefix_only", 1, COLUMNS)
        check(got == [(2, "prefix")], "PrefixSchemaIdDeserializer read %r" % got)
        # One DLQ record (its offset printed), the one whose id is in its header.
        dlq = wait_for(lambda: harness.kcat_consume(bootstrap, "dlq", "%o\n").split() or None, 30,
                       "the header record in the DLQ")
        check(dlq == ["0"], "DLQ holds %r" % dlq)
        print("OK")
    finally:
        worker.stop()
        work.cleanup()


if __name__ == "__main__":
    main()
