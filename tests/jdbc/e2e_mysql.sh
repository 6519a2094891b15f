#!/usr/bin/env bash
# e2e_mysql.sh <connect-standalone> <plugin-dir> <scripts-dir>
# Confluent's MySQL source config (only host and port changed) through the real
# worker and the embedded broker into JDBC sinks on MariaDB and PostgreSQL;
# then a restart, which must resume without loss or duplicates.
set -euo pipefail
worker=$1
plugins=$2
scripts=$3
[[ -x $worker ]] || {
    echo "connect-standalone is not built: skipping"
    exit 77
}
work=$(mktemp -d /tmp/kc-jdbc-e2e-mysql.XXXXXX)
chmod 755 "$work"
pid=
cleanup() {
    [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
    "$scripts/mariadb-test-server.sh" stop "$work/mysql" >/dev/null 2>&1 || true
    "$scripts/pg-test-server.sh" stop "$work/pg" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
"$scripts/mariadb-test-server.sh" start "$work/mysql" >/dev/null
"$scripts/pg-test-server.sh" start "$work/pg" >/dev/null
eval "$("$scripts/mariadb-test-server.sh" env "$work/mysql")"
eval "$("$scripts/pg-test-server.sh" env "$work/pg")"
# shellcheck disable=SC2086  # the flags are words
my() { mariadb $KC_MYSQL_CLI --batch --skip-column-names -e "$1"; }
pg() { psql -X -q -A -t -F ' ' "$KC_PG_CONNINFO" -c "$1"; }

my "CREATE TABLE events (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
      event_time TIMESTAMP(3) NOT NULL, name VARCHAR(32), price DECIMAL(10,2),
      flag TINYINT(1), qty INT UNSIGNED, day DATE, data VARBINARY(8));
    INSERT INTO events (event_time, name, price, flag, qty, day, data) VALUES
      ('2024-01-01 10:00:00.125', 'a', 12.50, 1, 4000000000, '2024-02-29', x'00ff'),
      ('2024-01-01 10:00:00.125', 'b', NULL, 0, 0, NULL, NULL),
      ('2024-01-01 10:00:01.000', 'c', -1.05, NULL, 7, '1999-12-31', x'41');"
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
mysql_url=${KC_MYSQL_URL}
cat >"$work/worker.properties" <<P
key.converter=org.apache.kafka.connect.json.JsonConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
offset.storage.file.filename=$work/offsets
offset.flush.interval.ms=200
listeners=http://127.0.0.1:$port
plugin.path=$plugins
P
cat >"$work/source.properties" <<P
name=mysql-source
connector.class=io.confluent.connect.jdbc.JdbcSourceConnector
connection.url=$mysql_url
mode=timestamp+incrementing
timestamp.column.name=event_time
incrementing.column.name=id
topic.prefix=mysql-
P
sink() {
    cat <<P
connector.class=io.confluent.connect.jdbc.JdbcSinkConnector
topics=mysql-events
auto.create=true
table.name.format=events_copy
P
}
{
    echo "name=mysql-sink"
    echo "connection.url=$mysql_url"
    sink
} >"$work/mysql-sink.properties"
{
    echo "name=pg-sink"
    echo "connection.url=$KC_PG_URL"
    sink
} >"$work/pg-sink.properties"

start_worker() {
    "$worker" "$work/worker.properties" "$work/source.properties" "$work/mysql-sink.properties" \
        "$work/pg-sink.properties" >>"$work/worker.log" 2>&1 &
    pid=$!
}
wait_rows() {  # wait_rows <n>: both copies hold n rows
    for _ in $(seq 1 120); do
        a=$(my "SELECT COUNT(*) FROM events_copy" 2>/dev/null || echo 0)
        b=$(pg "SELECT COUNT(*) FROM events_copy" 2>/dev/null || echo 0)
        [[ $a -ge $1 && $b -ge $1 ]] && return 0
        sleep 0.5
    done
    echo "expected $1 rows, MariaDB copy has $a, PostgreSQL copy has $b" >&2
    tail -40 "$work/worker.log" >&2
    exit 1
}
expect() {  # expect <what> <got> <want>
    if [[ $2 != "$3" ]]; then
        echo "$1: got" >&2
        echo "$2" >&2
        echo "want" >&2
        echo "$3" >&2
        tail -40 "$work/worker.log" >&2
        exit 1
    fi
}

start_worker
wait_rows 3
# The password never shows in the REST answer or the log.
config=$(curl -s "http://127.0.0.1:$port/connectors/mysql-source/config")
expect "REST config hides the URL password" "$(grep -c kcpass <<<"$config" || true)" 0
kill "$pid"
wait "$pid" || true
pid=
my "INSERT INTO events (event_time, name, price, flag, qty, day, data) VALUES
      ('2024-01-01 10:00:01.000', 'd', 0.01, 1, 1, '2024-01-01', x'')"
start_worker
wait_rows 4
sleep 1  # room for duplicates to show up

want="1 a 12.50 1 4000000000 2024-02-29 00ff 2024-01-01 10:00:00.125
2 b NULL 0 0 NULL NULL 2024-01-01 10:00:00.125
3 c -1.05 NULL 7 1999-12-31 41 2024-01-01 10:00:01.000
4 d 0.01 1 1 2024-01-01  2024-01-01 10:00:01.000"
got=$(my "SELECT id, name, price, flag, qty, day, HEX(data), event_time FROM events_copy ORDER BY id" |
    tr '\t' ' ' | tr 'A-F' 'a-f')
expect "MariaDB copy" "$got" "$want"
got=$(pg "SELECT id, name, coalesce(price::text, 'NULL'), coalesce((flag::int)::text, 'NULL'), qty,
             coalesce(day::text, 'NULL'), coalesce(encode(data, 'hex'), 'NULL'),
             to_char(event_time, 'YYYY-MM-DD HH24:MI:SS.MS')
          FROM events_copy ORDER BY id")
expect "PostgreSQL copy" "$got" "$want"
expect "worker log hides the URL password" "$(grep -c kcpass "$work/worker.log" || true)" 0
echo "MariaDB -> Kafka -> MariaDB + PostgreSQL ok, restart resumed without loss or duplicates"
