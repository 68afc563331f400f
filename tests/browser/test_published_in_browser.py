"""A real server on a published folder (PROXYATLAS_DATA=OUT_DIR): it serves the publication, shows its
version in the foot line, and shows a re-publish on the next page view."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from proxyatlas import publish

from ..conftest import TINY
from .server import PAGES, Visit, serving
from .test_pages_in_browser import IRGC, edit, main, reload

pytestmark = pytest.mark.browser


def test_a_server_on_a_published_folder_shows_it_and_a_republish(browser: Browser, tmp_path: Path):
    data, out = tmp_path / "data", tmp_path / "published"
    shutil.copytree(TINY, data)
    first = publish.publish(data, out, "TLP:CLEAR").manifest
    with serving(out, tmp_path / "server.log") as server:
        visit = Visit(browser, server)
        try:
            page = visit.open(f"{PAGES['attribution']}?event=oct7_attack")
            expect(main(page)).to_contain_text(f"Hamas denies responsibility by {IRGC}")
            expect(main(page)).to_contain_text(f"data version {first.version}")
            edit(data / "actors.csv", "\nhamas,Hamas,", "\nhamas,Hamas Movement,")
            second = publish.publish(data, out, "TLP:CLEAR").manifest
            reload(page)
            expect(main(page)).to_contain_text(f"Hamas Movement denies responsibility by {IRGC}")
            expect(main(page)).to_contain_text(f"data version {second.version}")
            visit.open(PAGES["data"])
            expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text(f"version {second.version}")
            problems = visit.problems()
        finally:
            visit.close()
    assert not problems, "the visit went wrong:\n" + "\n".join(problems)
