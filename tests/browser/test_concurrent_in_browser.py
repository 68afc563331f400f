"""Several viewers at once while an analyst saves the data again and again (the small version of
`python -m bench.load_browser`, in `make test`).

Four browser contexts (four viewers, each with its own Streamlit session) move through the Briefing,
Network, Timeline, Attribution and Sources pages, in turn by a fresh navigation (a new session), by
the sidebar's menu (a page switch in the same session) and by changing the minimum confidence on the
page they are on (a rerun in place, which updates the page's elements). Meanwhile a thread re-saves
the tiny data's CSVs as numbered versions: version k names Hamas "Hamas vK" in actors.csv and titles
the seed article "[Seed article vK: ...]" in sources.csv; one save in three first writes half of one
of the two files (cut at a line boundary, which fails validation), waits 50 ms, then writes it whole.

Every page view must show one good version, whole: no error, the page's data present, and every
version number on the page the same (on the Attribution and Sources pages both strings appear, so a
page built from actors.csv of one save and sources.csv of another would show two numbers). A view
may show the "last good data" banner, with an older good version (the store read a save caught
mid-write); those are counted, not failed.
"""

from __future__ import annotations

import random
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from bench.republish import save_as_an_editor_might

from .server import READY_TIMEOUT_MS, SETTLED, ScriptRuns, Server, Visit
from .test_pages_in_browser import confidence_slider, menu_link

pytestmark = pytest.mark.browser

SESSIONS = 4
# Long enough for ~16 page views of each kind of move: on 2026-12-03 a view took 2-9 s here (the code of the
# last landing too, on a quiet machine), and 25 s gave 17 views with one menu move, failing the counts below.
DRIVE_S = 60.0
SAVE_GAP_S = (0.25, 1.0)  # between one save's end and the next one's start, drawn at random
SEED = 20231007

# (title, path, what the page must show: "hamas" for Hamas's name, "seed" for the seed article's title)
ROUTE = [
    ("Briefing", "/", ()),
    ("Network", "/Network", ("hamas",)),
    ("Timeline", "/Timeline", ("hamas",)),
    ("Attribution", "/Attribution?event=oct7_attack", ("hamas", "seed")),
    ("Sources", "/Sources?source=seed_article", ("hamas", "seed")),
]
# Pages the sidebar menu opens as the route wants them (the tiny data's only disputed event is
# oct7_attack, the Attribution page's default; the Sources page's default is not the seed article).
BY_MENU = {"Network", "Timeline", "Attribution"}
MOVES = ("open", "menu", "rerun")
PATTERNS = {"hamas": r"Hamas v(\d+)", "seed": r"Seed article v(\d+)"}
STALE = "The data files were edited and now have"

# Everything the page shows as text: <main> (Markdown, captions, the tables' accessible grids)
# and the graph component's data (node labels and tooltips).
PAGE_TEXT = """() => {
    const main = document.querySelector('[data-testid=stMain]');
    const frames = [...document.querySelectorAll('.pa-network')].map(el => !el.paNetwork ? ''
        : el.paNetwork.body.data.nodes.get().map(n => n.label + '\\n' + n.title).join('\\n')).join('\\n');
    return (main ? main.textContent : '') + '\\n' + frames;
}"""
# The page shows a finished run (once the run the move started has finished: see server.ScriptRuns),
# its title is `title`, and every string it must show is there (an exception box ends the wait too:
# it is reported, not waited out).
SHOWN = """([title, patterns]) => {
    if (!(%s)()) return false;
    if (document.querySelector('[data-testid=stException]')) return true;
    const h1 = document.querySelector('[data-testid=stMain] h1');
    if (!h1 || h1.innerText.trim() !== title) return false;
    const text = (%s)();
    return patterns.every(p => new RegExp(p).test(text));
}""" % (SETTLED, PAGE_TEXT)
SETTLE_READS, SETTLE_PAUSE_MS = 12, 250


def version(k: int, actors: str, sources: str) -> tuple[str, str]:
    """The two files' text at version k."""
    assert "\nhamas,Hamas," in actors and "[Seed article:" in sources
    return (actors.replace("\nhamas,Hamas,", f"\nhamas,Hamas v{k},", 1),
            sources.replace("[Seed article:", f"[Seed article v{k}:", 1))


