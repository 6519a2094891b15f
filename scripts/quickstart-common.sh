# Sourced by the quickstart pipelines (scripts/run-quickstart-*.sh), which set
# `root` and `build` first: the worker binary and plugin path, a work folder
# removed at exit (with a worker still running killed), the worker started in
# the background, and connectors created over its REST API from .properties.
bin="$build/bin/connect-standalone"
plugin_path="${KC_PLUGIN_PATH:-$root/plugin-path}"
[ -x "$bin" ] || { echo "no $bin: build connect-standalone first" >&2; exit 2; }

work="$(mktemp -d "/tmp/kc-$(basename "$0" .sh).XXXXXX")"
worker_pid=""
quickstart_cleanup() {
  if [ -n "$worker_pid" ] && kill -0 "$worker_pid" 2>/dev/null; then kill -9 "$worker_pid" || true; fi
  rm -rf "$work"
}
trap quickstart_cleanup EXIT

# $work/worker.properties: config/connect-standalone.properties as Kafka ships
# it, pointed at this run's files (later keys win), plus any lines on stdin.
write_worker_properties() {
  cp "$root/config/connect-standalone.properties" "$work/worker.properties"
  {
    echo "plugin.path=$plugin_path"
    echo "offset.storage.file.filename=$work/connect.offsets"
    echo "offset.flush.interval.ms=1000"
    echo "listeners=http://127.0.0.1:0"
    cat
  } >>"$work/worker.properties"
}

# start_worker [connector.properties...]: runs connect-standalone on
# $work/worker.properties (stdout to $work/worker.out, stderr to
# $work/worker.log) and waits until its REST API is ready; sets `url`, or
# leaves it empty when the worker did not start. The output files exist
# before the worker starts: the shell opens them in the background child,
# which may run after the first read below, and under `set -e` a failed read
# would end the script.
start_worker() {
  : >"$work/worker.out"
  : >"$work/worker.log"
  "$bin" "$work/worker.properties" "$@" >"$work/worker.out" 2>"$work/worker.log" &
  worker_pid=$!
  url=""
  for _ in $(seq 1 300); do
    url=$(sed -n 's/.*REST API ready at \(http[^ ]*\).*/\1/p' "$work/worker.out" | head -1)
    [ -n "$url" ] && break
    kill -0 "$worker_pid" 2>/dev/null || break
    sleep 0.1
  done
  url="${url%/}"
}

# put_connector NAME FILE.properties [KEY=VALUE...]: creates (or updates) the
# connector over REST with that config, the KEY=VALUE pairs overriding it.
put_connector() {
  local name="$1"
  shift
  python3 - "$@" >"$work/$name.json" <<'PY'
import json, sys
cfg = {}
for line in open(sys.argv[1]):
    line = line.strip()
    if line and not line.startswith(("#", "!")) and "=" in line:
        k, v = line.split("=", 1)
        cfg[k.strip()] = v.strip()
for override in sys.argv[2:]:
    k, v = override.split("=", 1)
    cfg[k] = v
print(json.dumps(cfg))
PY
  curl -sf -X PUT -H 'Content-Type: application/json' --data @"$work/$name.json" \
    "$url/connectors/$name/config" >/dev/null
}
