#!/usr/bin/env python3
"""Vectorised numpy evaluation of the xclass model (assets/model.json): the reference a
Python user would write, to compare with `xclass classify` on the same rows.

Reads a CSV of raw CSC columns (as `xclass synth --raw` writes) or of the 12 features,
derives and fills features, normalises, assigns GMM clusters (log-densities through the
published precision Cholesky factors), evaluates the cluster's quadratic class logits on
the degree-2 monomials (about the cluster mean, as xclass does) and takes a softmax. Times the compute part (features in memory to
probabilities) and the end-to-end part (CSV in, CSV out), and checks the probabilities
against the CLI's output.
"""
import argparse
import json
import time

import numpy as np

FEATURES = ["hard_hm", "hard_hs", "hard_ms", "powlaw_gamma", "bb_kt", "var_prob_b", "var_ratio_b",
            "var_prob_h", "var_ratio_h", "var_prob_s", "var_ratio_s", "var_newq_b"]
CLASSES = ["QSO", "AGN", "Seyfert_1", "Seyfert_2", "HMXB", "LMXB", "XB", "YSO", "TTau*", "Orion_V*"]
GROUPS = {"AGN": ["QSO", "AGN"], "Seyfert": ["Seyfert_1", "Seyfert_2"], "XB": ["HMXB", "LMXB", "XB"],
          "YSO": ["YSO", "TTau*", "Orion_V*"]}
D = len(FEATURES)
IU = np.triu_indices(D)
CHUNK = 1 << 16


class Model:
    def __init__(self, path):
        m = json.load(open(path))
        self.fill = np.array([m["fill_values"]["values"][f] for f in FEATURES])
        norm = [m["normalisation"][f] for f in FEATURES]
        self.log = np.array([n["kind"] == "lognorm" for n in norm])
        self.shift = np.array([n["shift"] or 0.0 for n in norm])
        self.lo = np.array([n["min"] if n["kind"] != "raw" else 0.0 for n in norm])
        self.span = np.array([n["max"] - n["min"] if n["kind"] != "raw" else 1.0 for n in norm])
        g = m["gmm"]
        self.means = np.array(g["means"])
        self.prec_chol = np.array(g["precisions_cholesky"])
        log_det = np.log(np.diagonal(self.prec_chol, axis1=1, axis2=2)).sum(axis=1)
        self.log_norm = np.log(np.array(g["weights"])) - 0.5 * D * np.log(2 * np.pi) + log_det
        # Per cluster: coefficients on the monomials of d = x - (cluster mean), [d_i d_j
        # (i <= j), d_i, 1], one column per class; absent classes are masked to -inf. Expanded
        # about the cluster mean, the terms cancel far less than about the origin (the model's
        # coefficients reach 1e9); the re-expanded linear and constant terms are computed in
        # extended precision for the same reason.
        self.coef, self.present = [], []
        for k, mu in enumerate(self.means):
            table = m["classifier"][str(k)]
            w = np.zeros((len(IU[0]) + D + 1, len(CLASSES)))
            present = np.zeros(len(CLASSES), dtype=bool)
            mu_l = mu.astype(np.longdouble)
            for c, name in enumerate(CLASSES):
                q = table.get(name)
                if q is None:
                    continue
                a = np.array(q["quadratic"])
                a_l, b_l = a.astype(np.longdouble), np.array(q["linear"], dtype=np.longdouble)
                linear = b_l + (a_l + a_l.T) @ mu_l
                constant = mu_l @ a_l @ mu_l + b_l @ mu_l + np.longdouble(q["constant"])
                w[:, c] = -np.concatenate([(a + a.T - np.diag(np.diag(a)))[IU], linear.astype(float), [float(constant)]])
                present[c] = True
            self.coef.append(w)
            self.present.append(present)

    def normalise(self, raw):
        filled = np.isnan(raw)
        x = np.where(filled, self.fill, raw)
        x = np.where(self.log, np.log(np.maximum(x, 0.0) + self.shift, where=self.log, out=x.copy()), x)
        return np.clip((x - self.lo) / self.span, -1e6, 1e6), filled

    def classify(self, raw):
        """Raw features (n x 12, NaN = missing) -> clusters (n) and probabilities (n x 10)."""
        clusters = np.empty(len(raw), dtype=np.int64)
        probs = np.zeros((len(raw), len(CLASSES)))
        for s in range(0, len(raw), CHUNK):
            x, _ = self.normalise(raw[s:s + CHUNK])
            logp = np.stack([self.log_norm[k] - 0.5 * np.square((x - self.means[k]) @ self.prec_chol[k]).sum(axis=1)
                             for k in range(len(self.means))], axis=1)
            cl = logp.argmax(axis=1)
            p = np.zeros((len(x), len(CLASSES)))
            for k in range(len(self.means)):
                rows = cl == k
                if not rows.any():
                    continue
                d = x[rows] - self.means[k]
                z = np.hstack([d[:, IU[0]] * d[:, IU[1]], d, np.ones((len(d), 1))])
                logits = np.where(self.present[k], z @ self.coef[k], -np.inf)
                e = np.exp(logits - logits.max(axis=1, keepdims=True))
                p[rows] = e / e.sum(axis=1, keepdims=True)
            clusters[s:s + CHUNK], probs[s:s + CHUNK] = cl, p
        return clusters, probs


