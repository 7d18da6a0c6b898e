#!/usr/bin/env bash
# Compares the ABI of a fresh libh11.so.1 with the committed baseline
# abi/libh11-1.0.0.abi.xml (libabigail). Only what h11.h makes public counts.
# Fails on any change to existing functions or types; new functions are
# reported (before the first release they join LIBH11_1.0 with a rewritten
# baseline; after it, a new LIBH11_1.x node in libh11.map; docs/building.md).
#
# usage: tools/check-abi.sh            check against the baseline
#        tools/check-abi.sh --update   rewrite the baseline from this tree
set -euo pipefail
cd "$(dirname "$0")/.."

baseline=abi/libh11-1.0.0.abi.xml
headers=libh11/include/h11
build=build/abi

# A debug build with full type information.
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS="-g -Og" \
    -DH11_BUILD_STATIC=OFF -DH11_BUILD_TESTS=OFF -DH11_INSTALL=OFF -DH11_WERROR=OFF >/dev/null
cmake --build "$build" --target h11_shared -j"$(nproc)" >/dev/null
so="$build/libh11.so.1"

# The XML must not depend on where the checkout lives. Locations stay in
# (abidiff needs them to tell public types from private ones), made relative
# to the checkout.
dump() {
    abidw --headers-dir "$headers" --drop-private-types --drop-undefined-syms \
        --exported-interfaces-only --no-corpus-path \
        --no-comp-dir-path "$so" | sed "s|path='$PWD/|path='|"
}

if [ "${1:-}" = --update ]; then
    mkdir -p abi
    dump >"$baseline"
    echo "check-abi: wrote $baseline"
    exit 0
fi

[ -f "$baseline" ] || { echo "check-abi: missing $baseline (run $0 --update)" >&2; exit 1; }

set +e
abidiff --headers-dir2 "$headers" --drop-private-types "$baseline" "$so" >"$build/abidiff.txt"
rc=$?
set -e
cat "$build/abidiff.txt"
# abidiff's status is a bit field: 1 tool error, 2 usage error, 4 ABI
# changed, 8 incompatible change. libabigail calls some changes compatible
# (a member appended to a struct) that break libh11's promise of frozen view
# structs, so the only change let through is new functions.
if (( rc & 3 )); then
    echo "check-abi: abidiff failed to run (status $rc)" >&2
    exit 1
elif (( rc & 8 )); then
    echo "check-abi: FAILED, incompatible change against $baseline" >&2
    exit 1
elif (( rc & 4 )); then
    if grep -q '^Functions changes summary: 0 Removed, 0 Changed' "$build/abidiff.txt" &&
        grep -q '^Variables changes summary: 0 Removed, 0 Changed' "$build/abidiff.txt"; then
        echo "check-abi: functions added since $baseline. Before the first release they join" \
            "LIBH11_1.0 and the baseline is rewritten ($0 --update); after it they need a new" \
            "node in libh11.map (docs/building.md)"
    else
        echo "check-abi: FAILED, existing functions or types changed against $baseline" >&2
        exit 1
    fi
fi
echo "check-abi: OK, $so is compatible with $baseline"
