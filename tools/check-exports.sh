#!/usr/bin/env bash
# Gate on what libh11 exports. The public API is whatever h11.h declares
# H11_API; the version script, the shared library's dynamic symbol table and
# the static archive must all agree with it exactly, and the header must stay
# consumable by C89 and C++ compilers (FFI generators parse it too).
#
# usage: tools/check-exports.sh [BUILD_DIR]   (default: build/gcc)
set -euo pipefail
cd "$(dirname "$0")/.."

build=${1:-build/gcc}
header=libh11/include/h11/h11.h
map=libh11/libh11.map
so="$build/libh11.so.1"
archive="$build/libh11.a"
node=LIBH11_1.0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

problem() { echo "check-exports: $*" >&2; fail=1; }

tools/api-symbols.sh >"$tmp/api"
[ -s "$tmp/api" ] || problem "no H11_API declarations found in $header"
if grep -qv '^h11_[a-z0-9_]*$' "$tmp/api"; then
    problem "unparsable H11_API declarations in $header:"
    grep -v '^h11_[a-z0-9_]*$' "$tmp/api" >&2
fi
echo "check-exports: $header declares $(wc -l <"$tmp/api") H11_API functions"

# The map must list exactly those names, sorted, in node LIBH11_1.0.
grep -oE '^[[:space:]]+h11_[a-z0-9_]+;' "$map" | tr -d ' \t;' >"$tmp/map"
sort -c "$tmp/map" 2>/dev/null || problem "$map: names are not sorted"
if ! diff -u --label "$header" --label "$map" "$tmp/api" "$tmp/map"; then
    problem "$map differs from the H11_API declarations"
fi
grep -q "^$node {" "$map" || problem "$map has no node $node"
grep -qE '^[[:space:]]+\*;' "$map" || problem "$map does not make everything else local"

[ -f "$so" ] || { echo "check-exports: $so not built" >&2; exit 1; }

soname=$(readelf -d "$so" | sed -nE 's/.*\(SONAME\).*\[(.*)\]/\1/p')
[ "$soname" = libh11.so.1 ] || problem "SONAME of $so is '$soname', want libh11.so.1"

# Defined dynamic symbols: readelf columns are Num Value Size Type Bind Vis
# Ndx Name. The version node itself shows up as an ABS symbol named after it.
readelf --dyn-syms --wide "$so" |
    awk -v node="$node" '$1 ~ /^[0-9]+:$/ && $7 != "UND" && $5 != "LOCAL" &&
                         !($7 == "ABS" && $8 == node) { print $8 }' | sort >"$tmp/dynsyms"
sed "s/\$/@@$node/" "$tmp/api" >"$tmp/want"
if ! diff -u --label "wanted exports" --label "$so" "$tmp/want" "$tmp/dynsyms"; then
    problem "$so exports differ from the public API (each must be name@@$node)"
fi
echo "check-exports: $so exports $(wc -l <"$tmp/dynsyms") symbols, SONAME $soname"

# In the archive every external definition must be h11_-prefixed: a static
# link puts them all in the consumer's namespace.
if [ -f "$archive" ]; then
    nm --defined-only --extern-only "$archive" |
        awk 'NF == 3 { print $3 }' | sort -u >"$tmp/archive"
    if grep -v '^h11_' "$tmp/archive" >"$tmp/stray"; then
        problem "$archive defines external names outside the h11_ namespace:"
        cat "$tmp/stray" >&2
    fi
    echo "check-exports: $archive defines $(wc -l <"$tmp/archive") external names, all h11_*"
fi

# The public header alone, in the strictest dialects its consumers use.
printf '#include <h11/h11.h>\nint main(void) { return h11_version(0) == 0; }\n' >"$tmp/use.c"
cp "$tmp/use.c" "$tmp/use.cpp"
compilers=(cc)
command -v clang >/dev/null && compilers+=(clang)
for c in "${compilers[@]}"; do
    for def in "" -DH11_STATIC -DH11_BUILDING; do
        "$c" -std=c89 -pedantic -Wall -Wextra -Werror $def -Ilibh11/include \
            -fsyntax-only "$tmp/use.c" || problem "$c -std=c89 -pedantic $def rejects $header"
    done
done
cxx=()
command -v c++ >/dev/null && cxx+=(c++)
command -v clang++ >/dev/null && cxx+=(clang++)
[ ${#cxx[@]} -gt 0 ] || problem "no C++ compiler to check $header with"
for c in "${cxx[@]}"; do
    for std in c++98 c++17; do
        "$c" -std=$std -pedantic -Wall -Wextra -Werror -Ilibh11/include \
            -fsyntax-only "$tmp/use.cpp" || problem "$c -std=$std rejects $header"
    done
done
echo "check-exports: $header compiles as C89 and C++ (${compilers[*]} ${cxx[*]})"

if [ $fail -ne 0 ]; then
    echo "check-exports: FAILED" >&2
    exit 1
fi
echo "check-exports: OK"
