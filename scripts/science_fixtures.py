#!/usr/bin/env python3
"""Known answers for the science views, counted straight from the published CSVs with the
standard library only (exact rational arithmetic for bin edges), independently of xclass.
Writes crates/core/tests/known/science.json. Run once: python3 scripts/science_fixtures.py"""
import csv, json, os
from collections import Counter
from fractions import Fraction

ROOT = os.path.join(os.path.dirname(__file__), "..")
D = os.path.join(ROOT, "data", "umlcaxs")
CLASSES = ["QSO", "AGN", "Seyfert_1", "Seyfert_2", "HMXB", "LMXB", "XB", "YSO", "TTau*", "Orion_V*"]

sources = []
for f, soft in [("uniquely_classified.csv", "master_class"), ("ambiguous_classification.csv", "soft_master_class")]:
    with open(os.path.join(D, f), newline="") as fh:
        for r in csv.DictReader(fh):
            sources.append((r[soft], r["hard_hs"], int(r["detection_count"])))

# hard_hs: 16 bins over [-1, 1] (edges k/8, exact in binary), split by soft master class;
# the last bin includes 1; empty cells are missing.
LO, HI, N = Fraction(-1), Fraction(1), 16
hist = {c: [0] * N for c in CLASSES}
outside = {c: 0 for c in CLASSES}
for soft, v, _ in sources:
    if v == "":
        outside[soft] += 1
        continue
    x = Fraction(v)
    if not (LO <= x <= HI):
        outside[soft] += 1
        continue
    i = min(int((x - LO) / (HI - LO) * N), N - 1)
    hist[soft][i] += 1

counts = sorted(Counter(c for _, _, c in sources).items())

# The cluster x class table of the 14,507 published detections (their cluster and main_type).
table = [[0] * len(CLASSES) for _ in range(6)]
with open(os.path.join(D, "detection_level_classification.csv"), newline="") as fh:
    for r in csv.DictReader(fh):
        table[int(r["cluster"])][CLASSES.index(r["main_type"])] += 1

out = {
    "hard_hs_by_soft_class": {"lo": -1, "hi": 1, "bins": N, "counts": hist, "outside": outside},
    "detections_per_source": counts,
    "cluster_by_class": table,
}
with open(os.path.join(ROOT, "crates", "core", "tests", "known", "science.json"), "w") as fh:
    json.dump(out, fh, indent=1)
print(len(sources), "sources;", sum(map(sum, table)), "detections")
