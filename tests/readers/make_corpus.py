#!/usr/bin/env python3
"""Writes the readers' part of the malformed-input corpus (issue 14, sections 1, 4, 5, 6) to
tests/corpus/: CSV files with stray and unterminated quotes, hostile header text, duplicate
feature columns and values outside the physical domain, and small model files each broken
in one field, with their NAME.expect (see tests/corpus/README.md). Deterministic.

Usage: python3 tests/readers/make_corpus.py
"""
import copy
import json
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
FEATURES = ["hard_hm", "hard_hs", "hard_ms", "powlaw_gamma", "bb_kt", "var_prob_b", "var_ratio_b",
            "var_prob_h", "var_ratio_h", "var_prob_s", "var_ratio_s", "var_newq_b"]
CLASSES = ["QSO", "AGN", "Seyfert_1", "Seyfert_2", "HMXB", "LMXB", "XB", "YSO", "TTau*", "Orion_V*"]
HEADER = "name,obsid," + ",".join(FEATURES)
ROW = "0.1,-0.2,-0.3,2.0,0.5,0.1,0.01,0.2,0.05,0.3,0.05,1.0"


WRITTEN = []


def write(name, data, exit_code, substring, rows=None):
    WRITTEN.append(name)
    data = data.encode() if isinstance(data, str) else data
    (CORPUS / name).write_bytes(data)
    expect = f"exit {exit_code}\n{substring}\n" + (f"rows {rows}\n" if rows is not None else "")
    (CORPUS / f"{name}.expect").write_text(expect)


def csv_cases():
    write("stray_quote_in_name.csv",
          f'{HEADER}\nSrc "A,1,{ROW}\nB,2,{ROW}\nC"",3,{ROW}\nD,4,{ROW}\n', 0, "-", 4)
    write("stray_quote_in_ignored_column.csv",
          f'{HEADER},comment\nA,1,{ROW},5" off-axis\nB,2,{ROW},plain\nC,3,{ROW},a 3" arc\nD,4,{ROW},x\n', 0, "-", 4)
    write("text_after_closing_quote.csv",
          f'{HEADER}\n"Src A"x,1,{ROW}\n"B, with comma",2,{ROW}\n"C ""quoted""",3,{ROW}\n', 0, "-", 3)
    write("unterminated_quote.csv",
          f'{HEADER}\nA,1,{ROW}\n"B,2,{ROW}\nC,3,{ROW}\nD,4,{ROW}\n', 2,
          "line 3: a quoted field starts on this line and is never closed")
    write("quote_opens_field_mid_file.csv",
          f'{HEADER}\nA,1,{ROW}\n"B\nstill B",2,{ROW}\nC,3,{ROW}\n', 0, "-", 3)
    write("bidi_and_bell_in_header.csv",
          "na\u202eme,\u0007flux,x\u0085y\n1,2,3\n", 2, "found: na\\u{202e}me, \\u{7}flux, x\\u{85}y")
    write("newline_in_quoted_header.csv",
          '"a\nxclass: all good",b\n1,2\n', 2, "found: a\\nxclass: all good, b")
    write("long_cell.csv", f"{HEADER}\nA,1,{'x' * 5000},{ROW.split(',', 1)[1]}\n", 2,
          "line 2, column hard_hm: \"" + "x" * 80 + "…\" is not a number")
    write("quoted_header_lone_cr.csv", f'"name",hard_hm\rA,0.1\rB,0.2\r', 2,
          "lines end with a lone carriage return")
    write("duplicate_feature_column.csv",
          f"{HEADER},HARD_HM\nA,1,{ROW},0.9\nB,2,{ROW},0.8\n", 0,
          "columns 3 (hard_hm) and 15 (HARD_HM) have the same name: column 3 is used", 2)
    far = ROW.split(",")
    far_hm, far_prob = far.copy(), far.copy()
    far_hm[0], far_prob[5] = "7", "42"
    write("outside_physical_domain.csv",
          f"{HEADER}\nA,1,{ROW}\nB,2,{','.join(far_hm)}\nC,3,{','.join(far_prob)}\nD,4,{','.join(far_hm)}\n", 0,
          "2 values of hard_hm outside its physical domain [-1, 1] (first at line 3)", 4)


def model():
    """A small valid model: one component, one class."""
    def eye():
        return [[1.0 if i == j else 0.0 for j in range(12)] for i in range(12)]

    norm = {f: {"kind": "raw"} for f in FEATURES}
    norm["powlaw_gamma"] = {"kind": "minmax", "min": -3.5, "max": 10.0}
    for f in ["bb_kt", "var_ratio_b", "var_ratio_h", "var_ratio_s", "var_newq_b"]:
        norm[f] = {"kind": "lognorm", "shift": 0.01, "min": -4.0, "max": 6.0}
    table = {c: None for c in CLASSES}
    table["AGN"] = {"quadratic": eye(), "linear": [0.0] * 12, "constant": 0.0}
    table["YSO"] = {"quadratic": eye(), "linear": [0.5] * 12, "constant": 1.0}
    return {
        "description": "a small test model (tests/readers/make_corpus.py)",
        "features": FEATURES,
        "classes": CLASSES,
        "normalisation": norm,
        "gmm": {"weights": [1.0], "means": [[0.5] * 12], "covariances": [eye()]},
        "classifier": {"0": table},
        "fill_values": {"values": dict(zip(FEATURES, [float(x) for x in ROW.split(",")]))},
    }


