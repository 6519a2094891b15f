#!/usr/bin/env bash
# Runs the quickstart pipeline with the sample configs of config/:
#   test.txt -> FileStreamSource -> HoistField/InsertField -> embedded Kafka
#   broker (topic connect-test, JSON) -> FileStreamSink -> test.sink.txt
# Usage: scripts/run-quickstart-pipeline.sh <build-dir> [lines]
# Generates the input file, waits until every line arrived in the output in
# order, shows the output, stops the worker (SIGTERM). Exits non-zero if any
# line is missing or wrong, or the worker did not stop cleanly.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:?usage: $0 <build-dir> [lines]}"
lines="${2:-20}"
source "$root/scripts/quickstart-common.sh"

write_worker_properties </dev/null
cp "$root/config/connect-file-source-quickstart.properties" "$work/source.properties"
echo "file=$work/test.txt" >>"$work/source.properties"

for i in $(seq 1 "$lines"); do echo "hello quickstart line $i"; done >"$work/test.txt"

# The source starts with the worker (and creates its 1-partition topic); the
# sink is added over REST once the source has committed offsets, so it cannot
# auto-create the topic first.
start_worker "$work/source.properties"
[ -n "$url" ] || { echo "connect-standalone did not start:" >&2; tail -30 "$work/worker.log" >&2; exit 1; }
for _ in $(seq 1 300); do
  curl -sf "$url/connectors/local-file-source/offsets" | grep -q '"position"' && break
  sleep 0.1
done
put_connector local-file-sink "$root/config/connect-file-sink-quickstart.properties" \
  "file=$work/test.sink.txt" || { echo "creating the sink failed" >&2; exit 1; }

deadline=$((SECONDS + 60))
got=0
while [ $SECONDS -lt $deadline ]; do
  if ! kill -0 "$worker_pid" 2>/dev/null; then
    echo "connect-standalone exited early; its log:" >&2; tail -50 "$work/worker.log" >&2; exit 1
  fi
  got=$( [ -f "$work/test.sink.txt" ] && wc -l <"$work/test.sink.txt" || echo 0)
  [ "$got" -ge "$lines" ] && break
  sleep 0.2
done
grep -m1 "REST API ready" "$work/worker.out" || true
echo "--- $work/test.sink.txt ---"
cat "$work/test.sink.txt" 2>/dev/null || true
echo "---"

kill -TERM "$worker_pid"
rc=0; wait "$worker_pid" || rc=$?
worker_pid=""

expected="$work/expected.txt"
for i in $(seq 1 "$lines"); do echo "{line=hello quickstart line $i, data_source=test-file-source}"; done >"$expected"
if ! diff -u "$expected" "$work/test.sink.txt" >"$work/diff.txt" 2>&1; then
  echo "FAILED: output differs from the input ($got of $lines lines arrived):" >&2
  head -20 "$work/diff.txt" >&2
  tail -30 "$work/worker.log" >&2
  exit 1
fi
if [ "$rc" -ne 0 ]; then
  echo "FAILED: connect-standalone exited with $rc on SIGTERM" >&2; tail -30 "$work/worker.log" >&2; exit 1
fi
echo "OK: all $lines lines arrived in order, exactly once; worker stopped cleanly."
