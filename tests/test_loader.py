"""The loader through `loader.load(folder)`, on edited copies of the tiny dataset: what a good
folder gives, and the exact problem (file, line, column, value, expected, what) for a bad one."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest

from proxyatlas import loader
from proxyatlas.markings import BadMarking
from proxyatlas.problems import Problem

UTF8_HINT = ("UTF-8 text (in Excel: Save As 'CSV UTF-8 (Comma delimited)'; "
             "in LibreOffice: character set 'Unicode (UTF-8)')")


def replace(folder: Path, file: str, old: str, new: str) -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def header(folder: Path, file: str) -> list[str]:
    with open(folder / file, encoding="utf-8", newline="") as f:
        return next(csv.reader(f))


def test_a_good_folder_gives_the_model_counts_and_fingerprint(tiny_copy: Path):
    result = loader.load(tiny_copy)
    assert result.problems == []
    assert result.fingerprint == loader.fingerprint(tiny_copy)
    assert result.seconds > 0
    for file in tiny_copy.glob("*.csv"):
        with open(file, encoding="utf-8", newline="") as f:
            assert result.row_counts[file.stem] == sum(1 for row in csv.reader(f) if row) - 1
    tables = {r[0] for r in result.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert {"actors", "sources", "events", "relationships", "claims", "settings"} <= tables
    assert not {t for t in tables if t.startswith("raw_")} | ({"cells", "unreadable"} & tables)  # load-time only
    assert result.con.execute("SELECT max_level FROM settings").fetchone() == (0,)
    assert loader.load(tiny_copy, "tlp:amber").con.execute("SELECT max_level FROM settings").fetchone() == (2,)


def test_an_unknown_ceiling_is_refused():
    with pytest.raises(BadMarking):
        loader.load(Path("unused"), "TLP:PURPLE")


def test_fingerprint_changes_with_a_file_and_marks_a_missing_one(tiny_copy: Path):
    before = loader.fingerprint(tiny_copy)
    # every file of the contract, the optional ones the tiny folder leaves out included
    assert {entry[0] for entry in before} == {p.name for p in tiny_copy.glob("*.csv")} | {"crosswalk.csv", "imports.csv"}
    assert ("crosswalk.csv", -1, -1) in before
    size = (tiny_copy / "sources.csv").stat().st_size
    assert ("sources.csv", size) in [entry[:2] for entry in before]
    replace(tiny_copy, "sources.csv", "Unknown (seed article)", "Unknown (the seed article)")
    assert loader.fingerprint(tiny_copy) != before
    (tiny_copy / "events.csv").unlink()
    assert ("events.csv", -1, -1) in loader.fingerprint(tiny_copy)


def test_a_missing_file_is_named_with_the_folder(tiny_copy: Path):
    (tiny_copy / "sources.csv").unlink()
    result = loader.load(tiny_copy)
    assert result.con is None
    assert Problem("sources.csv", None, None, None, f"a file sources.csv in {tiny_copy}", "file is missing") \
        in result.problems
    assert result.row_counts["sources"] == 0


def test_a_byte_that_is_not_utf8_is_located_by_line_and_character(tiny_copy: Path):
    path = tiny_copy / "actors.csv"
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2][:5] + b"\xfe\xff" + lines[2][5:]
    path.write_bytes(b"\n".join(lines))
    assert loader.load(tiny_copy).problems == [
        Problem("actors.csv", 3, "character 6", "byte fe", UTF8_HINT, "file is not UTF-8")]
    path.write_bytes(b"actor_id,n\xe9me\n")  # Latin-1 on the first line
    assert loader.load(tiny_copy).problems[0] == \
        Problem("actors.csv", 1, "character 11", "byte e9", UTF8_HINT, "file is not UTF-8")
    path.write_bytes(b"actor_id,name\nab,\xe2\x82")  # the file ends inside a character: both bytes shown
    assert loader.load(tiny_copy).problems[0] == \
        Problem("actors.csv", 2, "character 4", "byte e2 82", UTF8_HINT, "file is not UTF-8")
    # Excel's "CSV UTF-8" begins with a byte-order mark: the place is still counted as an editor shows it.
    path.write_bytes(b"\xef\xbb\xbfactor_id,n\xe9me\n")
    assert loader.load(tiny_copy).problems[0] == \
        Problem("actors.csv", 1, "character 11", "byte e9", UTF8_HINT, "file is not UTF-8")
    path.write_bytes(b"\xef\xbb\xbfactor_id,name\nab,c\xffd\n")
    assert loader.load(tiny_copy).problems[0] == \
        Problem("actors.csv", 2, "character 5", "byte ff", UTF8_HINT, "file is not UTF-8")


def test_a_duplicate_column_is_named_by_its_position(tiny_copy: Path):
    first = header(tiny_copy, "actors.csv")
    replace(tiny_copy, "actors.csv", ",".join(first[:3]), ",".join([first[0], first[1], first[1]]))
    assert Problem("actors.csv", 1, "position 3", first[1], "each column named once", "duplicate column") \
        in loader.load(tiny_copy).problems


def test_a_first_record_over_a_megabyte_long_is_read_whole(tiny_copy: Path):
    """The header is read from the file's first megabyte (loader._HEAD_CHARS), unless no record ends in it."""
    path = tiny_copy / "actors.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    wide = "note_" + "x" * loader._HEAD_CHARS  # a first column whose name alone is over a megabyte
    path.write_text(wide + "," + lines[0] + "".join("," + line for line in lines[1:]), encoding="utf-8")
    problems = [p for p in loader.load(tiny_copy).problems if p.file == "actors.csv"]
    assert not [p for p in problems if "missing" in p.problem], problems[:3]
    assert all(p.value is None or len(p.value) != loader._HEAD_CHARS for p in problems)


