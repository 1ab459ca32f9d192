#!/usr/bin/env python3
"""Makes the shipped labelled test table (crates/core/tests/fixtures/labelled_synthetic.csv):
a catalog whose truth is known. N detections are sampled from the published mixture
(`xclass synth`), their features rounded to 7 significant digits, classified with the
published model (`xclass classify`), and each detection's label is drawn from those class
probabilities (Python's random.Random(SEED)): the published model is then the exact
posterior of these labels. 20% of the rows get an empty label and 10% the SIMBAD type
`Star` (the paper's unlabelled rows); labels use SIMBAD's spellings and the paper's in turn.

Usage: scripts/make_labelled_table.py [XCLASS_BINARY]   (default target/release/xclass)
"""
import csv
import io
import pathlib
import random
import subprocess
import sys

N, SEED = 3000, 15
ROOT = pathlib.Path(__file__).resolve().parent.parent
X = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "target/release/xclass")
CLASSES = ["QSO", "AGN", "Seyfert_1", "Seyfert_2", "HMXB", "LMXB", "XB", "YSO", "TTau*", "Orion_V*"]
SIMBAD = ["QSO", "AGN", "Sy1", "Sy2", "HighMassXBin", "LowMassXBin", "XrayBin", "YSO", "TTauri*", "Or*"]

synth = subprocess.run([X, "synth", str(N), "--seed", str(SEED)], check=True, capture_output=True, text=True).stdout
rows = list(csv.reader(io.StringIO(synth)))
header, rows = rows[0], rows[1:]
features = header[3:]
rounded = [[r[0]] + [f"{float(v):.7g}" for v in r[3:]] for r in rows]
table = io.StringIO()
csv.writer(table, lineterminator="\n").writerows([["name"] + features] + rounded)
classified = subprocess.run([X, "classify", "-"], input=table.getvalue(), check=True, capture_output=True, text=True).stdout
probs = list(csv.DictReader(io.StringIO(classified)))
rng = random.Random(SEED)
out = [["name", "otype"] + features]
for i, (r, p) in enumerate(zip(rounded, probs)):
    assert p["name"] == r[0]
    u, acc, label = rng.random(), 0.0, None
    for c, name in enumerate(CLASSES):
        acc += float(p[name])
        if u < acc:
            label = (SIMBAD if i % 2 else CLASSES)[c]
            break
    label = label or CLASSES[max(range(10), key=lambda c: float(p[CLASSES[c]]))]
    v = rng.random()
    if v < 0.2:
        label = ""
    elif v < 0.3:
        label = "Star"
    out.append([r[0], label] + r[1:])
dest = ROOT / "crates/core/tests/fixtures/labelled_synthetic.csv"
with open(dest, "w", newline="") as fh:
    csv.writer(fh, lineterminator="\n").writerows(out)
print(f"{dest}: {N} rows")
