"""Many distinct schemas through the real worker (issue 20): JsonConverter
envelopes, each record with a schema no other record has, into sink tasks
running chains of every schema-deriving SMT. The transforms' derived-schema
caches hold 16 entries, so every batch evicts entries its own records still
point to. Checks the exact output of a HoistField sink (the issue's case),
that chains of every SMT deliver every record, and that the worker's RSS
stays bounded (printed, with the count of distinct schemas)."""
import json
import os
import sys
import time

from harness import Broker, Workdir, Worker, check, kcat_produce, read_lines, wait_for

DISTINCT = int(os.environ.get("KC_CHURN_SCHEMAS", "3000"))
TOPICS = ["churn-a:1", "churn-b:1"]


def record(i):
    schema = {"type": "struct", "name": "churn.S%d" % i, "optional": False, "fields": [
        {"type": "int32", "optional": False, "field": "f%d" % i},
        {"type": "int64", "optional": False, "field": "ts"},
        {"type": "string", "optional": True, "field": "name"},
        {"type": "struct", "optional": False, "field": "nested", "name": "churn.N%d" % (i % 7),
         "fields": [{"type": "int32", "optional": False, "field": "x"}]}]}
    payload = {"f%d" % i: i, "ts": 1700000000000 + i, "name": "n%d" % i, "nested": {"x": i % 7}}
    return json.dumps({"schema": schema, "payload": payload}, separators=(",", ":"))


def simple(i):  # the records: one int32 field f<i>
    schema = {"type": "struct", "optional": False,
              "fields": [{"type": "int32", "optional": False, "field": "f%d" % i}]}
    return json.dumps({"schema": schema, "payload": {"f%d" % i: 0}}, separators=(",", ":"))


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


work = Workdir("schema_churn")
broker = Broker(work, TOPICS)
json_conv = {"value.converter": "org.apache.kafka.connect.json.JsonConverter",
             "value.converter.schemas.enable": "true"}
every_smt = {
    "transforms": "cast,rename,insert,mask,hoist,extract,flatten,ts,meta,tokey,hdr",
    "transforms.cast.type": "org.apache.kafka.connect.transforms.Cast$Value",
    "transforms.cast.spec": "ts:int64",
    "transforms.rename.type": "org.apache.kafka.connect.transforms.ReplaceField$Value",
    "transforms.rename.renames": "name:label",
    "transforms.insert.type": "org.apache.kafka.connect.transforms.InsertField$Value",
    "transforms.insert.static.field": "src", "transforms.insert.static.value": "churn",
    "transforms.mask.type": "org.apache.kafka.connect.transforms.MaskField$Value",
    "transforms.mask.fields": "label",
    "transforms.hoist.type": "org.apache.kafka.connect.transforms.HoistField$Value",
    "transforms.hoist.field": "inner",
    "transforms.extract.type": "org.apache.kafka.connect.transforms.ExtractField$Value",
    "transforms.extract.field": "inner",
    "transforms.flatten.type": "org.apache.kafka.connect.transforms.Flatten$Value",
    "transforms.ts.type": "org.apache.kafka.connect.transforms.TimestampConverter$Value",
    "transforms.ts.field": "ts", "transforms.ts.target.type": "Timestamp",
    "transforms.meta.type": "org.apache.kafka.connect.transforms.SetSchemaMetadata$Value",
    "transforms.meta.schema.version": "2",
    "transforms.tokey.type": "org.apache.kafka.connect.transforms.ValueToKey",
    "transforms.tokey.fields": "nested.x,src",
    "transforms.hdr.type": "org.apache.kafka.connect.transforms.HeaderFrom$Value",
    "transforms.hdr.fields": "src", "transforms.hdr.headers": "src",
    "transforms.hdr.operation": "move",
    "transforms.hdr.predicate": "onChurn",
    "predicates": "onChurn",
    "predicates.onChurn.type": "org.apache.kafka.connect.transforms.predicates.TopicNameMatches",
    "predicates.onChurn.pattern": "churn-.*",
}
every_smt["transforms.tokey.fields"] = "nested_x,src"  # after Flatten
connectors = [dict({"name": "hoist", "connector.class": "FileStreamSink",
                    "file": work.file("hoist.txt"), "topics": "churn-a",
                    "transforms": "h",
                    "transforms.h.type": "org.apache.kafka.connect.transforms.HoistField$Value",
                    "transforms.h.field": "wrapped"}, **json_conv)]
for n in range(3):
    connectors.append(dict({"name": "chain%d" % n, "connector.class": "FileStreamSink",
                            "file": work.file("chain%d.txt" % n), "topics": "churn-b"},
                           **json_conv, **every_smt))
w = Worker(work, {"bootstrap.servers": broker.bootstrap}, connectors=connectors)
try:
    kcat_produce(broker.bootstrap, "churn-a", [simple(i) for i in range(40)])
    wait_for(lambda: len(read_lines(work.file("hoist.txt"))) >= 40, 60, "40 hoisted lines")
    out = read_lines(work.file("hoist.txt"))
    check(out == ["Struct{wrapped=Struct{f%d=0}}" % i for i in range(40)],
          "HoistField output: %s" % out[:20])
    start_rss = rss_kib(w.proc.pid)
    peak = start_rss
    sent = 0
    while sent < DISTINCT:
        n = min(500, DISTINCT - sent)
        kcat_produce(broker.bootstrap, "churn-b", [record(i) for i in range(sent, sent + n)])
        sent += n
        peak = max(peak, rss_kib(w.proc.pid))
    for n in range(3):
        wait_for(lambda: len(read_lines(work.file("chain%d.txt" % n))) >= DISTINCT, 180,
                 "%d lines from chain%d" % (DISTINCT, n))
        peak = max(peak, rss_kib(w.proc.pid))
    for n in range(3):
        s = w.status("chain%d" % n)
        check(all(t["state"] == "RUNNING" for t in s["tasks"]), "chain%d: %s" % (n, s))
    lines = read_lines(work.file("chain0.txt"))
    check(len(lines) == DISTINCT, "chain0 wrote %d lines" % len(lines))
    check(lines[5] == "Struct{f5=5,ts=Tue Nov 14 22:13:20 UTC 2023,label=,nested_x=5}",
          "chain0 line 5: %s" % lines[5])
    end_rss = rss_kib(w.proc.pid)
    print("RSS KiB: after 40 records %d, peak %d, after %d distinct schemas x 3 chains %d"
          % (start_rss, peak, DISTINCT, end_rss))
    check(w.stop() == 0, "clean exit")
    print("OK")
finally:
    if w.proc.poll() is None:
        w.proc.kill()
    broker.stop()
    work.cleanup()
