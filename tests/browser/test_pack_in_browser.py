"""The HTML briefing pack of the hostile corpus, opened from disk in Debian's chromium with every request
off the file blocked: it asks for nothing, opens no dialog, runs no script, shows the payloads as text,
keeps its marking bars in view, and prints with the label and "Page i of n" on every page."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
from playwright.sync_api import Browser

from proxyatlas.pack import page as html_page

from ..test_pack import HOSTILE, HOSTILE_TEXT, gathered

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def pack_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pack") / "pack.html"
    path.write_text(html_page.render(gathered(HOSTILE)), encoding="utf-8")
    return path


def test_the_html_pack_requests_nothing_and_runs_nothing(browser: Browser, pack_file: Path):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    requests, blocked, dialogs, console, errors = [], [], [], [], []

    def only_the_file(route) -> None:
        if route.request.url == pack_file.as_uri():
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_file)
    page = context.new_page()
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(pack_file.as_uri(), wait_until="load")
        for svg in page.locator("svg text").all()[:40]:  # hover the charts' and graph's labels too
            svg.hover(force=True, timeout=2000)
        page.mouse.wheel(0, 20_000)
        page.wait_for_timeout(300)
        assert requests == [pack_file.as_uri()], f"the pack asked for more than itself: {requests}"
        assert blocked == [], blocked
        assert dialogs == [] and errors == [] and console == [], (dialogs, errors, console)
        assert page.evaluate("window.__pwned") is None, "a payload ran"
        assert page.evaluate("document.scripts.length") == 0
        assert page.evaluate("document.querySelectorAll('[onerror],[onload],[onclick],iframe,object,embed').length") == 0
        body = page.inner_text("main")
        for payload in HOSTILE_TEXT:
            assert payload in body, f"{payload!r} is not shown as text"
        # The marking bars stay at the top and bottom of the window while reading.
        top = page.locator(".marking.top").bounding_box()
        bottom = page.locator(".marking.bottom").bounding_box()
        assert top["y"] == 0 and abs(bottom["y"] + bottom["height"] - 900) < 1, (top, bottom)
        assert page.locator(".marking.top").inner_text().startswith("TLP:CLEAR")
        assert page.evaluate("getComputedStyle(document.querySelector('.marking.top')).backgroundColor") == "rgb(0, 0, 0)"
        # Printed, every page carries the label and its number.
        printed = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
        texts = [" ".join(p.extract_text().split()) for p in printed.pages]
        assert len(texts) > 1
        for i, text in enumerate(texts, start=1):
            assert text.count("TLP:CLEAR") >= 2 and f"Page {i} of {len(texts)}" in text, (i, text[:120], text[-120:])
    finally:
        context.close()