def test_a_record_over_the_readers_line_limit_is_a_problem_on_its_line(tiny_copy: Path):
    """DuckDB's CSV reader rejects a record over its 2,000,000-byte line limit whole (no column): it is
    reported on its line in the reader's words (a kind our table of rejected rows does not name)."""
    path = tiny_copy / "actors.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    long = "big,Big,,armed_group,IRQ,2007,active," + "x" * 2_100_000 + ",,,seed_article,\n"
    path.write_text("".join(lines[:3]) + long + "".join(lines[3:]), encoding="utf-8")
    problems = [p for p in loader.load(tiny_copy).problems if p.file == "actors.csv"]
    assert [(p.line, p.column, p.value, p.problem) for p in problems] == [
        (4, None, long.strip()[:200], "line size over maximum")]
    assert problems[0].expected.startswith("Maximum line size of 2000000 bytes exceeded")


def test_a_rejected_row_does_not_hide_the_references_into_its_file(tiny_copy: Path):
    """A file with a row the reader rejects is still read: a reference into it that matches no row is reported."""
    with open(tiny_copy / "events.csv", "a", encoding="utf-8") as fh:
        fh.write("broken_row" + ",x" * 20 + "\n")  # too many columns
    with open(tiny_copy / "claims.csv", "a", encoding="utf-8") as fh:
        fh.write("c_dangling,no_such_event,irgc,irgc,asserts,responsibility,2023-12-27,,,seed_article,4,\n")
    found = {(p.file, p.column, p.value, p.problem) for p in loader.load(tiny_copy).problems}
    assert ("claims.csv", "event_id", "no_such_event", "refers to nothing") in found
    assert any(file == "events.csv" and problem == "too many columns" for file, _, _, problem in found)


def test_a_missing_reference_is_named_in_every_row_and_list_that_has_it(tiny_copy: Path):
    # The check looks each referred item up once; every row that holds a missing one is still named.
    with open(tiny_copy / "events.csv", "a", encoding="utf-8") as fh:
        fh.write("e_one,2024-01-01,,day,One,attack,IRQ,,,,,ghost_group;hamas,,,seed_article,\n")
        fh.write("e_two,2024-01-02,,day,Two,attack,IRQ,,,,,hamas,ghost_group,,seed_article;ghost_source,\n")
        fh.write("e_three,2024-01-03,,day,Three,attack,IRQ,,,,, ghost_group ,,,seed_article,\n")
    found = {(p.line, p.column, p.value) for p in loader.load(tiny_copy).problems if p.problem == "refers to nothing"}
    assert found == {(6, "perpetrator_ids", "ghost_group"), (7, "target_ids", "ghost_group"),
                     (7, "source_ids", "ghost_source"), (8, "perpetrator_ids", "ghost_group")}


def test_a_misspelled_column_is_guessed_and_a_missing_one_named(tiny_copy: Path):
    replace(tiny_copy, "actors.csv", "actor_id,name,", "actor_id,nmae,")
    assert Problem("actors.csv", 1, "nmae", "nmae", "the column name 'name'", "misspelled column") \
        in loader.load(tiny_copy).problems
    replace(tiny_copy, "actors.csv", "actor_id,nmae,", "actor_id,nm,")  # too far off to be a guess
    problems = loader.load(tiny_copy).problems
    assert Problem("actors.csv", 1, "name", None, "a column named 'name'", "missing required column") in problems
    assert not [p for p in problems if p.problem == "misspelled column"]


