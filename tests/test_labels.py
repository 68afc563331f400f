"""What a viewer reads: labelled tables, briefing dates, no ids or "None" on screen, downloads kept raw;
search over claims and sources; no server path on any page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from proxyatlas import baseline, labels, palette
from proxyatlas.config import BUNDLED_DATA, Settings, folder_label
from proxyatlas.store import Store

from dashboard.pages import MENU

from .conftest import FIXTURES, TINY
from .test_diff import versions  # noqa: F401 (the fixture: last week's data and today's)
from .test_pack_pages import _keep_media_files, take  # noqa: F401 (the fixture keeps the downloads' data)
from .test_pages import PAGES, open_page, texts

# --- the labels themselves -------------------------------------------------------------------------


@pytest.mark.parametrize("raw, shown", [
    ("2023-10-07", "7 Oct 2023"), ("2024-10", "Oct 2024"), ("2019", "2019"), ("2024-01-01", "1 Jan 2024"),
    (pd.Timestamp("2023-12-27"), "27 Dec 2023"), (None, ""), (float("nan"), ""), (pd.NaT, ""),
    ("2024-13", "2024-13"), ("sometime in 2020", "sometime in 2020"),
])
def test_dates_are_written_as_a_briefing_writes_them(raw, shown):
    assert labels.briefing_date(raw) == shown


def test_source_labels_carry_briefing_dates():
    assert labels.dates_in_text("Reuters (2024-12-26); US Department of State (2023-11)") == \
        "Reuters (26 Dec 2024); US Department of State (Nov 2023)"


def test_a_column_of_source_labels_writes_each_date_the_same_wherever_it_is_cited():
    # each date is written once (labels._in_words) and every label citing it reads it so
    cells = pd.Series(["Reuters (2023-10-07); AP (2024-10)", "AP (2023-10-07)", "x (2024-07-01)(2023-11) (2019)",
                       "Odd (2024-13); (2024-07-1); (\u0662\u0660\u0662\u0663)", "no date", None, "AP (2023-10-07)"])
    assert labels.source_labels(cells).tolist() == [
        "Reuters (7 Oct 2023); AP (Oct 2024)", "AP (7 Oct 2023)", "x (1 Jul 2024)(Nov 2023) (2019)",
        "Odd (2024-13); (2024-07-1); (\u0662\u0660\u0662\u0663)", "no date", "", "AP (7 Oct 2023)"]


def test_a_screen_table_has_labels_no_ids_and_no_empty_values():
    raw = pd.DataFrame({
        "event_id": ["e1", "e2"], "date": ["2023-10-07", "2019"], "type": ["military_strike", "attack"],
        "sponsor_kind": ["state_agency", None], "fact_kind": ["relationship", "claim"], "country": ["LBN", None],
        "stance": ["no_evidence", "denies"], "fatalities": [3, None], "source_ids": [["a", "b"], []],
        "date_lo": pd.to_datetime(["2023-10-07", "2019-01-01"]),
    })
    shown = labels.screen(raw)
    assert list(shown.columns) == ["Date", "Type", "Sponsor kind", "Kind of fact", "Country", "Stance", "Fatalities"]
    assert shown.iloc[0].tolist()[:6] == ["7 Oct 2023", "Military strike", "State agency", "Tie", "Lebanon",
                                          "sees no evidence"]
    assert shown.iloc[1].tolist()[:6] == ["2019", "Attack", "", "Claim", "", "denies"]
    assert shown["Fatalities"].iloc[0] == 3 and pd.isna(shown["Fatalities"].iloc[1])  # numbers stay numbers
    assert raw["type"].tolist() == ["military_strike", "attack"]  # the raw frame (the download's) is untouched


# --- every page under AppTest ----------------------------------------------------------------------

SCREEN_DATE = re.compile(r"^(\d{1,2} [A-Z][a-z]{2} \d{4}|[A-Z][a-z]{2} \d{4}|\d{4})?$")
RAW_VALUES = {k for table in (palette.EVENT_TYPES, palette.ACTOR_KINDS, palette.RELATIONSHIP_TYPES,
                              palette.STANCES) for k in table if "_" in k} | set(labels.SOURCE_KINDS) - {"news", "other"}
RAW_TABLES = 7  # the Data page's last tables: the files as loaded, for analysts (ids and raw values kept)


def screen_tables(at: AppTest, page: str) -> list:
    tables = list(at.dataframe)
    return tables[:-RAW_TABLES] if page == "pages/7_Data.py" else tables


def check_screen_table(df) -> None:
    frame = df.value
    for name in frame.columns:
        assert name and name[0].isupper() and "_" not in name, f"raw column name {name!r}"
        assert name.lower() != "id" and not name.lower().endswith(" id"), f"id column {name!r}"
    assert df.proto.HasField("placeholder") and df.proto.placeholder == "", "missing values must show blank"
    for name in frame.columns:
        column = frame[name]
        if column.dtype == object or pd.api.types.is_string_dtype(column):
            cells = column.astype(object)
            assert not cells.isna().any(), f"an empty cell in {name!r} is not blank"
            bad = {str(c) for c in cells} & {"None", "nan", "NaT", "<NA>"}
            assert not bad, f"{bad} in column {name!r}"
            assert not ({str(c) for c in cells} & RAW_VALUES), f"a raw value in {name!r}: {set(cells) & RAW_VALUES}"
        if name in ("Date", "Start", "End", "Published", "Founded", "Accessed"):
            odd = [c for c in column if not SCREEN_DATE.match(str(c))]
            assert not odd, f"{name!r} has dates not written as a briefing writes them: {odd[:5]}"


@pytest.fixture
def saved_baseline(versions, tmp_path, monkeypatch):  # noqa: F811
    """A baseline of last week's data in a folder of its own: the What changed page has something to list."""
    old, new = versions
    where = tmp_path / "baselines"
    monkeypatch.setenv("PROXYATLAS_BASELINES", str(where))
    baseline.save(Store(Settings(old, "TLP:CLEAR")).state().good, "last-week", old, where)
    return new