def read_features(path):
    """The 12 raw features (NaN where missing) from a CSV of features or raw CSC columns."""
    header = open(path).readline().strip().split(",")
    col = {h: i for i, h in enumerate(header)}
    numeric = [i for i, h in enumerate(header) if h != "name"]
    data = np.loadtxt(path, delimiter=",", skiprows=1, usecols=numeric, ndmin=2)
    get = {h: data[:, numeric.index(i)] for h, i in col.items() if i in numeric}
    with np.errstate(divide="ignore", invalid="ignore"):
        derived = {f"var_ratio_{b}": lambda b=b: get[f"var_sigma_{b}"] / get[f"var_mean_{b}"] for b in "bhs"}
        derived["var_newq_b"] = lambda: ((get["var_max_b"] + get["var_min_b"]) / 2) / get["var_mean_b"]
        cols = [get[f] if f in get else derived[f]() for f in FEATURES]
    x = np.column_stack(cols)
    x[~np.isfinite(x)] = np.nan
    return x


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default="assets/model.json")
    ap.add_argument("--input", required=True)
    ap.add_argument("--output", help="CSV of cluster, 10 probabilities, 4 group sums")
    ap.add_argument("--cli-output", help="xclass classify output on the same input, to compare with")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--compute-only", action="store_true",
                    help="read the input once, time only the compute part --runs times, print its median")
    a = ap.parse_args()

    model = Model(a.model)
    if a.compute_only:
        raw = read_features(a.input)
        times = []
        for _ in range(a.runs):
            t0 = time.perf_counter()
            model.classify(raw)
            times.append(time.perf_counter() - t0)
        print(json.dumps({"rows": len(raw), "compute_ns_per_detection": float(np.median(times)) / len(raw) * 1e9}))
        return
    if not a.output:
        ap.error("--output is required unless --compute-only")
    end_to_end, compute, read = [], [], []
    for _ in range(a.runs):
        t0 = time.perf_counter()
        raw = read_features(a.input)
        t1 = time.perf_counter()
        clusters, probs = model.classify(raw)
        t2 = time.perf_counter()
        groups = np.column_stack([probs[:, [CLASSES.index(c) for c in m]].sum(axis=1) for m in GROUPS.values()])
        np.savetxt(a.output, np.column_stack([clusters, probs, groups]), delimiter=",", fmt=["%d"] + ["%.17g"] * 14,
                   header=",".join(["cluster"] + CLASSES + [f"agg_{g}" for g in GROUPS]), comments="")
        t3 = time.perf_counter()
        read.append(t1 - t0)
        compute.append(t2 - t1)
        end_to_end.append(t3 - t0)
    n = len(raw)
    print(json.dumps({"rows": n, "read_median_s": float(np.median(read)), "compute_median_s": float(np.median(compute)),
                      "end_to_end_median_s": float(np.median(end_to_end)),
                      "compute_ns_per_detection": float(np.median(compute)) / n * 1e9}))

    if a.cli_output:
        header = open(a.cli_output).readline().strip().split(",")
        cols = [header.index(c) for c in ["cluster"] + CLASSES]
        cli = np.loadtxt(a.cli_output, delimiter=",", skiprows=1, usecols=cols, ndmin=2)
        same_cluster = (cli[:, 0] == clusters).mean()
        err = np.abs(cli[:, 1:] - probs).max()
        print(json.dumps({"cluster_agreement": float(same_cluster), "max_abs_probability_difference": float(err)}))
        if same_cluster < 1.0 or not err <= 1e-9:
            raise SystemExit(f"numpy and the CLI disagree: clusters {same_cluster}, max |dp| {err}")


if __name__ == "__main__":
    main()
