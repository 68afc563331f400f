"""The dashboard in chromium, against a real `streamlit run` server on the tiny dataset.

The tiny data (tests/fixtures/tiny/): Iran directs the IRGC; the IRGC sponsors Hezbollah (high),
funds Hamas (moderate) and arms Kata'ib Hezbollah (moderate); Hezbollah and Hamas are allied (low).
So the whole network is 5 actors and 5 ties, and the IRGC's network at moderate confidence or above
is 4 actors (IRGC, Hezbollah, Hamas, Kata'ib Hezbollah) and 3 ties.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from proxyatlas import graph
from proxyatlas.config import Settings
from proxyatlas.filters import Filters
from proxyatlas.store import Store

from ..conftest import TINY
from .server import (PAGES, VIEWPORT, Server, Visit, Watch, download_button, full_page_screenshot, graph_root,
                     log_problems, offsite_hosts, open_page, wait_ready)

pytestmark = pytest.mark.browser

IRGC = "Islamic Revolutionary Guard Corps"
IRGC_NETWORK = ["Hamas", "Hezbollah", IRGC, "Kata'ib Hezbollah"]


# --- reading the page ----------------------------------------------------------------------------

def main(page: Page) -> Locator:
    return page.get_by_test_id("stMain")


def sidebar(page: Page) -> Locator:
    return page.get_by_test_id("stSidebar")


def sponsor_box(page: Page) -> Locator:
    return sidebar(page).get_by_role("combobox", name="Sponsor network")


def confidence_slider(page: Page) -> Locator:
    return sidebar(page).locator('input[type=range][aria-label="Minimum confidence of ties"]')


def graph_caption(page: Page) -> Locator:
    return main(page).get_by_test_id("stCaptionContainer").filter(has_text=re.compile(r"\d+ actors, \d+ ties"))


def caption_counts(page: Page) -> tuple[int, int]:
    """(actors, ties) as the Network page's caption states them."""
    match = re.search(r"(\d+) actors, (\d+) ties", graph_caption(page).inner_text())
    assert match, graph_caption(page).inner_text()
    return int(match[1]), int(match[2])


def menu_link(page: Page, name: str) -> Locator:
    """The sidebar's link to a page (its href is relative, e.g. "Timeline?sponsor=irgc")."""
    return sidebar(page).locator(f'a[href*="{PAGES[name].lstrip("/")}"]').first


def table(frame: Locator) -> list[dict[str, str]]:
    """An st.dataframe's rows as the grid's accessible table has them (the grid itself is a canvas)."""
    frame.locator("tbody tr").first.wait_for(state="attached")
    return frame.evaluate("""el => {
        const head = [...el.querySelectorAll('thead th')].map(th => th.textContent);
        return [...el.querySelectorAll('tbody tr')].map(tr => Object.fromEntries(
            [...tr.querySelectorAll('td')].map((td, i) => [head[i], td.textContent])));
    }""")


def graph_body(page: Page) -> Locator:
    """The graph component's root: data-node-count and data-edge-count say what it was last sent."""
    return page.locator(".pa-network")


def graph_labels(page: Page) -> list[str]:
    """The node labels the vis-network instance holds, sorted."""
    return sorted(graph_root(page).evaluate("el => el.paNetwork.body.data.nodes.get().map(n => n.label)"))


def query_of(page: Page) -> str:
    return page.url.partition("?")[2]


def choose_sponsor(page: Page, name: str) -> None:
    sponsor_box(page).click()
    page.get_by_role("option", name=name, exact=True).click()


def raise_confidence(page: Page, steps: int = 1) -> None:
    confidence_slider(page).focus()
    for _ in range(steps):
        page.keyboard.press("ArrowRight")


def chart_marks(chart: Locator) -> Locator:
    """What Vega drew for an st.altair_chart: its canvas (or SVG) of marks."""
    return chart.locator("canvas.marks, svg.marks").first


def expect_drawn(locator: Locator) -> None:
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box and box["width"] > 0 and box["height"] > 0, f"drawn with no area: {box}"


def expect_no_problems(visit: Visit) -> None:
    assert visit.page.get_by_test_id("stException").count() == 0, main(visit.page).inner_text()
    problems = visit.problems()
    assert not problems, "\n".join(problems)


