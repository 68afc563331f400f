"""Browser fixtures: the real `streamlit run` server on a copy of the tiny data, Debian's chromium,
and a fresh, watched browser context per test.

Every test's visit is checked when it ends: no request left 127.0.0.1:<port>, no console error or
uncaught page error, no warning or traceback in the server's log.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from ..conftest import TINY
from .server import ROOT, Server, Visit, launch_chromium, serving

ARTIFACTS = ROOT / "tests" / "artifacts"
EXPECT_TIMEOUT_MS = 15_000  # a rerun on a busy 2-core machine can take a few seconds

expect.set_options(timeout=EXPECT_TIMEOUT_MS)


def copy_tiny(folder: Path) -> Path:
    target = folder / "data"
    shutil.copytree(TINY, target)
    return target


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[Server]:
    """One server for the read-only tests, on a private copy of the tiny data."""
    folder = tmp_path_factory.mktemp("browser-server")
    with serving(copy_tiny(folder), folder / "server.log") as running:
        yield running


@pytest.fixture
def editable_server(tmp_path) -> Iterator[Server]:
    """A server of its own, on a copy of the tiny data the test may edit."""
    with serving(copy_tiny(tmp_path), tmp_path / "server.log") as running:
        yield running


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


def _visit(browser: Browser, server: Server) -> Iterator[Visit]:
    visit = Visit(browser, server)
    try:
        yield visit
        problems = visit.problems()
    finally:
        visit.close()
    assert not problems, "the visit went wrong:\n" + "\n".join(problems)


@pytest.fixture
def visit(browser: Browser, server: Server) -> Iterator[Visit]:
    yield from _visit(browser, server)


@pytest.fixture
def editable_visit(browser: Browser, editable_server: Server) -> Iterator[Visit]:
    yield from _visit(browser, editable_server)


@pytest.fixture
def page(visit: Visit) -> Page:
    """A page in a fresh context (viewport 1400x1000) on the shared server."""
    return visit.page


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """tests/artifacts/ (git-ignored): screenshots for people to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
