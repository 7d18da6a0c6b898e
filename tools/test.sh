#!/usr/bin/env bash
# The libh11 test command (README, .ci/run). On a fresh Debian machine, as
# root, it installs what it needs, builds libh11 three ways (gcc, ASan+UBSan,
# clang), runs every test suite and every release gate, and ends with one
# summary line. A stage whose parts are not in the tree yet says SKIPPED and
# is never counted as passed.
#
# Adding a stage: write a function and call `stage "<name>" <function>`,
# or `skip "<name>" "<reason>"` when its files are absent. A binding only has
# to provide bindings/<name>/test.sh: it is run from the repository root with
# LIBH11_BUILD_DIR (the gcc build, which has libh11.so and libh11.a) and
# PYTHON set.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
jobs=$(nproc)

passed=()
skipped=()
current="setup"

summary() {
    local rc=$?
    echo
    echo "==================================================================== summary"
    local s
    for s in "${passed[@]}"; do echo "  passed   $s"; done
    for s in "${skipped[@]}"; do echo "  SKIPPED  $s"; done
    if [ $rc -ne 0 ]; then
        echo "  FAILED   $current"
        echo "test.sh: FAILED in stage '$current' (exit $rc); ${#passed[@]} passed, ${#skipped[@]} skipped, $((SECONDS / 60))m$((SECONDS % 60))s"
    else
        echo "test.sh: OK, ${#passed[@]} stages passed, ${#skipped[@]} skipped, $((SECONDS / 60))m$((SECONDS % 60))s"
    fi
}
trap summary EXIT

banner() {
    echo
    echo "==================================================================== $*"
}

stage() {
    local name=$1 t0=$SECONDS
    shift
    current=$name
    banner "stage: $name"
    "$@"
    passed+=("$name ($((SECONDS - t0))s)")
}

skip() {
    banner "stage: $1 SKIPPED: $2"
    skipped+=("$1: $2")
}

# ------------------------------------------------------------- dependencies

apt_packages=(cmake make gcc g++ clang libclang-rt-dev pkg-config binutils git check libjansson-dev
    swig abigail-tools valgrind python3 python3-dev python3-venv)
python_pins=(h11==0.16.0 pytest==9.2.0 httptools==0.9.0)

