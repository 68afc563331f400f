"""Hostile text in every field of every file stays text on every page (AppTest level;
tests/browser/ checks the same corpus in a real browser, where scripts could run, and fetches
its CSV downloads)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from proxyatlas import graph_wire
from proxyatlas.config import BUNDLED_DATA

from .conftest import FIXTURES
from .test_markings import everything_shown
from .test_pages import PAGES, open_page

HOSTILE = FIXTURES / "hostile"
NETWORK_JS = (Path(__file__).resolve().parents[1] / "dashboard" / "network.js").read_text(encoding="utf-8")
IMPORTS = FIXTURES / "imports"
RAW_PAYLOADS = ["<script>window.__pwned", "<img src=x", "<svg onload", '<a href="javascript']
# Markdown that would act: an unescaped link to anything but http(s), an image, an HTML tag,
# a colour directive or a formula. (The app itself links source titles to http(s) URLs.)
LIVE_MARKDOWN = re.compile(r"(?<!\\)(\]\((?!https?://)|!\[|<(script|img|svg|a )|:red\[|\$x)")

VISITS = [(page, {}) for page in PAGES] + [
    ("pages/3_Attribution.py", {"event": "oct7_attack"}),
    ("pages/4_Actors.py", {"actor": "iran"}),
    ("pages/4_Actors.py", {"actor": "hezbollah"}),
    ("pages/6_Sources.py", {"source": "wsj_2023_10_08"}),
    ("pages/6_Sources.py", {"source": "seed_article"}),
]


def open_hostile(page: str, monkeypatch, **query) -> AppTest:
    return open_page(page, HOSTILE, monkeypatch, **query)


@pytest.mark.parametrize("page,query", VISITS, ids=[f"{p}{q}" for p, q in VISITS])
def test_every_page_opens_and_shows_hostile_text_as_text(page, query, monkeypatch):
    at = open_hostile(page, monkeypatch, **query)
    assert_hostile_text_is_text(at)


# The Network page's own widgets name actors in what it writes: the focus in the caption, A and B
# in the path's summary. Iran (the <img onerror> payload) is the focus, and one end of the path.
# (As of 1950, before any tie began, Iran and Hezbollah are not connected: the other summary.)
NETWORK_PICKS = {
    "focus": ({"net_focus": "iran"}, "caption", "2-hop network of"),
    "path": ({"net_paths": True, "net_a": "iran", "net_b": "hezbollah"}, "success", "shortest path(s)"),
    "not-connected": ({"net_paths": True, "net_a": "iran", "net_b": "hezbollah", "net_as_of": date(1950, 1, 1)}, "info",
                      "are not connected"),
}


@pytest.mark.parametrize("picks,kind,says", NETWORK_PICKS.values(), ids=NETWORK_PICKS)
def test_network_focus_and_path_show_hostile_names_as_text(picks, kind, says, monkeypatch):
    at = open_hostile("pages/1_Network.py", monkeypatch)
    if picks.get("net_paths"):  # A and B are asked for once the reader says so
        at.toggle(key="net_paths").set_value(True).run()
    for key, value in picks.items():
        if key != "net_paths":
            (at.date_input if key == "net_as_of" else at.selectbox)(key=key).set_value(value)
    at.run()
    lines = [str(e.value) for e in at.get(kind) if says in str(e.value)]
    assert lines and "onerror" in lines[0], f"no {kind} names Iran: {[str(e.value) for e in at.get(kind)]}"
    assert_hostile_text_is_text(at)


def assert_hostile_text_is_text(at: AppTest) -> None:
    """Nothing the page sent would act: no live Markdown, no raw payload in the graph or a chart's spec."""
    assert not at.exception, at.exception
    for kind in ("markdown", "caption", "header", "subheader", "title", "success", "info", "warning", "error"):
        for el in at.get(kind):
            assert not LIVE_MARKDOWN.search(str(el.value)), f"live Markdown in a {kind}: {el.value[:200]!r}"
    for link in at.get("page_link"):
        assert not LIVE_MARKDOWN.search(link.proto.label)
    for drawn in at.get("bidi_component"):  # the graph: the page's own code, the data only as JSON
        assert drawn.proto.js_content == NETWORK_JS and drawn.proto.html_content.startswith('<div class="pa-network">')
        for raw in RAW_PAYLOADS:
            assert raw not in drawn.proto.html_content + drawn.proto.css_content
        data = json.loads(drawn.proto.bytes)
        assert data["script"].endswith("/app/static/vis-network/vis-network.min.js")
        assert all(isinstance(t, (str, dict, bool)) for t in data["view"]["text"])  # strings, and arrowheads', curves', dashes' settings
        drawing = graph_wire.unpacked(data["view"])  # what network.js rebuilds from the columns
        assert drawing["nodes"] and all(isinstance(n["label"], str) and isinstance(n["title"], str)
                                        for n in drawing["nodes"])
    for chart in at.get("vega_lite_chart"):
        spec = chart.proto.spec
        for raw in RAW_PAYLOADS:  # untrusted text travels only as data, never in the spec
            assert raw not in spec


def test_search_with_hostile_query_and_results(monkeypatch):
    at = open_hostile("app.py", monkeypatch)
    at.sidebar.text_input(key="f_search").input("<script>").run()
    assert not at.exception
    labels = [link.proto.label for link in at.sidebar.get("page_link")]
    assert labels and all(not LIVE_MARKDOWN.search(label) for label in labels)


def test_only_http_links_on_the_sources_page(monkeypatch):
    at = open_hostile("pages/6_Sources.py", monkeypatch)
    urls = [u for df in at.dataframe if "Link" in df.value for u in df.value["Link"] if u]
    assert urls and set(urls) == {"https://example.org/ok"}  # javascript:, data:, vbscript: dropped
    shown = everything_shown(at)
    assert "javascript:window.__pwned" not in "\n".join(m.value for m in at.get("markdown"))
    assert "Data as of" in shown



# --- imported rows: a hostile ACLED export ------------------------------------------------------

HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">'


@pytest.fixture(scope="module")
def hostile_import(tmp_path_factory) -> Path:
    """The bundled data with the ACLED fixture imported: its notes carry script, HTML, a javascript:
    link, a colour directive and a formula, and an unmatched actor is named by an HTML payload."""
    folder = tmp_path_factory.mktemp("hostile_import") / "data"
    shutil.copytree(BUNDLED_DATA, folder)
    export = folder.parent / "acled.csv"
    export.write_text((IMPORTS / "acled.csv").read_text(encoding="utf-8")
                      .replace("Unidentified Armed Group (Syria)", HOSTILE_NAME.replace('"', "'")), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "proxyatlas", "import", "acled", str(export), "--data", str(folder)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return folder


IMPORT_VISITS = [(page, {}) for page in PAGES] + [
    ("pages/4_Actors.py", {"actor": "hezbollah"}),  # the imported events of an actor
    ("pages/6_Sources.py", {"source": "import_acled_acled"}),  # the release and the facts resting on it
]


@pytest.mark.parametrize("page,query", IMPORT_VISITS, ids=[f"{p}{q}" for p, q in IMPORT_VISITS])
def test_hostile_text_in_an_import_is_text_on_every_page(page, query, hostile_import, monkeypatch):
    at = open_page(page, hostile_import, monkeypatch, **query)
    assert_hostile_text_is_text(at)
    if page == "pages/7_Data.py":  # the payloads did reach a page: the events table, the unmatched names
        shown = everything_shown(at)
        assert "<script>window.__pwned=1</script>" in shown and HOSTILE_NAME.replace('"', "'") in shown