def test_an_empty_file_asks_for_the_header_row(tiny_copy: Path):
    columns = header(tiny_copy, "sources.csv")
    (tiny_copy / "sources.csv").write_text("", encoding="utf-8")
    problems = loader.load(tiny_copy).problems
    assert Problem("sources.csv", 1, None, None, "a header row: " + ",".join(columns), "missing header") in problems
    # a file that cannot be read is reported once, not again by every reference into it
    assert {p.file for p in problems} == {"sources.csv"}


def test_a_header_row_of_empty_names_is_no_header(tiny_copy: Path):
    path = tiny_copy / "sources.csv"
    columns = header(tiny_copy, "sources.csv")
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([" ," * (len(columns) - 1)] + lines[1:]) + "\n", encoding="utf-8")
    assert Problem("sources.csv", 1, None, None, "a header row: " + ",".join(columns), "missing header") \
        in loader.load(tiny_copy).problems


def test_an_unclosed_quote_is_located_at_its_record(tiny_copy: Path):
    path = tiny_copy / "sources.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines) + '\nx,"open\n', encoding="utf-8")
    assert Problem("sources.csv", len(lines) + 1, None, 'x,"open', 'a closing double quote (") for every opening one',
                   "unterminated quote") in loader.load(tiny_copy).problems


def test_a_duplicate_id_points_at_the_first_one(tiny_copy: Path):
    replace(tiny_copy, "sources.csv", "\nwsj_2023_10_08,", "\nseed_article,")
    problems = [p for p in loader.load(tiny_copy).problems if p.file == "sources.csv"]
    assert [(p.line, p.column, p.value, p.problem) for p in problems] == [
        (3, "source_id", "seed_article", "duplicate id (first on line 2)")]


def test_lines_count_multi_line_cells_and_skip_rejected_records(tiny_copy: Path):
    replace(tiny_copy, "actors.csv", "State.,", '"Sta\nte.",')  # record 1 now spans lines 2-3
    replace(tiny_copy, "actors.csv", ",IRQ,2007,", ",XXX,2007,")
    path = tiny_copy / "actors.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    width = len(header(tiny_copy, "actors.csv"))
    lines.insert(4, ",".join(["x"] * (width + 3)))  # a record that does not parse, on line 5
    path.write_text("\n".join(lines), encoding="utf-8")
    bad_country = next(i for i, line in enumerate(lines, start=1) if ",XXX," in line)
    assert bad_country > 5
    problems = loader.load(tiny_copy).problems
    assert Problem("actors.csv", 5, f"position {width + 1}", ",".join(["x"] * (width + 3)),
                   f"{width} cells separated by commas, as many as the header has", "too many columns") in problems
    assert (bad_country, "country", "XXX") in {(p.line, p.column, p.value) for p in problems}


def test_problems_come_sorted_by_file_then_line(tiny_copy: Path):
    replace(tiny_copy, "sources.csv", ",news,F,", ",news,Z,")
    replace(tiny_copy, "actors.csv", ",IRQ,2007,", ",ZZZ,2007,")  # a later line than the sources problem
    problems = loader.load(tiny_copy).problems
    assert [(p.file, p.column) for p in problems] == [("actors.csv", "country"), ("sources.csv", "reliability")]
    assert problems[0].line > problems[1].line


def test_within_a_file_problems_come_by_line_before_column(tiny_copy: Path):
    replace(tiny_copy, "actors.csv", ",state,IRN,1979,", ",statue,IRN,1979,")  # kind, line 2
    replace(tiny_copy, "actors.csv", ",armed_group,IRQ,2007,", ",armed_group,ZZZ,2007,")  # country, line 6
    problems = loader.load(tiny_copy).problems
    assert [(p.line, p.column) for p in problems] == [(2, "kind"), (6, "country")]


def test_a_long_unclosed_record_is_shown_in_its_first_200_characters(tiny_copy: Path):
    path = tiny_copy / "sources.csv"
    record = 'x,"' + "y" * 300
    path.write_text(path.read_text(encoding="utf-8") + record + "\n", encoding="utf-8")
    [problem] = [p for p in loader.load(tiny_copy).problems if p.problem == "unterminated quote"]
    assert problem.value == record[:200]


def test_a_stray_quote_inside_an_unquoted_cell_is_a_character(tiny_copy: Path):
    # Both readers (DuckDB's and Python's) take it literally, as spreadsheets do: 12" pipe.
    replace(tiny_copy, "actors.csv", "Iranian military branch.", 'Iranian "military branch.')
    result = loader.load(tiny_copy)
    assert result.problems == []
    assert result.con.execute("SELECT description FROM actors WHERE actor_id = 'irgc'").fetchone()[0] == \
        'Iranian "military branch.'


