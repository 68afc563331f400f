"""The protocol-level load generator (`python -m bench.load`) against a real `streamlit run`.

The server runs a temporary copy of the app with two pages planted on purpose (never in the product):
/Boom raises after the shared sidebar is drawn, and /Mixed shows a second "data version" line beside
the foot line's. A handful of protocol viewers browse while bench/republish.Writer saves a new
version of the data every second. Every view of /Boom must be counted as an error page and no other;
/Mixed must be caught as mixing two versions; the viewers must have seen the new versions as they came.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bench.load import Tally, Viewer
from bench.load_report import replace_section
from bench.protocol import Session
from bench.republish import Writer
from tests.browser.server import ROOT, start_server

from .conftest import TINY

VIEWERS = 4
BROWSE_S = 120.0  # a bound: on a quiet machine the views it needs take about 15 s
BOOM = '''from dashboard import context

context.setup("Boom")
raise RuntimeError("planted on purpose by tests/test_load_generator.py")
'''
MIXED = '''import streamlit as st

from dashboard import context

page = context.setup("Mixed")
st.caption("data version 000000000000")  # planted: a second version beside the foot line's
context.footer(page)
'''


def run_async(coro):
    """asyncio.run in a thread of its own: Playwright's sync API (the browser tests' session fixture)
    may already run an event loop in this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def planted_app(folder: Path) -> Path:
    """A copy of the app (its code linked, its pages copied) with /Boom and /Mixed added."""
    app = folder / "app"
    app.mkdir()
    for name in ("app.py", ".streamlit"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, app / name)
    for name in ("dashboard", "proxyatlas", "queries", "static", "data"):
        os.symlink(ROOT / name, app / name)
    shutil.copytree(ROOT / "pages", app / "pages")
    (app / "pages" / "90_Boom.py").write_text(BOOM, encoding="utf-8")
    (app / "pages" / "91_Mixed.py").write_text(MIXED, encoding="utf-8")
    return app


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("load")
    writer = Writer.on_copy(TINY, folder, 1.0, random.Random(1), steady=True)
    server = start_server(writer.out, folder / "server.log", app_dir=planted_app(folder))
    try:
        yield server, writer
    finally:
        writer.stop.set()
        server.stop()


KINDS = {"open", "menu", "Sponsor network", "Minimum confidence of ties", "From"}


def _enough(tally: Tally) -> bool:
    views = [v for _, v in tally.views]
    return (len(views) >= 20 and any(v.path.startswith("/Boom") for v in views)
            and KINDS <= {v.kind for v in views} and len(tally.by_version) >= 3)


async def _browse(url: str, writer: Writer) -> Tally:
    """Viewers browse until every kind of view, /Boom and three data versions were seen (at most BROWSE_S)."""
    tally = Tally(time.monotonic())
    stop = asyncio.Event()
    good = ["/?conf=moderate", f"/Actors?actor={writer.actor_id}", f"/Sources?source={writer.source_id}", "/Network"]
    viewers = [Viewer(n, url, tally, ["/Boom"] if n == 0 else good, writer.marks, random.Random(n), 0.2, 60.0, None)
               for n in range(VIEWERS)]
    tasks = [asyncio.create_task(v.run(stop)) for v in viewers]
    deadline = time.monotonic() + BROWSE_S
    while time.monotonic() < deadline and not _enough(tally):
        await asyncio.sleep(0.5)
    stop.set()
    await asyncio.gather(*tasks)
    return tally


def test_viewers_count_error_pages_and_follow_new_versions(served):
    server, writer = served
    writer.start()
    tally = run_async(_browse(server.url, writer))
    writer.stop.set()
    views = [v for _, v in tally.views]
    on_boom = [v for v in views if v.path.startswith("/Boom")]
    assert len(views) > 20 and on_boom, f"{len(views)} views, {len(on_boom)} on /Boom"
    # exactly the planted page's views are error pages, each for its exception element
    assert [v for v in views if v.error] == on_boom
    assert all(v.exceptions >= 1 and v.title == "Boom" for v in on_boom)
    assert not tally.failures and not tally.driver
    # every kind of view happened: opened by address, menu links, filter changes (widget-state reruns)
    assert KINDS <= {v.kind for v in views}
    # no view mixed two versions, and the viewers saw the saves arrive (several data versions, each with
    # one version of the renamed actor)
    assert not [v for v in views if v.mixed] and not tally.version_clashes
    assert len(tally.by_version) >= 3, tally.by_version
    assert {m for marks in tally.by_version.values() for m in marks} == {"actor", "source"}
    log = re.sub(r"\x1b\[[0-9;]*m", "", server.log())  # the planted page's tracebacks, and nothing else
    assert log.count("Traceback") == log.count("RuntimeError: planted on purpose") >= 1


def test_a_view_showing_two_data_versions_is_mixed(served):
    server, writer = served

    async def views():
        session = Session(server.url, writer.marks)
        try:
            return await session.open("/Mixed"), await session.open(f"/Actors?actor={writer.actor_id}")
        finally:
            await session.close()

    mixed, good = run_async(views())
    assert mixed.mixed and "000000000000" in mixed.versions and len(mixed.versions) == 2
    assert not good.mixed and len(good.versions) == 1 and good.marks["actor"]
    assert mixed.error is None and good.error is None


def test_session_refuses_other_hosts():
    with pytest.raises(ValueError, match="loopback only"):
        Session("http://10.0.0.1:8501")


def test_a_run_replaces_its_own_section_only(tmp_path):
    results = tmp_path / "load_results.md"
    replace_section(results, "## Protocol load: a", "## Protocol load: a\n\nfirst\n")
    replace_section(results, "## Publish", "## Publish\n\npublish figures\n")
    replace_section(results, "## Protocol load: a", "## Protocol load: a\n\nsecond\n")
    text = results.read_text()
    assert text.startswith("# Load tests")
    assert "first" not in text and text.index("second") < text.index("publish figures")
    assert text.count("## ") == 2


def test_the_writer_runs_the_publish_command_after_each_save(tmp_path):
    # A stand-in publish step (a plain copy), until `python -m proxyatlas publish` is there to name.
    writer = Writer.on_copy(TINY, tmp_path, 1.0, random.Random(1), republish="cp -rT {src} {out}")
    assert writer.out == tmp_path / "published" and writer.src == tmp_path / "csv"
    assert f"{writer.actor_name} v0x" in (writer.out / "actors.csv").read_text()
    writer.save(1)
    assert f"{writer.actor_name} v1x" in (writer.out / "actors.csv").read_text() and len(writer.publish_seconds) == 2
    writer.republish = "false {src}"
    with pytest.raises(RuntimeError, match="exited 1"):
        writer.save(2)
