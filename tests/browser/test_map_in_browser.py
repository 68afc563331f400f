"""The Map in chromium, on the bundled data: framed on the Middle East, pannable and zoomable, and
events at one place spread apart with the place's events in their tooltips.

Positions are read from the SVG Vega draws (Streamlit's renderer for a chart this size): Vega binds each
mark's element to its scene item (`el.__data__`, whose `datum` is the event's row: the marks themselves
are hidden from screen readers, the chart reads as its description), the plot is the view's background
rectangle.
"""

from __future__ import annotations

import math
import re
import shutil
from typing import Iterator

import pandas as pd
import pytest
from playwright.sync_api import Browser, Page, expect

from proxyatlas.config import BUNDLED_DATA

from .conftest import _visit
from .server import PAGES, Server, Visit, serving, wait_ready

pytestmark = pytest.mark.browser

TITLES = pd.read_csv(BUNDLED_DATA / "events.csv").set_index("event_id")["title"]
# The first event by date at its place, so drawn on it (the others there are spread around it):
BEIRUT = TITLES["arouri_killing"]  # Beirut's southern suburbs, with seven other events within 0.1°
GAZA = TITLES["gaza_war"]
WASHINGTON = TITLES["fatemiyoun_zainabiyoun_designation_2019"]  # one of twelve designations there
BEIJING = TITLES["saudi_iran_agreement"]

# The plot's rectangle, and the centre of each event mark on screen, by title, and whether the mark is
# the one a pointer at its centre meets (no other mark drawn over it there).
MARKS = """() => {
    const svg = document.querySelector('[data-testid=stVegaLiteChart] svg.marks');
    const background = svg?.querySelector('path.background');
    if (!background) return null;  // not drawn yet
    const plot = background.getBoundingClientRect();
    const marks = [...svg.querySelectorAll('g.mark-symbol path')].filter(el => typeof el.__data__?.datum?.title === 'string').map(el => {
        const r = el.getBoundingClientRect();
        const [x, y] = [r.x + r.width / 2, r.y + r.height / 2];
        return [el.__data__.datum.title, x, y, document.elementFromPoint(x, y) === el];
    });
    return {plot: {x: plot.x, y: plot.y, w: plot.width, h: plot.height}, marks};
}"""