install_deps() {
    local missing=() p
    for p in "${apt_packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
            missing+=("$p")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        echo "apt: all ${#apt_packages[@]} packages present"
    else
        echo "apt: installing ${missing[*]}"
        [ "$(id -u)" -eq 0 ] || { echo "apt: run as root or install: ${missing[*]}" >&2; return 1; }
        apt-get update
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
    fi

    # The h11 oracle and the Python tools must be exactly these versions;
    # Debian's own python3 refuses pip installs, hence the venv fallback.
    PYTHON=python3
    if ! pins_satisfied python3; then
        local venv=$root/build/venv
        [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
        if ! pins_satisfied "$venv/bin/python"; then
            "$venv/bin/python" -m pip install --quiet "${python_pins[@]}"
        fi
        PYTHON=$venv/bin/python
        export PATH="$venv/bin:$PATH"
    fi
    export PYTHON
    echo "python: $PYTHON has ${python_pins[*]}"
}

pins_satisfied() {
    "$1" - "${python_pins[@]}" <<'EOF'
import sys
from importlib.metadata import version, PackageNotFoundError
for pin in sys.argv[1:]:
    name, want = pin.split("==")
    try:
        if version(name) != want:
            sys.exit(1)
    except PackageNotFoundError:
        sys.exit(1)
EOF
}

# ------------------------------------------------------------------- builds

# build DIR CC [cmake args...]: configure and build with -Werror. The cache
# is dropped so that options left in it by hand never leak into a test run;
# object files survive, so a rerun stays incremental.
build() {
    local dir=$1 cc=$2
    shift 2
    rm -f "$dir/CMakeCache.txt"
    cmake -S . -B "$dir" -DCMAKE_C_COMPILER="$cc" -DH11_WERROR=ON -DH11_BUILD_TESTS=ON "$@"
    cmake --build "$dir" -j"$jobs"
}

# run_ctest NAME DIR [ctest args...]: a ctest stage, skipped when no suite
# registered tests.
run_ctest() {
    local name=$1 dir=$2 count
    shift 2
    count=$(ctest --test-dir "$dir" -N | sed -nE 's/^Total Tests: ([0-9]+)$/\1/p')
    if [ "${count:-0}" -eq 0 ]; then
        skip "$name" "no tests registered (tests/*.cmake)"
        return
    fi
    stage "$name" ctest --test-dir "$dir" --output-on-failure -j"$jobs" "$@"
}

# ------------------------------------------------------------------- gates

amalgamation() {
    "$PYTHON" tools/amalgamate.py
    local dir=build/amalgamation cc
    rm -rf "$dir"
    # Consumers include <h11/h11.h>; give them the amalgamation's copy.
    mkdir -p "$dir/h11"
    cp dist/h11.h "$dir/h11/h11.h"
    tools/api-symbols.sh >"$dir/api"
    for cc in gcc clang; do
        "$cc" -std=c11 -O2 -Wall -Wextra -Werror -DH11_STATIC -Idist -c dist/libh11.c \
            -o "$dir/libh11-$cc.o"
        # Everything but the API must have become static.
        nm --defined-only --extern-only "$dir/libh11-$cc.o" | awk '{ print $3 }' | sort \
            >"$dir/defined-$cc"
        if ! diff -u --label "public API" --label "dist/libh11.c ($cc)" \
            "$dir/api" "$dir/defined-$cc"; then
            echo "dist/libh11.c defines external names beyond the public API" >&2
            return 1
        fi
        "$cc" -Wall -Wextra -Werror -DH11_STATIC -I"$dir" tests/install/consumer.c \
            "$dir/libh11-$cc.o" -o "$dir/consumer-$cc"
        [ "$("$dir/consumer-$cc")" = GET ]
        echo "dist/libh11.c: $cc -Wall -Wextra -Werror clean, only the API exported, consumer OK"
    done
    # Last, so that a broken amalgamation shows its compile errors first.
    if ! git diff --exit-code --stat -- dist/ ||
        [ -n "$(git ls-files --others --exclude-standard -- dist/)" ]; then
        echo "dist/ is stale: run tools/amalgamate.py and commit dist/ with the sources" >&2
        return 1
    fi
}

# ------------------------------------------------------------------- stages

stage "dependencies" install_deps

stage "build gcc (-Werror)" build build/gcc gcc -DCMAKE_BUILD_TYPE=RelWithDebInfo
run_ctest "ctest gcc" build/gcc

stage "build gcc ASan+UBSan" build build/asan gcc -DCMAKE_BUILD_TYPE=Debug -DH11_SANITIZE=ON
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1
run_ctest "ctest ASan+UBSan" build/asan
unset ASAN_OPTIONS UBSAN_OPTIONS

# valgrind sees what ASan does not: reads of uninitialised memory. The
# vector-run variants (flat send, scalar scan) cost minutes each under
# valgrind; their extra paths run under ASan above, so they are left out here.
run_ctest "ctest gcc under valgrind" build/gcc -T memcheck -E '^vectors_' \
    --overwrite MemoryCheckCommand="$(command -v valgrind)" \
    --overwrite "MemoryCheckCommandOptions=--error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect"

stage "build clang (-Werror)" build build/clang clang -DCMAKE_BUILD_TYPE=Release
run_ctest "ctest clang" build/clang

# libFuzzer under ASan+UBSan, bounded (fuzz/, docs/security.md); past
# findings in fuzz/regressions are replayed first.
if [ -f tools/fuzz.sh ]; then
    stage "fuzz receive/send/pair (40s each)" bash tools/fuzz.sh 40
else
    skip "fuzz" "tools/fuzz.sh not in the tree"
fi

stage "exports (map, dynsym, SONAME, header C89/C++)" tools/check-exports.sh build/gcc
stage "ABI against abi/libh11-1.0.0.abi.xml" tools/check-abi.sh
stage "amalgamation fresh + standalone" amalgamation
stage "character-class tables fresh" "$PYTHON" tools/gen_cclass.py --check
stage "install: pkg-config + CMake package consumers" tests/install/run.sh build/gcc

if [ -f tools/gen_vectors.py ]; then
    stage "test vectors fresh against h11 0.16.0" "$PYTHON" tools/gen_vectors.py --check
    # The vectors have teeth: each of a set of broken h11 rules fails some.
    stage "vectors catch every mutation of the core" "$PYTHON" tools/mutation_check.py
else
    skip "test vectors fresh" "tools/gen_vectors.py not in the tree"
fi

# The benchmark is a measurement, never a test: this only checks that it
# still builds, runs every case once and writes its report.
stage "benchmark runs (one short round, libh11 only)" \
    env PEERS=0 ROUNDS=1 MS=2 DOC=build/bench/smoke.md bash bench/run.sh

if [ -f examples/demo.c ]; then
    stage "demo" bash tools/demo.sh
else
    skip "demo" "examples/demo.c not in the tree"
fi

# Differential fuzzing against h11 through the Python binding (tools/difffuzz.py,
# docs/security.md): 200,000 mutated programs, about a minute on 2 cores.
difffuzz() {
    local site rc=0
    site=$(mktemp -d)
    "$PYTHON" -m pip install --quiet --no-deps --target "$site" ./bindings/swig &&
        PYTHONPATH=$site "$PYTHON" tools/difffuzz.py --execs 200000 --seed "${DIFFFUZZ_SEED:-0}" ||
        rc=$?
    rm -rf "$site"
    return $rc
}
if [ -f tools/difffuzz.py ]; then
    stage "difffuzz against h11 (200k executions)" difffuzz
else
    skip "difffuzz" "tools/difffuzz.py not in the tree"
fi

export LIBH11_BUILD_DIR=$root/build/gcc
for dir in bindings/*/; do
    [ -d "$dir" ] || continue
    name=$(basename "$dir")
    if [ -f "$dir/test.sh" ]; then
        stage "binding $name" bash "$dir/test.sh"
    else
        skip "binding $name" "$dir has no test.sh"
    fi
done
current="done"