# --- every page ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", PAGES)
def test_page_opens_cleanly_air_gapped_and_is_photographed(name: str, visit: Visit, artifacts: Path):
    page = visit.open(PAGES[name])
    expect(main(page).get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    for chart in page.get_by_test_id("stVegaLiteChart").all():
        expect_drawn(chart_marks(chart))
    if name == "network":
        graph_root(page)
    assert visit.watch.requests, "the page made no requests at all: the recorder is not attached"
    shot = full_page_screenshot(page, artifacts / f"{name}.png")
    assert shot.stat().st_size > 10_000
    expect_no_problems(visit)


def test_the_air_gap_check_sees_into_iframes_and_names_the_host(browser: Browser, server: Server):
    """The graph's iframe is where a stray CDN <script> would hide: prove the recorder sees a request
    made from inside an iframe, and that the check names the offending host."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        context.route("http://offsite.invalid/**", lambda route: route.abort())  # not even a DNS lookup
        page = context.new_page()
        watch = Watch().attach(page)
        open_page(page, server, PAGES["briefing"])
        assert watch.offsite(server.origin) == []
        with page.expect_request(lambda request: "offsite.invalid" in request.url):
            page.evaluate("""() => { const f = document.createElement('iframe');
                f.srcdoc = '<img src="http://offsite.invalid/pixel.png">'; document.body.append(f); }""")
        assert watch.offsite(server.origin) == ["http://offsite.invalid/pixel.png"]
        assert offsite_hosts(watch.offsite(server.origin)) == ["offsite.invalid"]
    finally:
        context.close()


def test_server_log_is_clean_from_startup_on(server: Server, visit: Visit):
    """No warning (e.g. about st.navigation), error or traceback in the server's whole output."""
    visit.open(PAGES["briefing"])
    assert "You can now view your Streamlit app" in server.log()
    assert log_problems(server.log()) == []


def test_log_check_catches_warnings_and_tracebacks():
    log = ("  You can now view your Streamlit app in your browser.\n"
           "2026-01-01 12:00:00.000 WARNING streamlit: Calling st.navigation twice\n"
           "Traceback (most recent call last):\n"
           "FutureWarning: a deprecation\n")
    assert log_problems(log) == log.splitlines()[1:]


# --- what the pages show -------------------------------------------------------------------------

def test_network_graph_draws_and_matches_the_caption(page: Page, visit: Visit):
    visit.open(PAGES["network"])
    root = graph_root(page)
    canvas = root.locator("canvas")
    expect(canvas).to_have_count(1)
    expect_drawn(canvas)
    actors, ties = caption_counts(page)
    assert (actors, ties) == (5, 5)
    assert root.get_attribute("data-node-count") == str(actors)
    assert root.get_attribute("data-edge-count") == str(ties)
    assert root.evaluate("el => [el.paNetwork.body.data.nodes.length, el.paNetwork.body.data.edges.length]") == [5, 5]
    assert graph_labels(page) == sorted(["Iran", *IRGC_NETWORK])
    assert page.locator("iframe").count() == 0  # no page per view: the graph lives in the app's own page


def test_the_graph_in_the_browser_is_the_drawing_the_server_made_and_shows_its_tooltips(page: Page, visit: Visit):
    """The component is sent the drawing in columns (graph_draw.Catalogue.sent); network.js must rebuild every
    node and edge as the server drew it, and vis-network show a tie's tooltip, unpacked, as that text."""
    snap = Store(Settings(TINY, "TLP:CLEAR")).state().good
    extent = snap.query("meta/extent").iloc[0]
    params = Filters(extent["first_day"].date(), extent["last_day"].date()).params()
    nodes, edges = snap.query("network/nodes", **params), snap.query("network/edges", **params, as_of=None)
    whole = graph.whole_network(nodes, edges)
    drawn = graph.view(nodes, edges, communities=whole.communities, base=lambda: whole.positions,
                       catalogue=lambda: whole.catalogue).drawing
    visit.open(PAGES["network"])
    root = graph_root(page)
    shown = root.evaluate("el => [el.paNetwork.body.data.nodes.get(), el.paNetwork.body.data.edges.get()]")
    assert sorted(shown[0], key=lambda n: n["id"]) == sorted(drawn["nodes"], key=lambda n: n["id"])
    assert sorted(shown[1], key=lambda e: e["id"]) == sorted(drawn["edges"], key=lambda e: e["id"])
    tie = next(e for e in drawn["edges"] if e["from"] == "iran")  # Iran directs the IRGC
    root.evaluate("el => el.scrollIntoView({block: 'start'})")
    (x1, y1), (x2, y2) = node_point(page, tie["from"]), node_point(page, tie["to"])
    page.mouse.move((x1 + x2) / 2, (y1 + y2) / 2)  # the middle of a straight tie
    text = page.wait_for_function("""() => { const t = document.querySelector('div.vis-tooltip');
        return t && t.style.visibility !== 'hidden' && t.innerText.trim() ? t.innerText : null; }""", timeout=10_000)
    assert text.json_value() == tie["title"] and tie["title"].startswith("Iran — directs → ")


def node_point(page: Page, actor: str) -> tuple[float, float]:
    """Where vis-network drew `actor`, in page coordinates."""
    root = graph_root(page)
    box = root.locator("canvas").bounding_box()
    at = root.evaluate("(el, id) => el.paNetwork.canvasToDOM(el.paNetwork.getPositions([id])[id])", actor)
    return box["x"] + at["x"], box["y"] + at["y"]


def test_clicking_a_node_selects_that_actor_and_puts_it_in_the_url(page: Page, visit: Visit):
    visit.open(PAGES["network"])
    page.mouse.click(*node_point(page, "hamas"))
    expect(page).to_have_url(re.compile(r"[?&]actor=hamas(&|$)"))
    wait_ready(page)
    expect(main(page).get_by_role("combobox", name="Focus on an actor")).to_have_value("Hamas")
    expect(graph_caption(page)).to_contain_text("2-hop network of Hamas.")
    profile = main(page).get_by_role("link", name="Open the profile of Hamas")
    expect(profile).to_have_attribute("href", re.compile(r"Actors\?(.*&)?actor=hamas"))
    # A shared link reopens the selection.
    visit.open(f"{PAGES['network']}?actor=hamas")
    expect(main(page).get_by_role("combobox", name="Focus on an actor")).to_have_value("Hamas")


def test_clicking_a_tie_shows_its_sources_beneath_the_graph(page: Page, visit: Visit):
    visit.open(f"{PAGES['network']}?sponsor=irgc&conf=moderate")
    (x1, y1), (x2, y2) = node_point(page, "irgc"), node_point(page, "kataib_hezbollah")
    page.mouse.click((x1 + x2) / 2, (y1 + y2) / 2)  # the middle of the tie "IRGC arms Kata'ib Hezbollah"
    tie = main(page).locator(".st-key-net_tie_box")
    expect(tie).to_contain_text(f"{IRGC} arms Kata'ib Hezbollah")
    expect(tie).to_contain_text("Sources:")
    assert "none recorded" not in tie.inner_text()


def test_a_filter_change_updates_the_graph_in_place(page: Page, visit: Visit):
    visit.open(PAGES["network"])
    root = graph_root(page)
    root.evaluate("el => { el.paNetwork.paMarker = 'the same instance'; }")
    choose_sponsor(page, IRGC)
    expect(page).to_have_url(re.compile(r"\?sponsor=irgc$"))
    wait_ready(page)
    expect(graph_body(page)).to_have_attribute("data-node-count", "4")
    assert graph_labels(page) == sorted(IRGC_NETWORK)
    assert root.evaluate("el => el.paNetwork.paMarker") == "the same instance"
    assert page.locator(".pa-network canvas").count() == 1
    script = "/app/static/vis-network/vis-network.min.js"
    scripts = [u for u in visit.watch.requests if u.split("?")[0].endswith(script)]
    assert len(scripts) == 1, scripts  # the library once, from this server; each view is data


def test_the_png_download_is_the_graph_at_three_times_the_canvas(page: Page, visit: Visit):
    visit.open(PAGES["network"])
    root = graph_root(page)
    width, height = root.evaluate("el => { const c = el.querySelector('canvas'); return [c.clientWidth, c.clientHeight]; }")
    filename, png = visit.download(root.get_by_role("button", name="Save graph as PNG"))
    assert filename == "proxy-atlas-network-tlp-clear.png"
    assert png.startswith(PNG_MAGIC) and png[12:16] == b"IHDR"
    size = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert size[0] >= 3 * width and size[1] >= 3 * height, (size, width, height)
    assert len(png) > 30_000  # drawn, not blank
    # The screen's canvas is back at its own resolution.
    assert root.evaluate("el => el.querySelector('canvas').width") < 2 * width


def test_the_graphml_download_is_the_view(page: Page, visit: Visit):
    visit.open(f"{PAGES['network']}?sponsor=irgc&conf=moderate")
    graph_root(page)
    filename, data = visit.download(download_button(page, "Save graph as GraphML"))
    assert filename == "proxy-atlas-network-tlp-clear.graphml"
    root = ET.fromstring(data)
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    assert sorted(n.get("id") for n in root.iter(f"{ns}node")) == ["hamas", "hezbollah", "irgc", "kataib_hezbollah"]
    assert len(list(root.iter(f"{ns}edge"))) == 3


def test_the_svg_download_is_the_view_drawn_by_the_server_with_its_marking(page: Page, visit: Visit):
    visit.open(f"{PAGES['network']}?sponsor=irgc&conf=moderate")
    graph_root(page)
    filename, data = visit.download(download_button(page, "Save graph as SVG"))
    assert filename == "proxy-atlas-network-tlp-clear.svg"
    root = ET.fromstring(data)
    ns = "{http://www.w3.org/2000/svg}"
    assert len(list(root.iter(f"{ns}circle"))) == 4
    assert len(list(root.iter(f"{ns}line"))) == 3
    texts = {"".join(t.itertext()) for t in root.iter(f"{ns}text")}
    assert {"Hamas", "Hezbollah"} <= texts and "TLP:CLEAR" in texts


@pytest.mark.parametrize("name", ["timeline", "map"])
def test_chart_draws(name: str, page: Page, visit: Visit):
    visit.open(PAGES[name])
    chart = page.get_by_test_id("stVegaLiteChart")
    expect(chart).to_have_count(1)
    expect_drawn(chart_marks(chart))


# Each chart's downloads, and text the chart shows: its titles and labels from the tiny data.
CHART_DOWNLOADS = {
    "/Timeline": ("timeline", {"Events per month", "Claims and denials", "Events by network", "2023", "Hamas",
                               "denies"}),
    "/Map": ("event-map", {"Where events happened", "Attack"}),
    "/Actors?actor=hamas": ("actor-events", {"Events", "Attack"}),
}
SVG = "{http://www.w3.org/2000/svg}"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("path", CHART_DOWNLOADS)
def test_chart_downloads_are_that_chart_as_svg_and_png(path: str, visit: Visit):
    name, words = CHART_DOWNLOADS[path]
    page = visit.open(path)
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(1)

    filename, svg = visit.download(download_button(page, "Save as SVG"))
    assert filename == f"proxy-atlas-{name}-tlp-clear.svg"  # the marking in the name
    root = ET.fromstring(svg)  # well-formed XML
    assert root.tag == f"{SVG}svg"
    width, height = int(float(root.get("width"))), int(float(root.get("height")))
    assert width > 100 and height > 100, (width, height)
    shown = {t.text for t in root.iter(f"{SVG}text") if t.text}
    assert words <= shown, f"the SVG lacks {words - shown}; it has {sorted(shown)}"
    assert "TLP:CLEAR" in shown  # the label in its corner
    assert not re.search(rb"(href|src)=\"(https?:)?//", svg), "the SVG refers to something off this machine"

    filename, png = visit.download(download_button(page, "Save as PNG"))
    assert filename == f"proxy-atlas-{name}-tlp-clear.png"
    assert png.startswith(PNG_MAGIC) and png[12:16] == b"IHDR"
    size = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert size == (2 * width, 2 * height), f"the PNG ({size}) is not the SVG's chart at twice its size"
    assert len(png) > 20_000  # a drawn chart, not a blank image


def test_attribution_shows_who_asserted_denied_and_saw_no_evidence(page: Page, visit: Visit):
    visit.open(f"{PAGES['attribution']}?event=oct7_attack")
    expect(main(page).get_by_role("combobox", name="Event")).to_have_value("7 October attack on Israel · 7 Oct 2023")
    dispute = main(page)
    expect(dispute).to_contain_text(f"{IRGC} asserts responsibility by {IRGC}")
    expect(dispute).to_contain_text(f"Hamas denies responsibility by {IRGC}")
    expect(dispute).to_contain_text("US officials sees no evidence of planning by Iran")
    expect(dispute).to_contain_text("Al Jazeera, 27 Dec 2023")
    assert "event=oct7_attack" in query_of(page)


# --- filters live in the URL ---------------------------------------------------------------------

def test_a_link_with_filters_opens_the_same_filtered_view(page: Page, visit: Visit):
    visit.open(f"{PAGES['network']}?sponsor=irgc&conf=moderate")
    expect(sponsor_box(page)).to_have_value(IRGC)
    expect(confidence_slider(page)).to_have_attribute("aria-valuetext", "moderate")
    expect(graph_body(page)).to_have_attribute("data-node-count", "4")
    assert caption_counts(page) == (4, 3)
    assert graph_labels(page) == sorted(IRGC_NETWORK)
    assert query_of(page) == "sponsor=irgc&conf=moderate"


def test_changing_a_filter_changes_the_view_and_the_url(page: Page, visit: Visit):
    visit.open(PAGES["network"])
    assert caption_counts(page) == (5, 5)
    assert query_of(page) == ""

    choose_sponsor(page, IRGC)
    expect(page).to_have_url(re.compile(r"\?sponsor=irgc$"))
    wait_ready(page)
    expect(graph_body(page)).to_have_attribute("data-node-count", "4")
    expect(graph_caption(page)).to_contain_text("4 actors, 4 ties")

    raise_confidence(page)
    expect(page).to_have_url(re.compile(r"\?sponsor=irgc&conf=moderate$"))
    wait_ready(page)
    expect(graph_body(page)).to_have_attribute("data-edge-count", "3")
    expect(graph_caption(page)).to_contain_text("4 actors, 3 ties")
    assert graph_labels(page) == sorted(IRGC_NETWORK)


def test_reset_filters_brings_back_the_whole_network_and_a_clean_url(page: Page, visit: Visit):
    visit.open(f"{PAGES['network']}?sponsor=irgc&conf=moderate")
    assert caption_counts(page) == (4, 3)
    sidebar(page).get_by_role("button", name="Reset filters").click()
    expect(page).to_have_url(re.compile(r"/Network$"))
    wait_ready(page)
    expect(sponsor_box(page)).not_to_have_value(IRGC)
    expect(confidence_slider(page)).to_have_attribute("aria-valuetext", "low")
    expect(graph_body(page)).to_have_attribute("data-node-count", "5")
    assert caption_counts(page) == (5, 5)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_sidebar_navigation_keeps_the_filters(page: Page, visit: Visit):
    visit.open(f"{PAGES['network']}?sponsor=irgc&conf=moderate")
    for name in ("timeline", "attribution", "network"):
        menu_link(page, name).click()
        expect(page, f"the sidebar's link to {name} lost the filters").to_have_url(
            re.compile(rf"{PAGES[name]}\?(.*&)?sponsor=irgc&conf=moderate"))
        wait_ready(page)
        expect(main(page).get_by_role("heading", level=1)).to_have_text(name.capitalize())
        expect(sponsor_box(page)).to_have_value(IRGC)
        expect(confidence_slider(page)).to_have_attribute("aria-valuetext", "moderate")
    expect(graph_body(page)).to_have_attribute("data-node-count", "4")


# --- the analyst's loop: edit a CSV, refresh, see it; break it, see the last good data and why ---

def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def reload(page: Page) -> None:
    page.reload()
    wait_ready(page)


def test_edits_show_on_reload_and_a_broken_edit_keeps_the_last_good_data(editable_visit: Visit):
    visit, data = editable_visit, editable_visit.server.data_dir
    page = visit.open(f"{PAGES['attribution']}?event=oct7_attack")
    expect(main(page)).to_contain_text(f"Hamas denies responsibility by {IRGC}")

    edit(data / "actors.csv", "\nhamas,Hamas,", "\nhamas,Hamas Movement,")
    reload(page)
    expect(main(page)).to_contain_text(f"Hamas Movement denies responsibility by {IRGC}")
    expect(page.get_by_test_id("stAlertContentWarning")).to_have_count(0)

    relationships = data / "relationships.csv"
    lines = relationships.read_text(encoding="utf-8").splitlines()
    relationships.write_text("\n".join([*lines, "r_new,irgc,hamas,arms,2020,,certain,seed_article,,"]) + "\n",
                             encoding="utf-8")
    bad_line = len(lines) + 1  # as a text editor numbers it, the header being line 1
    reload(page)
    expect(page.get_by_test_id("stAlertContentWarning")).to_contain_text(
        "The data files were edited and now have 1 problem(s), so this page shows the last good data")
    expect(main(page)).to_contain_text(f"Hamas Movement denies responsibility by {IRGC}")

    visit.open(PAGES["data"])
    expect(page.get_by_test_id("stAlertContentError")).to_contain_text("have 1 problem(s)")
    problems = table(main(page).get_by_test_id("stDataFrame").first)
    assert [{k: row[k] for k in ("File", "Line", "Column", "Value")} for row in problems] == [
        {"File": "relationships.csv", "Line": str(bad_line), "Column": "confidence", "Value": "certain"}]
