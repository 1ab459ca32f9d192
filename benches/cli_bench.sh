#!/usr/bin/env bash
# CLI benchmark: N synthetic detections (default 1,000,000, sampled from the model's mixture
# and mapped back to raw CSC columns) through `xclass classify` on 2 threads and 1 thread
# (median wall time, max RSS), the criterion medians of single-detection classification,
# and the vectorised numpy reference (benches/numpy_reference.py, in a venv made here) on
# the same rows, with its agreement to the CLI's probabilities and the speed ratios.
#
# The compute-only ratio is measured in pairs (numpy, then xclass, on the same rows, PAIRS
# times) and reported as the median of the per-pair ratios: this machine's speed drifts by
# tens of percent over seconds, and the pairs see the same drift.
#
# Usage: benches/cli_bench.sh            (N=…, RUNS=…, PAIRS=…, SKIP_CRITERION=1 to change)
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-1000000}
RUNS=${RUNS:-5}
PAIRS=${PAIRS:-9}
TARGET=${CARGO_TARGET_DIR:-target}
OUT=benches/out
mkdir -p "$OUT"

# The workspace's release profile is size-optimised for the wasm app (opt-level "z"); the
# bench profile is the same with opt-level 3 and thin LTO. Its binaries land in release/.
cargo build --quiet --profile bench -p xclass-cli
X="$TARGET/release/xclass"
IN="$OUT/synth_raw.csv"
CLASSIFIED="$OUT/classified.csv"

echo "== generating $N synthetic detections"
/usr/bin/time -f "synth: %e s wall, %M KB max RSS" "$X" synth "$N" --raw --seed 42 -o "$IN"
head -n $((N / 10 + 1)) "$IN" > "$OUT/synth_raw_tenth.csv"
ls -l "$IN"

if ! command -v hyperfine > /dev/null && [ "$(id -u)" = 0 ]; then
    apt-get install -y -qq hyperfine > /dev/null 2>&1 || true
fi
echo "== xclass classify, $RUNS runs each"
if command -v hyperfine > /dev/null; then
    # Each run writes a new file: replacing the previous run's 300 MB output would add the
    # file system's work of freeing it (and, on ext4, flushing the new one) to the time.
    hyperfine --warmup 1 --runs "$RUNS" --export-json "$OUT/cli.json" --prepare "rm -f $CLASSIFIED; sync" \
        -n "2 threads" "RAYON_NUM_THREADS=2 $X classify $IN -o $CLASSIFIED" \
        -n "1 thread" "RAYON_NUM_THREADS=1 $X classify $IN -o $CLASSIFIED"
else
    python3 - "$X" "$IN" "$CLASSIFIED" "$RUNS" "$OUT/cli.json" <<'EOF'
import json, os, subprocess, sys, time, statistics
x, inp, out, runs, dest = sys.argv[1:6]
results = []
for name, t in [("2 threads", "2"), ("1 thread", "1")]:
    times = []
    for _ in range(int(runs)):
        if os.path.exists(out):
            os.remove(out)
        os.sync()
        t0 = time.perf_counter()
        subprocess.run([x, "classify", inp, "-o", out], check=True, env={**os.environ, "RAYON_NUM_THREADS": t})
        times.append(time.perf_counter() - t0)
    print(f"{name}: median {statistics.median(times):.3f} s over {runs} runs")
    results.append({"command": name, "median": statistics.median(times), "times": times})
json.dump({"results": results}, open(dest, "w"))
EOF
fi
for t in 2 1; do
    for f in "$IN" "$OUT/synth_raw_tenth.csv"; do
        rm -f "$OUT/rss_run.csv"
        sync
        RAYON_NUM_THREADS=$t /usr/bin/time -f "threads=$t rows=$(($(wc -l < "$f") - 1)): %e s wall, %M KB max RSS" \
            "$X" classify "$f" -o "$OUT/rss_run.csv"
    done
done 2>&1 | tee "$OUT/rss.txt"