@pytest.fixture(scope="module")
def bundled_server(tmp_path_factory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("map-server")
    shutil.copytree(BUNDLED_DATA, folder / "data")
    with serving(folder / "data", folder / "server.log") as running:
        yield running


@pytest.fixture
def map_visit(browser: Browser, bundled_server: Server) -> Iterator[Visit]:
    yield from _visit(browser, bundled_server)


class View:
    """What the map shows, read once."""

    def __init__(self, page: Page):
        drawn = page.evaluate(MARKS)
        assert drawn and drawn["marks"], "the map drew no event marks"
        self.plot = drawn["plot"]
        self.marks = drawn["marks"]

    def at(self, title: str) -> tuple[float, float]:
        (found,) = [(x, y) for t, x, y, _ in self.marks if t == title]
        return found

    def inside(self, point: tuple[float, float]) -> bool:
        x, y = point
        p = self.plot
        return p["x"] <= x <= p["x"] + p["w"] and p["y"] <= y <= p["y"] + p["h"]

    def apart(self, a: str, b: str) -> float:
        return math.dist(self.at(a), self.at(b))


def open_map(visit: Visit) -> Page:
    page = visit.open(PAGES["map"])
    page.wait_for_function(f"() => ({MARKS})()?.marks.length > 0")
    return page


def settled(page: Page, before: View) -> View:
    """The view once Vega has drawn it anew after an action: the marks moved, and stayed where they
    are over two polls (a rerun can redraw twice: the frame's data, then a shorter title)."""
    page.wait_for_function(f"""before => {{
        const now = ({MARKS})();
        if (!now) return false;
        const key = JSON.stringify([now.plot, now.marks.map(m => m.slice(0, 3))]);
        const moved = now.marks.length !== before.length
            || now.marks.some((m, i) => Math.abs(m[1] - before[i][1]) > 0.01 || Math.abs(m[2] - before[i][2]) > 0.01);
        const steady = moved && window.paMapLast === key;
        window.paMapLast = moved ? key : null;
        return steady; }}""", arg=before.marks, polling=100)
    return View(page)


def test_the_map_frames_the_middle_east_and_whole_world_shows_everything(map_visit: Visit):
    page = open_map(map_visit)
    framed = View(page)
    inside = [(x, y) for _, x, y, _ in framed.marks if framed.inside((x, y))]
    assert not framed.inside(framed.at(WASHINGTON)) and not framed.inside(framed.at(BEIJING))
    assert framed.inside(framed.at(BEIRUT)) and framed.inside(framed.at(GAZA))
    # The Middle East's events span most of the plot's height (the plot is wider than the region).
    xs, ys = [x for x, _ in inside], [y for _, y in inside]
    assert (max(ys) - min(ys)) > 0.7 * framed.plot["h"] and (max(xs) - min(xs)) > 0.35 * framed.plot["w"]
    caption = page.get_by_test_id("stCaptionContainer").filter(has_text="lie outside it").inner_text()
    outside = int(re.search(r"(\d+) lie outside it", caption)[1])
    assert outside == len(framed.marks) - len(inside) == 15  # the 12 in Washington, New York, Gibraltar, Beijing

    page.get_by_test_id("stCheckbox").get_by_text("Whole world").click()
    wait_ready(page)
    world = settled(page, framed)
    assert all(world.inside((x, y)) for _, x, y, _ in world.marks)
    assert framed.apart(BEIRUT, GAZA) > 4 * world.apart(BEIRUT, GAZA)
    expect(page.get_by_text("lie outside it")).to_have_count(0)


def test_the_viewer_zooms_pans_and_resets_the_map(map_visit: Visit):
    page = open_map(map_visit)
    start = View(page)
    p = start.plot
    centre = (p["x"] + p["w"] * 0.6, p["y"] + p["h"] * 0.75)  # the Arabian peninsula: no mark under it
    page.mouse.move(*centre)
    page.mouse.wheel(0, -600)
    zoomed = settled(page, start)
    assert zoomed.apart(BEIRUT, GAZA) > 1.3 * start.apart(BEIRUT, GAZA)

    page.mouse.move(*centre)
    page.mouse.down()
    page.mouse.move(centre[0] + 120, centre[1] + 50, steps=6)
    page.mouse.up()
    panned = settled(page, zoomed)
    (x0, y0), (x1, y1) = zoomed.at(BEIRUT), panned.at(BEIRUT)
    assert abs(x1 - x0 - 120) < 3 and abs(y1 - y0 - 50) < 3
    assert panned.apart(BEIRUT, GAZA) == pytest.approx(zoomed.apart(BEIRUT, GAZA), abs=0.5)  # no zoom in a pan

    page.mouse.dblclick(*centre)
    reset = settled(page, panned)
    assert math.dist(reset.at(BEIRUT), start.at(BEIRUT)) < 1 and math.dist(reset.at(GAZA), start.at(GAZA)) < 1


def test_events_at_one_place_are_spread_and_their_tooltip_lists_them(map_visit: Visit):
    page = open_map(map_visit)
    view = View(page)
    place = TITLES[["arouri_killing", "fuad_shukr_killing", "pager_explosions", "radio_explosions",
                    "ibrahim_aqil_killing", "nasrallah_killing", "safieddine_killing",
                    "naim_qassem_named"]]  # by date; the first seven at one point in events.csv, the last nearby
    centres = [view.at(t) for t in place]
    assert min(math.dist(a, b) for i, a in enumerate(centres) for b in centres[i + 1:]) > 5
    assert max(math.dist(a, b) for i, a in enumerate(centres) for b in centres[i + 1:]) < 40

    on_top = [view.at(t) for t, _, _, top in view.marks if top and t in set(place)]
    assert on_top, "every event of the place is hidden under another mark"
    page.mouse.move(*on_top[0])
    tooltip = page.locator("#vg-tooltip-element")
    expect(tooltip).to_contain_text("At this place")
    text = tooltip.inner_text()
    # The place's first five events by date, and a count of the rest.
    assert "8 events:" in text and "; and 3 more" in text
    assert all(title in text for title in place[:5]) and not any(title in text for title in place[5:])
    tags = tooltip.evaluate("t => [...t.querySelectorAll('*')].map(e => e.tagName)")
    assert set(tags) <= {"TABLE", "TBODY", "TR", "TD", "H2"}  # vega-tooltip's table of text, nothing else
