"""The pages' side of packs and baselines under AppTest: the Briefing page's pack downloads, the What
changed page against a saved baseline, the Data page's list, and marked download names."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pypdf
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest, app_test

from proxyatlas import baseline
from proxyatlas.config import BUNDLED_DATA, Settings
from proxyatlas.store import Store

from .conftest import FIXTURES, TINY
from .test_diff import versions  # noqa: F401 (the fixture: last week's data and today's)
from .test_pages import open_page, texts


MANAGERS: list[MediaFileManager] = []


class _Kept(MediaFileManager):
    """Streamlit's own media file manager, kept after AppTest's run ends (AppTest drops it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        MANAGERS.append(self)


@pytest.fixture(autouse=True)
def _keep_media_files(monkeypatch):
    monkeypatch.setattr(app_test, "MediaFileManager", _Kept)


def take(at: AppTest, label: str) -> tuple[str, bytes]:
    """What clicking a download button gives: its file name and bytes. The button's data is made on the
    click (a callable Streamlit keeps for it, in the last run's media file manager); this calls it."""
    button = next(b for b in at.get("download_button") if b.label == label)
    deferred = MANAGERS[-1]._deferred_callables[button.proto.deferred_file_id]
    data = deferred["callable"]()
    return deferred["filename"], data.encode("utf-8") if isinstance(data, str) else data


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(data)).pages)


def save(data: Path, name: str, where: Path, ceiling: str = "TLP:CLEAR") -> None:
    snap = Store(Settings(data, ceiling)).state().good
    baseline.save(snap, name, data, where)


@pytest.fixture
def baselines(tmp_path, monkeypatch) -> Path:
    where = tmp_path / "baselines"
    monkeypatch.setenv("PROXYATLAS_BASELINES", str(where))
    return where


def test_the_briefing_page_downloads_the_pack_of_its_view_as_pdf_and_html(baselines, monkeypatch):
    at = open_page("app.py", BUNDLED_DATA, monkeypatch, sponsor="hamas")
    assert not at.exception, at.exception
    name, data = take(at, "Briefing pack (PDF)")
    assert name == "proxy-atlas-briefing-pack-tlp-clear.pdf" and data.startswith(b"%PDF-")
    text = pdf_text(data)
    assert "Sponsor network Hamas" in text and "TLP:CLEAR Page 1 of" in text
    name, html = take(at, "Briefing pack (HTML)")
    assert name == "proxy-atlas-briefing-pack-tlp-clear.html"
    assert b"Sponsor network</td><td>Hamas</td>" in html and b"Content-Security-Policy" in html


def test_the_briefing_pack_says_what_changed_since_a_chosen_baseline(versions, baselines, monkeypatch):  # noqa: F811
    old, new = versions
    save(old, "last-week", baselines)
    at = open_page("app.py", new, monkeypatch)
    at.selectbox(key="pack_since").set_value("last-week").run()
    assert not at.exception, at.exception
    text = pdf_text(take(at, "Briefing pack (PDF)")[1])
    assert "What changed since the last briefing" in text and "Compared with baseline 'last-week'" in text
    assert "7 October attack on Israel claimed and uncontested claimed and denied" in text


def test_the_what_changed_page_compares_the_data_with_a_saved_baseline(versions, baselines, monkeypatch):  # noqa: F811
    old, new = versions
    save(old, "last-week", baselines)
    at = open_page("pages/8_What_changed.py", new, monkeypatch)
    assert not at.exception, at.exception
    assert at.selectbox(key="chg_baseline").value == "last-week"
    assert at.query_params["baseline"] == "last-week"
    statuses, claims, ties, counts, fields, rows = [df.value for df in at.dataframe]
    assert statuses[["Title", "Before", "Now"]].values.tolist() == [
        ["7 October attack on Israel", "claimed and uncontested", "claimed and denied"]]
    assert sorted(claims["Claimant"]) == ["Hamas", "Iran", "US officials"]
    assert ties[["Change", "Tie"]].values.tolist() == [["Ended", "Hezbollah allied with Hamas"],
                                                       ["Confidence changed", "Islamic Revolutionary Guard Corps arms Kata'ib Hezbollah"]]
    # the screen tables name tables and leave ids out; the downloads keep both
    assert ["Events", "Red Sea shipping attacks", "title",
            "Red Sea attacks → Red Sea shipping attacks", "TLP:CLEAR"] in fields.values.tolist()
    assert rows[["Table", "Change", "What"]].values.tolist()[-1][:2] == ["Actors", "Removed"]
    _, csv = take(at, "Download rows added or removed (CSV)")
    assert csv.decode("utf-8-sig").splitlines()[0].startswith("table,change,id,") and b"actors,removed,old_group" in csv
    name, _ = take(at, "Download changed fields (CSV)")
    assert name == "proxy-atlas-changed-fields-tlp-clear.csv"


def test_the_what_changed_page_says_how_to_save_a_baseline_when_there_is_none(baselines, monkeypatch):
    at = open_page("pages/8_What_changed.py", TINY, monkeypatch)
    assert not at.exception, at.exception
    assert "python -m proxyatlas baseline save DATA_DIR NAME" in texts(at)


def test_the_data_page_lists_the_baselines(baselines, monkeypatch):
    save(TINY, "first", baselines)
    save(TINY, "amber", baselines, "TLP:AMBER")  # above this deployment's ceiling: not listed, not read
    at = open_page("pages/7_Data.py", TINY, monkeypatch)
    assert not at.exception, at.exception
    listed = next(df.value for df in at.dataframe if "Saved at" in df.value.columns)
    assert list(listed["Name"]) == ["first"] and list(listed["Marking ceiling"]) == ["TLP:CLEAR"]


def test_downloads_name_their_marking_and_images_carry_the_label(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "markings", data)
    at = open_page("pages/2_Timeline.py", data, monkeypatch, marking="TLP:AMBER")
    assert not at.exception, at.exception
    name, svg = take(at, "Save as SVG")
    assert name == "proxy-atlas-timeline-tlp-amber.svg"
    assert b'aria-label="TLP:AMBER"' in svg and b'fill="#FFC000">TLP:AMBER</text>' in svg
    name, png = take(at, "Save as PNG")
    assert name == "proxy-atlas-timeline-tlp-amber.png" and png.startswith(b"\x89PNG")
    at = open_page("pages/7_Data.py", data, monkeypatch, marking="TLP:AMBER")
    # a table with a marking column is named for its highest row; one without, for the ceiling it is under
    assert take(at, "Download events (CSV)")[0] == "proxy-atlas-events-tlp-amber.csv"
    assert take(at, "Download row counts (CSV)")[0] == "proxy-atlas-row-counts-tlp-amber.csv"
    # The tiny data's highest row is AMBER: under a RED ceiling its events are AMBER, its counts under RED.
    at = open_page("pages/7_Data.py", TINY, monkeypatch, marking="TLP:RED")
    assert take(at, "Download events (CSV)")[0] == "proxy-atlas-events-tlp-amber.csv"
    assert take(at, "Download row counts (CSV)")[0] == "proxy-atlas-row-counts-tlp-red.csv"
