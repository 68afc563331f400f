"""CSV downloads: a spreadsheet opening them evaluates nothing, and every value survives."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd

from proxyatlas import export


def read_back(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_export_makes_formula_cells_inert_and_keeps_the_rest():
    hostile = ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", "plain", "a=b", "", "عربي"]
    frame = pd.DataFrame({"cell": hostile, "n": range(len(hostile))})
    rows = read_back(export.to_csv(frame))
    assert rows[0] == ["cell", "n"]
    got = [r[0] for r in rows[1:]]
    assert got == ["'=HYPERLINK(\"http://x\")", "'+1", "'-2+3", "'@SUM(A1)", "'\tTAB", "'\rCR", "plain", "a=b", "", "عربي"]


def test_csv_export_writes_lists_numbers_and_missing_values():
    frame = pd.DataFrame({"ids": [["a", "b"], []], "x": [None, 1.5], "n": np.array([3, -4], dtype="int32"),
                          "arr": [np.array(["-x", "y"]), np.array([], dtype=object)]})
    assert read_back(export.to_csv(frame))[1:] == [["a;b", "", "3", "'-x;y"], ["", "1.5", "-4", ""]]


def test_csv_bytes_are_utf8_with_a_bom_and_crlf_lines():
    data = export.to_csv(pd.DataFrame({"name": ["Ḥizb", "x"]}))
    assert data == "\ufeffname\r\nḤizb\r\nx\r\n".encode("utf-8")


def test_header_cells_are_inert_too_and_the_index_is_not_written():
    frame = pd.DataFrame({"=cmd": ["a"], "ok": ["b"]}, index=["-idx"])
    assert read_back(export.to_csv(frame)) == [["'=cmd", "ok"], ["a", "b"]]


def test_tuples_missing_values_and_numbers_as_cells():
    frame = pd.DataFrame({"t": [("=a", "b"), None], "na": [pd.NA, float("nan")], "lon": [-77.04, 0.0]}, dtype=object)
    assert read_back(export.to_csv(frame))[1:] == [["'=a;b", "", "-77.04"], ["", "", "0.0"]]
    assert export.inert(-3) == -3 and export.inert("-3") == "'-3" and export.inert(None) is None