PAGE_PARAMS = {"pages/3_Attribution.py": {"event": "oct7_attack"}, "pages/4_Actors.py": {"actor": "hezbollah"}}


@pytest.mark.parametrize("page", PAGES)
def test_every_screen_table_reads_as_a_briefing(page, saved_baseline, monkeypatch):
    data = saved_baseline if page == "pages/8_What_changed.py" else BUNDLED_DATA
    at = open_page(page, data, monkeypatch, **PAGE_PARAMS.get(page, {}))
    assert not at.exception, at.exception
    tables = screen_tables(at, page)
    assert tables, "every page shows a table"
    for df in tables:
        check_screen_table(df)


def test_the_screen_shows_palette_labels_and_briefing_dates(monkeypatch):
    at = open_page("pages/4_Actors.py", BUNDLED_DATA, monkeypatch, actor="hezbollah")
    chain = at.dataframe[0].value
    assert {"Sponsor", "Sponsor kind", "Tie", "To"} <= set(chain.columns)
    assert "State agency" in set(chain["Sponsor kind"]) and "Iran" in set(chain["Sponsor"])
    at = open_page("pages/2_Timeline.py", BUNDLED_DATA, monkeypatch)
    events = at.dataframe[0].value
    assert "Military strike" in set(events["Type"]) and "military_strike" not in set(events["Type"])
    assert "7 Oct 2023" in set(events["Date"])
    assert not events["Date"].str.match(r"^\d{4}-\d{2}").any()
    assert "Lebanon" in set(events["Country"])
    at = open_page("pages/6_Sources.py", BUNDLED_DATA, monkeypatch, source="state_crt_2022")
    assert "Nov 2023" in set(at.dataframe[0].value["Published"])  # a month-precision date
    assert "Actor" in set(at.dataframe[1].value["Kind of fact"])


def csv_of(at: AppTest, label: str) -> pd.DataFrame:
    import io

    _, data = take(at, label)
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)


