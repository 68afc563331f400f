"""Every page runs for real under Streamlit's AppTest, on the tiny and the bundled data."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from proxyatlas import graph_wire, palette
from proxyatlas.config import BUNDLED_DATA
from proxyatlas.labels import TABLES

from .conftest import TINY

ROOT = Path(__file__).resolve().parent.parent

PAGES = ["app.py", "pages/1_Network.py", "pages/2_Timeline.py", "pages/3_Attribution.py", "pages/4_Actors.py",
         "pages/5_Map.py", "pages/6_Sources.py", "pages/7_Data.py", "pages/8_What_changed.py"]


def open_page(page: str, data: Path, monkeypatch, marking: str | None = None, **query) -> AppTest:
    """Run a page of the app on a data folder (at a marking ceiling), with URL query parameters."""
    monkeypatch.setenv("PROXYATLAS_DATA", str(data))
    if marking:
        monkeypatch.setenv("PROXYATLAS_MAX_MARKING", marking)
    else:
        monkeypatch.delenv("PROXYATLAS_MAX_MARKING", raising=False)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if page != "app.py":
        at.switch_page(page)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def texts(at: AppTest) -> str:
    """Everything the page wrote as text, Markdown, captions, headers and metrics."""
    parts = []
    for kind in ("markdown", "caption", "text", "title", "header", "subheader", "info", "success", "warning", "error"):
        parts += [str(e.value) for e in at.get(kind)]
    parts += [f"{m.label}={m.value}" for m in at.metric]
    return "\n".join(parts)


def frames(at: AppTest) -> str:
    return "\n".join(df.value.to_csv() for df in at.dataframe)


@pytest.mark.parametrize("data", [TINY, BUNDLED_DATA], ids=["tiny", "bundled"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_and_shows_the_data_line(page, data, monkeypatch):
    at = open_page(page, data, monkeypatch)
    assert not at.exception, at.exception
    shown = texts(at)
    assert "Data as of" in shown and "marking ceiling TLP:CLEAR" in shown
    assert len(at.sidebar.get("date_input")) == 2  # the shared filters are there


def test_briefing_headline_figures(monkeypatch):
    at = open_page("app.py", TINY, monkeypatch)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Armed groups"] == "3" and metrics["Events"] == "3" and metrics["Contested events"] == "1"
    assert "7 October attack on Israel" in frames(at)


def test_attribution_of_7_october(monkeypatch):
    at = open_page("pages/3_Attribution.py", BUNDLED_DATA, monkeypatch, event="oct7_attack")
    assert at.selectbox(key="att_event").value == "oct7_attack"
    claims = at.dataframe[-1].value
    said = set(zip(claims["Claimant"], claims["Stance"]))
    shown = texts(at)
    assert re.search(r"Islamic Revolutionary Guard Corps\*\* asserts", shown)
    assert re.search(r"\*\*Hamas\*\* denies", shown)
    assert "sees no evidence of" in shown
    assert {("Hamas", "denies"), ("Islamic Revolutionary Guard Corps", "asserts")} <= said


def graph_data(at: AppTest) -> dict | None:
    """The nodes, edges and options the Network page sent its graph component (graph_draw.Catalogue.sent,
    unpacked as network.js does), or None if it drew none."""
    drawn = at.get("bidi_component")
    return graph_wire.unpacked(json.loads(drawn[0].proto.bytes)["view"]) if drawn else None


def labels(at: AppTest) -> set[str]:
    return {n["label"] for n in graph_data(at)["nodes"]}


def test_network_two_hop_ego_of_hezbollah_contains_iran(monkeypatch):
    at = open_page("pages/1_Network.py", TINY, monkeypatch)
    assert len(graph_data(at)["nodes"]) == 5
    at.selectbox(key="net_focus").set_value("hezbollah").run()
    at.select_slider(key="net_hops").set_value(1).run()
    assert labels(at) == {"Hezbollah", "Islamic Revolutionary Guard Corps", "Hamas"}
    at.select_slider(key="net_hops").set_value(2).run()
    assert not at.exception
    assert "Iran" in labels(at)  # two hops up: Iran directs the IRGC, which sponsors Hezbollah
    assert at.query_params["actor"] in ("hezbollah", ["hezbollah"])


def hops_slider(at: AppTest) -> list:
    return [s for s in at.main.select_slider if s.key == "net_hops"]


def test_hops_are_asked_only_of_a_focused_actor_and_kept_while_hidden(monkeypatch):
    at = open_page("pages/1_Network.py", TINY, monkeypatch)
    assert not hops_slider(at)  # the whole network: no Hops control (not a disabled one)
    at.selectbox(key="net_focus").set_value("hezbollah").run()
    assert hops_slider(at)[0].value == 2 and not hops_slider(at)[0].proto.disabled
    at.select_slider(key="net_hops").set_value(1).run()
    at.selectbox(key="net_focus").set_value(None).run()
    assert not hops_slider(at) and len(graph_data(at)["nodes"]) == 5
    at.selectbox(key="net_focus").set_value("hezbollah").run()
    assert hops_slider(at)[0].value == 1  # the reader's choice came back with the focus
    assert labels(at) == {"Hezbollah", "Islamic Revolutionary Guard Corps", "Hamas"}


def test_the_two_actor_lists_of_a_path_question_are_drawn_only_when_asked_for(monkeypatch):
    at = open_page("pages/1_Network.py", TINY, monkeypatch)
    keys = lambda: {b.key for b in at.main.selectbox}  # noqa: E731
    assert "net_a" not in keys() and "net_b" not in keys()  # up to 5,000 names each: not sent unasked
    at.toggle(key="net_paths").set_value(True).run()
    assert {"net_a", "net_b"} <= keys()
    at.selectbox(key="net_a").set_value("iran").run()
    at.selectbox(key="net_b").set_value("hamas").run()
    assert not at.exception
    found = [str(e.value) for e in at.success]
    assert found and "shortest path(s)" in found[0] and "Iran" in found[0] and "Hamas" in found[0]
    assert {"Iran", "Hamas"} <= labels(at)
    at.toggle(key="net_paths").set_value(False).run()
    assert not at.success and len(graph_data(at)["nodes"]) == 5  # the question put away: the whole network


def test_url_filters_are_restored(monkeypatch):
    at = open_page("pages/1_Network.py", TINY, monkeypatch, sponsor="irgc", conf="moderate", kind="armed_group")
    assert not at.exception
    assert at.sidebar.selectbox(key="f_sponsor").value == "irgc"
    assert at.sidebar.select_slider(key="f_conf").value == "moderate"
    assert at.sidebar.multiselect(key="f_kind").value == ["armed_group"]
    assert graph_data(at) is None  # armed groups alone have no moderate tie among them
    at = open_page("pages/1_Network.py", TINY, monkeypatch, sponsor="irgc", conf="moderate")
    assert len(graph_data(at)["nodes"]) == 4  # IRGC, Hezbollah, Hamas, KH


def test_a_link_with_an_actor_opens_its_ego_network_and_a_link_to_its_profile(monkeypatch):
    at = open_page("pages/1_Network.py", TINY, monkeypatch, actor="hamas", conf="moderate")
    assert at.selectbox(key="net_focus").value == "hamas"
    at.select_slider(key="net_hops").set_value(1).run()
    assert labels(at) == {"Hamas", "Islamic Revolutionary Guard Corps"}  # the tie to Hezbollah is low
    profile = [link.proto for link in at.main.get("page_link")]
    assert [(p.label, p.page) for p in profile] == [("Open the profile of Hamas", "Actors")]
    assert "actor=hamas" in profile[0].query_string and "conf=moderate" in profile[0].query_string
    at.selectbox(key="net_focus").set_value(None).run()
    assert "actor" not in at.query_params and len(graph_data(at)["nodes"]) == 5


def test_colour_by_community_colours_nodes_by_community_and_names_them_in_the_legend(monkeypatch):
    at = open_page("pages/1_Network.py", TINY, monkeypatch)
    by_kind = {n["id"]: n["color"] for n in graph_data(at)["nodes"]}
    at.radio(key="net_colour").set_value("community").run()
    by_community = {n["id"]: n["color"] for n in graph_data(at)["nodes"]}
    assert by_community != by_kind and set(by_community.values()) <= set(palette.COMMUNITIES)
    legend = " ".join(str(h.proto.body) for h in at.get("html"))
    assert re.search(r"\(\d+ actors\)", legend), legend


def test_changing_a_filter_writes_the_url(monkeypatch):
    at = open_page("pages/2_Timeline.py", TINY, monkeypatch)
    at.sidebar.selectbox(key="f_sponsor").set_value("irgc").run()
    assert at.query_params["sponsor"] == ["irgc"] or at.query_params["sponsor"] == "irgc"


def test_actor_profile_shows_chain_up_to_the_state(monkeypatch):
    at = open_page("pages/4_Actors.py", TINY, monkeypatch, actor="hezbollah")
    assert "Hezbollah" in [h.value for h in at.main.get("header")]
    assert "Iran" in at.dataframe[0].value.to_csv()  # sponsor chain


def test_timeline_and_map_draw_charts(monkeypatch):
    at = open_page("pages/2_Timeline.py", TINY, monkeypatch)
    chart = at.get("vega_lite_chart")[0].proto
    assert "vconcat" in json.loads(chart.spec)
    # Streamlit ships a chart's rows beside its spec, as Arrow tables
    assert any("7 October attack on Israel".encode() in d.data.data for d in chart.datasets)
    at = open_page("pages/5_Map.py", TINY, monkeypatch)
    spec = json.dumps(json.loads(at.get("vega_lite_chart")[0].proto.spec))
    # boundaries are bundled: the one URL is this server's static file, relative to the page
    assert re.findall(r'"url": "([^"]*)"', spec) == ["app/static/countries-110m.json"]
    assert "3 of 3 events" in texts(at)


def test_search_finds_actor_by_alias(monkeypatch):
    at = open_page("app.py", TINY, monkeypatch)
    at.sidebar.text_input(key="f_search").input("Hizballah").run()
    links = [e.proto.label for e in at.sidebar.get("page_link")]
    assert any("Hezbollah" in label for label in links)


def test_broken_edit_shows_last_good_data_and_the_errors(tiny_copy, monkeypatch):
    at = open_page("pages/7_Data.py", tiny_copy, monkeypatch)
    assert "All files" in texts(at)
    path = tiny_copy / "events.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("2023-10-07", "2023-10-77"), encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10_000_000))
    at.run()
    shown = texts(at)
    assert "problem(s)" in shown and "last good data" in shown
    problems = at.dataframe[0].value
    assert (problems["File"] == "events.csv").any() and (problems["Line"] == 3).any()
    assert (problems["Column"] == "date").any()


def test_data_page_gives_the_diagnosis_in_the_words_of_the_cli(tiny_copy, monkeypatch):
    at = open_page("pages/7_Data.py", tiny_copy, monkeypatch)
    path = tiny_copy / "events.csv"  # 31.415 as LibreOffice set to German saves it
    path.write_text(path.read_text(encoding="utf-8").replace("Gaza envelope,31.4,", "Gaza envelope,31415,"),
                    encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10_000_000))
    at.run()
    problems = at.dataframe[0].value
    row = problems[(problems["Line"] == 3) & (problems["Column"] == "lat")].iloc[0]
    assert row["Diagnosis"].startswith("probably 31.415: a spreadsheet set to a language that writes a thousand")
    assert list(problems.columns)[-2:] == ["Problem", "Diagnosis"]  # beside the problem
    cli = subprocess.run([sys.executable, "-m", "proxyatlas", "validate", str(tiny_copy)],
                         capture_output=True, text=True, cwd=ROOT)
    said = [line for line in cli.stdout.splitlines() if line.startswith("events.csv:3 column lat:")]
    assert said == [f"events.csv:3 column lat: out of range '31415'; expected {row['Expected']} — {row['Diagnosis']}"]


def test_no_good_data_shows_errors_not_a_traceback(tiny_copy, monkeypatch):
    (tiny_copy / "actors.csv").write_bytes(b"actor_id,name\n\xff\n")
    at = open_page("app.py", tiny_copy, monkeypatch)
    assert not at.exception
    assert "No valid data" in texts(at)
    assert "actors.csv" in frames(at)


def test_a_sponsor_removed_from_the_data_falls_back_to_all(tiny_copy, monkeypatch):
    at = open_page("pages/1_Network.py", tiny_copy, monkeypatch, sponsor="irgc")
    assert at.sidebar.selectbox(key="f_sponsor").value == "irgc"
    path = tiny_copy / "relationships.csv"
    kept = [line for line in path.read_text(encoding="utf-8").splitlines() if ",irgc," not in line]
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10_000_000))
    del at.query_params["sponsor"]
    at.run()
    assert not at.exception
    assert at.sidebar.selectbox(key="f_sponsor").value is None


# A link into the Actors page (a search hit, another page's table) may name an actor the sidebar's
# filters leave out: the IRGC's network does not hold Iran, which directs it; no Lebanese state exists.
@pytest.mark.parametrize("filters", [{"sponsor": "irgc"}, {"kind": "state", "country": "LBN"}],
                         ids=["outside-the-sponsor-network", "no-actor-in-scope"])
def test_a_link_to_an_actor_outside_the_filters_still_opens_its_profile(filters, monkeypatch):
    wanted = "hezbollah" if "country" in filters else "iran"
    at = open_page("pages/4_Actors.py", TINY, monkeypatch, actor=wanted, **filters)
    assert not at.exception, at.exception
    assert at.selectbox(key="act_pick").value == wanted
    assert [h.value for h in at.main.get("header")] == ["Hezbollah" if wanted == "hezbollah" else "Iran"]
    assert at.query_params["actor"] == wanted and all(at.query_params[k] == v for k, v in filters.items())


def test_reload_button_shows_an_edit_the_automatic_check_cannot_see(tiny_copy, monkeypatch):
    """An edit that keeps the file's size and modification time (a copy tool preserving times, a
    clock step back) leaves the fingerprint as it was: only the Data page's Reload shows it."""
    at = open_page("pages/7_Data.py", tiny_copy, monkeypatch)

    def actor_names() -> set[str]:
        return {n for df in at.dataframe if {"actor_id", "name"} <= set(df.value) for n in df.value["name"]}

    assert "Hamas" in actor_names()
    path = tiny_copy / "actors.csv"
    before = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("\nhamas,Hamas,", "\nhamas,Hamaz,"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    at.run()
    assert "Hamas" in actor_names() and "Hamaz" not in actor_names()  # the fingerprint did not change
    at.button(key="data_reload").click().run()
    assert not at.exception, at.exception
    assert "Hamaz" in actor_names() and "Hamas" not in actor_names()
    assert "All files" in texts(at)


def test_data_page_draws_the_first_rows_of_each_table_and_downloads_all(bundled_copy, monkeypatch):
    """Its work per rerun stays bounded however large the tables: the head drawn, the rest said."""
    from dashboard import widgets

    monkeypatch.setattr(widgets, "FIRST_ROWS", 10)
    at = open_page("pages/7_Data.py", bundled_copy, monkeypatch)  # its own store: no other test asked it
    counts = at.dataframe[0].value.set_index("Table")["Rows shown"].rename({v: k for k, v in TABLES.items()})
    tables = ("sources", "actors", "relationships", "events", "claims", "crosswalk", "imports")  # the contract's order
    assert [len(df.value) for df in at.dataframe[-len(tables):]] == [min(10, counts[t]) for t in tables]
    assert all(counts[t] > 10 for t in tables[:5])  # the five main tables each hold more than are drawn
    for resource in ("sources", "actors", "relationships", "events", "claims"):
        assert f"Showing 10 of {counts[resource]:,} rows; the download has them all." in texts(at)
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download events (CSV)" in labels  # the whole table is made on the click (data/table)
    from dashboard import context

    asked = [key[1] for key in context.store().state().good._cache if key[0] == "query"]
    assert "data/table_head" in asked and "data/table" not in asked  # no rerun fetches a whole table


def test_a_tables_screen_is_labelled_once_per_content():
    from dashboard import widgets
    frame = pd.DataFrame({"actor_id": ["iran"], "kind": ["state"], "start": ["2019-03"]})
    first = widgets._screen(frame, False, ())
    assert first.to_dict("records") == [{"Kind": "State", "Start": "Mar 2019"}]
    assert widgets._screen(frame, False, ()) is first  # the same table again: not labelled again
    assert widgets._screen(frame.copy(), False, ()) is first  # a new result with the same rows: neither
    assert widgets._screen(frame, False, ("start",)) is not first  # another screen of it
    other = frame.assign(kind="armed_group")
    assert widgets._screen(other, False, ()).to_dict("records")[0]["Kind"] == "Armed group"
    moved = frame.set_axis([1])  # the same cells in another row position are another table
    assert widgets._screen(moved, False, ()) is not first
