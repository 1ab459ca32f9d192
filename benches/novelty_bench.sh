#!/usr/bin/env bash
# What the novelty columns cost on top of classification (issue 17), two ways:
# 1. what a user waits for: `xclass classify` of N synthetic detections (default 1,000,000)
#    with the novelty columns and with --no-novelty, in pairs (PAIRS, default 7; each order in turn),
#    on 1 and 2 threads: median wall and CPU (user + sys) times, median per-pair ratios;
# 2. compute only (no reading, parsing or writing), one thread: the core's novelty_cost
#    example (classification against classification + novelty, in the CLI's tasks of 256).
#
# Usage: benches/novelty_bench.sh            (N=…, PAIRS=… to change)
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-1000000}
PAIRS=${PAIRS:-7}
TARGET=${CARGO_TARGET_DIR:-target}
OUT=benches/out
mkdir -p "$OUT"

cargo build --quiet --profile bench -p xclass-cli -p xclass-core --example novelty_cost
X="$TARGET/release/xclass"
IN="$OUT/synth_raw.csv"
[ -s "$IN" ] && [ "$(($(wc -l < "$IN") - 1))" = "$N" ] || "$X" synth "$N" --raw --seed 42 -o "$IN"

echo "== xclass classify of $N rows, with and without novelty, $PAIRS pairs"
python3 - "$X" "$IN" "$OUT/novelty_out.csv" "$PAIRS" <<'EOF'
import os, resource, statistics, subprocess, sys, time
x, inp, out, pairs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

def run(args, threads):
    if os.path.exists(out):
        os.remove(out)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([x, "classify", inp, "-o", out, *args], check=True, env={**os.environ, "RAYON_NUM_THREADS": threads})
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu

for threads in ["1", "2"]:
    w, c, wr, cr = [], [], [], []
    for i in range(pairs):
        # Each order in turn, so that whatever the first or second run of a pair meets
        # (the previous output's pages being freed, the CPU's drift) falls on both alike.
        if i % 2 == 0:
            (wn, cn), (wp, cp) = run([], threads), run(["--no-novelty"], threads)
        else:
            (wp, cp), (wn, cn) = run(["--no-novelty"], threads), run([], threads)
        w.append((wn, wp)); c.append((cn, cp)); wr.append(wn / wp); cr.append(cn / cp)
    med = statistics.median
    print(f"{threads} thread(s): wall {med(a for a, _ in w):.2f} s with novelty, {med(b for _, b in w):.2f} s without, "
          f"ratio {med(wr):.3f}; CPU {med(a for a, _ in c):.2f} s vs {med(b for _, b in c):.2f} s, ratio {med(cr):.3f}")
EOF

echo "== compute only, one thread"
"$TARGET/release/examples/novelty_cost" "$N" "$PAIRS"
