#!/usr/bin/env bash
# Builds the libFuzzer targets in fuzz/ with clang under ASan + UBSan and
# runs each for a bounded time, starting from seed corpora extracted from
# tests/vectors (fuzz/seed_corpus.py; kept in build/fuzz, not committed).
#
#   tools/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#
# Default 40 s per target, all targets. CI must not turn red by chance, so
# the run is reproducible: a fixed seed (FUZZ_SEED, default 1) and a fixed
# number of executions (FUZZ_RUNS, default 300000), the seconds only a
# ceiling. For open-ended fuzzing by hand: FUZZ_SEED=0 FUZZ_RUNS=-1.
# A crash, leak, sanitizer report or
# broken invariant fails the run; libFuzzer leaves the input as
# build/fuzz/<target>/crash-* (replay: build/fuzz/<target>/fuzz_<target> FILE).
# Every finding becomes a regression test or vector.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
seconds=${1:-40}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(receive send pair)
out=build/fuzz
python=${PYTHON:-python3}

# clang's libFuzzer runtime ships separately on some Debian releases.
if ! echo 'int LLVMFuzzerTestOneInput(const char *d, long n) { return 0; }' |
    clang -x c -fsanitize=fuzzer - -o /dev/null 2>/dev/null; then
    echo "fuzz.sh: clang cannot link -fsanitize=fuzzer (install libclang-rt-dev or clang's compiler-rt)" >&2
    exit 1
fi

mkdir -p "$out"
"$python" fuzz/seed_corpus.py "$out/seeds"
flags=(-std=c11 -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined
    -fno-sanitize-recover=all -DH11_STATIC -Ilibh11/include -Ilibh11/src)
for t in "${targets[@]}"; do
    dir=$out/$t
    mkdir -p "$dir/corpus"
    # Every past finding is replayed first (fuzz/regressions/<target>).
    regressions=$root/fuzz/regressions/$t
    mkdir -p "$regressions"
    rm -f "$dir"/crash-* "$dir"/leak-* "$dir"/timeout-* "$dir"/oom-*
    clang "${flags[@]}" libh11/src/*.c "fuzz/fuzz_$t.c" -o "$dir/fuzz_$t"
    echo "fuzz.sh: fuzz_$t for ${seconds}s"
    # The working corpus grows across runs; the seeds are only read.
    (cd "$dir" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
        "./fuzz_$t" -seed="${FUZZ_SEED:-1}" -runs="${FUZZ_RUNS:-300000}" \
        -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 corpus "../seeds/$t" "$regressions" 2>&1 | tee fuzz.log |
        grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|INFO: seed corpus|==|SUMMARY|invariant)' || true)
    found=$(find "$dir" -maxdepth 1 \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
        -o -name 'oom-*' \) -print)
    if [ -n "$found" ]; then
        echo "fuzz.sh: fuzz_$t found a problem: $found" >&2
        tail -40 "$dir/fuzz.log" >&2
        exit 1
    fi
done
echo "fuzz.sh: OK (${targets[*]}, ${seconds}s each)"
