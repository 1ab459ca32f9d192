#!/usr/bin/env python3
"""Writes the FITS test files of tests/fits/ and tests/corpus/ with astropy, and what astropy
reads back from each (tests/fits/*.json), so the Rust tests need no Python.

Run once, in a throwaway venv:
    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install astropy numpy
    /tmp/venv/bin/python scripts/gen_fits_fixtures.py
(made with astropy 8.0.2, numpy 2.4.6)
"""
import json
import math
import pathlib

import numpy as np
from astropy.io import fits
from astropy.io.votable import parse_single_table

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fits"
CORPUS = ROOT / "tests" / "corpus"


def plain(v):
    """A JSON value for what astropy returns for one cell."""
    if v is np.ma.masked or v is None:
        return None
    if isinstance(v, (bytes, np.bytes_)):
        return v.decode("ascii")
    if isinstance(v, (str, np.str_)):
        return str(v)
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (np.integer, int)):
        return int(v)
    if isinstance(v, np.ndarray):
        return [plain(x) for x in v]
    f = float(v)
    return None if math.isnan(f) else f


def dump(path, hdu):
    """What astropy reads from `path`'s HDU `hdu`: names and rows, values scaled by
    TSCAL/TZERO, and null (None) where the stored integer equals TNULL (as the standard
    says; astropy's Table.read compares the scaled value instead) or a real is NaN."""
    with fits.open(path) as f:
        h = f[hdu]
        raw = h.data.base  # the stored values, before scaling
        rows = []
        for i in range(len(h.data)):
            row = []
            for j, c in enumerate(h.columns):
                v = plain(h.data.field(j)[i])
                if c.null is not None and raw.field(j)[i] == c.null:
                    v = None
                row.append(v)
            rows.append(row)
        json.dump({"names": h.columns.names, "rows": rows}, open(str(path) + ".json", "w"), indent=1)


def example():
    """The paper's example VOTable as a FITS table, as astropy writes it (masked ints → TNULL)."""
    t = parse_single_table(str(ROOT / "assets" / "your_xray_example.vot")).to_table(use_names_over_ids=True)
    for c in t.columns.values():  # variable-length char (arraysize="*") as fixed-width text
        if c.dtype == object:
            t[c.name] = c.astype(str)
    t.write(OUT / "example.fits", format="fits", overwrite=True)
    dump(OUT / "example.fits", 1)


def types():
    """Every scalar type xclass reads, with TNULL, TSCAL and TZERO, an array and a bit column."""
    n = 4
    cols = [
        fits.Column(name="name", format="12A", array=np.array(["a", "bb b", "", "2CXO J1"])),
        fits.Column(name="obsid", format="J", null=-1, array=np.array([4884, -1, 7, 2147483647], dtype=">i4")),
        fits.Column(name="hard_hm", format="E", array=np.array([0.25, np.nan, -0.5, 1e-3], dtype=">f4")),
        fits.Column(name="hard_hs", format="D", array=np.array([0.1, -0.2, np.nan, 0.3])),
        # Stored integers, scaled below: value = 0.001 * stored - 1; -32768 is the TNULL.
        fits.Column(name="hard_ms", format="I", null=-32768, array=np.array([1000, 0, 1500, -32768], dtype=">i2")),
        # Unsigned 16-bit: TZERO = 32768 below.
        fits.Column(name="var_prob_b", format="I", array=np.array([-32768, -32767, 32767, 7232], dtype=">i2")),
        fits.Column(name="bb_kt", format="K", null=-9223372036854775808,
                    array=np.array([2, -9223372036854775808, 0, 5], dtype=">i8")),
        fits.Column(name="var_prob_h", format="B", null=255, array=np.array([0, 1, 255, 200], dtype=np.uint8)),
        # Scaled reals: value = 2 * stored + 0.5.
        fits.Column(name="powlaw_gamma", format="E", array=np.array([1.0, 2.0, 0.5, 3.5], dtype=">f4")),
        fits.Column(name="class", format="L", array=np.array([True, False, True, False])),
        fits.Column(name="spectrum", format="3D", array=np.arange(3 * n, dtype=float).reshape(n, 3)),
        fits.Column(name="flags", format="11X", array=np.zeros((n, 11), dtype=bool)),
        fits.Column(name="ra", format="D", array=np.array([359.9999, 0.0001, 180.0, 10.78])),
        fits.Column(name="dec", format="E", array=np.array([89.9, -89.9, 0.0, -9.38], dtype=">f4")),
    ]
    hdu = fits.BinTableHDU.from_columns(cols, name="TYPES")
    hdu.writeto(OUT / "types.fits", overwrite=True)
    # The scaling keywords added to the written header, so the stored values stay as above
    # (astropy would otherwise scale the arrays back on writing).
    raw = (OUT / "types.fits").read_bytes()
    with fits.open(OUT / "types.fits") as f:
        header = f[1].header.copy()
        start = f[1]._data_offset
    for name, scale, zero in [("hard_ms", 0.001, -1.0), ("var_prob_b", 1, 32768), ("powlaw_gamma", 2.0, 0.5)]:
        n = [c.name for c in cols].index(name) + 1
        header.insert(f"TFORM{n}", (f"TSCAL{n}", scale), after=True)
        header.insert(f"TSCAL{n}", (f"TZERO{n}", zero), after=True)
    (OUT / "types.fits").write_bytes(fits.PrimaryHDU().header.tostring().encode() + header.tostring().encode() + raw[start:])
    dump(OUT / "types.fits", 1)


