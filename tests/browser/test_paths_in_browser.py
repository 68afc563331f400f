"""No page shows the server's absolute data path: a server on data planted under a recognisable folder,
every page opened in chromium, the whole document (text, attributes, the tables' accessible grid) read."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Browser, expect

from proxyatlas import baseline
from proxyatlas.config import Settings
from proxyatlas.store import Store

from ..conftest import TINY
from .server import PAGES, Server, Visit, serving

pytestmark = pytest.mark.browser

PLANTED = "PLANTED-srv-path-B4r7"  # a folder name no page could show by chance


@pytest.fixture
def planted_server(tmp_path_factory, monkeypatch) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("paths") / PLANTED
    data, where = root / "data", root / "baselines"
    shutil.copytree(TINY, data)
    baseline.save(Store(Settings(data, "TLP:CLEAR")).state().good, "first", data, where)
    monkeypatch.setenv("PROXYATLAS_BASELINES", str(where))  # the server inherits the environment
    with serving(data, root.parent / "server.log") as running:
        yield running


def test_no_page_shows_the_absolute_data_path(browser: Browser, planted_server: Server):
    visit = Visit(browser, planted_server)
    try:
        for name, path in PAGES.items():
            page = visit.open(path)
            expect(page.get_by_test_id("stMain").get_by_role("heading", level=1)).to_be_visible()
            document = page.content()
            assert "Data as of" in document, name  # the page drew (the data line is at its foot)
            assert PLANTED not in document and str(planted_server.data_dir.parent) not in document, \
                f"the {name} page shows the server's path"
            if name == "data":
                expect(page.get_by_test_id("stMain")).to_contain_text("All files in data/ are valid.")
                expect(page.get_by_test_id("stMain")).to_contain_text("Saved in baselines/ with")
        problems = visit.problems()
    finally:
        visit.close()
    assert not problems, "\n".join(problems)
