"""A real Prometheus scrapes real workers; every query of Strimzi's and of
Confluent's Kafka Connect dashboards, and the names the Strimzi Metrics
Reporter's dashboard queries (tests/metrics/dashboards), answers, and
the values match a known scene: in each of two distributed clusters a source
of 50 lines, a tolerant sink reading 20 good and 5 bad records and sending
the bad ones to a dead letter queue, and a strict sink whose task fails on the
first bad record; the Kafka clients' connections and bytes. Cluster A names metrics the Strimzi way on a listener of its own,
cluster B the Confluent way on the REST port, a standalone worker the Strimzi
reporter's way. The worker's one admin client reports its connections, and
each producer its per-broker bytes. A worker joining and leaving cluster A
moves its rebalance and coordinator metrics; the joining one, named the
Strimzi reporter's way, answers that dashboard's distributed-only panels. A paused source task keeps
reporting its producer's statistics and its status; a deleted connector's
metrics leave the scrape. promtool finds nothing wrong with any exposition, and bad
metrics settings are refused naming the key."""
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "distributed"))
from distributed_harness import (DistributedWorker, check, cluster_props, fail,  # noqa: E402
                                 retry_request, start_worker, wait_for, wait_healthy)
import harness  # noqa: E402

LINES = 50
GOOD = ['{"n":%d}' % i for i in range(20)]
BAD = ["not json %d" % i for i in range(5)]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def http_get(url):
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.status, r.headers.get("Content-Type"), r.read().decode()


def accepted_warnings():
    """Suffixes of the names promtool may warn about (promtool-accepted.txt)."""
    with open(os.path.join(HERE, "promtool-accepted.txt")) as f:
        return tuple("_" + l.strip().replace("-", "_") for l in f
                     if l.strip() and not l.startswith("#"))


def promtool_check(text, what):
    """promtool's lint may only give its two style warnings (a `_count` gauge,
    `_ms` units), and only about the documented names the dashboards dictate;
    anything else is a defect."""
    r = subprocess.run(["promtool", "check", "metrics"], input=text, capture_output=True,
                       text=True, timeout=30)
    styles = ("should not have \"_count\" suffix", "should not contain abbreviated units")
    suffixes = accepted_warnings()
    problems = [l for l in (r.stdout + r.stderr).splitlines()
                if l.strip() and not (any(d in l for d in styles) and
                                      l.split()[0].endswith(suffixes))]
    check(not problems, "promtool on %s: %s" % (what, problems[:10]))
    families = {l.split()[2] for l in text.splitlines() if l.startswith("# TYPE ")}
    helps = {l.split()[2] for l in text.splitlines() if l.startswith("# HELP ")}
    check(families and families == helps, "%s: HELP and TYPE for every family" % what)


def cluster(broker, prefix, extra):
    props = cluster_props(broker.bootstrap, group=prefix + "-cluster")
    props.update({"config.storage.topic": prefix + "-configs",
                  "offset.storage.topic": prefix + "-offsets",
                  "status.storage.topic": prefix + "-status",
                  "metrics.sample.window.ms": "5000"})
    props.update(extra)
    return props


def scene(worker, prefix, work):
    source_file = work.file(prefix + "-in.txt")
    with open(source_file, "w") as f:
        f.write("".join("line %d\n" % i for i in range(LINES)))
    json_value = {"value.converter": "org.apache.kafka.connect.json.JsonConverter",
                  "value.converter.schemas.enable": "false"}
    retry_request(worker, "PUT", "/connectors/src/config", {
        "connector.class": "FileStreamSource", "file": source_file,
        "topic": prefix + "-lines"}, expect=201)
    # Sink names differ per cluster: their consumer groups share the broker.
    retry_request(worker, "PUT", "/connectors/tolerant-%s/config" % prefix, dict(json_value, **{
        "connector.class": "FileStreamSink", "file": work.file(prefix + "-out.txt"),
        "topics": "mixed", "errors.tolerance": "all", "errors.log.enable": "true",
        "errors.deadletterqueue.topic.name": "dlq-" + prefix}), expect=201)
    retry_request(worker, "PUT", "/connectors/strict-%s/config" % prefix, dict(json_value, **{
        "connector.class": "FileStreamSink", "file": work.file(prefix + "-strict.txt"),
        "topics": "mixed"}), expect=201)