def model_case(name, change, substring):
    m = copy.deepcopy(model())
    change(m)
    write(f"model_{name}.json", json.dumps(m), 2, substring)


def model_cases():
    write("model_small_valid.json", json.dumps(model()), 0, "-", 1)

    def cov(i, j, v):
        return lambda m: m["gmm"]["covariances"][0][i].__setitem__(j, v)

    def not_pd(m):
        m["gmm"]["covariances"][0][4][4] = -1.0

    def norm(f, **kv):
        return lambda m: m["normalisation"].__setitem__(f, kv)

    def fill(f, v):
        return lambda m: m["fill_values"]["values"].__setitem__(f, v)

    def training(f, lo, hi):
        def change(m):
            m["training_range"] = {g: [0.0, 0.5] for g in FEATURES}
            m["training_range"][f] = [lo, hi]
        return change

    model_case("fill_negative_bb_kt", fill("bb_kt", -0.5),
               "fill_values.values.bb_kt is -0.5, outside the domain of bb_kt (≥ 0)")
    model_case("fill_hardness_7", fill("hard_hs", 7),
               "fill_values.values.hard_hs is 7, outside the domain of hard_hs ([-1, 1])")
    model_case("fill_unknown_feature", fill("\u001b[2Jbb_kt", 1),
               "fill_values.values: unknown feature \"\\u{1b}[2Jbb_kt\"")
    model_case("covariance_asymmetric", cov(2, 5, 0.3),
               "gmm.covariances[0] is not symmetric (entry [2][5] 0.3 vs [5][2] 0)")
    model_case("covariance_not_positive_definite", not_pd,
               "gmm.covariances[0] is not positive definite")
    model_case("covariance_short_row", lambda m: m["gmm"]["covariances"][0][7].pop(),
               "gmm.covariances[0][7] has 11 values, not 12")
    model_case("mean_long", lambda m: m["gmm"]["means"][0].append(0.0),
               "gmm.means[0] has 13 values, not 12")
    model_case("weights_sum", lambda m: m["gmm"].__setitem__("weights", [0.5]),
               "gmm.weights sum to 0.5, not 1")
    model_case("weight_negative", lambda m: m["gmm"].__setitem__("weights", [-1.0]),
               "gmm.weights[0] is -1; weights must be positive")
    model_case("weight_text", lambda m: m["gmm"].__setitem__("weights", ["one"]),
               "gmm.weights[0]: invalid type: string \"one\"")
    model_case("components_disagree", lambda m: m["gmm"]["means"].append([0.0] * 12),
               "gmm: 1 weights, 2 means and 1 covariances; the counts must agree")
    model_case("lognorm_shift_zero", norm("bb_kt", kind="lognorm", shift=0.0, min=-4.0, max=6.0),
               "normalisation.bb_kt.shift is 0; it must be > 0")
    model_case("lognorm_of_hardness", norm("hard_hm", kind="lognorm", shift=1.0, min=0.0, max=1.0),
               "normalisation.hard_hm.kind is lognorm, but hard_hm takes negative values ([-1, 1])")
    model_case("lognorm_min_below_domain", norm("bb_kt", kind="lognorm", shift=0.01, min=-9.0, max=6.0),
               "normalisation.bb_kt.min/max: [-9, 6] implies raw values outside the domain of bb_kt (≥ 0)")
    model_case("minmax_outside_domain", norm("var_prob_b", kind="minmax", min=0.0, max=3.0),
               "normalisation.var_prob_b.min/max: [0, 3] is outside the domain of var_prob_b ([0, 1])")
    model_case("minmax_reversed", norm("powlaw_gamma", kind="minmax", min=2.0, max=1.0),
               "normalisation.powlaw_gamma.max (1) must exceed normalisation.powlaw_gamma.min (2)")
    model_case("scaling_unknown_kind", norm("bb_kt", kind="log10"),
               "normalisation.bb_kt.kind is \"log10\"; expected raw, minmax or lognorm")
    model_case("quadratic_asymmetric",
               lambda m: m["classifier"]["0"]["AGN"]["quadratic"][0].__setitem__(11, 7.5),
               "classifier.0.AGN.quadratic is not symmetric (entry [0][11] 7.5 vs [11][0] 0)")
    model_case("classifier_extra_cluster", lambda m: m["classifier"].__setitem__("1", m["classifier"]["0"]),
               "classifier: key \"1\" is not a cluster of the 1-component mixture (0 to 0)")
    model_case("classifier_unknown_class", lambda m: m["classifier"]["0"].__setitem__("Quasar", None),
               "classifier.0: unknown class \"Quasar\"")
    model_case("classifier_no_class", lambda m: m["classifier"].__setitem__("0", {c: None for c in CLASSES}),
               "classifier: cluster 0 has no class")
    model_case("training_range_outside", training("var_prob_h", 0.0, 1.5),
               "training_range.var_prob_h[1] is 1.5, outside the domain of var_prob_h ([0, 1])")
    model_case("training_range_reversed", training("bb_kt", 3.0, 2.0),
               "training_range.bb_kt is [3, 2]: the lower bound exceeds the upper")


csv_cases()
model_cases()
# The list crates/core/tests/corpus_readers.rs checks through the core (the browser's path).
(Path(__file__).resolve().parent / "corpus.txt").write_text("\n".join(WRITTEN) + "\n")
print(f"wrote the readers' corpus to {CORPUS}")
