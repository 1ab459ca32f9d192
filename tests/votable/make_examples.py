"""Writes the paper's example source (assets/your_xray_example.vot) as astropy writes BINARY
and BINARY2 VOTables, for the reader's known-answer tests (cluster 5, HMXB 0.684173).

Run once, in a throwaway venv (astropy 8.0.2 was used):

    /tmp/venv/bin/python tests/votable/make_examples.py
"""
import pathlib
import warnings

from astropy.io.votable import from_table, parse_single_table

ROOT = pathlib.Path(__file__).resolve().parents[2]

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    for fmt in ("binary", "binary2"):
        table = parse_single_table(str(ROOT / "assets/your_xray_example.vot")).to_table(use_names_over_ids=True)
        vot = from_table(table)
        vot.get_first_table().format = fmt
        vot.to_xml(str(ROOT / f"tests/votable/example_{fmt}.vot"))
