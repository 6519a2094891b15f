#!/usr/bin/env bash
# Installs what is needed, builds, and runs every test:
#  1. everything built with AddressSanitizer + UndefinedBehaviorSanitizer, all
#     tests that can run under them (unit, integration against the embedded
#     broker, real SQLite and a real PostgreSQL server started by the tests);
#  2. a plain build for the tests that cannot run under the sanitizers
#     (label "nosan": plugins isolated in their own dlmopen linker namespace
#     load a second C runtime, which the ASan runtime does not support);
#  3. the libFuzzer targets, each for a bounded time (clang build).
# The g++ builds fail on any warning (KC_WERROR); the clang fuzz build does not,
# since clang warns about RapidJSON's iterator comparisons under C++20.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scripts/install-deps.sh
jobs="$(nproc)"
# Let ccache reuse objects across clones of the repository in other folders.
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1

san="$root/build/asan"
cmake -S . -B "$san" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DKC_SANITIZE=ON -DKC_BUILD_BENCH=OFF \
  -DKC_PLUGIN_OUTPUT_DIR="$san/plugin-path" -DKC_WERROR=ON >/dev/null
cmake --build "$san" -j"$jobs"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:detect_odr_violation=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
ctest --test-dir "$san" --output-on-failure -LE "nosan|fuzz" -j"$jobs" --timeout 300

plain="$root/build/nosan"
cmake -S . -B "$plain" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKC_SANITIZE=OFF \
  -DKC_BUILD_BENCH=OFF -DKC_PLUGIN_OUTPUT_DIR="$plain/plugin-path" -DKC_WERROR=ON >/dev/null
cmake --build "$plain" -j"$jobs" --target kc_nosan_tests
# --no-tests=error: a build that lost these tests must not pass silently.
ctest --test-dir "$plain" --output-on-failure -L nosan --no-tests=error --timeout 300

if [ -x tests/fuzz/run.sh ]; then
  tests/fuzz/run.sh "$root/build/fuzz"
fi
