#!/usr/bin/env bash
# Installs the Debian 12 packages the build, the tests and the benchmarks need.
# Runs apt-get through sudo when not root. Safe to run again.
set -euo pipefail
packages=(
  build-essential cmake ninja-build ccache pkg-config patchelf binutils
  librdkafka-dev libboost-dev libboost-program-options-dev libboost-system-dev
  libssl-dev rapidjson-dev libspdlog-dev libfmt-dev doctest-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql libpcre2-dev
  clang libclang-rt-14-dev kcat curl python3 procps
  openssl
  # JDBC MySQL/MariaDB dialect: client library, and a server for its tests
  libmariadb-dev mariadb-server mariadb-client
  # Metrics tests: a real Prometheus server and promtool.
  prometheus
  # schema-registry converters: registry client; Avro C and python3-avro as
  # the benchmark baseline and the independent decoder of the interop test
  libcurl4-openssl-dev libavro-dev python3-avro
  # ProtobufConverter: libprotobuf runtime descriptors; protoc for golden bytes;
  # the registry's .proto parser (google/protobuf/compiler/parser.h)
  libprotobuf-dev protobuf-compiler libprotoc-dev
)
# The schema registry interop test runs Confluent's JavaScript client: Debian's
# Node.js and npm unless the machine already has an npm of its own.
command -v npm >/dev/null || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
else
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "install-deps: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Schema registry interop tests: Confluent's JavaScript client, pinned by the
# committed package-lock.json, into the test's own folder.
root="$(cd "$(dirname "$0")/.." && pwd)"
if command -v npm >/dev/null && [ ! -d "$root/tests/schema_registry/js/node_modules" ]; then
  npm ci --no-audit --no-fund --prefix "$root/tests/schema_registry/js"
fi
