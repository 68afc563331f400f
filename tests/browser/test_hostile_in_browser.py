"""The hostile corpus (tests/fixtures/hostile/) in a real browser, where a payload could actually run.

Every free-text field of every file carries a payload that sets ``window.__pwned`` if it ever runs
(a <script>, an <img onerror>, an <svg onload>, a javascript: link, Markdown links and images, ...),
plus formulas, bidi overrides, NUL bytes and a 10,000-character word. tests/test_hostile.py checks
what the app sends; this module checks what chromium does with it: on every page nothing runs (in
the page or any iframe, also after hovering the graph's nodes and the charts' marks), no dialog
opens, the payloads show as text, no link has a script or data scheme, the long word does not push
the layout sideways, and nothing is fetched from evil.example (the visit's air-gap check).
"""

from __future__ import annotations

import csv
import io
import shutil
import time
from typing import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from proxyatlas.text import WORD_JOINER

from ..conftest import FIXTURES
from .server import READY_TIMEOUT_MS, Server, Visit, download_button, graph_root, serving, wait_ready

pytestmark = pytest.mark.browser

HOSTILE = FIXTURES / "hostile"

# The pages, with the parameters that bring the most hostile text on screen. Hamas's aliases carry
# the 10,000-character word; Iran's name is the <img onerror> payload; the seed article's
# affiliation is the Markdown payload with the evil.example image.
VISITS = [
    "/",
    "/Network",
    "/Timeline",
    "/Attribution?event=oct7_attack",
    "/Actors?actor=iran",
    "/Actors?actor=hezbollah",
    "/Actors?actor=hamas",
    "/Map",
    "/Sources?source=seed_article",
    "/Data",
]
IMG_PAYLOAD = '<img src=x onerror="window.__pwned=1">'  # Iran's name in the corpus
# Iran's name shows in the dispute (Attribution) and as the profile's header (Actors).
SHOWS_IMG_PAYLOAD = {"/Attribution?event=oct7_attack", "/Actors?actor=iran"}
LONG_WORD = "L" * 10_000  # one of Hamas's aliases
SHOWS_LONG_WORD = "/Actors?actor=hamas"  # "Also known as: ..."
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
LAYOUT_TOLERANCE_PX = 8
GRAPH_GRID = (14, 9)  # columns, rows of real mouse positions over the graph


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    """Overrides conftest's shared server: a server of this module's own, on a copy of the hostile corpus
    (so conftest's `visit` fixture, with its air-gap, console and server-log checks, visits this one)."""
    folder = tmp_path_factory.mktemp("hostile-server")
    data = folder / "data"
    shutil.copytree(HOSTILE, data, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    with serving(data, folder / "server.log") as running:
        yield running


# --- what the page did -----------------------------------------------------------------------------

def record_dialogs(page: Page) -> list[str]:
    """Every alert/confirm/prompt the page opens (dismissed at once), as '<type>: <message>'."""
    opened: list[str] = []

    def on_dialog(dialog) -> None:
        opened.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return opened


def pwned_frames(page: Page) -> list[str]:
    """The frames (page, graph iframe, ...) in which a payload ran and set window.__pwned."""
    ran = []
    for frame in page.frames:
        if frame.is_detached():
            continue
        if frame.evaluate("() => typeof window.__pwned") != "undefined":
            ran.append(frame.url[:120])
    return ran


def bad_links(page: Page) -> list[str]:
    """Anchors in any frame whose href (as written or as resolved) has a script or data scheme."""
    found = []
    for frame in page.frames:
        if frame.is_detached():
            continue
        hrefs = frame.evaluate(
            "() => [...document.querySelectorAll('a[href], area[href]')].map(a => [a.getAttribute('href'), a.href])")
        for written, resolved in hrefs:
            for href in (written, resolved):
                if href.strip().lower().replace("\t", "").replace("\n", "").startswith(BAD_SCHEMES):
                    found.append(f"{frame.url[:60]}: {written[:120]}")
                    break
    return found


def layout_overflow(page: Page) -> dict:
    """Where the layout is wider than its box: the document, <main> (the scroll container: text that
    overflows its element without being clipped widens it), the block container, and any block
    (Markdown, text, caption, heading, alert, metric, page link, container) whose box sticks out of
    <main>. Nulls and an empty list mean the layout held. (A one-line label that clips its text, as
    a page link does, is not an overflow: what it hides stays inside its box.)"""
    return page.evaluate(
        """tol => {
        const main = document.querySelector('[data-testid=stMain]');
        const block = document.querySelector('[data-testid=stMainBlockContainer]');
        const se = document.scrollingElement;
        const {left, right} = main.getBoundingClientRect();
        const sel = ['stMarkdown', 'stText', 'stCaptionContainer', 'stHeading', 'stAlert', 'stMetric',
                     'stPageLink', 'stBadge', 'stExpander', 'stVerticalBlock', 'stHorizontalBlock']
            .map(t => `[data-testid=${t}]`).join(',') + ', h1, h2, h3, p, pre, summary';
        const out = [];
        for (const el of main.querySelectorAll(sel)) {
            const r = el.getBoundingClientRect();
            if (r.width === 0 && r.height === 0) continue;
            if (r.right > right + tol || r.left < left - tol)
                out.push(`${el.dataset.testid || el.tagName} spans ${Math.round(r.left)}..${Math.round(r.right)} `
                         + `of <main>'s ${Math.round(left)}..${Math.round(right)}: ` + el.innerText.slice(0, 60));
        }
        const wide = (el) => el.scrollWidth > el.clientWidth + tol ? [el.scrollWidth, el.clientWidth] : null;
        return {document: se.scrollWidth > window.innerWidth + tol ? [se.scrollWidth, window.innerWidth] : null,
                main: wide(main), block: wide(block), text: out.slice(0, 10)};
        }""",
        LAYOUT_TOLERANCE_PX,
    )


def layout_holds(overflow: dict) -> bool:
    return not (overflow["document"] or overflow["main"] or overflow["block"] or overflow["text"])


# --- hovering ----------------------------------------------------------------------------------------

def sweep(page: Page, box: dict, grid: tuple[int, int] = GRAPH_GRID) -> None:
    """Move the real mouse over a box in a grid, row by row, pausing at each row's end for a tooltip."""
    cols, rows = grid
    for j in range(rows):
        for i in range(cols):
            page.mouse.move(box["x"] + box["width"] * (i + 0.5) / cols, box["y"] + box["height"] * (j + 0.5) / rows)
        page.wait_for_timeout(50)  # vis opens its tooltip after tooltipDelay (150 ms) of hovering
    page.mouse.move(0, 0)


def node_points(page: Page, root: Locator) -> dict[str, tuple[float, float]]:
    """Where each node of the graph is drawn, in page coordinates."""
    canvas = root.locator("canvas").bounding_box()
    assert canvas, "the graph has no canvas"
    points = root.evaluate("""el => Object.fromEntries(Object.entries(el.paNetwork.getPositions())
                                        .map(([id, p]) => [id, el.paNetwork.canvasToDOM(p)]))""")
    return {node: (canvas["x"] + p["x"], canvas["y"] + p["y"]) for node, p in points.items()}


TOOLTIP = """() => { const t = document.querySelector('div.vis-tooltip');
    if (!t || t.style.visibility === 'hidden' || !t.innerText.trim()) return null;
    return {text: t.innerText, tags: [...t.querySelectorAll('*')].map(e => e.tagName)}; }"""

# Hover every Vega chart densely: at each point of a grid over its marks, send the pointer and mouse
# moves that vega listens to, to the element at that point (as a real mouse would), and record each
# distinct tooltip vega-tooltip shows. Done in the page: a real-mouse grid as dense (thousands of
# points, to hit small marks) costs about 15 ms a point through the driver.
SWEEP_CHARTS = """points => {
    const tips = new Map();
    let sent = 0;
    for (const marks of document.querySelectorAll('[data-testid=stVegaLiteChart] :is(canvas.marks, svg.marks)')) {
        marks.scrollIntoView({block: 'center'});
        const r = marks.getBoundingClientRect();
        const step = Math.max(2, Math.sqrt(r.width * r.height / points));
        for (let y = r.top + step / 2; y < r.bottom; y += step) {
            for (let x = r.left + step / 2; x < r.right; x += step) {
                const target = document.elementFromPoint(x, y);
                if (!target) continue;
                const at = {clientX: x, clientY: y, bubbles: true, cancelable: true, view: window};
                target.dispatchEvent(new PointerEvent('pointermove', at));
                target.dispatchEvent(new MouseEvent('mousemove', at));
                sent++;
                const t = document.getElementById('vg-tooltip-element');
                if (t && t.classList.contains('visible') && !tips.has(t.innerHTML))
                    tips.set(t.innerHTML,
                             {text: t.innerText, tags: [...t.querySelectorAll('*')].map(e => e.tagName)});
            }
        }
    }
    return {sent, tips: [...tips.values()]};
}"""
CHART_POINTS = 3000  # per chart
VEGA_TOOLTIP_TAGS = {"TABLE", "TBODY", "TR", "TD", "H2"}  # what vega-tooltip builds itself


def hover_graph(page: Page, *, sweep_first: bool = True, click: bool = False) -> dict[str, dict]:
    """Hover the graph: a sweep over the canvas (edges, empty space), then each node in turn (and,
    with `click`, click it and let the page rerun); return each node's tooltip."""
    root = graph_root(page)
    if sweep_first:
        sweep(page, root.locator("canvas").bounding_box())
    titles = root.evaluate("el => Object.fromEntries(el.paNetwork.body.data.nodes.get().map(n => [n.id, n.title]))")
    # The mouse reaches only what is in the viewport: the graph's top at the top of the window.
    root.evaluate("el => el.scrollIntoView({block: 'start'})")
    tooltips = {}
    for node, (x, y) in node_points(page, root).items():
        page.mouse.move(x, y)
        # vis moves its one tooltip element from node to node: wait until it shows this node's title.
        page.wait_for_function(f"title => ({TOOLTIP})()?.text === title", arg=titles[node], timeout=10_000)
        tooltips[node] = page.evaluate(TOOLTIP)
    if click:  # each click starts a rerun that may redraw the graph: find each node where it is now
        for node in titles:
            now = node_points(page, root)
            if node in now:
                page.mouse.click(*now[node])
                wait_ready(page)
        assert "actor=" in page.url, "no click on a node selected its actor: the clicks checked nothing"
    page.mouse.move(0, 0)
    return tooltips


def hover_charts(page: Page) -> list[dict]:
    """Hover every Vega chart's marks; return each distinct tooltip vega-tooltip showed."""
    swept = page.evaluate(SWEEP_CHARTS, CHART_POINTS)
    assert swept["sent"] > 0, "no chart marks to hover"
    return swept["tips"]


# --- the tests ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", VISITS)
def test_hostile_text_never_runs_and_stays_in_its_box(path: str, visit: Visit):
    page = visit.page
    dialogs = record_dialogs(page)
    visit.open(path)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert "No valid data" not in main.inner_text()

    if path in SHOWS_IMG_PAYLOAD:
        expect(main.get_by_text("<img src=x onerror=", exact=False).first).to_be_visible()
        assert IMG_PAYLOAD in main.inner_text()
    # Nothing that would have been markup was made into elements (no <img>, <script>, onerror=, onload=).
    made = page.evaluate("""() => [...document.querySelectorAll(
                                      '[data-testid=stMain] :is(img, script, [onerror], [onload])')]
                                  .map(e => e.outerHTML.slice(0, 120))""")
    assert made == [], f"elements built from the data on {path}: {made}"

    hovered = ""
    if page.locator(".pa-network").count():
        tips = hover_graph(page, click=True)
        hovered += f", {len(tips)} graph tooltips and clicks"
    if page.get_by_test_id("stVegaLiteChart").count():
        tips = hover_charts(page)
        for tip in tips:
            assert set(tip["tags"]) <= VEGA_TOOLTIP_TAGS, f"a chart tooltip holds elements from the data: {tip}"
        hovered += f", {len(tips)} chart tooltips"
        if path in ("/Timeline", "/Map"):
            assert tips, f"hovering the charts of {path} opened no tooltip: the sweep checked nothing"

    assert pwned_frames(page) == [], f"a payload ran on {path}{hovered}"
    assert dialogs == [], f"a payload opened a dialog on {path}: {dialogs}"
    assert bad_links(page) == [], f"links with a script or data scheme on {path}"
    overflow = layout_overflow(page)
    assert layout_holds(overflow), f"the layout of {path} overflows its box: {overflow}"
    if path == SHOWS_LONG_WORD:  # the check above had the long word to hold: it is on the page, in full
        aliases = main.get_by_text("Also known as:", exact=False)
        expect(aliases).to_be_visible()
        assert LONG_WORD in aliases.inner_text()
    # The air-gap, console and server-log checks run when the visit ends (conftest's `visit` fixture):
    # http://evil.example/x.png, a Markdown image in the corpus, is never requested.


def pick(page: Page, box: str, option: str) -> None:
    """Choose `option` in the main area's selectbox labelled `box`, and wait for the rerun."""
    page.get_by_test_id("stMain").get_by_role("combobox", name=box, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_ready(page)


# The Network page's own widgets write actor names: the focus into the caption, A and B into the
# path's summary. Streamlit shows HTML in Markdown as text, so the corpus's names alone cannot tell
# an escaped name from a raw one: in a copy of it Hezbollah is named in Markdown that would link,
# fetch an image, colour and embolden if it were read as Markdown.
MARKDOWN_NAME = "[click me](javascript:window.__pwned=1) ![x](http://evil.example/x.png) :red[red] **bold**"
NETWORK_PICKS = {
    "focus": ([("Focus on an actor", MARKDOWN_NAME)], "stCaptionContainer", f"2-hop network of {MARKDOWN_NAME}."),
    "path": ([("Find how two actors are connected", None), ("How are A and B connected? A", IMG_PAYLOAD),
              ("B", MARKDOWN_NAME)], "stAlertContentSuccess",
             f"between {IMG_PAYLOAD} and {MARKDOWN_NAME}."),
}


@pytest.fixture(scope="module")
def markdown_named_server(tmp_path_factory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("markdown-named-server")
    data = folder / "data"
    shutil.copytree(HOSTILE, data, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    actors = data / "actors.csv"
    text = actors.read_text(encoding="utf-8")
    assert "\nhezbollah,-2+3," in text
    actors.write_text(text.replace("\nhezbollah,-2+3,", f"\nhezbollah,{MARKDOWN_NAME},", 1), encoding="utf-8")
    with serving(data, folder / "server.log") as running:
        yield running


@pytest.mark.parametrize("choices,where,says", NETWORK_PICKS.values(), ids=NETWORK_PICKS)
def test_network_focus_and_path_show_hostile_names_as_text(choices, where, says, browser: Browser,
                                                            markdown_named_server: Server):
    visit = Visit(browser, markdown_named_server)
    try:
        page = visit.open("/Network")
        dialogs = record_dialogs(page)
        for box, option in choices:
            if option is None:  # a toggle
                page.get_by_test_id("stMain").get_by_text(box, exact=True).click()
                wait_ready(page)
            else:
                pick(page, box, option)
        # (md() puts an invisible word joiner into "http://" so that it cannot autolink.) The rerun a pick
        # starts may still be under way on a busy machine: look until the line is there.
        boxes = page.get_by_test_id("stMain").get_by_test_id(where)
        deadline = time.monotonic() + READY_TIMEOUT_MS / 1000
        while True:
            shown = [t.replace(WORD_JOINER, "") for t in boxes.all_inner_texts()]
            if any(says in t for t in shown):
                break
            assert time.monotonic() < deadline, f"{says!r} is not shown as text: {shown}"
            page.wait_for_timeout(200)
        wait_ready(page)
        # The marking bar at the top (.pa-marking) is the app's own markup, built from constants only.
        made = page.evaluate("""() => [...document.querySelectorAll('[data-testid=stMain] :is(img, script, strong, '
                                        + '[onerror], [onload], p a, [data-testid=stMarkdownColoredText]):not(.pa-marking *)')]
                                      .map(e => e.outerHTML.slice(0, 120))""")
        assert made == [], f"elements built from the data: {made}"
        graph_root(page)
        assert pwned_frames(page) == [] and dialogs == []
        problems = visit.problems()  # the air gap: http://evil.example/x.png is never fetched
    finally:
        visit.close()
    assert problems == [], problems


def test_graph_tooltips_show_the_payloads_as_plain_text(visit: Visit):
    page = visit.open("/Network")
    dialogs = record_dialogs(page)
    tooltips = hover_graph(page, sweep_first=False)  # the sweep is the page test's
    assert sorted(tooltips) == ["hamas", "hezbollah", "iran", "irgc", "kataib_hezbollah"], tooltips
    assert IMG_PAYLOAD in tooltips["iran"]["text"], tooltips["iran"]
    assert "</script><script>window.__pwned=1</script>" in tooltips["kataib_hezbollah"]["text"]
    for node, tip in tooltips.items():
        # Line breaks are the only elements: vis sets a plain-text title with innerText.
        assert set(tip["tags"]) <= {"BR"}, f"{node}'s tooltip holds elements made from the data: {tip}"
    assert pwned_frames(page) == []
    assert dialogs == []


def test_sources_page_links_only_to_http(visit: Visit):
    page = visit.open("/Sources?source=seed_article")
    hrefs = [href for frame in page.frames if not frame.is_detached()
             for href in frame.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.href)")]
    assert hrefs, "no links at all: the check looked at nothing"
    assert bad_links(page) == []
    # javascript:, data: and vbscript: URLs in the data are shown as text, not as links.
    expect(page.get_by_test_id("stMain")).to_contain_text("[click me](javascript:window.__pwned=1)")


def test_no_address_from_the_data_becomes_a_link(visit: Visit):
    page = visit.open("/Sources?source=seed_article")
    linked = page.evaluate("""() => [...document.querySelectorAll('[data-testid=stMain] a[href]')]
                                     .map(a => a.getAttribute('href')).filter(h => h.includes('evil.example'))""")
    assert linked == [], f"an address from the data became a link: {linked}"


def test_the_checks_catch_a_payload_that_runs(visit: Visit):
    """Plant in a page what a payload that ran would leave, and see every check above report it."""
    page = visit.open("/Network")
    dialogs = record_dialogs(page)
    graph_root(page)
    assert pwned_frames(page) == [] and bad_links(page) == [] and layout_holds(layout_overflow(page))

    page.evaluate("() => { window.__pwned = 1; }")
    assert pwned_frames(page) == [page.url[:120]]
    page.evaluate("""() => { const a = document.createElement('a'); a.href = ' JavaScript:void(0)';
                              a.textContent = 'x'; document.body.append(a); }""")
    assert len(bad_links(page)) == 1
    page.evaluate("""() => { const p = document.createElement('p'); p.textContent = 'L'.repeat(10000);
                             document.querySelector('[data-testid=stMainBlockContainer]').append(p); }""")
    overflow = layout_overflow(page)
    assert overflow["main"], overflow
    page.evaluate("() => setTimeout(() => alert('pwned'))")
    page.wait_for_function("() => true")  # a round trip, in which the dialog event arrives
    assert dialogs == ["alert: pwned"]


# --- downloads ---------------------------------------------------------------------------------------

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
RAW_TABLES = ["sources", "actors", "relationships", "events", "claims"]


def test_csv_downloads_of_the_hostile_tables_are_inert_and_keep_numbers(visit: Visit):
    """Fetch every raw table's CSV from the Data page as the browser saves it: no text cell a
    spreadsheet could run as a formula (each gets a leading '), numbers (a longitude of -77.04) as
    they were, every row of the table there."""
    page = visit.open("/Data")
    tables = {}
    for name in RAW_TABLES:
        section = page.get_by_test_id("stExpander").filter(has=page.locator("summary").get_by_text(
            f"{name}.csv", exact=True))
        section.locator("summary").click()
        # The table draws after the expander opens and pushes the button down: click it once drawn.
        expect(section.get_by_test_id("stDataFrame")).to_be_visible()
        wait_ready(page)
        filename, data = visit.download(download_button(section, f"Download {name} (CSV)"))
        assert filename == f"proxy-atlas-{name}-tlp-clear.csv"  # the marking in the name
        assert data.startswith("\ufeff".encode()), "no BOM: Excel would misread the encoding"
        tables[name] = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    for name, (header, *rows) in tables.items():
        assert rows and all(len(row) == len(header) for row in rows), f"{name}: ragged or empty CSV"
        for cell in (cell for row in rows for cell in row):
            if cell.startswith(FORMULA_TRIGGERS):
                float(cell)  # only a number may start so; text gets a ' first
    actors = {row[0]: dict(zip(tables["actors"][0], row)) for row in tables["actors"][1:]}
    assert actors["hezbollah"]["name"] == "'-2+3" and actors["hezbollah"]["description"] == "'@SUM(1+1)*cmd"
    assert actors["irgc"]["description"] == "'=HYPERLINK(\"http://evil.example\",\"click\")"
    assert actors["us_government"]["lon"] == "-77.04" and actors["iran"]["founded"] == "1979"
    assert "secret_cell" not in actors  # above the marking ceiling: not in the page, not in its download
