"""An edit of events in place, loaded as a version in front of the last good database (proxyatlas/row_edit.py):
the version equals a whole load of the same files, table for table and query for query, and any other
edit gets a whole load."""

from __future__ import annotations

import csv
import gc
import io
import random
import re
from pathlib import Path

import pytest

from bench.generate import Counts, generate
from proxyatlas import catalogs, loader, queries, row_edit
from proxyatlas.config import Settings
from proxyatlas.store import Store

from .test_reload import basis, tables


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """600 events (1% of them marked TLP:GREEN, so hidden under a TLP:CLEAR ceiling), with claims and ties."""
    return generate(tmp_path_factory.mktemp("generated") / "data", Counts(150, 400, 600, 150, 80), seed=7)


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    header, *rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    return header, rows


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    path.write_text(out.getvalue(), encoding="utf-8")


def _copy(src: Path, dst: Path) -> Path:
    dst.mkdir()
    for f in src.glob("*.csv"):
        (dst / f.name).write_bytes(f.read_bytes())
    return dst


def _versions(con) -> set[str]:
    return {n for (n,) in con.execute("SELECT database_name FROM duckdb_databases() WHERE NOT internal").fetchall()}


# Edits in place of some rows: (column, new value) for each of a few rows chosen at random.
IN_PLACE = {
    "a title": lambda d, row, h: row.__setitem__(h.index("title"), row[h.index("title")] + " (edited)"),
    "the perpetrators": lambda d, row, h: row.__setitem__(h.index("perpetrator_ids"), d["actor"]),
    "the date": lambda d, row, h: row.__setitem__(h.index("date"), "2021-02"),
    "the country": lambda d, row, h: row.__setitem__(h.index("country"), "IRQ"),
    "the sources": lambda d, row, h: row.__setitem__(h.index("source_ids"), d["source"]),
    "a description over two lines": lambda d, row, h: row.__setitem__(h.index("description"), 'two, "quoted"\nlines'),
}


@pytest.mark.parametrize("edit", list(IN_PLACE))
@pytest.mark.parametrize("rows", [1, 3])
def test_an_edit_in_place_is_a_version_equal_to_a_whole_load(edit: str, rows: int, generated: Path, tmp_path: Path):
    data = _copy(generated, tmp_path / "data")
    first = loader.load(data)
    header, events = _rows(data / "events.csv")
    _, actors = _rows(data / "actors.csv")
    _, sources = _rows(data / "sources.csv")
    d = {"actor": actors[5][0] + ";" + actors[2][0], "source": sources[7][0]}
    start = random.Random(f"{edit}{rows}").randrange(1, len(events) - rows)
    for row in events[start:start + rows]:
        IN_PLACE[edit](d, row, header)
    _write(data / "events.csv", header, events)
    again = loader.load(data, previous=basis(first))
    assert again.problems == [] and again.patched and isinstance(again.con, catalogs.Version)
    assert again.files["events.csv"].changed == rows  # the edited records alone were read and checked
    whole = loader.load(data)
    assert tables(again.con) == tables(whole.con)
    # Row for row in the same order too (the scope bits count the events by rowid), and the same answers
    # to the queries that test those bits, for every sponsor with a network.
    assert again.con.execute("SELECT event_id FROM events ORDER BY rowid").fetchall() == \
        whole.con.execute("SELECT event_id FROM events ORDER BY rowid").fetchall()
    sponsors = [a for (a,) in whole.con.execute("SELECT DISTINCT patron_id FROM patronage ORDER BY 1").fetchall()][:5]
    for sponsor in sponsors:
        params = {"sponsor": sponsor, "min_conf": 0, "countries": [], "kinds": [], "date_from": "1900-01-01",
                  "date_to": "2100-01-01"}
        for name in ("timeline/events", "timeline/claims"):
            assert queries.run(again.con, name, **params).equals(queries.run(whole.con, name, **params)), (sponsor, name)
    # The next load reads from this one: a second edit in place builds on it.
    events[start][header.index("title")] += " (again)"
    _write(data / "events.csv", header, events)
    third = loader.load(data, previous=basis(again))
    assert third.patched and tables(third.con) == tables(loader.load(data).con)


