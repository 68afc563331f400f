"""axe-core on every page, in chromium against the real server: no serious or critical violation.

axe-core comes bundled in the axe-playwright-python wheel (requirements-test.txt): nothing is
downloaded at test time. A failure lists each violation by rule, impact and element.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from .server import PAGES, Server, graph_root, open_page

pytestmark = pytest.mark.browser

SERIOUS = ("serious", "critical")
# Streamlit's own markup that our usage cannot change, each excluded by rule and selector only (an element
# the selector matches, or inside one; never a rule for the whole page, never axe as a whole):
# - color-contrast on the label of a disabled widget (the Network page's Hops slider, disabled until an
#   actor is focused): WCAG 1.4.3 exempts inactive controls, but Streamlit greys the label without
#   marking it disabled, so axe cannot tell.
# - svg-img-alt on the two rectangles of the Timeline's drag-to-zoom selection ("brush"): Vega-Lite draws
#   an interval selection's marks as unlabelled ARIA symbols and its BrushConfig has no `aria` to hide them
#   (every other mark is hidden with config.mark.aria = false; the chart is read as its description).
STREAMLIT_OWN: dict[str, list[str]] = {
    "color-contrast": ['[data-testid="stElementContainer"]:has(input:disabled) [data-testid="stWidgetLabel"]'],
    "svg-img-alt": ["g.role-mark.brush_brush", "g.role-mark.brush_brush_bg"],
}
VISITS = {**PAGES, "attribution_event": "/Attribution?event=oct7_attack", "actor": "/Actors?actor=hamas",
          "presenter": "/?present=1", "presenter_slide_2": "/?present=1&slide=2"}


def _excluded(page: Page, rule: str, target: list[str]) -> bool:
    if not STREAMLIT_OWN.get(rule) or len(target) != 1:  # a target in an iframe or shadow root: never excluded
        return False
    return page.evaluate("([t, sels]) => { const el = document.querySelector(t);"
                         " return !!el && sels.some(s => el.closest(s) !== null); }", [target[0], STREAMLIT_OWN[rule]])


def violations(page: Page) -> list[str]:
    """The serious and critical violations on the page, one line per rule and element."""
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    lines = []
    for v in results.response["violations"]:
        if v["impact"] not in SERIOUS:
            continue
        for node in v["nodes"]:
            if _excluded(page, v["id"], node["target"]):
                continue
            lines.append(f"{v['id']} ({v['impact']}): {' '.join(node['target'])} :: {node['html'][:160]} "
                         f":: {node.get('failureSummary', '').splitlines()[-1:]}")
    return lines


@pytest.mark.parametrize("name", list(VISITS))
def test_axe_finds_no_serious_or_critical_violation(name, page: Page, server: Server):
    open_page(page, server, VISITS[name])
    if name == "network":
        graph_root(page)
    found = violations(page)
    assert not found, f"axe on {VISITS[name]}: {len(found)} serious or critical violation(s)\n" + "\n".join(found)


CHARTS = {"timeline": r"Timeline of \d+ events and \d+ claims in lanes by perpetrator network, with events per "
                      r"month beneath, [A-Z][a-z]{2} \d{4} – [A-Z][a-z]{2} \d{4}\. The table below lists them\.",
          "actor": r"Strip of the actor's \d+ events over time, [A-Z][a-z]{2} \d{4}( – [A-Z][a-z]{2} \d{4})?\. "
                   r"The table below lists them\.",
          "map": r"Map of \d+ events with coordinates\. The table below lists them\."}


@pytest.mark.parametrize("name", list(CHARTS))
def test_each_chart_is_summarised_in_its_aria_label_above_its_table(name, page: Page, server: Server):
    open_page(page, server, VISITS[name])
    chart = page.locator('[data-testid="stVegaLiteChart"][role="graphics-document"]').first
    expect(chart).to_have_attribute("aria-label", re.compile(CHARTS[name]))
    # and the table beneath it, the other text alternative
    expect(page.get_by_test_id("stMain").get_by_test_id("stDataFrame").first).to_be_visible()


def test_the_graph_is_summarised_in_its_aria_label(page: Page, server: Server):
    open_page(page, server, PAGES["network"])
    graph_root(page)
    box = page.locator(".pa-network-canvas")
    expect(box).to_have_attribute("role", "img")
    expect(box).to_have_attribute("aria-label", "Network graph of 5 actors and 5 ties among them. "
                                                "The table below lists the ties.")
