#!/usr/bin/env bash
# Runs the Avro quickstart with the sample configs of config/:
#   SQLite table accounts -> JdbcSourceConnector -> AvroConverter -> embedded
#   Kafka broker (topic quickstart-avro-accounts) -> AvroConverter ->
#   JdbcSinkConnector -> table accounts in a second SQLite database
# with the schema in the schema registry the worker serves beside its broker.
# Usage: scripts/run-quickstart-avro-pipeline.sh <build-dir> [rows]
# Shows the registry's subject and schema id, the first record's framing, and
# the copied rows; exits non-zero if the copy differs from the source table or
# the worker did not stop cleanly.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:?usage: $0 <build-dir> [rows]}"
rows="${2:-5}"
source "$root/scripts/quickstart-common.sh"
command -v sqlite3 >/dev/null || { echo "sqlite3 is needed (scripts/install-deps.sh)" >&2; exit 2; }

fail() {
  echo "FAILED: $*" >&2
  tail -30 "$work/worker.log" >&2
  exit 1
}

# The source table: a few types, and NULLs, that must come back unchanged.
sqlite3 "$work/source.db" <<SQL
CREATE TABLE accounts (id INTEGER NOT NULL PRIMARY KEY, owner TEXT NOT NULL,
                       balance REAL NOT NULL, branch INTEGER, note TEXT);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $rows)
INSERT INTO accounts
  SELECT i, 'owner ' || i, i * 10.25, CASE WHEN i % 2 = 0 THEN NULL ELSE i % 7 END,
         CASE WHEN i % 3 = 0 THEN NULL ELSE 'note ' || i END FROM n;
SQL

# The worker sample as Kafka ships it: no bootstrap.servers, so the worker runs
# an embedded broker and, beside it, the embedded schema registry (on a free
# port here: the connectors get its URL below).
write_worker_properties <<CONF
embedded.schema.registry.port=0
CONF
start_worker
registry=""
for _ in $(seq 1 50); do
  registry=$(sed -n 's/.*schema.registry.url=\(http[^ ]*\).*/\1/p' "$work/worker.out" "$work/worker.log" | head -1)
  [ -n "$registry" ] || [ -z "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] && [ -n "$registry" ] || fail "connect-standalone did not start with its registry"
echo "worker REST API:  $url"
echo "schema registry:  $registry"

# The sample connectors with this run's databases and registry.
put_quickstart_connector() {
  put_connector "$1" "$root/config/$2" "connection.url=jdbc:sqlite:$3" \
    "value.converter.schema.registry.url=$registry" || fail "creating $1 failed"
}

# The source first: it creates the topic (one partition) before the sink subscribes.
put_quickstart_connector quickstart-avro-source connect-jdbc-avro-source-quickstart.properties "$work/source.db"
for _ in $(seq 1 300); do
  curl -sf "$url/connectors/quickstart-avro-source/offsets" | grep -q '"incrementing"' && break
  sleep 0.1
done
put_quickstart_connector quickstart-avro-sink connect-jdbc-avro-sink-quickstart.properties "$work/copy.db"

copied=0
deadline=$((SECONDS + 60))
while [ $SECONDS -lt $deadline ]; do
  kill -0 "$worker_pid" 2>/dev/null || fail "connect-standalone exited early"
  copied=$(sqlite3 "$work/copy.db" "SELECT count(*) FROM accounts" 2>/dev/null || echo 0)
  [ "$copied" -ge "$rows" ] && break
  for c in quickstart-avro-source quickstart-avro-sink; do
    if curl -sf "$url/connectors/$c/status" | grep -q '"state":"FAILED"'; then
      curl -s "$url/connectors/$c/status" | head -c 2000 >&2
      fail "$c failed"
    fi
  done
  sleep 0.2
done

subject=quickstart-avro-accounts-value
echo "--- registry subjects: $(curl -sf "$registry/subjects")"
latest=$(curl -sf "$registry/subjects/$subject/versions/latest") || fail "no subject $subject"
python3 -c '
import json, sys
v = json.loads(sys.argv[1])
print("--- subject %s, version %d: schema id %d" % (v["subject"], v["version"], v["id"]))
print(json.dumps(json.loads(v["schema"]), indent=1))' "$latest"
schema_id=$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["id"])' "$latest")
bootstrap=$(sed -n 's/.*bootstrap\.servers=\([^ ]*\).*/\1/p' "$work/worker.out" "$work/worker.log" | head -1)
if command -v kcat >/dev/null && [ -n "$bootstrap" ]; then
  echo "--- first record of quickstart-avro-accounts (magic byte 0, schema id, Avro binary):"
  kcat -b "$bootstrap" -C -t quickstart-avro-accounts -c 1 -e -q -f '%s' | od -A d -t x1 | head -3
fi
echo "--- rows in $work/copy.db (table accounts):"
sqlite3 -header "$work/copy.db" "SELECT id, owner, balance, branch, note FROM accounts ORDER BY id" || true
echo "---"

kill -TERM "$worker_pid"
rc=0; wait "$worker_pid" || rc=$?
worker_pid=""

query="SELECT id, owner, balance, quote(branch), quote(note) FROM accounts ORDER BY id"
sqlite3 "$work/source.db" "$query" >"$work/expected.txt"
sqlite3 "$work/copy.db" "$query" >"$work/got.txt" 2>/dev/null || true
if ! diff -u "$work/expected.txt" "$work/got.txt" >"$work/diff.txt"; then
  echo "FAILED: the copy differs from the source table ($copied of $rows rows arrived):" >&2
  head -20 "$work/diff.txt" >&2
  fail "rows differ"
fi
[ "$rc" -eq 0 ] || fail "connect-standalone exited with $rc on SIGTERM"
echo "OK: all $rows rows copied through Avro (subject $subject, schema id $schema_id); worker stopped cleanly."
