"""Many distinct schemas through the real worker: JsonConverter
envelopes, each record with a schema no other record has, into sink tasks
running chains of every schema-deriving SMT. The transforms' derived-schema
caches hold 16 entries, so every batch evicts entries its own records still
point to. Checks the exact output of a HoistField sink (the issue's case),
that chains of every SMT deliver every record, and that the worker's RSS
stays bounded: printed after each half of the distinct schemas, it must stay
under a generous ceiling and not grow through the second half beyond a
margin far below what keeping every derived schema would cost (3 chains x 11
SMTs x half the schemas). Set KC_CHURN_SCHEMAS for a longer soak."""
import json
import os
import sys
import time

from harness import Broker, Workdir, Worker, check, kcat_produce, read_lines, wait_for

DISTINCT = int(os.environ.get("KC_CHURN_SCHEMAS", "3000"))
# Fixed bounds, in KiB. The sanitizer build (where ctest runs this) levels off
# near 760 MiB, mostly ASan's shadow and quarantine; over the second half it
# grew 15-16 MiB while the quarantine filled, then stayed within 10 MiB up to
# 15,000 schemas. SMT caches that kept every derived schema grew it by
# 140-230 MiB per 1,500 schemas (measured 2026-12-06; bench/README.md,
# "Schema churn soak").
RSS_CEILING_KIB = 1024 * 1024
RSS_GROWTH_KIB = 64 * 1024
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


def java_date(ms):  # java.util.Date.toString() in UTC, as Struct.toString() prints it
    return time.strftime("%a %b %d %H:%M:%S UTC %Y", time.gmtime(ms // 1000))


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
    "transforms.tokey.fields": "nested.x,src",  # Flatten's default delimiter is "."
    "transforms.hdr.type": "org.apache.kafka.connect.transforms.HeaderFrom$Value",
    "transforms.hdr.fields": "src", "transforms.hdr.headers": "src",
    "transforms.hdr.operation": "move",
    "transforms.hdr.predicate": "onChurn",
    "predicates": "onChurn",
    "predicates.onChurn.type": "org.apache.kafka.connect.transforms.predicates.TopicNameMatches",
    "predicates.onChurn.pattern": "churn-.*",
}
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
    rss = {"after 40 records": rss_kib(w.proc.pid)}
    peak = rss["after 40 records"]

    def churn(lo, hi):
        global peak
        for at in range(lo, hi, 500):
            kcat_produce(broker.bootstrap, "churn-b",
                         [record(i) for i in range(at, min(at + 500, hi))])
            peak = max(peak, rss_kib(w.proc.pid))
        for n in range(3):
            wait_for(lambda: len(read_lines(work.file("chain%d.txt" % n))) >= hi, 180,
                     "%d lines from chain%d" % (hi, n))
            peak = max(peak, rss_kib(w.proc.pid))
        return rss_kib(w.proc.pid)

    half = DISTINCT // 2
    rss["after %d distinct schemas" % half] = mid = churn(0, half)
    rss["after %d" % DISTINCT] = end = churn(half, DISTINCT)
    print("RSS KiB: %s; peak %d (3 chains of 11 SMTs)"
          % (", ".join("%s %d" % kv for kv in rss.items()), peak))
    check(peak < RSS_CEILING_KIB,
          "RSS peak %d KiB over the %d KiB ceiling" % (peak, RSS_CEILING_KIB))
    check(end - mid < RSS_GROWTH_KIB, "RSS grew %d KiB over the second %d schemas (limit %d KiB)"
          % (end - mid, DISTINCT - half, RSS_GROWTH_KIB))
    for n in range(3):
        s = w.status("chain%d" % n)
        check(all(t["state"] == "RUNNING" for t in s["tasks"]), "chain%d: %s" % (n, s))
        lines = read_lines(work.file("chain%d.txt" % n))
        check(len(lines) == DISTINCT, "chain%d wrote %d lines" % (n, len(lines)))
        for i in (0, 5, 16, 17, DISTINCT - 1):
            want = ("Struct{f%d=%d,ts=%s,label=,nested.x=%d}"
                    % (i, i, java_date(1700000000000 + i), i % 7))
            check(lines[i] == want, "chain%d line %d: %s, want %s" % (n, i, lines[i], want))
    check(w.stop() == 0, "clean exit")
    print("OK")
finally:
    if w.proc.poll() is None:
        w.proc.kill()
    broker.stop()
    work.cleanup()