# Edits that are not of rows in place: each gets a whole load, and the same database as one.
NOT_IN_PLACE = {
    "an id changed": lambda header, rows: rows[4].__setitem__(0, "renamed_event"),
    "a marking changed": lambda header, rows: rows[4].__setitem__(header.index("marking"), "TLP:RED"),
    "a row added": lambda header, rows: rows.insert(4, [c if i else "added_event" for i, c in enumerate(rows[4])]),
    "a row removed": lambda header, rows: rows.pop(4),
    "two rows swapped": lambda header, rows: rows.__setitem__(slice(4, 6), [rows[5], rows[4]]),
    "the header changed": lambda header, rows: header.__setitem__(header.index("description"), "notes"),
}


@pytest.mark.parametrize("edit", list(NOT_IN_PLACE))
def test_an_edit_not_in_place_gets_a_whole_load(edit: str, generated: Path, tmp_path: Path):
    data = _copy(generated, tmp_path / "data")
    first = loader.load(data)
    header, events = _rows(data / "events.csv")
    NOT_IN_PLACE[edit](header, events)
    _write(data / "events.csv", header, events)
    again = loader.load(data, previous=basis(first))
    assert again.problems == [] and again.patched == () and not isinstance(again.con, catalogs.Version)
    assert tables(again.con) == tables(loader.load(data).con)


def test_an_edit_of_two_files_gets_a_whole_load(tiny_copy: Path):
    first = loader.load(tiny_copy)
    for name, old, new in (("events.csv", "7 October attack on Israel", "7 October attack (edited)"),
                           ("actors.csv", "hamas,Hamas,", "hamas,Hamas (edited),")):
        path = tiny_copy / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    again = loader.load(tiny_copy, previous=basis(first))
    assert again.patched == () and tables(again.con) == tables(loader.load(tiny_copy).con)



def test_a_removed_events_file_is_reported_as_missing_and_the_last_good_data_kept(generated: Path, tmp_path: Path):
    data = _copy(generated, tmp_path / "data")
    store = Store(Settings(data, "TLP:CLEAR"))
    good = store.state().good
    (data / "events.csv").unlink()
    state = store.state()
    assert state.stale and state.good is good
    assert [p.file for p in state.problems] == ["events.csv"]
    assert state.problems[0].problem == "file is missing"

def test_a_broken_edit_in_place_is_reported_at_its_line_and_changes_nothing(generated: Path, tmp_path: Path):
    data = _copy(generated, tmp_path / "data")
    store = Store(Settings(data, "TLP:CLEAR"))
    good = store.state().good
    header, events = _rows(data / "events.csv")
    events[10][header.index("date")] = "2023-02-30"
    _write(data / "events.csv", header, events)
    state = store.state()
    assert state.stale and state.good is good
    assert [(p.file, p.line, p.column, p.value) for p in state.problems] == [("events.csv", 12, "date", "2023-02-30")]


def test_readers_of_the_last_version_finish_on_it_and_superseded_versions_are_detached(generated: Path, tmp_path: Path):
    data = _copy(generated, tmp_path / "data")
    store = Store(Settings(data, "TLP:CLEAR"))
    base = store.state().good
    header, events = _rows(data / "events.csv")
    title = header.index("title")
    held = None
    for n in range(4):
        events[3][title] = f"edit {n}"
        _write(data / "events.csv", header, events)
        snap = store.state().good
        assert isinstance(snap.con, catalogs.Version) and snap.con.path == (snap.con.name, "memory")
        if held is None:
            held = snap  # a session still reading the first version
    shown = queries.run(held.con, "timeline/events", sponsor=None, min_conf=0, countries=[], kinds=[],
                        date_from="1900-01-01", date_to="2100-01-01")
    assert shown.loc[shown["event_id"] == events[3][0], "title"].tolist() == ["edit 0"]
    assert snap.con.execute("SELECT title FROM events WHERE event_id = $id", {"id": events[3][0]}).fetchall() == [("edit 3",)]
    gc.collect()
    assert _versions(base.con) == {"memory", held.con.name, snap.con.name}  # the two between are gone
    del held
    gc.collect()
    assert _versions(base.con) == {"memory", snap.con.name}


