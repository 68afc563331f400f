"""What a briefer reads of claims contract v2 and of the sources' checkability, on the real pages."""

from __future__ import annotations

import re

from proxyatlas.config import BUNDLED_DATA

from .conftest import FIXTURES
from .test_pages import open_page, texts


def test_attribution_lists_each_statement_once_with_its_sources(monkeypatch):
    at = open_page("pages/3_Attribution.py", BUNDLED_DATA, monkeypatch, event="oct7_attack")
    assert not at.exception
    shown = texts(at)
    # the IRGC's 27 Dec remarks: what was said (credit), on five outlets, and the seed's reading (responsibility)
    assert len(re.findall(r"\*\*Islamic Revolutionary Guard Corps\*\* asserts \*\*credit\*\*", shown)) == 1
    assert len(re.findall(r"\*\*Islamic Revolutionary Guard Corps\*\* asserts \*\*responsibility\*\*", shown)) == 1
    assert "Reported by 5 sources, weighed as the most reliable: reliability C · credibility 4" in shown
    # each source on its own line: a described title says it is one, a headline is quoted
    assert "Al Arabiya English, 27 Dec 2023: “Iran\\'s IRGC says Oct\\. 7 attacks" in shown
    assert re.search(r"Al Jazeera, 27 Dec 2023: Al Jazeera report on IRGC .*\(a description: the headline is not "
                     r"confirmed\)", shown)
    assert "[Al Jazeera report" not in shown.replace("\\[", "[")
    claims = at.dataframe[-1].value
    assert "Source list" not in claims and {"Sources", "Reported by", "Note"} <= set(claims.columns)


def test_the_score_counts_statements_not_the_outlets_repeating_them(monkeypatch):
    at = open_page("pages/3_Attribution.py", FIXTURES / "attribution", monkeypatch, event="ev_denied")
    ranking = at.dataframe[0].value.set_index("Title")
    assert ranking.loc["Denied", "Contest score"] == 1.9 and ranking.loc["Denied", "Claims"] == 3
    assert "Reported by 2 sources, weighed as the most reliable: reliability B" in texts(at)


def test_sources_are_marked_by_what_a_reader_can_check(monkeypatch):
    at = open_page("pages/6_Sources.py", FIXTURES / "attribution", monkeypatch, source="s_c")
    table = at.dataframe[0].value.set_index("Title")  # the screen table names sources by title, not id
    assert table.loc["Grade A record", "Checkable"] == "URL given · title confirmed"
    assert table.loc["Grade B report", "Checkable"] == "no URL · title confirmed"
    assert table.loc["[Grade C report described]", "Checkable"] == "no URL · title described"
    assert [h.value for h in at.subheader][-1] == "Grade C report described (a description: the headline is not confirmed)"
    at = open_page("pages/7_Data.py", FIXTURES / "attribution", monkeypatch)
    assert ("Sources a reader can check: 1 of 6 give a URL; 5 have a confirmed title and 1 only a description "
            "of the document in [brackets]; 1 have neither a URL nor a confirmed title.") in texts(at)
