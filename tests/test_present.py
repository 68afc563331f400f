"""The presenter view (?present=1) under AppTest: the marking, the filters as one line and the title at the
top, one section of the Briefing page per slide (&slide=N), and links that keep the view and the mode."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest
from streamlit.testing.v1 import AppTest

from .conftest import TINY
from .test_page_marking import top_marking
from .test_pages import open_page

VIEW = {"from": "2023-10-01", "to": "2024-06-30", "conf": "moderate"}
SECTIONS = ["The view in figures", "Latest events", "Most contested attributions", "Key changes in the window"]


def links(at: AppTest) -> dict[str, dict]:
    return {link.proto.label: parse_qs(link.proto.query_string) for link in at.main.get("page_link")}


def test_the_briefing_page_links_to_its_presenter_view_keeping_the_filters(monkeypatch):
    at = open_page("app.py", TINY, monkeypatch, **VIEW)
    found = [q for label, q in links(at).items() if label.startswith("Presenter view")]
    assert found == [{"from": ["2023-10-01"], "to": ["2024-06-30"], "conf": ["moderate"], "present": ["1"]}]
    assert not [e for e in at.get("text") if str(e.value).startswith("Window:")]  # no filters line at a desk


def test_the_presenter_view_starts_with_marking_filters_line_and_title(monkeypatch):
    at = open_page("app.py", TINY, monkeypatch, present="1", **VIEW)
    assert top_marking(at) == "TLP:CLEAR"
    shown = [e for e in at.main.children.values()]
    assert shown[1].type == "text" and shown[1].value == (
        "Window: 2023-10-01 to 2024-06-30 · Sponsor network: All actors · Countries: All · Actor kinds: All · "
        "Minimum confidence of ties: moderate")
    assert shown[2].type == "title" and shown[2].value == "Briefing"


@pytest.mark.parametrize("slide", [1, 2, 3, 4])
def test_each_section_of_the_briefing_is_a_slide_of_its_own(slide, monkeypatch):
    at = open_page("app.py", TINY, monkeypatch, present="1", slide=str(slide), **VIEW)
    assert not at.exception, at.exception
    assert f"Slide {slide} of 4: {SECTIONS[slide - 1]}." in [c.value[: len(f"Slide {slide} of 4: {SECTIONS[slide - 1]}.")] for c in at.caption]
    headings = [s.value for s in at.subheader]
    assert headings == ([] if slide == 1 else [SECTIONS[slide - 1]])
    assert bool(at.metric) == (slide == 1)  # the figures only on their own slide
    assert not [e for e in at.get("expander")]  # the pack's downloads stay on the desk view
    got = links(at)
    kept = {"from": ["2023-10-01"], "to": ["2024-06-30"], "conf": ["moderate"]}
    nav = {label.split(":")[0]: q for label, q in got.items() if label.split(":")[0] in ("Previous", "Next")}
    expected = {}
    if slide > 1:
        expected["Previous"] = {**kept, "present": ["1"], "slide": [str(slide - 1)]}
    if slide < 4:
        expected["Next"] = {**kept, "present": ["1"], "slide": [str(slide + 1)]}
    assert nav == expected
    assert got["Leave the presenter view"] == kept


def test_a_slide_out_of_range_or_garbled_shows_the_nearest(monkeypatch):
    for slide, shown in (("9", 4), ("0", 1), ("two", 1)):
        at = open_page("app.py", TINY, monkeypatch, present="1", slide=slide)
        assert any(c.value.startswith(f"Slide {shown} of 4") for c in at.caption), slide


def test_the_desk_view_shows_every_section(monkeypatch):
    at = open_page("app.py", TINY, monkeypatch, slide="2")
    assert [s.value for s in at.subheader] == SECTIONS[1:]
    assert len(at.metric) == 6


def test_links_from_a_page_in_the_presenter_view_stay_in_it(monkeypatch):
    at = open_page("pages/2_Timeline.py", TINY, monkeypatch, present="1", **VIEW)
    assert top_marking(at) == "TLP:CLEAR"
    menu = {link.proto.label: parse_qs(link.proto.query_string) for link in at.sidebar.get("page_link")}
    assert menu["Briefing"]["present"] == ["1"] and menu["Network"]["conf"] == ["moderate"]