def _records(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("seed", range(300))
def test_the_edited_span_is_whole_records_of_both_texts(seed: int):
    """Random files of quoted and plain cells, some over several lines, and random edits of their text: the
    span cuts both texts at the same record boundaries, so the records outside it are the same records."""
    rng = random.Random(seed)

    def cell() -> str:
        kind = rng.random()
        if kind < 0.5:
            return rng.choice(["a", "bb", "", "x y", "1"])
        text = rng.choice(["q", "two\nlines", 'say ""hi""', "c,d", ""])
        return f'"{text}"'

    lines = [",".join(cell() for _ in range(3)) for _ in range(rng.randrange(2, 12))]
    old = "h1,h2,h3\n" + "\n".join(lines) + "\n"
    records = _records(old)
    edited = [list(r) for r in records]
    i = rng.randrange(1, len(edited))
    edited[i][rng.randrange(3)] = rng.choice(["new", "new\nlines", 'a "q"', ""])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(edited)
    new = out.getvalue()
    # The writer may quote cells the old text did not: compare records, not text.
    old = "".join(",".join(_quote(c) for c in r) + "\n" for r in records)
    new = "".join(",".join(_quote(c) for c in r) + "\n" for r in edited)
    span = row_edit.edited_span(old, new)
    if old == new:
        assert span is None
        return
    assert span is not None
    start, old_end, new_end = span
    assert old[:start] == new[:start] and old[old_end:] == new[len(new) - (len(old) - old_end):]
    assert old[old_end:] == new[new_end:]
    head, old_mid, tail = _records(old[:start]), _records(old[start:old_end]), _records(old[old_end:])
    assert head + old_mid + tail == records
    assert _records(new[:start]) + _records(new[start:new_end]) + _records(new[new_end:]) == edited
    assert len(old_mid) == len(_records(new[start:new_end])) >= 1


def _quote(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"' if re.search(r'[",\n]', cell) or cell == "" else cell


def test_every_table_built_from_events_is_brought_up_to_date():
    """A table the model builds from `events` that row_edit does not know would be served stale after an
    edit in place: each one is built again (TYPED, PER_EVENT, WHOLE), or reads only what such an edit keeps."""
    built = {table: query for name in queries.names("model") for table, query in queries.builds(name).items()}
    changed, found = {row_edit.TYPED}, set()
    while True:  # the tables that read a table the edit changes, and those that read them
        reads = {t for t, q in built.items() if t not in changed | found
                 and any(re.search(rf"\b(FROM|JOIN)\s+{c}\b", q) for c in changed)}
        if not reads:
            break
        found |= reads & set(row_edit.KEPT)
        changed |= reads - set(row_edit.KEPT)
    assert changed - {row_edit.TYPED} == set(row_edit.PER_EVENT) | set(row_edit.WHOLE)
    assert found == set(row_edit.KEPT)
    built_from = {t for t, _ in row_edit.BUILT}
    assert built_from == {row_edit.TYPED, *row_edit.PER_EVENT}
    assert all(t in queries.builds(name) for t, name in row_edit.BUILT)


@pytest.mark.parametrize("sponsor", [None, "iran"])
def test_every_page_query_answers_on_a_version_as_on_a_whole_load(sponsor, bundled_copy: Path):
    """The bundled data with two events edited in place (a title, and who carried one out): every query the
    pages run gives the version's answer equal to a whole load's, with and without a sponsor's scope."""
    from dataclasses import replace

    from .conftest import ALL_TIME
    from .test_queries import APP_QUERIES, run

    first = loader.load(bundled_copy)
    header, events = _rows(bundled_copy / "events.csv")
    events[0][header.index("title")] += " (edited)"
    events[1][header.index("perpetrator_ids")] = "hezbollah"
    _write(bundled_copy / "events.csv", header, events)
    again = loader.load(bundled_copy, previous=basis(first))
    whole = loader.load(bundled_copy)
    assert again.patched and isinstance(again.con, catalogs.Version)
    filters = replace(ALL_TIME, sponsor=sponsor)
    for name in APP_QUERIES:
        assert run(again.con, name, filters).equals(run(whole.con, name, filters)), name