class Saver(threading.Thread):
    """An analyst re-saving actors.csv and sources.csv as versions 1, 2, ... until told to stop."""

    def __init__(self, data: Path, rng: random.Random):
        super().__init__(name="saver", daemon=True)
        self.data, self.rng = data, rng
        self.actors = (data / "actors.csv").read_text(encoding="utf-8")
        self.sources = (data / "sources.csv").read_text(encoding="utf-8")
        self.stop = threading.Event()
        self.written = 0  # the last version written whole
        self.half_saves = 0
        self.error: BaseException | None = None

    def save(self, k: int) -> None:
        actors, sources = version(k, self.actors, self.sources)
        half = {0: "actors.csv", 3: "sources.csv"}.get(k % 6)  # one save in three, each file in turn
        for name, text in (("actors.csv", actors), ("sources.csv", sources)):
            save_as_an_editor_might(self.data / name, text, half_first=name == half)
            self.half_saves += name == half

    def run(self) -> None:
        try:
            k = self.written
            while not self.stop.wait(self.rng.uniform(*SAVE_GAP_S)):
                k += 1
                self.save(k)
                self.written = k
        except BaseException as err:  # reported by the test
            self.error = err


@dataclass
class Viewer:
    visit: Visit
    runs: ScriptRuns
    target: tuple = ROUTE[0]
    move: str = "open"
    runs_before: int = 0

    @property
    def page(self) -> Page:
        return self.visit.page


@dataclass
class Tally:
    views: Counter = field(default_factory=Counter)
    moves: Counter = field(default_factory=Counter)
    stale: int = 0
    lagging: int = 0
    versions: set = field(default_factory=set)

    def __str__(self) -> str:
        total = sum(self.views.values())
        shown = f"{min(self.versions)}..{max(self.versions)}" if self.versions else "none"
        return (f"{total} page views ({dict(self.views)}; by {dict(self.moves)}), "
                f"{self.stale} with the last-good-data banner, {self.lagging} whose table text lagged a moment, "
                f"versions shown {shown}")


def go(viewer: Viewer, server: Server, target: tuple, move: str) -> None:
    """Start a move; return at once (the viewers' loads overlap). "open" navigates to the page's
    address, "menu" clicks its link in the sidebar, "rerun" changes the minimum confidence on the
    page the viewer is on (low <-> moderate)."""
    page = viewer.page
    viewer.target, viewer.move = target, move
    viewer.runs_before = viewer.runs.finished
    if move == "open":
        page.goto(server.url + target[1], wait_until="commit")
    elif move == "menu":
        menu_link(page, target[0].lower()).click()
    else:
        slider = confidence_slider(page)
        value = slider.get_attribute("aria-valuetext")
        slider.focus()
        page.keyboard.press("ArrowRight" if value == "low" else "ArrowLeft")
        # The slider shows its new value at once; only then is a rerun on its way.
        expect(slider).not_to_have_attribute("aria-valuetext", value or "")


def versions(text: str) -> dict[str, set[int]]:
    return {name: {int(v) for v in re.findall(pattern, text)} for name, pattern in PATTERNS.items()}


