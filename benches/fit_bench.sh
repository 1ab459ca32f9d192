#!/usr/bin/env bash
# Refit benchmark (issue 15): the BIC sweep `xclass fit --k-range 2..20 --restarts 3` on the
# shipped catalog's 8,756 first-detection feature vectors (published normalisation), against
# scikit-learn's GaussianMixture doing the same sweep (3 fits per K, random_state 0..2;
# benches/sklearn_reference.py --sweep, in a venv made here) in the same run: all cores
# each, then one thread each. Wall time and CPU time (user + sys) of each; the ratios.
# CPU time is the fairer figure on a shared machine (it does not count waiting for a core).
#
# Usage: benches/fit_bench.sh        (K_MIN=…, K_MAX=…, FITS=… to change)
set -euo pipefail
cd "$(dirname "$0")/.."

K_MIN=${K_MIN:-2}
K_MAX=${K_MAX:-20}
FITS=${FITS:-3}
TARGET=${CARGO_TARGET_DIR:-target}
OUT=benches/out
mkdir -p "$OUT"

cargo build --quiet --profile bench -p xclass-cli
X="$TARGET/release/xclass"
IN="$OUT/catalog_features.csv"
python3 - "$IN" <<'PY'
import csv, sys
F = ["hard_hm", "hard_hs", "hard_ms", "powlaw_gamma", "bb_kt", "var_prob_b", "var_ratio_b",
     "var_prob_h", "var_ratio_h", "var_prob_s", "var_ratio_s", "var_newq_b"]
rows = []
for f in ["uniquely_classified.csv", "ambiguous_classification.csv"]:
    with open("data/umlcaxs/" + f, newline="") as fh:
        rows += [[r["name"]] + [r[c] for c in F] for r in csv.DictReader(fh)]
rows.sort()
with open(sys.argv[1], "w", newline="") as fh:
    w = csv.writer(fh, lineterminator="\n")
    w.writerow(["name"] + F)
    w.writerows(rows)
PY
if [ ! -x benches/.venv/bin/python ] || ! benches/.venv/bin/python -c "import sklearn" 2> /dev/null; then
    python3 -m venv benches/.venv
    benches/.venv/bin/pip install --quiet numpy scikit-learn
fi

# Runs a command, appending "<label> <wall> <cpu>" to $OUT/fit_times.txt.
timed() {
    local label=$1
    shift
    /usr/bin/time -f "%e %U %S" -o "$OUT/time.tmp" "$@" > "$OUT/$label.out"
    read -r wall user sys < "$OUT/time.tmp"
    cpu=$(python3 -c "print(round($user + $sys, 2))")
    echo "$label $wall $cpu" >> "$OUT/fit_times.txt"
    echo "$label: $wall s wall, $cpu s CPU"
}
: > "$OUT/fit_times.txt"
SWEEP=(fit "$IN" --keep-normalisation --k-range "$K_MIN..$K_MAX" --restarts "$FITS")
echo "== K = $K_MIN..$K_MAX, $FITS fits per K, 8,756 rows"
timed xclass_all "$X" "${SWEEP[@]}"
timed sklearn_all benches/.venv/bin/python benches/sklearn_reference.py --sweep "$K_MIN" "$K_MAX" "$FITS"
timed xclass_1 env RAYON_NUM_THREADS=1 "$X" "${SWEEP[@]}"
timed sklearn_1 env OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 \
    benches/.venv/bin/python benches/sklearn_reference.py --sweep "$K_MIN" "$K_MAX" "$FITS"
python3 - "$OUT/fit_times.txt" <<'PY'
import sys
t = {l.split()[0]: tuple(map(float, l.split()[1:])) for l in open(sys.argv[1])}
for n in ["all", "1"]:
    x, s = t[f"xclass_{n}"], t[f"sklearn_{n}"]
    print(f"threads {n}: scikit-learn / xclass = {s[0] / x[0]:.1f}x wall, {s[1] / x[1]:.1f}x CPU")
PY
grep -E "suggested K|mixture:" "$OUT/xclass_all.out"
