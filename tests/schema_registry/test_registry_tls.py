"""AvroConverter against a registry served over https with client
certificates required (connect-embedded-broker --schema-registry-tls-*),
configured through the worker as a user would: value.converter.schema.registry.ssl.*
keys in the connector configs, certificates made by the openssl command line.

 - with the CA's PEM trust store and a PKCS12 key store, a JDBC SQLite source
   registers its schema and a JDBC sink copies the rows into a second database;
 - without the key store the task fails, its trace naming the registry URL
   and the server's "certificate required" alert;
 - with a trust store of another CA it fails on the certificate check."""
import os
import sqlite3
import json
import ssl
import subprocess
import sys
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "standalone"))
import harness  # noqa: E402
from harness import check, wait_for  # noqa: E402

AVRO = "io.confluent.connect.avro.AvroConverter"
ROWS = [(1, "ada", None), (2, "bob", "second")]


def make_certificates(work):
    key = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
    script = ["set -e", "cd '%s'" % work.path,
              "echo subjectAltName=IP:127.0.0.1 > server.ext",
              "echo extendedKeyUsage=clientAuth > client.ext"]
    for ca in ("ca", "other-ca"):
        script.append("openssl req -x509 %s -keyout %s.key -out %s.pem -days 2 -subj /CN=%s"
                      % (key, ca, ca, ca))
    for leaf in ("server", "client"):
        script.append("openssl req %s -keyout %s.key -out %s.csr -subj /CN=%s"
                      % (key, leaf, leaf, leaf))
        script.append("openssl x509 -req -in %s.csr -CA ca.pem -CAkey ca.key -CAcreateserial "
                      "-days 2 -extfile %s.ext -out %s.pem" % (leaf, leaf, leaf))
    script.append("openssl pkcs12 -export -inkey client.key -in client.pem -out client.p12 "
                  "-passout pass:storepw")
    r = subprocess.run(["sh", "-c", "\n".join(script)], capture_output=True, text=True)
    check(r.returncode == 0, "openssl: " + r.stderr)


def start_registry(work):
    log = open(work.file("registry.log"), "w")
    proc = subprocess.Popen(
        [harness.LAUNCHER, "--schema-registry-port", "0",
         "--schema-registry-tls-certificate", work.file("server.pem"),
         "--schema-registry-tls-key", work.file("server.key"),
         "--schema-registry-tls-client-ca", work.file("ca.pem")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True)
    proc.stdout.readline()  # bootstrap.servers= (the worker runs its own broker)
    url = proc.stdout.readline().strip().split("=", 1)[-1]
    check(url.startswith("https://127.0.0.1:"), "no https schema.registry.url line: %r" % url)
    return proc, url


def rows(db):
    try:
        with sqlite3.connect(db) as c:
            return c.execute("SELECT id, name, note FROM copy_orders ORDER BY id").fetchall()
    except sqlite3.OperationalError:
        return []


def main():
    work = harness.Workdir("registry-tls")
    make_certificates(work)
    src, dst = work.file("src.db"), work.file("dst.db")
    with sqlite3.connect(src) as c:
        c.execute("CREATE TABLE orders (id INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, "
                  "note TEXT)")
        c.executemany("INSERT INTO orders VALUES (?,?,?)", ROWS)
    registry, url = start_registry(work)
    worker = None
    try:
        trust = {"value.converter": AVRO, "value.converter.schema.registry.url": url,
                 "value.converter.max.retries": "0",
                 "value.converter.schema.registry.ssl.truststore.location": work.file("ca.pem"),
                 "value.converter.schema.registry.ssl.truststore.type": "PEM"}
        mtls = dict(trust, **{
            "value.converter.schema.registry.ssl.keystore.location": work.file("client.p12"),
            "value.converter.schema.registry.ssl.keystore.type": "PKCS12",
            "value.converter.schema.registry.ssl.keystore.password": "storepw"})
        untrusted = dict(mtls, **{
            "value.converter.schema.registry.ssl.truststore.location": work.file("other-ca.pem")})

        def source(name, prefix, converter):
            return dict(converter, **{
                "name": name, "connector.class": "io.confluent.connect.jdbc.JdbcSourceConnector",
                "connection.url": "jdbc:sqlite:" + src, "mode": "incrementing",
                "incrementing.column.name": "id", "table.whitelist": "orders",
                "topic.prefix": prefix, "poll.interval.ms": "200"})
        worker = harness.Worker(work, extra={"embedded.schema.registry.port": "-1"}, connectors=[
            source("tls-source", "tls-", mtls),
            dict(mtls, **{"name": "tls-sink",
                          "connector.class": "io.confluent.connect.jdbc.JdbcSinkConnector",
                          "topics": "tls-orders", "connection.url": "jdbc:sqlite:" + dst,
                          "table.name.format": "copy_orders", "auto.create": "true"}),
            source("no-keystore", "nokey-", trust),
            source("untrusted", "untrusted-", untrusted)])

        # 1. Mutual TLS with the key store: the rows go through.
        wait_for(lambda: rows(dst) == ROWS or None, 30, "the rows copied through https")
        context = ssl.create_default_context(cafile=work.file("ca.pem"))
        context.load_cert_chain(work.file("client.pem"), work.file("client.key"))
        with urllib.request.urlopen(url + "/subjects", context=context) as r:
            subjects = json.load(r)
        check(subjects == ["tls-orders-value"], "subjects over https: %r" % subjects)

        # 2. Without a client certificate, and 3. against another CA: FAILED, saying why.
        trace = worker.wait_task_state("no-keystore", "FAILED")["tasks"][0].get("trace", "")
        check(url in trace and "certificate required" in trace,
              "no-keystore trace: " + trace[:800])
        trace = worker.wait_task_state("untrusted", "FAILED")["tasks"][0].get("trace", "")
        check(url in trace and "SSL certificate problem" in trace,
              "untrusted trace: " + trace[:800])
        print("OK")
    finally:
        if worker:
            worker.stop()
        registry.terminate()
        registry.wait(10)
        work.cleanup()


if __name__ == "__main__":
    main()
