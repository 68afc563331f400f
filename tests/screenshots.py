"""Screenshots of the dashboard for the README: `python -m tests.screenshots` (or `make screenshots`).

Starts the real server on the bundled data (data/), the same way the browser tests do, opens the
Briefing, Network, Attribution (7 October attack) and Map pages and the presenter view in Debian's chromium and
writes full-page PNGs to docs/screenshots/ (`--only NAME` takes one of them). Refuses to run on data that does not validate, and fails if a page shows
an exception, logs an error or makes a request off this machine.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from proxyatlas import loader
from proxyatlas.config import BUNDLED_DATA

from .browser.server import PAGES, ROOT, Visit, full_page_screenshot, graph_root, launch_chromium, serving

OUT = ROOT / "docs" / "screenshots"
EVENT = "oct7_attack"
SHOTS = {
    "briefing": PAGES["briefing"],
    "network": PAGES["network"],
    "attribution": f"{PAGES['attribution']}?event={EVENT}",
    "map": PAGES["map"],
    "presenter": f"{PAGES['briefing']}?present=1&slide=3",  # the presenter view, on the most contested
}
# The map's event marks drawn (Vega binds each mark's element to its scene item, whose datum is the row).
MAP_DRAWN = """() => [...document.querySelectorAll('[data-testid=stVegaLiteChart] svg.marks g.mark-symbol path')]
    .some(el => typeof el.__data__?.datum?.title === 'string')"""


def take(visit: Visit, name: str, path: str, out: Path) -> Path:
    page = visit.open(path)
    if name == "network":
        graph_root(page)
    if name == "map":
        page.wait_for_function(MAP_DRAWN)
    if name == "presenter":
        page.locator(".pa-marking").wait_for()
    if name == "attribution" and f"event={EVENT}" not in page.url:
        raise SystemExit(f"the data has no claims about {EVENT}: the Attribution page opened {page.url}")
    if page.get_by_test_id("stException").count():
        raise SystemExit(f"{path} shows an exception")
    shot = full_page_screenshot(page, out / f"{name}.png")
    if problems := visit.problems():
        raise SystemExit(f"{path}:\n" + "\n".join(problems))
    return shot


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=BUNDLED_DATA, help="data folder (default: data/)")
    parser.add_argument("--out", type=Path, default=OUT, help="where the PNGs go (default: docs/screenshots/)")
    parser.add_argument("--only", choices=sorted(SHOTS), action="append", help="take only these (repeatable)")
    args = parser.parse_args(argv)
    shots = {name: path for name, path in SHOTS.items() if not args.only or name in args.only}

    problems = loader.load(args.data).problems
    if problems:
        print(f"{args.data} does not validate, so there is nothing worth showing:", file=sys.stderr)
        print("\n".join(map(str, problems)), file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, serving(args.data.resolve(), Path(tmp) / "server.log") as server:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            try:
                for name, path in shots.items():
                    visit = Visit(browser, server)
                    try:
                        print(f"wrote {take(visit, name, path, args.out)}")
                    finally:
                        visit.close()
            finally:
                browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