def test_text_after_a_closing_quote_is_named_with_its_remedy(tiny_copy: Path):
    replace(tiny_copy, "events.csv", "Red Sea shipping attacks", '"Red Sea" shipping attacks')
    [problem] = loader.load(tiny_copy).problems
    assert (problem.file, problem.line, problem.column, problem.problem, problem.expected) == (
        "events.csv", 4, "title", "text after a closing quote",
        'a cell wholly inside double quotes, with a quote inside it written twice ("")')
    assert problem.value.startswith('red_sea_campaign,2023-11,2024-12,month,"Red Sea" shipping attacks,')


def test_a_rejected_row_is_shown_in_its_first_200_characters(tiny_copy: Path):
    path = tiny_copy / "sources.csv"
    row = "x," * 150  # far more cells than the header names
    path.write_text(path.read_text(encoding="utf-8") + row + "\n", encoding="utf-8")
    [problem] = loader.load(tiny_copy).problems
    assert (problem.problem, problem.value) == ("too many columns", row[:200])


def test_a_cell_beyond_pythons_csv_field_limit_keeps_the_line_numbers(tiny_copy: Path):
    # Python's csv module stops at a cell over 131,072 characters unless told otherwise; DuckDB reads on.
    replace(tiny_copy, "actors.csv", ",IRQ,2007,active,Iraqi armed group.,",
            ",XXX,2007,active,Iraqi armed group." + "x" * 200_000 + ",")
    path = tiny_copy / "actors.csv"
    path.write_text(path.read_text(encoding="utf-8") + "a,b\n", encoding="utf-8")  # a short row after it
    problems = loader.load(tiny_copy).problems
    assert [(p.line, p.column, p.value, p.problem) for p in problems] == [
        (6, "country", "XXX", "unknown country code"), (10, "aliases", "a,b", "missing columns")]


def test_a_file_of_the_older_contract_also_gets_its_other_header_problems(tiny_copy: Path):
    # The old column is named with its conversion, and the check goes on to the columns after it
    # (credibility comes after source_ids in the contract).
    (tiny_copy / "claims.csv").write_text(
        "claim_id,event_id,claimant_id,subject_id,stance,involvement,date,quote,source_id,credibilty,marking\n"
        "c_hamas_denies,oct7_attack,hamas,irgc,denies,responsibility,2023-12-27,,seed_article,,\n", encoding="utf-8")
    problems = loader.load(tiny_copy).problems
    assert {(p.file, p.column, p.problem) for p in problems} == {
        ("claims.csv", "source_id", "column of an older contract"), ("claims.csv", "credibilty", "misspelled column")}


def test_a_load_reports_the_fingerprint_it_read_and_how_long_it_took(tiny_copy: Path):
    for ready in (True, False):
        if not ready:
            replace(tiny_copy, "actors.csv", ",IRQ,2007,", ",XXX,2007,")
        started = time.perf_counter()
        result = loader.load(tiny_copy)
        took = time.perf_counter() - started
        assert (result.con is not None) == ready
        assert result.fingerprint == loader.fingerprint(tiny_copy)
        assert 0 < result.seconds <= took


def test_a_lone_carriage_return_names_its_line_counting_a_leading_blank_line_and_cuts_it_at_200():
    text = "\nsource_id,title\n" + "s1," + "x" * 300 + "\ry\n"
    p = loader._unparsable("sources.csv", text, ValueError("reader error"))
    assert (p.file, p.line, p.column, p.problem) == ("sources.csv", 3, None, "lone carriage return")
    assert p.value == "s1," + "x" * 197  # the line as far as 200 characters


def test_an_unknown_reader_error_names_the_file_and_the_first_line_of_the_error():
    p = loader._unparsable("sources.csv", "source_id,title\ns1,a\n", ValueError("bad dialect\nmore detail"))
    assert p == Problem("sources.csv", None, None, None, "a file the CSV reader can parse",
                        "unreadable file: bad dialect")


def test_record_and_row_numbers_map_to_editor_lines_and_beyond_the_file_to_none():
    lines = loader._Lines({"a.csv": 'h\n1\n"two\nlines"\n3\n'}, {})
    assert [lines.record("a.csv", n) for n in range(4)] == [1, 2, 3, 5]  # the header is record 0, on line 1
    assert lines.record("a.csv", 4) is None and lines.record("a.csv", -1) is None
    assert [lines.row("a.csv", n) for n in (1, 2, 3)] == [2, 3, 5]  # a file with no rejected record
    assert lines.record("unknown.csv", 0) is None  # a file with no text has no lines


def test_problems_of_a_whole_file_come_before_those_on_its_first_line():
    line_one = Problem("a.csv", 1, "a", "x", "y", "p")
    whole = Problem("a.csv", None, "b", None, "y", "p")
    assert sorted([line_one, whole], key=loader._order) == [whole, line_one]
