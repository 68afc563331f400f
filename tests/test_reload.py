"""Incremental reload: after an edit only the changed files are read and checked again, the typed
tables of the others are copied from the last good database, and every store guarantee holds."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import duckdb
import pytest

from proxyatlas import loader, row_edit, schema
from proxyatlas.config import Settings
from proxyatlas.markings import level
from proxyatlas.store import Store

from .test_store import name_of, touch_edit

# One text cell per file that no rule reads, and an edit of it.
EDITS = {
    "sources.csv": ("Unknown (seed article)", "Unknown (seed article - edited)"),
    "actors.csv": ("Iranian military branch.", "Iranian military branch (edited)."),
    "relationships.csv": ("r_iran_irgc,iran,irgc,directs,1979,,high,seed_article,,",
                          "r_iran_irgc,iran,irgc,directs,1979,,high,seed_article,edited note,"),
    "events.csv": ("7 October attack on Israel", "7 October attack on Israel (edited)"),
    "claims.csv": ("c_irgc_asserts,oct7_attack,irgc,irgc,asserts,responsibility,2023-12-27,,,",
                   "c_irgc_asserts,oct7_attack,irgc,irgc,asserts,responsibility,2023-12-27,,edited note,"),
}


def basis(result: loader.LoadResult) -> loader.Previous:
    return loader.Previous(result.files, result.con, result.digests, level("TLP:CLEAR"))


def tables(con) -> dict[str, list[tuple]]:
    """Every table of a database (a Version's: those on its path) with its rows, in a stable order."""
    path = list(getattr(con, "path", ("memory",)))
    names = sorted({t for (t,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' "
                                              "AND list_contains($path, database_name)", {"path": path}).fetchall()})
    return {name: sorted(map(repr, con.execute(f'SELECT * FROM "{name}"').fetchall())) for name in names}


@pytest.mark.parametrize("file", list(EDITS))
def test_an_edit_of_one_file_rereads_it_alone_and_equals_a_full_load(file: str, tiny_copy: Path):
    first = loader.load(tiny_copy)
    touch_edit(tiny_copy / file, *EDITS[file])
    again = loader.load(tiny_copy, previous=basis(first))
    assert again.problems == [] and again.con is not None
    assert {path for path, read in again.files.items() if read is not first.files[path]} == {file}
    if file == "events.csv":  # a cell edited in place: a version of the tables it changes, in front of the last
        assert again.patched == (row_edit.TYPED, *row_edit.PER_EVENT, *row_edit.WHOLE) and again.copied == ()
    else:
        depends = {name.split("_", 1)[1] for name, files in loader.TYPED_FROM.items() if file[:-4] not in files}
        assert set(again.copied) == depends  # the typed tables that do not read the edited file
    assert tables(again.con) == tables(loader.load(tiny_copy).con)  # the same database as a full load


def test_a_typed_table_is_copied_while_its_own_files_alone_are_unchanged(tiny_copy: Path):
    # Every file but sources.csv changes, the optional ones the tiny folder left out added (with no rows):
    # the sources table, which reads sources.csv alone, is still copied.
    first = loader.load(tiny_copy)
    for file, (old, new) in EDITS.items():
        if file != "sources.csv":
            touch_edit(tiny_copy / file, old, new)
    for res in schema.load().resources:
        if res.optional:
            (tiny_copy / res.path).write_text(",".join(res.field_names) + "\n", encoding="utf-8")
    again = loader.load(tiny_copy, previous=basis(first))
    assert again.problems == [] and {p for p, read in again.files.items() if read is first.files[p]} == {"sources.csv"}
    assert again.copied == ("sources",)
    assert tables(again.con) == tables(loader.load(tiny_copy).con)


def test_a_marking_edit_rebuilds_the_tables_that_lean_on_the_file(tiny_copy: Path):
    """Hiding an actor prunes it from events and hides claims about it: those tables are rebuilt."""
    first = loader.load(tiny_copy)
    text = (tiny_copy / "actors.csv").read_text(encoding="utf-8").splitlines()
    (i, line), = [(i, t) for i, t in enumerate(text) if t.startswith("hamas,")]
    text[i] = line[: line.rindex(",") + 1] + "TLP:AMBER"
    touch_edit(tiny_copy / "actors.csv", line, text[i])
    again = loader.load(tiny_copy, previous=basis(first))
    assert set(again.copied) == {"sources"}
    assert tables(again.con) == tables(loader.load(tiny_copy).con)
    assert tables(again.con)["events"] != tables(first.con)["events"]  # hamas pruned from the perpetrators


def test_an_edit_to_one_file_is_seen(tiny_copy: Path):
    store = Store(Settings(tiny_copy, "TLP:CLEAR"))
    first = store.state().good
    touch_edit(tiny_copy / "actors.csv", "hamas,Hamas,", "hamas,Hamas (edited),")
    assert name_of(store, "hamas") == "Hamas (edited)"
    assert store.state().good is not first
    touch_edit(tiny_copy / "events.csv", *EDITS["events.csv"])
    titles = set(store.state().good.query("timeline/events", **_all_time())["title"])
    assert "7 October attack on Israel (edited)" in titles and name_of(store, "hamas") == "Hamas (edited)"


def test_a_broken_edit_to_one_file_keeps_the_last_good_data(tiny_copy: Path):
    store = Store(Settings(tiny_copy, "TLP:CLEAR"))
    good = store.state().good
    touch_edit(tiny_copy / "actors.csv", "hamas,Hamas,", "hamas,Hamas (edited),")
    touch_edit(tiny_copy / "actors.csv", ",armed_group,", ",army,")  # a kind the contract does not know
    state = store.state()
    assert state.stale and state.good is good and name_of(store, "hamas") == "Hamas"
    bad = {(p.file, p.line, p.column) for p in state.problems}
    assert bad and {f for f, _, _ in bad} == {"actors.csv"}
    # An edit to another file while actors.csv is still broken: its problems are still reported
    # (kept with its unchanged bytes), and the last good data is still served.
    touch_edit(tiny_copy / "events.csv", *EDITS["events.csv"])
    state = store.state()
    assert state.stale and state.good is good
    assert {(p.file, p.line, p.column) for p in state.problems} == bad
    touch_edit(tiny_copy / "actors.csv", ",army,", ",armed_group,")
    state = store.state()
    assert not state.stale and name_of(store, "hamas") == "Hamas (edited)"
    assert "7 October attack on Israel (edited)" in set(state.good.query("timeline/events", **_all_time())["title"])


def test_a_broken_reference_into_an_unchanged_file_is_found(tiny_copy: Path):
    """Checks across files run on every load, also over the cells of files not read again."""
    store = Store(Settings(tiny_copy, "TLP:CLEAR"))
    good = store.state().good
    touch_edit(tiny_copy / "claims.csv", "c_hamas_denies,oct7_attack,hamas,irgc", "c_hamas_denies,oct7_attack,hamas,nobody")
    state = store.state()
    assert state.stale and state.good is good
    assert [(p.file, p.column, p.value, p.problem) for p in state.problems] == [
        ("claims.csv", "subject_id", "nobody", "refers to nothing")]


def test_an_edit_to_two_files_at_once_is_never_mixed(tiny_copy: Path):
    """A new actor and an event naming it, saved one file after the other: a reader sees both or neither."""
    store = Store(Settings(tiny_copy, "TLP:CLEAR"))
    store.state()
    seen: list[tuple[bool, frozenset, frozenset]] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            state = store.state()
            actors = set(state.good.query("actors/list", **_all_time())["actor_id"])
            events = set(state.good.query("timeline/events", **_all_time())["event_id"])
            seen.append((state.stale, frozenset(n for n in range(3) if f"new_group_{n}" in actors),
                         frozenset(n for n in range(3) if f"new_event_{n}" in events)))

    readers = [threading.Thread(target=read) for _ in range(3)]
    for r in readers:
        r.start()
    for n in range(3):
        time.sleep(0.05)
        with open(tiny_copy / "actors.csv", "a", encoding="utf-8") as fh:
            fh.write(f"new_group_{n},New Group {n},,armed_group,LBN,,active,Test row.,,,seed_article,\n")
        time.sleep(0.1)  # the second file a moment later, well within the quiet period
        with open(tiny_copy / "events.csv", "a", encoding="utf-8") as fh:
            fh.write(f"new_event_{n},2024-01-10,,day,New event {n},attack,LBN,Beirut,,,,new_group_{n},,"
                     "Test row.,seed_article,\n")
    time.sleep(0.6)
    done.set()
    for r in readers:
        r.join()
    assert seen and not any(stale for stale, _, _ in seen)  # never a half-saved pair taken for a bad save
    final = store.state().good
    actors = set(final.query("actors/list", **_all_time())["actor_id"])
    events = set(final.query("timeline/events", **_all_time())["event_id"])
    assert {f"new_group_{n}" for n in range(3)} <= actors and {f"new_event_{n}" for n in range(3)} <= events
    assert all(groups == events for _, groups, events in seen), [s for s in seen if s[1] != s[2]]
    assert len({groups for _, groups, _ in seen}) > 1  # the readers saw the saves come in


# Row-level reuse: edits of events.csv (the header is line 0) after a clean load, and how many of
# its rows the rules inside one row must look at again.
NEW_EVENT = ("new_event,2024-01-10,,day,New event,attack,LBN,Beirut,,,,hamas,,Test row.,seed_article,")
ROW_EDITS = {
    "a record added": (lambda rows: rows + [NEW_EVENT], 1),
    "a record removed": (lambda rows: [r for r in rows if not r.startswith("red_sea_campaign,")], 0),
    "records reordered": (lambda rows: [rows[0], rows[3], rows[1], rows[2], *rows[4:]], 0),
    "a cell edited": (lambda rows: [r.replace("Red Sea shipping attacks", "Red Sea attacks") for r in rows], 1),
    "a cell made two lines": (lambda rows: [r.replace("Killed by a US strike near Baghdad airport.",
                                                      '"Killed by a US strike,\nnear Baghdad airport."') for r in rows],
                              1),  # an edit in place: its record is read and checked again whole (row_edit)
}


def _edit_rows(path: Path, edit) -> None:
    rows = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(edit(rows)) + "\n", encoding="utf-8")


