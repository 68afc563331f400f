"""The replica deployment (`make serve-replicas`, deploy/) as a viewer meets it: two replicas behind
HAProxy, two browser sessions through the proxy.

Each fresh browser context gets the proxy's affinity cookie on its first response; two contexts land on
different replicas (cookie affinity spreads clients that share one address), each page's WebSocket
stays on its replica (the page connects and finishes its run), and both show the same data version in
the foot line. The replicas see the data folder read-only.
"""

from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import Browser

from deploy.replicas import COOKIE, Deployment

from ..conftest import TINY
from .server import wait_ready

pytestmark = pytest.mark.browser

VERSION = re.compile(r"data version ([0-9a-f]{12})")


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    folder = tmp_path_factory.mktemp("replicas")
    shutil.copytree(TINY, folder / "data")
    with Deployment(folder / "data", replicas=2, run_dir=folder / "run") as running:
        yield running


def _visit(browser: Browser, url: str) -> tuple[str, str, list[str]]:
    """Open the Actors page in a fresh context: (its replica, the data version shown, requests elsewhere)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(url + "/Actors?actor=hamas")
        wait_ready(page)
        foot = page.get_by_test_id("stMain").get_by_text("data version").inner_text()
        cookies = {c["name"]: c["value"] for c in context.cookies()}
        elsewhere = [r for r in requests if not r.startswith(url + "/") and not r.startswith("data:")
                     and not r.startswith(url.replace("http", "ws") + "/")]
        return cookies.get(COOKIE), VERSION.search(foot).group(1), elsewhere
    finally:
        context.close()


def test_two_sessions_land_on_different_replicas_and_see_one_version(deployment, browser):
    first = _visit(browser, deployment.url)
    second = _visit(browser, deployment.url)
    assert {first[0], second[0]} == {"r1", "r2"}, (first, second)
    assert first[1] == second[1]
    assert first[2] == second[2] == []
    for replica in deployment.members:  # no warning or traceback on either replica
        log = replica.log.read_text(errors="replace")
        assert not re.search(r"Traceback|Exception|\bERROR\b|\bWARNING\b", log), log


def test_replicas_see_the_data_read_only(deployment):
    data = str(deployment.data)
    for replica in deployment.members:
        mounts = [line.split() for line in open(f"/proc/{replica.pid}/mountinfo", encoding="utf-8")]
        options = [fields[5] for fields in mounts if fields[4] == data]
        assert options and options[-1].split(",")[0] == "ro", (replica.name, options)