def test_downloads_keep_ids_raw_values_and_iso_dates(monkeypatch):
    at = open_page("pages/2_Timeline.py", TINY, monkeypatch)
    events = csv_of(at, "Download events (CSV)")
    assert {"event_id", "date", "type", "country"} <= set(events.columns)
    oct7 = events.set_index("event_id").loc["oct7_attack"]
    assert (oct7["date"], oct7["type"], oct7["country"]) == ("2023-10-07", "attack", "ISR")
    claims = csv_of(at, "Download claims (CSV)")
    assert {"claim_id", "event_id"} <= set(claims.columns) and "2023-10" in set(claims["date"])
    assert "no_evidence" in set(claims["stance"])
    at = open_page("pages/4_Actors.py", TINY, monkeypatch, actor="hezbollah")
    chain = csv_of(at, "Download sponsor chain (CSV)")
    assert {"sponsor_id", "of_actor_id", "sponsor_kind"} <= set(chain.columns)
    assert "state_agency" in set(chain["sponsor_kind"])
    at = open_page("app.py", TINY, monkeypatch)
    latest = csv_of(at, "Download latest events (CSV)")
    assert "event_id" in latest.columns and "2023-10-07" in set(latest["date"])


def test_timeline_and_map_tables_show_the_latest_rows_and_their_downloads_hold_every_row(monkeypatch):
    import json

    from dashboard import widgets
    from proxyatlas import charts

    monkeypatch.setattr(widgets, "LATEST_ROWS", 10)
    monkeypatch.setattr(charts, "SCREEN_EVENTS", 20)
    at = open_page("pages/2_Timeline.py", BUNDLED_DATA, monkeypatch)
    events, claims = csv_of(at, "Download events (CSV)"), csv_of(at, "Download claims (CSV)")
    assert len(events) > 100 and len(claims) > 50  # every row of the view, not the chart's or the screen's
    # the chart draws the latest 20 of each, and both its subtitle and the page's caption say so
    chart = at.get("vega_lite_chart")[0].proto
    assert f"Showing the 20 most recent of {len(events):,} events." in json.dumps(json.loads(chart.spec))
    assert (f"{len(events):,} events and {len(claims):,} claims in this view. The chart draws the latest 20 of each "
            "and the tables list the latest 10; the downloads hold them all.") in texts(at)
    shown_events, shown_claims = (next(df.value for df in at.dataframe if column in df.value.columns)
                                  for column in ("Title", "Claimant"))
    assert shown_events["Title"].tolist() == events["title"].tail(10).tolist()  # the latest ten, in date order
    assert shown_claims["Event"].tolist() == claims["event_title"].tail(10).tolist()
    assert f"Showing the latest 10 of {len(events):,} rows; the download has them all." in texts(at)
    assert f"Showing the latest 10 of {len(claims):,} rows; the download has them all." in texts(at)
    at = open_page("pages/5_Map.py", BUNDLED_DATA, monkeypatch)
    mapped = csv_of(at, "Download mapped events (CSV)")
    assert len(mapped) == len(events)  # the download has the events without coordinates too
    drawn = mapped[(mapped["lat"] != "") & (mapped["lon"] != "")]  # what the map draws: the placed events
    assert (f"{len(drawn):,} of {len(mapped):,} events in this view have coordinates and the latest 20 of them "
            "are drawn (the download holds them all)") in texts(at)
    spec = json.dumps(json.loads(at.get("vega_lite_chart")[0].proto.spec))
    assert f"Showing the 20 most recent of {len(drawn):,} events." in spec
    assert at.dataframe[0].value["Title"].tolist() == drawn["title"].tail(10).tolist()
    assert f"Showing the latest 10 of {len(mapped):,} rows; the download has them all." in texts(at)


# --- search -----------------------------------------------------------------------------------------

def links(at: AppTest) -> list:
    """The sidebar's search hits: its links after the page menu."""
    return [link.proto for link in at.sidebar.get("page_link")][len(MENU):]


def search(at: AppTest, q: str) -> list:
    at.sidebar.text_input(key="f_search").input(q).run()
    assert not at.exception, at.exception
    return links(at)


def test_search_finds_a_claim_by_its_quote_and_opens_its_event(monkeypatch):
    at = open_page("app.py", BUNDLED_DATA, monkeypatch)
    hits = search(at, "at the direction of the president")
    claims = [h for h in hits if h.page == "Attribution" and "“" in h.label]
    assert claims, [h.label for h in hits]
    assert "event=soleimani_killing" in claims[0].query_string
    assert "US government officials" in claims[0].label


