"""Records what astropy reads from the VOTable files of its own test data, as the JSON fixture
`astropy/expected.json` that xclass's VOTable reader is compared with (no Python at test time).

Run once, in a throwaway venv (astropy 8.0.2 was used):

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install astropy==8.0.2
    /tmp/venv/bin/python tests/votable/record_astropy.py

Also records what astropy reads from xclass's own VOTable export (`export_sample.json`).

For each file: the first table as astropy's `parse(...).get_first_table()` returns it (row
count, FIELD names, datatypes, arraysizes and the scalar cells of the first rows: numbers,
strings, booleans, null for masked, infinities as {"float": "inf"}, arrays not recorded), or the error astropy raises.
"""
import json
import math
import pathlib
import warnings

import numpy as np
from astropy.io.votable import parse

HERE = pathlib.Path(__file__).parent / "astropy"
ROWS = 5


def cell(v):
    if v is np.ma.masked:
        return None
    if isinstance(v, np.ma.MaskedArray) or (isinstance(v, np.ndarray) and v.ndim > 0):
        return {"array": True}
    if isinstance(v, bytes):
        v = v.decode("utf-8")
    if isinstance(v, str):
        return v
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (np.integer, int)):
        return int(v)
    if isinstance(v, (np.floating, float)):
        if math.isinf(v):
            return {"float": "inf" if v > 0 else "-inf"}
        return None if math.isnan(v) else float(v)
    return {"other": str(type(v))}


def record(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            table = parse(str(path)).get_first_table()
        except Exception as e:  # what astropy refuses, xclass must refuse with a message
            return {"error": f"{type(e).__name__}: {e}"}
    fields = table.fields
    data = table.array
    rows = [[cell(data[data.dtype.names[j]][i]) for j in range(len(fields))] for i in range(min(ROWS, len(data)))] if fields else []
    return {
        "rows": len(data),
        "names": [f.name for f in fields],
        "datatypes": [f.datatype for f in fields],
        "arraysizes": [f.arraysize for f in fields],
        "first_rows": rows,
    }


def export_sample():
    """What astropy reads from xclass's VOTable export (`export_sample.vot`, written by
    `OutTable::to_votable`): every cell, and the FIELDs' datatypes and units."""
    path = HERE.parent / "export_sample.vot"
    table = parse(str(path)).get_first_table()
    data = table.array
    return {
        "names": [f.name for f in table.fields],
        "datatypes": [f.datatype for f in table.fields],
        "units": [None if f.unit is None else str(f.unit) for f in table.fields],
        "rows": [[cell(data[n][i]) for n in data.dtype.names] for i in range(len(data))],
    }


def main():
    out = {p.name: record(p) for p in sorted(HERE.glob("*.xml"))}
    (HERE / "expected.json").write_text(json.dumps(out, indent=1, sort_keys=True, allow_nan=False) + "\n")
    sample = json.dumps(export_sample(), indent=1, ensure_ascii=False, allow_nan=False)
    (HERE.parent / "export_sample.json").write_text(sample + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
