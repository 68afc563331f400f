"""The Timeline's zoom in chromium, on the tiny data: the wheel over the lanes zooms their time scale
about the pointer, a drag pans it, a double click resets it, and the monthly overview beneath keeps the
whole period with the one shown above shaded on it.

Positions are read from the SVG Vega draws, as the Map's test does: each mark's element is bound to its
scene item (`el.__data__`, whose `datum` is the row), the upper view is the group `concat_0_group`, the
overview `concat_1_group`, each plot its group's background rectangle.
"""

from __future__ import annotations

import math

import pytest
from playwright.sync_api import Page

from .server import PAGES, Visit
from .test_accessible_in_browser import violations

pytestmark = pytest.mark.browser

OCT7 = "7 October attack on Israel"
SOLEIMANI = "Qasem Soleimani killed in US strike"

# The upper plot, the centre of each event's point there (by title), the overview's plot, its bars'
# left edges, and the shaded period on it (none until the reader zooms).
DRAWN = """() => {
    const svg = document.querySelector('[data-testid=stVegaLiteChart] svg.marks');
    const upper = svg?.querySelector('g.concat_0_group'), lower = svg?.querySelector('g.concat_1_group');
    const plots = [upper, lower].map(g => g?.querySelector('path.background'));
    if (!plots[0] || !plots[1]) return null;  // not drawn yet
    const box = el => { const r = el.getBoundingClientRect(); return {x: r.x, y: r.y, w: r.width, h: r.height}; };
    const datum = el => el.__data__?.datum || {};
    const events = [...upper.querySelectorAll('g.mark-symbol path')].filter(el => typeof datum(el).title === 'string')
        .map(el => { const b = box(el); return [datum(el).title, b.x + b.w / 2, b.y + b.h / 2]; });
    const rects = [...lower.querySelectorAll('g.mark-rect path')];
    return {plot: box(plots[0]), overview: box(plots[1]),
            events, bars: rects.filter(el => 'month' in datum(el)).map(el => box(el).x),
            shown: rects.filter(el => 'shown_lo' in datum(el)).map(box)};
}"""


class View:
    """What the timeline shows, read once."""

    def __init__(self, page: Page):
        drawn = page.evaluate(DRAWN)
        assert drawn and drawn["events"] and drawn["bars"], "the timeline drew no events or no monthly bars"
        self.raw = drawn
        self.plot, self.overview = drawn["plot"], drawn["overview"]
        self.bars, self.shown = drawn["bars"], drawn["shown"]

    def x(self, title: str) -> float:
        (found,) = [x for t, x, _ in self.raw["events"] if t == title]
        return found

    def apart(self, a: str, b: str) -> float:
        return abs(self.x(a) - self.x(b))


def settled(page: Page, before: View) -> View:
    """The view once Vega has drawn it anew after an action: something moved, and stayed put over two polls."""
    page.wait_for_function(f"""before => {{
        const now = ({DRAWN})();
        if (!now) return false;
        const key = JSON.stringify([now.events, now.shown]);
        const moved = key !== JSON.stringify([before.events, before.shown]);
        const steady = moved && window.paTimelineLast === key;
        window.paTimelineLast = moved ? key : null;
        return steady; }}""", arg=before.raw, polling=100)
    return View(page)


def test_the_reader_zooms_pans_and_resets_the_timeline(visit: Visit):
    page = visit.open(PAGES["timeline"])
    page.wait_for_function(f"() => ({DRAWN})()?.events.length > 0")
    start = View(page)
    p = start.plot
    assert not start.shown  # the whole period: nothing shaded on the overview
    assert p["x"] <= start.x(SOLEIMANI) < start.x(OCT7) <= p["x"] + p["w"]

    # The wheel over the lanes, at 7 October: the time scale zooms about the pointer.
    at = (start.x(OCT7), p["y"] + p["h"] / 2)
    page.mouse.move(*at)
    page.mouse.wheel(0, -1200)
    zoomed = settled(page, start)
    assert abs(zoomed.x(OCT7) - start.x(OCT7)) < 3  # the point under the pointer stays under it
    assert zoomed.x(SOLEIMANI) < p["x"] - p["w"]  # years earlier: now far off the plot's left edge
    assert zoomed.apart(SOLEIMANI, OCT7) > 2 * start.apart(SOLEIMANI, OCT7)
    # The overview keeps the whole period, and shades the part shown above, around 7 October.
    assert zoomed.bars == start.bars and zoomed.overview == start.overview
    (shown,) = zoomed.shown
    o = zoomed.overview
    assert o["x"] - 1 <= shown["x"] and shown["x"] + shown["w"] <= o["x"] + o["w"] + 1 and shown["w"] < 0.8 * o["w"]
    fraction = (start.x(OCT7) - p["x"]) / p["w"]  # where 7 October is on the whole period
    assert shown["x"] < o["x"] + fraction * o["w"] < shown["x"] + shown["w"]
    found = violations(page)  # what the zoom draws is read as the chart's description, as the rest is
    assert not found, "\n".join(found)

    # A drag pans: the events move with the pointer, none nearer the others, and the shaded period moves back.
    page.mouse.move(*at)
    page.mouse.down()
    page.mouse.move(at[0] + 100, at[1], steps=6)
    page.mouse.up()
    panned = settled(page, zoomed)
    assert abs(panned.x(OCT7) - zoomed.x(OCT7) - 100) < 3
    assert panned.apart(SOLEIMANI, OCT7) == pytest.approx(zoomed.apart(SOLEIMANI, OCT7), abs=0.5)
    (moved,) = panned.shown
    assert moved["x"] < shown["x"] and moved["w"] == pytest.approx(shown["w"], abs=0.5)

    # A double click resets: the whole period again, nothing shaded.
    page.mouse.dblclick(*at)
    reset = settled(page, panned)
    assert math.isclose(reset.x(OCT7), start.x(OCT7), abs_tol=1)
    assert math.isclose(reset.x(SOLEIMANI), start.x(SOLEIMANI), abs_tol=1)
    assert not reset.shown
