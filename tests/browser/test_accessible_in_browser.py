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
VISITS = {**PAGES, "attribution_event": "/Attribution?event=oct7_attack", "actor": "/Actors?actor=hamas",
          "network_actor": "/Network?actor=hamas",  # its ego network, with the Hops slider
          "presenter": "/?present=1", "presenter_slide_2": "/?present=1&slide=2"}


def violations(page: Page) -> list[str]:
    """The serious and critical violations on the page, one line per rule and element."""
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    lines = []
    for v in results.response["violations"]:
        if v["impact"] not in SERIOUS:
            continue
        for node in v["nodes"]:
            lines.append(f"{v['id']} ({v['impact']}): {' '.join(node['target'])} :: {node['html'][:160]} "
                         f":: {node.get('failureSummary', '').splitlines()[-1:]}")
    return lines


@pytest.mark.parametrize("name", list(VISITS))
def test_axe_finds_no_serious_or_critical_violation(name, page: Page, server: Server):
    open_page(page, server, VISITS[name])
    if name.startswith("network"):
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