if [ -z "${SKIP_CRITERION:-}" ]; then
    echo "== criterion (one detection, batches, the CLI per-row work)"
    cargo bench --quiet -p xclass-core --bench classify > "$OUT/criterion.txt" 2>&1
    grep -E "^[a-z_/0-9]+ +time:|^ +time:|^[a-z_/0-9]+$" "$OUT/criterion.txt" || true
fi

echo "== numpy reference (one core)"
if [ ! -x benches/.venv/bin/python ]; then
    python3 -m venv benches/.venv
    benches/.venv/bin/pip install --quiet numpy
fi
OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 benches/.venv/bin/python benches/numpy_reference.py \
    --input "$IN" --output "$OUT/numpy.csv" --cli-output "$CLASSIFIED" --runs 3 | tee "$OUT/numpy.json"

echo "== compute only, side by side: numpy and xclass alternately on the same $((N / 10)) rows, $PAIRS pairs"
cargo build --quiet --profile bench -p xclass-core --example compute_time
for i in $(seq "$PAIRS"); do
    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 benches/.venv/bin/python benches/numpy_reference.py \
        --input "$OUT/synth_raw_tenth.csv" --compute-only --runs 3
    "$TARGET/release/examples/compute_time" "$OUT/synth_raw_tenth.csv" 5
done | tee "$OUT/compute_pairs.jsonl"

echo "== summary"
python3 - "$OUT" "$TARGET" <<'EOF'
import json, os, sys
out, target = sys.argv[1:3]
cli = {r["command"]: r["median"] for r in json.load(open(f"{out}/cli.json"))["results"]}
np_run, np_check = [json.loads(l) for l in open(f"{out}/numpy.json")]
n = np_run["rows"]
print(f"rows: {n}")
print(f"xclass classify: 2 threads {cli['2 threads']:.3f} s, 1 thread {cli['1 thread']:.3f} s (median wall)")
print(f"numpy: compute {np_run['compute_median_s']:.3f} s ({np_run['compute_ns_per_detection']:.0f} ns/detection), "
      f"end to end {np_run['end_to_end_median_s']:.3f} s")
print(f"end-to-end speed ratio, one core: {np_run['end_to_end_median_s'] / cli['1 thread']:.1f}x; "
      f"2 threads: {np_run['end_to_end_median_s'] / cli['2 threads']:.1f}x")
pairs = [json.loads(l) for l in open(f"{out}/compute_pairs.jsonl")]
numpy_ns, xclass_ns = [p["compute_ns_per_detection"] for p in pairs[0::2]], [p["compute_ns_per_detection"] for p in pairs[1::2]]
ratios = sorted(a / b for a, b in zip(numpy_ns, xclass_ns))
mid = lambda v: sorted(v)[len(v) // 2]
print(f"compute only, {pairs[0]['rows']} rows, {len(ratios)} pairs: numpy median {mid(numpy_ns):.0f} ns/detection, "
      f"xclass median {mid(xclass_ns):.0f} ns/detection; speed ratio, one core: median {mid(ratios):.1f}x "
      f"(pairs: {' '.join(f'{r:.1f}' for r in ratios)})")
crit = f"{target}/criterion"
median = lambda name: json.load(open(f"{crit}/{name}/new/estimates.json"))["median"]["point_estimate"]
names = ["classify_one", "classify_published/8756", "classify_published/8756_batch", "classify_sampled/100k_batch"]
if all(os.path.exists(f"{crit}/{n}/new/estimates.json") for n in names):
    one = median("classify_one")
    pub, pub_batch = median("classify_published/8756") / 8756, median("classify_published/8756_batch") / 8756
    batch = median("classify_sampled/100k_batch") / 100_000
    print(f"criterion medians: classify_one {one:.0f} ns; published detections {pub:.0f} ns/detection one by one, "
          f"{pub_batch:.0f} batched; mixture samples batched {batch:.0f} ns/detection")
    print(f"(criterion, not paired: numpy compute on the million rows vs the batched mixture samples: {np_run['compute_ns_per_detection'] / batch:.1f}x)")
print(f"numpy vs CLI: clusters agree {np_check['cluster_agreement']:.6f}, "
      f"max |dp| {np_check['max_abs_probability_difference']:.2e}")
EOF
