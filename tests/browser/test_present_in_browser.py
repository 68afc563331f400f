"""The presenter view in chromium: the link the Briefing page gives, the sidebar collapsed, the marking
and the filters as one line at the top, larger type, and the slides moved through with the arrow keys."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .server import Server, open_page

pytestmark = pytest.mark.browser

VIEW = "from=2023-10-01&to=2024-06-30&conf=moderate"
LINE = ("Window: 2023-10-01 to 2024-06-30 · Sponsor network: All actors · Countries: All · Actor kinds: All · "
        "Minimum confidence of ties: moderate")


def slide_caption(page: Page, n: int, title: str):
    return page.get_by_test_id("stMain").get_by_text(f"Slide {n} of 4: {title}.", exact=False)


def font_px(page: Page, selector: str) -> float:
    return float(page.locator(selector).first.evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))


def test_a_briefer_opens_the_presenter_view_and_moves_through_it_with_the_arrow_keys(page: Page, server: Server):
    open_page(page, server, f"/?{VIEW}")
    desk_title = font_px(page, "[data-testid=stMain] h1")
    link = page.get_by_test_id("stMain").get_by_role("link", name=re.compile("^Presenter view"))
    href = link.get_attribute("href")
    assert href and "present=1" in href and "conf=moderate" in href and "from=2023-10-01" in href

    open_page(page, server, "/" + href.lstrip("./") if not href.startswith("/") else href)
    main = page.get_by_test_id("stMain")
    expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")
    marking = main.locator(".pa-marking").first
    expect(marking).to_have_attribute("aria-label", "Marking: TLP:CLEAR")
    expect(marking.locator("strong")).to_have_css("color", "rgb(255, 255, 255)")  # TLP:CLEAR: white
    expect(marking).to_have_css("background-color", "rgb(0, 0, 0)")  # on black, as the pack draws it
    expect(main.get_by_text(LINE, exact=True)).to_be_visible()
    # the marking first, then the filters line, then the title
    order = main.evaluate("""el => [el.querySelector('.pa-marking'), [...el.querySelectorAll('[data-testid=stText]')]
        .find(t => t.textContent.startsWith('Window:')), el.querySelector('h1')]
        .map(x => x.getBoundingClientRect().top)""")
    assert order == sorted(order), order
    assert font_px(page, "[data-testid=stMain] h1") > desk_title * 1.3  # larger type
    expect(slide_caption(page, 1, "The view in figures")).to_be_visible()
    expect(main.get_by_test_id("stMetric").first).to_be_visible()

    page.locator(".pa-slide-keys").wait_for(state="attached")
    page.keyboard.press("ArrowRight")
    expect(slide_caption(page, 2, "Latest events")).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]slide=2\b"))
    expect(main.get_by_role("heading", name="Latest events")).to_be_visible()
    expect(main.get_by_test_id("stMetric")).to_have_count(0)
    assert "conf=moderate" in page.url and "present=1" in page.url  # the view is kept

    page.keyboard.press("ArrowRight")
    expect(slide_caption(page, 3, "Most contested attributions")).to_be_visible()
    page.keyboard.press("ArrowLeft")
    expect(slide_caption(page, 2, "Latest events")).to_be_visible()
    page.keyboard.press("End")
    expect(slide_caption(page, 4, "Key changes in the window")).to_be_visible()
    page.keyboard.press("ArrowRight")  # past the last slide: it stays
    expect(slide_caption(page, 4, "Key changes in the window")).to_be_visible()

    main.get_by_role("link", name=re.compile("^Previous")).click()
    expect(slide_caption(page, 3, "Most contested attributions")).to_be_visible()
    expect(page.locator(".pa-marking")).to_have_count(1)