def check_view(viewer: Viewer, saver: Saver, tally: Tally) -> None:
    """Wait for the run the viewer's move started, and check the page shows one good version, whole."""
    title, path, must_show = viewer.target
    page = viewer.page
    patterns = [PATTERNS[name] for name in must_show]
    context = f"{title} ({path}, by {viewer.move}) after {tally}"
    try:
        deadline = time.monotonic() + READY_TIMEOUT_MS / 1000
        while viewer.runs.finished <= viewer.runs_before:  # the run the move started has not finished
            if time.monotonic() > deadline:
                raise TimeoutError(f"no run finished ({viewer.runs.finished} in all)")
            page.wait_for_timeout(50)  # hands control to Playwright, which delivers the websocket frames
        page.wait_for_function(SHOWN, arg=[title, patterns], timeout=READY_TIMEOUT_MS, polling=100)
    except Exception as err:
        state = page.evaluate("""() => { const app = document.querySelector('[data-testid=stApp]');
            return {connection: app?.dataset.testConnectionState,
                    script: app?.dataset.testScriptState, h1: document.querySelector('h1')?.innerText,
                    skeletons: document.querySelectorAll('[data-testid=stSkeleton]').length,
                    exceptions: document.querySelectorAll('[data-testid=stException]').length}; }""")
        text = page.get_by_test_id("stMain").inner_text() if page.get_by_test_id("stMain").count() else ""
        raise AssertionError(f"the page never showed its data: {context}\n"
                             f"runs finished before the move {viewer.runs_before}, now {viewer.runs.finished}; "
                             f"{state}\n{text[:1500]}") from err
    assert page.get_by_test_id("stException").count() == 0, f"an exception on {context}"
    text = page.evaluate(PAGE_TEXT)
    assert "No valid data" not in text, f"no data on {context}"
    if title == "Briefing":
        assert page.get_by_test_id("stMetric").count() == 6, f"the headline figures are missing on {context}"
    found = versions(text)
    shown = set().union(*found.values())
    if len(shown) > 1 and viewer.move != "open":
        # After a run in the same session a table's text (the accessible copy of its canvas grid,
        # which is what we read) can lag the rest of the page for a moment. No run happens now, so
        # the page can only settle on what its run sent: read again for a few seconds.
        for _ in range(SETTLE_READS):
            page.wait_for_timeout(SETTLE_PAUSE_MS)
            found = versions(page.evaluate(PAGE_TEXT))
            shown = set().union(*found.values())
            if len(shown) <= 1:
                tally.lagging += 1
                break
    assert len(shown) <= 1, f"a mix of versions {found} on {context}"
    assert all(found[name] for name in must_show), f"nothing shown ({found}) on {context}"
    if shown:
        (k,) = shown
        assert k <= saver.written, f"version {k} was never written whole (last: {saver.written}) on {context}"
        tally.versions.add(k)
    if page.get_by_test_id("stAlertContentWarning").filter(has_text=STALE).count():
        tally.stale += 1
    tally.views[title] += 1
    tally.moves[viewer.move] += 1


def test_viewers_see_whole_versions_while_the_data_is_saved_again_and_again(browser: Browser,
                                                                            editable_server: Server):
    server, data = editable_server, editable_server.data_dir
    saver = Saver(data, random.Random(SEED))
    actors, sources = version(0, saver.actors, saver.sources)
    (data / "actors.csv").write_text(actors, encoding="utf-8")
    (data / "sources.csv").write_text(sources, encoding="utf-8")

    viewers = []
    tally = Tally()
    try:
        for _ in range(SESSIONS):
            visit = Visit(browser, server)
            viewers.append(Viewer(visit, ScriptRuns(visit.page)))
        # Every viewer opens a first page before the saves start (the first load of the store).
        for i, viewer in enumerate(viewers):
            go(viewer, server, ROUTE[i % len(ROUTE)], "open")
        for viewer in viewers:
            check_view(viewer, saver, tally)

        saver.start()
        deadline = time.monotonic() + DRIVE_S
        step = 1
        while time.monotonic() < deadline:
            for i, viewer in enumerate(viewers):
                move = MOVES[(i + step) % len(MOVES)]
                target = viewer.target if move == "rerun" else ROUTE[(i + step) % len(ROUTE)]
                if move == "menu" and target[0] not in BY_MENU:
                    move = "open"
                go(viewer, server, target, move)
            for viewer in viewers:
                check_view(viewer, saver, tally)
            step += 1
        saver.stop.set()
        saver.join(timeout=10)
        assert saver.error is None, f"the saver failed: {saver.error!r}"
        assert not saver.is_alive()

        # Once the saves stop, the next view shows the last one.
        go(viewers[0], server, ROUTE[3], "open")
        check_view(viewers[0], saver, tally)
        last = versions(viewers[0].page.evaluate(PAGE_TEXT))["hamas"]
        assert last == {saver.written}, f"after the last save (version {saver.written}) the page shows {last}: {tally}"

        problems = [f"viewer {i}: {p}" for i, viewer in enumerate(viewers) for p in viewer.visit.problems()]
        assert not problems, f"after {tally}:\n" + "\n".join(problems)
        assert sum(tally.views.values()) >= 4 * SESSIONS, f"too few page views to prove anything: {tally}"
        assert all(tally.moves[m] >= 2 for m in MOVES), f"too few moves of a kind: {tally}"
        assert saver.written >= 10 and saver.half_saves >= 3, \
            f"too few saves: {saver.written} ({saver.half_saves} half-written first), {tally}"
        assert len(tally.versions) >= 3, f"the viewers saw too few versions to prove anything: {tally}"
        print(f"\n{tally}; {saver.written} saves, {saver.half_saves} of them half-written first")
    finally:
        saver.stop.set()
        for viewer in viewers:
            viewer.visit.close()
