#!/usr/bin/env bash
# Builds (when needed) and runs the libh11 demo, examples/demo.c; arguments
# are passed on to it.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -f examples/demo.c ] || { echo "demo.sh: examples/demo.c is not in the tree yet" >&2; exit 1; }
build=build/gcc
# Configuring again is cheap and picks up examples/demo.c if it appeared
# after the build directory was first configured.
cmake -S . -B "$build" >/dev/null
cmake --build "$build" --target h11_demo -j"$(nproc)" >/dev/null
exec "$build/h11_demo" "$@"