class Prometheus:
    def __init__(self, work, jobs):
        self.port = free_port()
        config = work.file("prometheus.yml")
        with open(config, "w") as f:
            f.write("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n")
            for name, target, labels in jobs:
                f.write("  - job_name: %s\n    static_configs:\n      - targets: ['%s']\n"
                        "        labels: %s\n" % (name, target, json.dumps(labels)))
        self.log = open(work.file("prometheus.log"), "w")
        self.proc = subprocess.Popen(
            ["prometheus", "--config.file=" + config, "--storage.tsdb.path=" + work.file("tsdb"),
             "--web.listen-address=127.0.0.1:%d" % self.port], stdout=self.log,
            stderr=subprocess.STDOUT)
        wait_for(self.ready, 30, "prometheus ready")

    def ready(self):
        try:
            return http_get("http://127.0.0.1:%d/-/ready" % self.port)[0] == 200
        except OSError:
            return False

    def query(self, promql):
        url = "http://127.0.0.1:%d/api/v1/query?%s" % (
            self.port, urllib.parse.urlencode({"query": promql}))
        body = json.loads(http_get(url)[2])
        check(body["status"] == "success", "query %s: %s" % (promql, body))
        return body["data"]["result"]

    def value(self, promql):
        """The single value of a query, or None while it has no series."""
        result = self.query(promql)
        return float(result[0]["value"][1]) if len(result) == 1 else None

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)


def wait_value(prom, promql, expected, timeout=60):
    deadline = time.time() + timeout
    while prom.value(promql) != expected:
        if time.time() > deadline:
            fail("%s == %s; Prometheus answers %s" % (promql, expected, prom.query(promql)))
        time.sleep(0.2)


def wait_between(prom, promql, low, high, timeout=60):
    """Waits until the query's single value lies in [low, high]."""
    deadline = time.time() + timeout
    while True:
        v = prom.value(promql)
        if v is not None and low <= v <= high:
            return v
        if time.time() > deadline:
            fail("%s in [%s, %s]; Prometheus answers %s" % (promql, low, high, prom.query(promql)))
        time.sleep(0.2)


def dashboard_queries(name, variables):
    out = []
    with open(os.path.join(HERE, "dashboards", name)) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                for k, v in variables.items():
                    line = line.replace(k, v)
                out.append(line)
    return out


def scraped(url, series):
    """The value of one series (name{labels} exactly as exposed) in a scrape
    of `url`, or None."""
    for line in http_get(url)[2].splitlines():
        if line.startswith(series + " "):
            return float(line.rsplit(" ", 1)[1])
    return None


def refused(work, extra, key):
    props = {"key.converter": "org.apache.kafka.connect.storage.StringConverter",
             "value.converter": "org.apache.kafka.connect.storage.StringConverter",
             "offset.storage.file.filename": work.file("refused.offsets"),
             "listeners": "http://127.0.0.1:0", "plugin.path": harness.PLUGIN_PATH}
    props.update(extra)
    path = work.file("refused.properties")
    harness.write_props(path, props)
    r = subprocess.run([harness.STANDALONE, path], capture_output=True, text=True, timeout=60)
    check(r.returncode != 0 and key in r.stdout + r.stderr,
          "a worker with %s is refused naming the key: %d %s" % (extra, r.returncode,
                                                                  (r.stdout + r.stderr)[-500:]))


work = harness.Workdir("metrics-prometheus")
# The shared broker cannot create topics: the DLQs are made up front.
broker = harness.Broker(work, topics=("mixed:1", "dlq-a:1", "dlq-b:1", "a-configs:1", "a-offsets:5", "a-status:3",
                                      "b-configs:1", "b-offsets:5", "b-status:3"))