def multi():
    """A primary image, an IMAGE extension, an unrelated table, then the example's table."""
    with fits.open(OUT / "example.fits") as ex:
        table = fits.BinTableHDU(ex[1].data, ex[1].header, name="DETECTIONS")
        primary = fits.PrimaryHDU(np.arange(12, dtype=">i2").reshape(3, 4))
        image = fits.ImageHDU(np.ones((5, 7), dtype=">f4"), name="SKY")
        other = fits.BinTableHDU.from_columns([fits.Column(name="x", format="D", array=np.array([1.0, 2.0]))], name="OTHER")
        fits.HDUList([primary, image, other, table]).writeto(OUT / "multi.fits", overwrite=True)
    dump(OUT / "multi.fits", 3)


def corpus():
    """Bad FITS files made from the example's bytes, each with the line xclass must print."""
    good = (OUT / "example.fits").read_bytes()
    header_end = good.index(b"END" + b" " * 77, 2880)
    data_start = (header_end // 2880 + 1) * 2880

    def card(text):
        return text.ljust(80).encode()

    def replace(data, keyword, value):
        i = data.index(keyword.ljust(8).encode() + b"=", 2880)
        return data[:i] + card(f"{keyword:<8}= {value:>20}") + data[i + 80:]

    cases = {
        # The file cut inside the table's header.
        "fits_truncated_header": (good[: 2880 + 1000], "HDU 1: the header ends without an END card"),
        # The data unit cut before its one row ends.
        "fits_truncated_data": (good[: data_start + 40], "NAXIS2 = 1 rows"),
        # NAXIS2 says 1000 rows; there is one (a few more would fit in the zero padding, and be
        # a valid file of zero rows).
        "fits_naxis2_too_big": (replace(good, "NAXIS2", "1000"), "NAXIS2 = 1000 rows"),
        # NAXIS2 says no rows; the row is where the padding should be.
        "fits_naxis2_too_small": (replace(good, "NAXIS2", "0"), "the data go on after NAXIS2 = 0 rows"),
        # NAXIS1 disagrees with the columns.
        "fits_naxis1_wrong": (replace(good, "NAXIS1", "7"), "NAXIS1 = 7, but the columns (TFORMn) take"),
        # The END card of the table's header overwritten by data bytes.
        "fits_no_end": (good[:header_end] + b"\x00" * 80 + good[header_end + 80:], "no END card"),
        # NAXIS1 x NAXIS2 absurd: the product overflows 64 bits.
        "fits_absurd_size": (replace(replace(good, "NAXIS2", "9223372036854775807"), "NAXIS1", "16000"),
                             "the data size overflows (at NAXIS2)"),
        # A tile-compressed image, the only extension.
        "fits_compressed_image": (None, "HDU 1 (COMPRESSED_IMAGE): a tile-compressed image (ZIMAGE = T)"),
    }
    for name, (data, expect) in cases.items():
        path = CORPUS / f"{name}.fits"
        if data is None:
            comp = fits.CompImageHDU(np.arange(100, dtype=">i4").reshape(10, 10))
            fits.HDUList([fits.PrimaryHDU(), comp]).writeto(path, overwrite=True)
        else:
            path.write_bytes(data)
        (CORPUS / f"{name}.fits.expect").write_text(f"exit 2\n{expect}\n")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    CORPUS.mkdir(parents=True, exist_ok=True)
    example()
    types()
    multi()
    corpus()