def _problems(result: loader.LoadResult) -> list[tuple]:
    return [(p.file, p.line, p.column, p.value, p.expected, p.problem) for p in result.problems]


@pytest.mark.parametrize("edit", list(ROW_EDITS))
def test_a_record_edit_rechecks_only_the_changed_rows_and_equals_a_full_load(edit: str, tiny_copy: Path):
    first = loader.load(tiny_copy)
    change, changed = ROW_EDITS[edit]
    _edit_rows(tiny_copy / "events.csv", change)
    again = loader.load(tiny_copy, previous=basis(first))
    assert again.problems == [] and again.con is not None
    assert again.files["events.csv"].changed == changed  # the row-level path, and no more rows than changed
    assert tables(again.con) == tables(loader.load(tiny_copy).con)
    with pytest.raises(duckdb.CatalogException):  # the last read's cells are not left on the new database
        again.con.table("previous_raw")


# Broken record edits after a clean load: each problem is found, at the line a full load names.
BROKEN_ROWS = {
    # A cell made two lines moves every later record down a line; a later record then breaks a rule.
    "a rule inside a row, below a two-line cell": ("events.csv", lambda rows: [
        r.replace("Killed by a US strike near Baghdad airport.", '"Killed by a US strike,\nnear Baghdad"')
         .replace(",maritime_attack,", ",piracy,") for r in rows]),
    "an event id that an unchanged row has": (
        "events.csv", lambda rows: [r.replace("red_sea_campaign,", "oct7_attack,", 1) for r in rows]),
    "a claim id that an unchanged row has": (  # no reference points at claim ids
        "claims.csv", lambda rows: [r.replace("c_iran_denies,", "c_hamas_denies,", 1) for r in rows]),
    "a statement that an unchanged row makes": (  # the unique key of claims, over columns no reference reads
        "claims.csv", lambda rows: [r.replace("c_iran_denies,oct7_attack,iran,iran,denies,knowledge,2023-10,",
                                              "c_iran_denies,oct7_attack,hamas,irgc,denies,responsibility,2023-12-27,")
                                    for r in rows]),
    "a record that others refer to, removed": (
        "events.csv", lambda rows: [r for r in rows if not r.startswith("oct7_attack,")]),
}


