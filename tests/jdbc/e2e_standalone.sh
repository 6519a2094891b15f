#!/usr/bin/env bash
# e2e_standalone.sh <connect-standalone> <plugin-dir>
# A SQLite table -> JDBC source -> Kafka (embedded broker) -> JDBC sink ->
# another SQLite table, through the real worker with Confluent's class names.
set -euo pipefail
worker=$1
plugins=$2
# Trees that do not build the worker report the test as skipped (CTest code 77).
[[ -x $worker ]] || {
    echo "connect-standalone is not built: skipping"
    exit 77
}
work=$(mktemp -d /tmp/kc-jdbc-e2e.XXXXXX)
pid=
cleanup() {
    [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
db=$work/shop.db
sqlite3 "$db" "CREATE TABLE orders (id INTEGER NOT NULL PRIMARY KEY, name TEXT, amount REAL);
               INSERT INTO orders VALUES (1,'a',1.5),(2,'b',2.5),(3,'c',3.5);"
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
cat >"$work/worker.properties" <<P
key.converter=org.apache.kafka.connect.json.JsonConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
key.converter.schemas.enable=true
value.converter.schemas.enable=true
offset.storage.file.filename=$work/offsets
offset.flush.interval.ms=500
listeners=http://127.0.0.1:$port
plugin.path=$plugins
P
cat >"$work/source.properties" <<P
name=jdbc-source
connector.class=io.confluent.connect.jdbc.JdbcSourceConnector
connection.url=jdbc:sqlite:$db
mode=incrementing
incrementing.column.name=id
table.whitelist=orders
topic.prefix=db-
poll.interval.ms=200
P
cat >"$work/sink.properties" <<P
name=jdbc-sink
connector.class=io.confluent.connect.jdbc.JdbcSinkConnector
topics=db-orders
connection.url=jdbc:sqlite:$db
table.name.format=copy_orders
auto.create=true
P
"$worker" "$work/worker.properties" "$work/source.properties" "$work/sink.properties" \
    >"$work/worker.log" 2>&1 &
pid=$!
count() { sqlite3 "$db" "SELECT count(*) FROM copy_orders" 2>/dev/null || echo 0; }
for _ in $(seq 1 120); do
    [[ $(count) -ge 3 ]] && break
    sleep 0.5
done
sqlite3 "$db" "INSERT INTO orders VALUES (4,'d',4.5)"
for _ in $(seq 1 60); do
    [[ $(count) -ge 4 ]] && break
    sleep 0.5
done
got=$(sqlite3 "$db" "SELECT group_concat(id || ':' || name || ':' || amount, ',') FROM
                     (SELECT * FROM copy_orders ORDER BY id)")
if [[ $got != "1:a:1.5,2:b:2.5,3:c:3.5,4:d:4.5" ]]; then
    echo "copy_orders holds '$got'" >&2
    tail -50 "$work/worker.log" >&2
    exit 1
fi
echo "end-to-end copy ok: $got"
