"""Small pure helpers: safe CSV export, Markdown escaping, URL filters."""

from __future__ import annotations

import csv
import io
import re

import numpy as np
import pandas as pd

from proxyatlas import export
from proxyatlas.text import md, safe_url


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


def test_markdown_escaping_leaves_no_live_syntax():
    text = md("[click](javascript:alert(1)) <img src=x onerror=alert(1)> :red[x] **b** $x$ \x00end")
    assert "\x00" not in text
    # every character Markdown could act on is backslash-escaped
    assert re.search(r"(?<!\\)[\[\]()<>:*$]", text) is None
    assert text.startswith(r"\[click\]\(javascript\:alert")
    assert md("x" * 100, limit=10) == "x" * 9 + "…"


def test_only_http_urls_become_links():
    assert safe_url("https://www.state.gov/x") == "https://www.state.gov/x"
    assert safe_url("https://en.wikipedia.org/wiki/A_(b)") == "https://en.wikipedia.org/wiki/A_%28b%29"
    for bad in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<b>", "ftp://x", "https://a b", None, ""):
        assert safe_url(bad) is None


def test_allowlist_by_address_and_domain():
    from proxyatlas.access import allowed, parse_allowlist

    allow = parse_allowlist(" analyst@agency.example, @briefing.example ,")
    assert allow == ("analyst@agency.example", "@briefing.example")
    assert allowed("Analyst@Agency.example", allow)
    assert allowed("anyone@briefing.example", allow)
    assert not allowed("other@agency.example", allow)
    assert not allowed("x@briefing.example.evil", allow)
    assert not allowed(None, allow)
    assert allowed("anyone@anywhere.example", ())


def test_markdown_escaping_defeats_autolinks():
    text = md("see http://evil.example, www.evil.example and someone@evil.example")
    assert "\\:/" not in text and "www\\." not in text.lower() and "e@" not in text
    assert "http\\:\u2060//evil" in text  # reads the same; the invisible joiner breaks the autolink