@pytest.mark.parametrize("edit", list(BROKEN_ROWS))
def test_a_broken_record_edit_is_reported_as_a_full_load_reports_it(edit: str, tiny_copy: Path):
    first = loader.load(tiny_copy)
    file, change = BROKEN_ROWS[edit]
    _edit_rows(tiny_copy / file, change)
    again = loader.load(tiny_copy, previous=basis(first))
    assert again.files[file].changed is not None  # read by the row-level path
    assert again.con is None and again.problems
    assert _problems(again) == _problems(loader.load(tiny_copy))


def test_after_a_broken_edit_the_next_read_checks_every_row(tiny_copy: Path):
    """A read with problems is no basis for row-level reuse: the fix is checked whole."""
    first = loader.load(tiny_copy)
    _edit_rows(tiny_copy / "events.csv", lambda rows: [r.replace(",maritime_attack,", ",piracy,") for r in rows])
    broken = loader.load(tiny_copy, previous=basis(first))
    assert broken.problems
    _edit_rows(tiny_copy / "events.csv", lambda rows: [r.replace(",piracy,", ",maritime_attack,") for r in rows])
    fixed = loader.load(tiny_copy, previous=loader.Previous(broken.files, first.con, first.digests, level("TLP:CLEAR")))
    assert fixed.problems == [] and fixed.files["events.csv"].changed is None
    assert tables(fixed.con) == tables(loader.load(tiny_copy).con)


def _all_time() -> dict:
    from .conftest import ALL_TIME

    return {k: v for k, v in ALL_TIME.params().items()}


def test_a_second_broken_file_is_reported_beside_the_first_as_a_full_load_reports_both(tiny_copy: Path):
    # The rule that finds a duplicate id sees the ids of the file still broken (kept, not read again)
    # and of the file read afresh: each file's problems are reported once, neither lost.
    actors = tiny_copy / "actors.csv"
    actors.write_text(actors.read_text(encoding="utf-8") + actors.read_text(encoding="utf-8").splitlines()[1] + "\n",
                      encoding="utf-8")
    first = loader.load(tiny_copy)
    assert {(p.file, p.problem.split(" (")[0]) for p in first.problems} == {("actors.csv", "duplicate id")}
    events = tiny_copy / "events.csv"
    events.write_text(events.read_text(encoding="utf-8") + events.read_text(encoding="utf-8").splitlines()[1] + "\n",
                      encoding="utf-8")
    again = loader.load(tiny_copy, previous=basis(first))
    assert again.files["actors.csv"] is first.files["actors.csv"]  # kept
    assert _problems(again) == _problems(loader.load(tiny_copy))
    assert {p.file for p in again.problems} == {"actors.csv", "events.csv"}
