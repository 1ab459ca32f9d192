#!/usr/bin/env python3
"""Writes crates/core/tests/fixtures/csv_quotes.json: random CSV files full of quotes (stray
quotes inside unquoted fields, quoted fields with delimiters, doubled quotes and line breaks,
text after a closing quote, unterminated quotes), with what Python's csv module reads from
each: every record's cells and the line it starts on, and whether the file ends inside a
quoted field (which xclass reports as an error where Python's non-strict reader merges).

Usage: python3 scripts/gen_csv_quotes.py   (deterministic: seeded)
"""
import csv
import io
import json
import random
from pathlib import Path

rng = random.Random(14)
# No letters that could spell a number, nan, inf or a missing token.
WORD = "SRCJQXYZ "


def word(n=4):
    return "".join(rng.choice(WORD) for _ in range(rng.randint(1, n))).strip() or "S"


def cell(numeric):
    base = f"{rng.randint(0, 9)}.{rng.randint(0, 99)}" if numeric else word()
    k = rng.random()
    if k < 0.45 or (numeric and k < 0.9):
        return base
    if k < 0.60:  # a stray quote inside an unquoted field: data
        i = rng.randint(1, len(base))
        return base[:i] + '"' + base[i:]
    if k < 0.70:  # a quoted field holding a delimiter, doubled quotes or a line break
        inner = base + rng.choice([",", '""', "\n", "\r\n", ""]) + word(2)
        return f'"{inner}"'
    if k < 0.75:  # text after the closing quote
        return f'"{base}"{word(2)}'
    if k < 0.80:  # spaces before an opening quote: the quote is data
        return f' "{base}"'
    if k < 0.83:  # a lone quote opening a field (often never closed)
        return '"' + base
    if k < 0.88:
        return ""
    return base + ' "' + word(2)


def sentinel_rows(text):
    return list(csv.reader(io.StringIO(text, newline="")))


def case():
    nl = rng.choice(["\n", "\r\n"])
    header = rng.choice(["name,hard_hm,class", '"name",hard_hm,class', 'name,"hard_hm",class'])
    lines = [header]
    for _ in range(rng.randint(1, 8)):
        lines.append(",".join([cell(False), cell(True), cell(False)]))
        if rng.random() < 0.15:
            lines.append("")
    text = nl.join(lines) + (nl if rng.random() < 0.7 else "")
    rows, starts, line = [], [], 1
    reader = csv.reader(io.StringIO(text, newline=""))
    for row in reader:
        if row:
            rows.append(row)
            starts.append(line)
        line = reader.line_num + 1
    # A sentinel line after the text joins the last field if the text ends inside quotes.
    unterminated = sentinel_rows(text + "\n\x01END")[-1] != ["\x01END"]
    return {"text": text, "records": [{"line": s, "cells": r} for s, r in zip(starts, rows)], "unterminated": unterminated}


cases = [case() for _ in range(400)]
out = Path(__file__).resolve().parent.parent / "crates/core/tests/fixtures/csv_quotes.json"
out.write_text("[\n" + ",\n".join(json.dumps(c) for c in cases) + "\n]\n")
print(f"{out}: {len(cases)} files, {sum(c['unterminated'] for c in cases)} end inside quotes")
