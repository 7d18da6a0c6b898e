#!/usr/bin/env bash
# One command for the whole benchmark suite (issue 5): builds libh11 twice
# (-O2, and -O3 -march=native), builds the peers, runs ROUNDS interleaved
# rounds of every implementation, counts instructions with callgrind, and
# writes the table into docs/performance-c.md.
#
#   bash bench/run.sh            ROUNDS=5 by default; MS=40 ms per case
#   ROUNDS=9 MS=80 bash bench/run.sh
#   PEERS=0 bash bench/run.sh    libh11 only
#   DOC=build/bench/smoke.md     write the report there (tools/test.sh does,
#                                to check that the suite still runs)
#
# A measurement, not a test: nothing here fails on a slow number.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=$root/build/bench
rounds=${ROUNDS:-5}
ms=${MS:-40}
peers=${PEERS:-1}
python=${PYTHON:-python3}
mkdir -p "$out"
results=$out/results.jsonl
: >"$results"

declare -A flags=([O2]="-O2" [O3native]="-O3 -march=native")
builds=(O2 O3native)

for b in "${builds[@]}"; do
    echo "== build libh11 $b (${flags[$b]})"
    cmake -S . -B "$out/$b" -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_C_FLAGS_RELEASE="${flags[$b]} -DNDEBUG" \
        -DH11_BUILD_TESTS=OFF -DH11_BUILD_SHARED=OFF -DH11_INSTALL=OFF >/dev/null
    cmake --build "$out/$b" -j"$(nproc)" >/dev/null
    # shellcheck disable=SC2086
    cc -std=c11 ${flags[$b]} -g -Wall -Wextra -DH11_STATIC -Ilibh11/include \
        bench/h11_bench.c "$out/$b/libh11.a" -o "$out/h11_bench-$b"
done

peer_cmds=()
if [ "$peers" = 1 ]; then
    if command -v go >/dev/null; then
        echo "== build Go net/http peer"
        (cd bench/peers/go && go build -o "$out/peer-go" .) &&
            peer_cmds+=("$out/peer-go bench/corpus $ms")
    fi
    if command -v cargo >/dev/null; then
        echo "== build Rust httparse peer (crate from the registry)"
        (cd bench/peers/rust && cargo build --release --quiet --target-dir "$out/rust") &&
            peer_cmds+=("$out/rust/release/peer-httparse bench/corpus $ms")
    fi
    if "$python" -c 'import h11' 2>/dev/null; then
        peer_cmds+=("$python bench/peers/python_peers.py bench/corpus $ms")
    fi
fi

for r in $(seq "$rounds"); do
    echo "== round $r/$rounds"
    for b in "${builds[@]}"; do
        "$out/h11_bench-$b" time bench/corpus "$b" "$ms" >>"$results"
    done
    for cmd in "${peer_cmds[@]}"; do
        # shellcheck disable=SC2086
        $cmd >>"$results" || echo "peer failed: $cmd" >&2
    done
done

if command -v valgrind >/dev/null; then
    echo "== callgrind"
    # valgrind cannot run AVX-512 code, which -march=native emits here:
    # instruction counts are for the -O2 build (the one the targets name).
    for b in O2; do
        for c in a:receive b:receive c:receive d:receive e:receive b:keepalive c:send c:send_prepared \
            h100:receive b:receive16 b:floor e:floor c:floor; do
            valgrind --tool=callgrind --toggle-collect='phase_*' \
                --callgrind-out-file="$out/callgrind.$b.$c" \
                "$out/h11_bench-$b" count bench/corpus "$c" 20 >"$out/msgs" 2>/dev/null
            ir=$(sed -nE 's/^(summary|totals): ([0-9]+).*/\2/p' "$out/callgrind.$b.$c" | head -1)
            echo "{\"impl\": \"libh11\", \"build\": \"$b\", \"case\": \"${c%%:*}\", \"path\": \"${c#*:}\", \"instructions\": $ir, \"msgs\": $(cat "$out/msgs")}" >>"$results"
        done
    done
fi

doc=${DOC:-docs/performance-c.md}
"$python" bench/report.py "$results" "$doc"
echo "wrote $doc (raw results: $results)"
