"""The marking at the top of every page: the highest marking of any row the page shows, under the
deployment's ceiling, in TLP colours on black as the briefing pack shows it."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from proxyatlas.markings import COLOURS

from .test_markings import MARKINGS
from .test_pages import PAGES, open_page

# A window of the markings fixture that holds only TLP:CLEAR rows: 2019, before every marked tie and event.
CLEAR_WINDOW = {"from": "2019-01-01", "to": "2019-12-31"}
WHOLE_DATA = ["pages/6_Sources.py", "pages/7_Data.py", "pages/8_What_changed.py"]  # the filters do not apply


def top_marking(at: AppTest) -> str:
    """The marking the page draws first in its main area, checked to be drawn as the pack draws it."""
    assert not at.exception, at.exception
    first = next(iter(at.main.children.values()))
    body = first.proto.body if first.type == "html" else ""
    found = re.search(r'data-marking="(TLP:[A-Z]+)"', body)
    assert found, f"the page does not start with its marking: {body[:200]!r}"
    marking = found.group(1)
    assert f"color:{COLOURS[marking]}" in body and "background:#000" in body  # TLP 2.0: its colour on black
    assert f">{marking}</strong>" in body
    return marking


@pytest.mark.parametrize("page", PAGES)
def test_a_page_showing_an_amber_row_is_marked_amber_when_the_ceiling_allows_it(page, monkeypatch):
    assert top_marking(open_page(page, MARKINGS, monkeypatch, marking="TLP:AMBER")) == "TLP:AMBER"


@pytest.mark.parametrize("page", ["app.py", "pages/2_Timeline.py", "pages/6_Sources.py"])
def test_the_marking_is_never_above_the_ceiling(page, monkeypatch):
    assert top_marking(open_page(page, MARKINGS, monkeypatch, marking="TLP:GREEN")) == "TLP:GREEN"
    assert top_marking(open_page(page, MARKINGS, monkeypatch, marking="TLP:RED")) == "TLP:RED"


@pytest.mark.parametrize("page", [p for p in PAGES if p not in WHOLE_DATA and p != "pages/4_Actors.py"])
def test_a_view_of_only_clear_rows_is_marked_clear(page, monkeypatch):
    assert top_marking(open_page(page, MARKINGS, monkeypatch, marking="TLP:AMBER", **CLEAR_WINDOW)) == "TLP:CLEAR"


@pytest.mark.parametrize("page", WHOLE_DATA)
def test_a_page_of_the_whole_data_is_marked_by_all_of_it_whatever_the_filters(page, monkeypatch):
    assert top_marking(open_page(page, MARKINGS, monkeypatch, marking="TLP:AMBER", **CLEAR_WINDOW)) == "TLP:AMBER"


def test_an_actor_profile_counts_its_own_rows_whatever_the_filters(monkeypatch):
    def actor(name: str) -> str:
        return top_marking(open_page("pages/4_Actors.py", MARKINGS, monkeypatch, marking="TLP:AMBER",
                                     actor=name, **CLEAR_WINDOW))
    assert actor("wsj") == "TLP:CLEAR"  # its claim and its source are unmarked
    assert actor("group_amber") == "TLP:AMBER"  # the actor itself, its tie, its event
    assert actor("iran") == "TLP:AMBER"  # a claim it made (c_amber) is AMBER