procs = []
prom = None
try:
    refused(work, {"metrics.prometheus.naming": "jmx"}, "metrics.prometheus.naming")
    refused(work, {"metrics.prometheus.listener": "ftp://127.0.0.1:1"},
            "metrics.prometheus.listener")
    refused(work, {"metrics.num.samples": "0"}, "metrics.num.samples")

    mixed = []
    for i, g in enumerate(GOOD):
        mixed.append(g)
        if i % 4 == 1:
            mixed.append(BAD[i // 4])
    harness.kcat_produce(broker.bootstrap, "mixed", mixed)
    solo_file = work.file("solo-in.txt")
    with open(solo_file, "w") as f:
        f.write("".join("line %d\n" % i for i in range(LINES)))
    metrics_port = free_port()
    a = start_worker(work, cluster(broker, "a", {
        "metrics.prometheus.listener": "http://127.0.0.1:%d" % metrics_port}), "worker-a")
    procs.append(a)
    b = start_worker(work, cluster(broker, "b", {"metrics.prometheus.naming": "confluent"}),
                     "worker-b")
    procs.append(b)
    # The producer asks for metadata every second and reports every 0.5 s:
    # while its task is paused its request count still moves.
    s = harness.Worker(work, {"bootstrap.servers": broker.bootstrap,
                              "metrics.prometheus.naming": "strimzi-reporter",
                              "producer.statistics.interval.ms": "500",
                              "producer.topic.metadata.refresh.interval.ms": "1000"},
                       connectors=[{"name": "solo", "connector.class": "FileStreamSource",
                                    "file": solo_file, "topic": "solo-lines"},
                                   {"name": "echo", "connector.class": "FileStreamSink",
                                    "file": work.file("echo-out.txt"), "topics": "solo-lines"}],
                       name="standalone")
    procs.append(s)
    wait_healthy([a, b])
    scene(a, "a", work)
    scene(b, "b", work)

    b_target = b.url.split("//")[1]
    # Worker C joins cluster A later, named the Strimzi reporter's way on a
    # listener of its own: Prometheus scrapes it while it is a member.
    c_metrics_port = free_port()
    prom = Prometheus(work, [
        ("strimzi", "127.0.0.1:%d" % metrics_port,
         {"strimzi_io_kind": "KafkaConnect", "strimzi_io_cluster": "my-connect",
          "namespace": "it", "kubernetes_pod_name": "my-connect-connect-0"}),
        ("kafka-connect", b_target, {"env": "dev", "kafka_connect_cluster_id": "cluster1"}),
        ("standalone", s.url.split("//")[1],
         {"strimzi_io_kind": "KafkaConnect", "strimzi_io_cluster": "my-reporter",
          "namespace": "it", "kubernetes_pod_name": "my-reporter-connect-0"}),
        ("reporter-distributed", "127.0.0.1:%d" % c_metrics_port,
         {"strimzi_io_kind": "KafkaConnect", "strimzi_io_cluster": "my-reporter-dist",
          "namespace": "it", "kubernetes_pod_name": "my-reporter-dist-connect-0"}),
    ])

    # The scene's values, as Prometheus scraped them.
    sel = '{job="strimzi",connector="%s"}'
    wait_value(prom, "kafka_connect_source_task_source_record_poll_total" + sel % "src", LINES)
    wait_value(prom, "kafka_connect_source_task_source_record_write_total" + sel % "src", LINES)
    wait_value(prom, "kafka_connect_sink_task_sink_record_read_total" + sel % "tolerant-a",
               len(GOOD) + len(BAD))
    wait_value(prom, "kafka_connect_sink_task_sink_record_send_total" + sel % "tolerant-a", len(GOOD))
    wait_value(prom, "kafka_connect_task_error_total_record_errors" + sel % "tolerant-a", len(BAD))
    wait_value(prom, "kafka_connect_task_error_total_records_skipped" + sel % "tolerant-a", len(BAD))
    wait_value(prom, "kafka_connect_task_error_total_errors_logged" + sel % "tolerant-a", len(BAD))
    wait_value(prom, "kafka_connect_task_error_deadletterqueue_produce_requests" +
               sel % "tolerant-a", len(BAD))
    wait_value(prom, "kafka_connect_task_error_deadletterqueue_produce_failures" +
               sel % "tolerant-a", 0)
    wait_value(prom, "kafka_connect_worker_connector_failed_task_count" + sel % "strict-a", 1)
    wait_value(prom, 'kafka_connect_worker_connector_count{job="strimzi"}', 3)
    wait_value(prom, 'kafka_connect_worker_task_count{job="strimzi"}', 3)
    wait_value(prom, 'kafka_connect_coordinator_assigned_tasks{job="strimzi"}', 3)
    wait_value(prom, 'kafka_connect_connector_status{job="strimzi",connector="tolerant-a",'
               'status="running"}', 1)
    wait_value(prom, 'kafka_connect_connector_task_status{job="strimzi",connector="strict-a",'
               'task="0",status="failed"}', 1)

    conf = '{job="kafka-connect",connector="%s"}'
    wait_value(prom, "kafka_connect_source_task_metrics_source_record_poll" + conf % "src", LINES)
    wait_value(prom, "kafka_connect_task_error_metrics_total_record_errors" + conf % "tolerant-b",
               len(BAD))
    wait_value(prom, "kafka_connect_sink_task_metrics_sink_record_send" + conf % "tolerant-b",
               len(GOOD))
    wait_value(prom, "kafka_connect_task_error_metrics_deadletterqueue_produce_requests" +
               conf % "tolerant-b", len(BAD))
    # What the metrics counted is what the queues hold.
    for dlq in ("dlq-a", "dlq-b"):
        wait_for(lambda: sorted(harness.kcat_consume(broker.bootstrap, dlq).splitlines()) ==
                 sorted(BAD), 30, "%s holds exactly the bad records" % dlq)
    wait_value(prom, "kafka_connect_connect_worker_metrics_connector_failed_task_count" +
               conf % "strict-b", 1)
    wait_value(prom, 'kafka_connect_connect_worker_metrics_connector_count{job="kafka-connect",'
               'connector="aggregate"}', 3)
    wait_value(prom, 'kafka_connect_connector_metrics{job="kafka-connect",connector="src",'
               'connector_type="source"}', 1)
    wait_value(prom, 'kafka_connect_source_task_metrics_source_record_poll'
               '{job="standalone",connector="solo"}', LINES)

    # The Kafka clients' own figures, from librdkafka's statistics: every
    # record's bytes went out of the source's producer and into the sinks'
    # consumers (plus protocol framing), over one or two connections each
    # (the broker, and the group coordinator for a consumer).
    line_bytes = sum(len("line %d" % i) for i in range(LINES))
    mixed_bytes = sum(len(m) for m in mixed)
    client = '{job="strimzi",clientid="connector-%s"}'
    wait_between(prom, "kafka_producer_outgoing_byte_total" + client % "producer-src-0",
                 line_bytes, 1e6)
    wait_between(prom, "kafka_consumer_incoming_byte_total" + client % "consumer-tolerant-a-0",
                 mixed_bytes, 1e6)
    wait_between(prom, "kafka_producer_connection_count" + client % "producer-src-0", 1, 2)
    wait_between(prom, "kafka_consumer_connection_count" + client % "consumer-tolerant-a-0", 1, 3)
    wait_between(prom, 'kafka_producer_producer_metrics_outgoing_byte'
                 '{job="kafka-connect",client_id="connector-producer-src-0"}', line_bytes, 1e6)
    wait_between(prom, 'kafka_producer_producer_metrics_outgoing_byte'
                 '{job="standalone",client_id="connector-producer-solo-0"}', line_bytes, 1e6)

    # Per broker (node-metrics): the records' bytes went to broker 1.
    wait_between(prom, 'kafka_producer_producer_node_metrics_outgoing_byte'
                 '{job="standalone",client_id="connector-producer-solo-0",node_id="node-1"}',
                 line_bytes, 1e6)
    wait_between(prom, 'sum(kafka_producer_node_outgoing_byte_total'
                 '{job="strimzi",clientid="connector-producer-src-0"})', line_bytes, 1e6)
    # The worker's one admin client (Java's shared admin) lives as long as the
    # worker: its connections, under each naming.
    wait_between(prom, 'kafka_admin_client_connection_count'
                 '{job="strimzi",clientid="a-cluster-shared-admin"}', 1, 3)
    wait_between(prom, 'kafka_admin_client_admin_client_metrics_connection_count'
                 '{job="kafka-connect",client_id="b-cluster-shared-admin"}', 1, 3)
    wait_between(prom, 'kafka_admin_client_admin_client_metrics_connection_count'
                 '{job="standalone",client_id="connect-shared-admin"}', 0, 3)

    # The Connect group member's connections (Confluent's network panel):
    # one to the coordinator at least, heartbeats flowing both ways.
    member = '{job="kafka-connect"}'
    wait_between(prom, "kafka_connect_connect_metrics_connection_count" + member, 1, 3)
    wait_between(prom, "kafka_connect_connect_metrics_request_rate" + member, 0.01, 100)
    wait_between(prom, "kafka_connect_connect_metrics_incoming_byte_rate" + member, 1, 1e6)
    wait_between(prom, 'kafka_connect_connection_count{job="strimzi"}', 1, 3)

    # Every dashboard query answers.
    for q in dashboard_queries("strimzi-kafka-connect.promql",
                               {"$strimzi_cluster_name": "my-connect", "$namespace": "it"}):
        wait_for(lambda: prom.query(q), 30, "series for Strimzi query %s" % q)
    for dashboard in ("confluent-kafka-connect-cluster.promql",
                      "confluent-kafka-connect-cluster-old-exporter.promql"):
        for q in dashboard_queries(dashboard, {"$env": "dev",
                                               "$kafka_connect_cluster_id": "cluster1",
                                               "$instance": ".+"}):
            wait_for(lambda: prom.query(q), 30, "series for Confluent query %s" % q)
    for q in dashboard_queries("strimzi-metrics-reporter.promql",
                               {"$strimzi_cluster_name": "my-reporter", "$namespace": "it"}):
        wait_for(lambda: prom.query(q), 30, "series for Strimzi Metrics Reporter query %s" % q)

    # promtool, and the exposition's content type, for each scheme.
    for url, what in (("http://127.0.0.1:%d/metrics" % metrics_port, "strimzi"),
                      (b.url + "/metrics", "confluent"), (s.url + "/metrics", "strimzi-reporter")):
        status, ctype, text = http_get(url)
        check(status == 200 and ctype.startswith("text/plain; version=0.0.4"),
              "%s: %s %s" % (what, status, ctype))
        promtool_check(text, what)

    # A worker joining cluster A, then leaving: A's rebalances and assignment move.
    rebalances = 'kafka_connect_worker_rebalance_completed_rebalances_total{job="strimzi"}'
    epoch = 'kafka_connect_worker_rebalance_epoch{job="strimzi"}'
    assigned_connectors = 'kafka_connect_coordinator_assigned_connectors{job="strimzi"}'
    wait_value(prom, assigned_connectors, 3)
    before, epoch_before = prom.value(rebalances), prom.value(epoch)
    c = start_worker(work, cluster(broker, "a", {
        "metrics.prometheus.naming": "strimzi-reporter",
        "metrics.prometheus.listener": "http://127.0.0.1:%d" % c_metrics_port}), "worker-c")
    procs.append(c)
    wait_for(lambda: prom.value(rebalances) > before, 60, "A rebalanced when C joined")
    wait_for(lambda: prom.value(epoch) > epoch_before, 60, "the generation moved when C joined")
    wait_for(lambda: prom.value('kafka_connect_coordinator_assigned_tasks{job="strimzi"}') < 3,
             60, "A gave tasks to C")
    wait_for(lambda: prom.value(assigned_connectors) < 3, 60, "A gave a connector to C")
    # C's share, under the reporter's names, and its distributed-only panels.
    def c_reports_its_share():
        on_a = prom.value(assigned_connectors)
        on_c = prom.value('kafka_connect_connect_coordinator_metrics_assigned_connectors'
                          '{job="reporter-distributed"}')
        return on_a is not None and on_c is not None and on_c >= 1 and on_a + on_c == 3
    wait_for(c_reports_its_share, 60, "C reports the connectors it got")
    for q in dashboard_queries("strimzi-metrics-reporter-distributed.promql",
                               {"$strimzi_cluster_name": "my-reporter-dist", "$namespace": "it"}):
        wait_for(lambda: prom.query(q), 30, "series for Strimzi Metrics Reporter query %s" % q)
    joined = prom.value(rebalances)
    check(c.stop() == 0, "C stops cleanly")
    wait_for(lambda: prom.value(rebalances) > joined, 60, "A rebalanced when C left")
    wait_value(prom, 'kafka_connect_coordinator_assigned_tasks{job="strimzi"}', 3)
    wait_value(prom, assigned_connectors, 3)

    # Scrapes during connector churn neither fail nor hold the herder up.
    stop = threading.Event()
    scrape_errors = []

    def scrape():
        while not stop.is_set():
            try:
                status, _, _ = http_get(s.url + "/metrics")
                if status != 200:
                    scrape_errors.append(status)
            except OSError as e:
                scrape_errors.append(str(e))
    scraper = threading.Thread(target=scrape)
    scraper.start()
    for i in range(5):
        s.request("PUT", "/connectors/churn/config", {
            "connector.class": "FileStreamSource", "file": solo_file,
            "topic": "churn"}, expect=201)
        s.request("DELETE", "/connectors/churn", expect=204)
    stop.set()
    scraper.join()
    check(not scrape_errors, "scrapes during churn: %s" % scrape_errors[:5])
    check(s.proc.poll() is None, "standalone worker still running")

    # A paused source task keeps its producer alive: the producer's
    # statistics keep arriving (its metadata requests count on), and the
    # task's status says paused.
    metrics_url = s.url + "/metrics"
    status = 'kafka_connect_connector_task_metrics_status_info{connector="solo",task="0",status="%s"}'
    requests = 'kafka_producer_producer_metrics_request{client_id="connector-producer-solo-0"}'
    s.request("PUT", "/connectors/solo/pause", expect=202)
    wait_for(lambda: scraped(metrics_url, status % "paused") == 1, 30, "solo's task paused")
    paused_requests = scraped(metrics_url, requests)
    check(paused_requests, "the paused task's producer is reported: %s" % paused_requests)
    wait_for(lambda: scraped(metrics_url, requests) > paused_requests + 1, 20,
             "the paused task's producer statistics keep arriving")
    check(scraped(metrics_url, status % "paused") == 1, "solo's task still paused")
    check(scraped(metrics_url, status % "running") is None, "no running status beside paused")

    # A deleted connector leaves nothing in the scrape: its connector, task,
    # worker and client series all go.
    s.request("DELETE", "/connectors/solo", expect=204)
    wait_for(lambda: not any(n in http_get(metrics_url)[2]
                             for n in ('"solo"', "-solo-0", '"churn"', "-churn-0")),
             30, "no series of the deleted connectors")
    print("OK")
finally:
    if prom:
        prom.stop()
    for p in procs:
        p.stop()
    broker.stop()
    work.cleanup()
