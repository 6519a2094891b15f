#!/usr/bin/env bash
# Builds the libFuzzer targets with clang in their own build directory (the
# main build uses g++) and runs each for a bounded time through ctest.
#   tests/fuzz/run.sh [build-dir] [seconds-per-target]
# Defaults: build/fuzz under the repository root, 20 seconds. Exits non-zero
# when a target finds a crash (the reproducer is left in the build directory).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build/fuzz}"
seconds="${2:-20}"
jobs="${KC_FUZZ_JOBS:-2}"
cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKC_SANITIZE=OFF -DKC_BUILD_FUZZ=ON -DKC_BUILD_BENCH=OFF \
  -DKC_FUZZ_SECONDS="$seconds" -DKC_PLUGIN_OUTPUT_DIR="$build/plugin-path" \
  "-DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer" \
  "-DCMAKE_C_FLAGS=-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer" \
  >/dev/null
cmake --build "$build" -j"$jobs" --target fuzz_json_converter fuzz_parse_string \
  fuzz_http_request fuzz_properties fuzz_manifest fuzz_elf_reader
cd "$build/tests/fuzz"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$root/tests/fuzz/ubsan.supp"
ctest --test-dir "$build" -L fuzz --output-on-failure
