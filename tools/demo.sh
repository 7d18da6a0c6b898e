#!/usr/bin/env bash
# Builds (when needed) and runs the libh11 demo, examples/demo.c; arguments
# are passed on to it.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -f examples/demo.c ] || { echo "demo.sh: examples/demo.c is not in the tree yet" >&2; exit 1; }
# Its own build directory without the test suites: the demo needs only
# cmake and a C compiler, not the test dependencies (Check, Jansson).
build=build/demo
command -v cmake >/dev/null && command -v cc >/dev/null ||
    { echo "demo.sh: needs cmake and a C compiler (apt-get install cmake gcc)" >&2; exit 1; }
cmake -S . -B "$build" -DH11_BUILD_TESTS=OFF -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target h11_demo -j"$(nproc)" >/dev/null
exec "$build/h11_demo" "$@"