def test_search_finds_a_source_by_title_and_by_publisher_and_opens_it(monkeypatch):
    at = open_page("app.py", BUNDLED_DATA, monkeypatch)
    hits = [h for h in search(at, "Country Reports on Terrorism") if h.page == "Sources"]
    assert any("source=state_crt_2022" in h.query_string for h in hits), [h.label for h in hits]
    read = [h.label.replace("\\", "") for h in hits]  # the label is Markdown with the data's text escaped
    assert "Country Reports on Terrorism 2022 · US Department of State (Nov 2023)" in read, read
    hits = [h for h in search(at, "Wall Street Journal") if h.page == "Sources"]
    assert hits and all("source=" in h.query_string for h in hits)


def test_search_never_finds_a_claim_or_source_above_the_ceiling(monkeypatch):
    data = FIXTURES / "markings"
    at = open_page("app.py", data, monkeypatch)
    assert search(at, "MARKAMBERQUOTE") == [] and search(at, "MARKAMBERSRC") == []
    assert "No actor, event, claim or source matches." in [c.value for c in at.sidebar.get("caption")]
    at = open_page("app.py", data, monkeypatch, marking="TLP:AMBER")
    assert [h.page for h in search(at, "MARKAMBERQUOTE")] == ["Attribution"]
    assert [h.page for h in search(at, "MARKAMBERSRC")] == ["Sources"]


# --- no server path on any page ---------------------------------------------------------------------

PLANTED = "PLANTED-srv-path-Q7x9"  # a folder name no page could show by chance


def everything(at: AppTest) -> str:
    """Every element the run produced, as its protobuf text (tables' Arrow bytes, links, labels, help)."""
    found = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            found.append(str(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(found)


@pytest.fixture
def planted(tmp_path, monkeypatch) -> Path:
    """The tiny data under a recognisable absolute path, with a baseline saved beside it."""
    root = tmp_path / PLANTED
    data, where = root / "data", root / "baselines"
    shutil.copytree(TINY, data)
    monkeypatch.setenv("PROXYATLAS_BASELINES", str(where))
    baseline.save(Store(Settings(data, "TLP:CLEAR")).state().good, "first", data, where)
    return data


@pytest.mark.parametrize("page", PAGES)
def test_no_page_shows_the_absolute_data_path(page, planted, monkeypatch):
    at = open_page(page, planted, monkeypatch)
    assert not at.exception, at.exception
    shown = everything(at)
    assert "Data as of" in shown  # the walk sees the page's text
    assert PLANTED not in shown and str(planted.parent) not in shown


def test_the_data_page_names_the_folder_by_its_label_or_its_name_and_hides_it_in_problems(planted, monkeypatch):
    at = open_page("pages/7_Data.py", planted, monkeypatch)
    assert "All files in data/ are valid." in texts(at)
    assert "Saved in baselines/ with" in texts(at)
    monkeypatch.setenv("PROXYATLAS_DATA_LABEL", "the briefing data")
    at = open_page("pages/7_Data.py", planted, monkeypatch)
    assert "All files in the briefing data are valid." in texts(at)
    (planted / "sources.csv").unlink()  # a missing file: its problem names the folder it was looked for in
    at.button(key="data_reload").click().run()
    assert not at.exception, at.exception
    shown = everything(at)
    assert "file is missing" in shown and "a file sources.csv in the briefing data" in shown
    assert PLANTED not in shown


def test_a_folder_is_named_relative_to_the_app_or_by_its_last_part():
    assert folder_label(BUNDLED_DATA) == "data/"
    assert folder_label(Path("/srv/somewhere/briefing-data")) == "briefing-data/"
    assert folder_label(Path("/srv/somewhere/data"), "Shared drive") == "Shared drive"


def test_what_changed_with_no_baseline_names_the_folder_without_its_path(planted, monkeypatch):
    monkeypatch.setenv("PROXYATLAS_BASELINES", str(planted.parent / "none-yet"))
    at = open_page("pages/8_What_changed.py", planted, monkeypatch)
    assert "No baseline is saved in none-yet/ yet." in texts(at)
    assert PLANTED not in everything(at)
