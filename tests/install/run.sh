#!/usr/bin/env bash
# Installs a libh11 build into a scratch prefix and builds consumers of it
# the ways downstream projects do: pkg-config (shared and static) and CMake's
# find_package (libh11::h11 and libh11::h11_static). Each must print the
# method of the request it parsed.
#
# usage: tests/install/run.sh [BUILD_DIR]   (default: build/gcc)
set -euo pipefail
cd "$(dirname "$0")/../.."

build=${1:-build/gcc}
here=tests/install
work=$(mktemp -d /tmp/h11-install.XXXXXX)
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"
cc=${CC:-cc}

cmake --install "$build" --prefix "$prefix" >/dev/null
pcfile=$(find "$prefix" -path '*/pkgconfig/libh11.pc')
[ -n "$pcfile" ] || { echo "install: no libh11.pc under $prefix" >&2; exit 1; }
libdir=$(dirname "$(dirname "$pcfile")")
for f in "$prefix/include/h11/h11.h" "$libdir/libh11.so.1" "$libdir/libh11.so" \
    "$libdir/libh11.a" "$libdir/pkgconfig/libh11-static.pc" \
    "$libdir/cmake/libh11/libh11Config.cmake" \
    "$libdir/cmake/libh11/libh11ConfigVersion.cmake"; do
    [ -e "$f" ] || { echo "install: $f was not installed" >&2; exit 1; }
done
echo "install: files in place under $prefix"

# expect_get NAME LINKAGE EXE: EXE prints GET; LINKAGE says whether it must
# load libh11.so.1 from the prefix (shared) or not at all (static).
expect_get() {
    local name=$1 linkage=$2 exe=$3 out
    out=$(LD_LIBRARY_PATH="$libdir" "$exe")
    if [ "$out" != GET ]; then
        echo "install: $name printed '$out', want GET" >&2
        exit 1
    fi
    # Captured first: with pipefail, grep -q quitting at its match can leave
    # ldd or readelf killed by SIGPIPE, which failed this check at random.
    if [ "$linkage" = shared ]; then
        out=$(LD_LIBRARY_PATH="$libdir" ldd "$exe")
        grep -qF "$libdir/libh11.so.1" <<<"$out" ||
            { echo "install: $name does not load $libdir/libh11.so.1" >&2; exit 1; }
    elif out=$(readelf -d "$exe") && grep -q 'NEEDED.*libh11' <<<"$out"; then
        echo "install: $name should be linked statically" >&2
        exit 1
    fi
    echo "install: $name ($linkage) OK"
}

export PKG_CONFIG_PATH="$libdir/pkgconfig"
# shellcheck disable=SC2046  # pkg-config output is a list of flags
"$cc" -Wall -Wextra -Werror $(pkg-config --cflags libh11) "$here/consumer.c" \
    $(pkg-config --libs libh11) -o "$work/pc_shared"
expect_get "pkg-config libh11" shared "$work/pc_shared"
# shellcheck disable=SC2046
"$cc" -Wall -Wextra -Werror $(pkg-config --cflags libh11-static) "$here/consumer.c" \
    $(pkg-config --libs libh11-static) -o "$work/pc_static"
expect_get "pkg-config libh11-static" static "$work/pc_static"

cmake_consumer() {
    local prefix_path=$1 bdir=$2 where=$3
    cmake -S "$here" -B "$bdir" -DCMAKE_PREFIX_PATH="$prefix_path" \
        -DCMAKE_C_COMPILER="$cc" >/dev/null
    cmake --build "$bdir" >/dev/null
    expect_get "find_package libh11::h11 $where" shared "$bdir/consumer_default"
    expect_get "find_package libh11::h11_static $where" static "$bdir/consumer_static"
}
cmake_consumer "$prefix" "$work/cmake" "(installed)"

# The CMake package must not remember where it was installed.
mv "$prefix" "$work/moved"
libdir=${libdir/#$prefix/$work/moved}
cmake_consumer "$work/moved" "$work/cmake-moved" "(prefix moved)"
echo "install: OK"
