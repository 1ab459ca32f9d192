#!/usr/bin/env python3
"""scikit-learn reference for `xclass fit` (issue 15): GaussianMixture on the shipped catalog.

The rows: the 8,756 first-detection feature vectors of data/umlcaxs (uniquely_classified.csv and
ambiguous_classification.csv, sorted by name as xclass's catalog is), normalised with the
published model's constants (assets/model.json).

  fixture (default): writes crates/core/tests/fixtures/sklearn_gmm.json with
    - parity runs: GaussianMixture from given weights, means and precisions (weights_init,
      means_init, precisions_init: no k-means involved), tol 1e-3, reg_covar 1e-6, max_iter 100:
      the start, lower_bound_, n_iter_, converged_, score(X) and the fitted weights;
    - the paper's fit: GaussianMixture(6, covariance_type="full", random_state=42): score(X),
      n_iter_, and the adjusted Rand index of its labels against the published clusters.
  --sweep K_MIN K_MAX FITS: times the BIC sweep (FITS fits per K, random_state 0..FITS-1) and
    prints the mean BIC per K and the total seconds (benches/fit_bench.sh compares it with
    `xclass fit --k-range`).

Run with the venv benches/fit_bench.sh makes (numpy, scikit-learn):
  benches/.venv/bin/python benches/sklearn_reference.py
"""
import argparse
import csv
import json
import pathlib
import time

import numpy as np
import sklearn
from sklearn.metrics import adjusted_rand_score
from sklearn.mixture import GaussianMixture

ROOT = pathlib.Path(__file__).resolve().parent.parent
FEATURES = ["hard_hm", "hard_hs", "hard_ms", "powlaw_gamma", "bb_kt", "var_prob_b", "var_ratio_b",
            "var_prob_h", "var_ratio_h", "var_prob_s", "var_ratio_s", "var_newq_b"]


def rows():
    out = []
    for f in ["uniquely_classified.csv", "ambiguous_classification.csv"]:
        with open(ROOT / "data/umlcaxs" / f, newline="") as fh:
            for r in csv.DictReader(fh):
                out.append((r["name"], [float(r[c]) for c in FEATURES]))
    out.sort(key=lambda t: t[0])
    return [n for n, _ in out], np.array([v for _, v in out])


def normalise(raw, model):
    x = raw.copy()
    for j, f in enumerate(FEATURES):
        s = model["normalisation"][f]
        if s["kind"] == "lognorm":
            u = np.log(np.maximum(raw[:, j], 0.0) + s["shift"])
            x[:, j] = (u - s["min"]) / (s["max"] - s["min"])
        elif s["kind"] == "minmax":
            x[:, j] = (raw[:, j] - s["min"]) / (s["max"] - s["min"])
    return np.clip(x, -1e6, 1e6)


def published_clusters(names):
    first = {}
    with open(ROOT / "data/umlcaxs/detection_level_classification.csv", newline="") as fh:
        for r in csv.DictReader(fh):
            first.setdefault(r["name"], []).append((int(r["obsid"]), int(r["cluster"])))
    return np.array([min(first[n])[1] for n in names])


def parity(x, weights, means, covs, name):
    precisions = np.linalg.inv(covs)
    g = GaussianMixture(len(weights), covariance_type="full", weights_init=weights, means_init=means,
                        precisions_init=precisions, tol=1e-3, reg_covar=1e-6, max_iter=100)
    g.fit(x)
    return {
        "name": name,
        "init": {"weights": weights.tolist(), "means": means.tolist(), "covariances": covs.tolist()},
        "lower_bound": g.lower_bound_,
        "n_iter": int(g.n_iter_),
        "converged": bool(g.converged_),
        "score": g.score(x),
        "weights": g.weights_.tolist(),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sweep", nargs=3, type=int, metavar=("K_MIN", "K_MAX", "FITS"))
    a = ap.parse_args()
    model = json.load(open(ROOT / "assets/model.json"))
    names, raw = rows()
    x = normalise(raw, model)
    if a.sweep:
        k_min, k_max, fits = a.sweep
        t = time.perf_counter()
        for k in range(k_min, k_max + 1):
            b = [GaussianMixture(k, covariance_type="full", random_state=s).fit(x).bic(x) for s in range(fits)]
            print(f"K={k} mean_bic={np.mean(b):.1f} sd={np.std(b, ddof=1) if fits > 1 else 0.0:.1f}", flush=True)
        print(f"sklearn sweep seconds: {time.perf_counter() - t:.3f}")
        return
    g = model["gmm"]
    w, m, c = np.array(g["weights"]), np.array(g["means"]), np.array(g["covariances"])
    runs = [parity(x, w, m, c, "published mixture K=6")]
    # A second start far from the optimum: K = 4, the first four published components,
    # reweighted, each covariance doubled.
    runs.append(parity(x, w[:4] / w[:4].sum(), m[:4], 2.0 * c[:4], "4 published components, covariances doubled"))
    paper = GaussianMixture(6, covariance_type="full", random_state=42).fit(x)
    labels = paper.predict(x)
    out = {
        "source": f"benches/sklearn_reference.py, scikit-learn {sklearn.__version__}, numpy {np.__version__}",
        "rows": int(x.shape[0]),
        "first_row": x[0].tolist(),
        "parity": runs,
        "random_state_42": {
            "k": 6,
            "score": paper.score(x),
            "lower_bound": paper.lower_bound_,
            "n_iter": int(paper.n_iter_),
            "bic": paper.bic(x),
            "ari_vs_published": adjusted_rand_score(published_clusters(names), labels),
        },
        "published_score": None,
    }
    pub = GaussianMixture(6, covariance_type="full")
    pub.weights_, pub.means_, pub.covariances_ = w, m, c
    pub.precisions_cholesky_ = np.array(g["precisions_cholesky"])
    out["published_score"] = pub.score(x)
    dest = ROOT / "crates/core/tests/fixtures/sklearn_gmm.json"
    dest.write_text(json.dumps(out, indent=1) + "\n")
    print(json.dumps({k: v for k, v in out.items() if k not in ("parity", "first_row")}, indent=1))
    for r in runs:
        print(r["name"], r["lower_bound"], r["n_iter"], r["converged"], r["score"])


if __name__ == "__main__":
    main()
