"""Malformed records on a sink topic with JsonConverter: errors.tolerance=none
fails the task with the error in its status; all + DLQ puts exactly the bad
records in the dead letter queue with the context headers and the good ones in
the file."""
from harness import Workdir, Worker, check, kcat_consume, kcat_produce, read_lines, wait_for

work = Workdir("errors")
json_worker = {"value.converter": "org.apache.kafka.connect.json.JsonConverter",
               "value.converter.schemas.enable": "false"}
w = Worker(work, json_worker)
try:
    bootstrap = w.embedded_bootstrap()
    good = ['{"n":%d}' % i for i in range(20)]
    bad = ["not json %d" % i for i in range(5)]
    mixed = []
    for i, g in enumerate(good):
        mixed.append(g)
        if i % 4 == 1:
            mixed.append(bad[i // 4])
    kcat_produce(bootstrap, "mixed", mixed)

    failing_out = work.file("none.txt")
    w.request("PUT", "/connectors/strict/config", {
        "connector.class": "FileStreamSink", "file": failing_out, "topics": "mixed"}, expect=201)
    st = w.wait_task_state("strict", "FAILED")
    trace = st["tasks"][0].get("trace", "")
    check("Tolerance exceeded in error handler" in trace, "trace %r" % trace)
    check("DataException" in trace or "JSON" in trace or "json" in trace, "cause in trace %r" % trace)

    out = work.file("all.txt")
    w.request("PUT", "/connectors/tolerant/config", {
        "connector.class": "FileStreamSink", "file": out, "topics": "mixed",
        "errors.tolerance": "all", "errors.log.enable": "true",
        "errors.log.include.messages": "true",
        "errors.deadletterqueue.topic.name": "dlq",
        "errors.deadletterqueue.topic.replication.factor": "1",
        "errors.deadletterqueue.context.headers.enable": "true"}, expect=201)
    wait_for(lambda: len(read_lines(out)) >= len(good), 30, "good records in the file")
    # The topic was auto-created with several partitions, so only the set of
    # records (each exactly once) is defined, not their order across partitions.
    expected = sorted("{n=%d}" % i for i in range(20))
    check(sorted(read_lines(out)) == expected, "file %r" % read_lines(out))
    def dlq():
        text = kcat_consume(bootstrap, "dlq", "%s\\n")
        lines = [l for l in text.splitlines() if l]
        return lines if len(lines) >= len(bad) else None
    lines = wait_for(dlq, 30, "DLQ records")
    check(sorted(lines) == sorted(bad), "DLQ holds exactly the bad records: %r" % lines)
    headers = kcat_consume(bootstrap, "dlq", "%h\\n")
    for h in ("__connect.errors.topic=mixed", "__connect.errors.stage=VALUE_CONVERTER",
              "__connect.errors.connector.name=tolerant", "__connect.errors.task.id=0",
              "__connect.errors.exception.class.name=org.apache.kafka.connect.errors.DataException",
              "__connect.errors.partition=", "__connect.errors.offset=",
              "__connect.errors.exception.message="):
        check(h in headers, "DLQ header %s missing in %r" % (h, headers[:500]))
    log = open(w.logpath).read()
    check("Error encountered in task tolerant-0. Executing stage 'VALUE_CONVERTER'" in log,
          "Java's error log line")
    check("where consumed record is {topic='mixed'" in log, "record details in the log line")
    check(w.stop() == 0, "clean exit")
    print("OK")
finally:
    if w.proc.poll() is None:
        w.proc.kill()
    work.cleanup()
