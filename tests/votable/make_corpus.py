"""Writes the malformed and awkward VOTables of the input corpus (tests/corpus/*.vot) with
their expectations (NAME.vot.expect: the CLI's exit status, a substring of its stderr or `-`,
optionally `rows N`). Plain Python, no dependency; run once from the repository root:

    python3 tests/votable/make_corpus.py
"""
import base64
import pathlib
import struct

OUT = pathlib.Path(__file__).resolve().parents[1] / "corpus"

FIELDS = """<FIELD name="name" datatype="char" arraysize="*"/>
<FIELD name="hard_hm" datatype="double"/>
<FIELD name="hard_hs" datatype="double"/>
<FIELD name="hard_ms" datatype="double"/>
<FIELD name="bb_kt" datatype="float"/>
"""


def votable(data, fields=FIELDS, head="", version="1.4"):
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<VOTABLE version="{version}" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
{head}<RESOURCE type="results">
<TABLE>
{fields}{data}
</TABLE>
</RESOURCE>
</VOTABLE>
"""


def row(name, hm, hs, ms, kt, binary2=False, nulls=0):
    b = struct.pack(">I", len(name)) + name.encode() + struct.pack(">dddf", hm, hs, ms, kt)
    return (bytes([nulls]) + b) if binary2 else b


def stream(payload, what="BINARY", attrs='encoding="base64"'):
    return f"<DATA><{what}>\n<STREAM {attrs}>\n{payload}\n</STREAM>\n</{what}></DATA>"


def b64(b):
    text = base64.b64encode(b).decode()
    return "\n".join(text[i:i + 76] for i in range(0, len(text), 76))


ROW1 = row("src A", 0.1, -0.2, 0.3, 1.5)
ROW2 = row("src B", -0.5, 0.25, 0.75, 0.5)
ROW1_2 = row("src A", 0.1, -0.2, 0.3, 1.5, binary2=True)
ROW2_2 = row("src B", -0.5, 0.25, 0.75, 0.5, binary2=True, nulls=0b0100_1000)  # hard_hm, bb_kt null
TD = "<DATA><TABLEDATA>\n<TR><TD>src A</TD><TD>0.1</TD><TD>-0.2</TD><TD>0.3</TD><TD>1.5</TD></TR>\n</TABLEDATA></DATA>"

CASES = {
    # Section 1: a binary stream that does not decode is an error that says where.
    "binary_garbage_base64": (votable(stream("!!!! this is not base64 at all ????")), 2, "is not valid base64: '!' at character 1"),
    "binary_truncated_row": (votable(stream(b64(ROW1 + ROW2[:-6]))), 2, "row 2: the BINARY stream (STREAM at line 11) ends inside this row, in column hard_ms"),
    "binary2_truncated_row": (votable(stream(b64(ROW1_2 + ROW2_2[:9]), "BINARY2")), 2, "row 2: the BINARY2 stream (STREAM at line 11) ends inside this row, in column name"),
    "binary_bad_padding": (votable(stream(b64(ROW1)[:8] + "=" + b64(ROW1)[9:])), 2, "is not valid base64"),
    "binary_huge_array_count": (votable(stream(b64(b"\xff\xff\xff\xff" + ROW1[4:]))), 2, "column name declares an array of 4294967295"),
    "binary_file_cut_in_stream": (votable(stream(b64(ROW1 + ROW2)))[:420], 2, "ends inside the BINARY stream"),
    "binary_markup_in_stream": (votable(stream(b64(ROW1) + "<!-- a comment -->" + b64(ROW2))), 2, "the BINARY stream (STREAM at line 11) holds a comment; only base64 text may be inside"),
    "binary_good": (votable(stream(b64(ROW1 + ROW2))), 0, "-", 2),
    "binary2_nulls": (votable(stream(b64(ROW1_2 + ROW2_2), "BINARY2")), 0, "-", 2),
    # Section 3: links are never followed; unsupported encodings say so.
    "stream_href_remote": (votable(stream("", attrs='href="http://example.org/rows.bin"').replace("\n\n</STREAM>", "").replace('"http://example.org/rows.bin">', '"http://example.org/rows.bin"/>')), 2, "never fetches or opens"),
    "stream_href_local": (votable('<DATA><BINARY><STREAM href="file:///etc/passwd" encoding="base64"/></BINARY></DATA>'), 2, 'STREAM href="file:///etc/passwd"'),
    "stream_gzip": (votable(stream(b64(b"\x1f\x8b\x08\x00"), attrs='encoding="gzip"')), 2, "gzip-encoded STREAM"),
    "fits_data": (votable('<DATA><FITS extnum="1"><STREAM encoding="base64">U0lNUExF</STREAM></FITS></DATA>'), 2, "FITS-serialised"),
    "parquet_data": (votable('<DATA><PARQUET type="VOTable-remote-file"><STREAM href="t.parquet"/></PARQUET></DATA>'), 2, "Parquet-serialised"),
    "nested_groups": (votable(TD, head="<GROUP>" * 6000 + "</GROUP>" * 6000 + "\n"), 2, "nested deeper than 256 levels"),
    "nested_resources": ("<VOTABLE>" + "<RESOURCE>" * 20000 + "</RESOURCE>" * 20000 + "</VOTABLE>\n", 2, "nested deeper than 256 levels"),
    "nested_params_in_table": (votable(TD, fields=FIELDS + "<GROUP>" * 300 + "<PARAM name='p' datatype='int' value='1'/>" + "</GROUP>" * 300 + "\n"), 2, "nested deeper than 256 levels"),
    "entity_expansion": ('<?xml version="1.0"?>\n<!DOCTYPE VOTABLE [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
                         + votable(TD.replace("src A", "&b;")).split("\n", 1)[1], 2, "unknown entity &b;"),
    # Issue 18: what archives write is read.
    "archive_metadata": (votable(
        TD.replace("<TD>src A</TD>", "<TD>src A</TD><TD>T</TD><TD>Ceçi</TD>"),
        fields=FIELDS.replace('<FIELD name="hard_hm"', '<FIELD name="flag" datatype="boolean"/>\n<FIELD name="label" datatype="unicodeChar" arraysize="*"/>\n<FIELD name="hard_hm"'),
        head='<COOSYS ID="sys" system="eq_FK5" equinox="J2000"/>\n<COOSYS ID="gal" system="galactic_cartesian_whatever"/>\n<TIMESYS timeorigin="MJD-origin" timescale="TT" refposition="BARYCENTER"/>\n'
             '<VODML xmlns="http://www.ivoa.net/xml/mivot"><MODEL name="meas" url="https://ivoa.net/xml/VODML/Meas-v1.vo-dml.xml"/><TEMPLATES><INSTANCE dmtype="meas:Position"><ATTRIBUTE dmrole="x" ref="hard_hm"/></INSTANCE></TEMPLATES></VODML>\n',
        version="v1.0"), 0, "-", 1),
    "empty_table": (votable(""), 0, "no rows", 0),
    "empty_tabledata": (votable("<DATA><TABLEDATA></TABLEDATA></DATA>"), 0, "no rows", 0),
    "empty_binary_stream": (votable(stream("")), 0, "no rows", 0),
    "no_field": (votable("<DATA><TABLEDATA><TR></TR><TR></TR></TABLEDATA></DATA>", fields=""), 2, "declares no FIELD"),
    "no_table_service_error": ('<?xml version="1.0"?>\n<VOTABLE version="1.4"><RESOURCE type="results"><INFO name="QUERY_STATUS" value="ERROR">Query timed out</INFO></RESOURCE></VOTABLE>\n', 2, "holds no TABLE; the service that wrote it reports an error: Query timed out"),
    "not_a_votable": ('<?xml version="1.0"?>\n<html><body>502 Bad Gateway</body></html>\n', 2, "not a VOTable: its root element is <html>"),
    "tabledata_cut": (votable(TD)[:votable(TD).index("<TD>0.1") + 6], 2, "row 1: the file ends inside <TD>"),
    "tabledata_extra_cell": (votable(TD.replace("<TD>1.5</TD>", "<TD>1.5</TD><TD>9</TD>")), 2, "row 1: 6 cells, but the table declares 5 FIELDs"),
    "tabledata_element_in_td": (votable(TD.replace("<TD>0.1</TD>", "<TD><B>0.1</B></TD>")), 2, "unexpected <B> inside <TD>"),
}


def main():
    OUT.mkdir(exist_ok=True)
    for name, (text, status, stderr, *rows) in CASES.items():
        (OUT / f"{name}.vot").write_text(text, encoding="utf-8")
        expect = [f"exit {status}", stderr] + [f"rows {r}" for r in rows]
        (OUT / f"{name}.vot.expect").write_text("\n".join(expect) + "\n")


if __name__ == "__main__":
    main()
