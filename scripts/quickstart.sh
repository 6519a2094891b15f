#!/usr/bin/env bash
# The main job: install what is needed, build (optimised), and run the
# quickstart pipeline (file -> embedded Kafka broker -> file, through a
# HoistField/InsertField transform chain), then show the output file.
# `scripts/quickstart.sh avro` runs the Avro variant instead: a SQLite table
# through AvroConverter and the embedded schema registry into a second SQLite
# database (scripts/run-quickstart-avro-pipeline.sh).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scripts/install-deps.sh
build="$root/build/release"
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DKC_SANITIZE=OFF \
  -DKC_BUILD_TESTS=OFF -DKC_BUILD_BENCH=OFF -DKC_PLUGIN_OUTPUT_DIR="$root/plugin-path" >/dev/null
cmake --build "$build" -j"$(nproc)"
if [ "${1:-}" = avro ]; then
  exec scripts/run-quickstart-avro-pipeline.sh "$build"
fi
exec scripts/run-quickstart-pipeline.sh "$build"
