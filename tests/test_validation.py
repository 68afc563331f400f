"""Validation names the file, line and column of every problem, for every kind of error."""

from __future__ import annotations

import ast
import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from proxyatlas import diagnoses, garbled, loader, queries
from proxyatlas.config import BUNDLED_DATA

from .conftest import BROKEN, TINY

CASES = sorted(p.name for p in BROKEN.iterdir() if (p / "expected.json").exists())


def problem_kinds() -> set[str]:
    """Every `problem` message validation can give, read from the code that gives it.

    The checks name theirs as literals in the expression `... AS problem`; the loader (and
    proxyatlas.garbled, which it calls) as the last argument of `Problem(...)`; rows the CSV reader rejects by `loader.REJECTED_ROWS`.
    """
    kinds = {problem for problem, _ in loader.REJECTED_ROWS.values()}
    for path in sorted((queries.QUERIES_DIR / "checks").glob("*.sql")):
        text = path.read_text(encoding="utf-8")
        assert "AS problem" in text, path
        for expr in re.findall(r"(?:expected,|AS expected,)((?:(?!expected,).)*?)\bAS problem", text, re.S):
            outcomes = r"(?:THEN|ELSE)\s+'([^']+)'" if "CASE" in expr else r"'([^']+)'"
            kinds |= set(re.findall(outcomes, expr))
    for module in (loader, garbled):
        for node in ast.walk(ast.parse(Path(module.__file__).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Problem":
                last = node.args[-1]
                if isinstance(last, ast.Constant):
                    kinds.add(last.value)
    return kinds


def test_corpus_has_a_case_for_every_kind_of_problem():
    kinds = problem_kinds()
    assert {"no such date", "not a country code", "missing header", "file is missing"} <= kinds  # the reading works
    covered = {json.loads((BROKEN / case / "expected.json").read_text())["problem"].split(" (")[0] for case in CASES}
    assert kinds - covered == set()


def test_corpus_has_a_case_for_every_diagnosis():
    rules = {rule.__name__.rsplit(".", 1)[1] for rule in diagnoses.rules()}
    assert {"thousands_separator", "reformatted_date", "scientific_notation", "leading_zeros", "encoding"} <= rules
    causes = {json.loads((BROKEN / case / "expected.json").read_text()).get("cause") for case in CASES}
    assert rules - causes == set()


@pytest.mark.parametrize("case", CASES)
def test_broken_input_names_file_line_column_value_and_what_is_expected(case):
    expected = json.loads((BROKEN / case / "expected.json").read_text(encoding="utf-8"))
    expected["expected"] = expected["expected"].replace("{data_dir}", str(BROKEN / case))
    result = loader.load(BROKEN / case)
    assert result.con is None
    shown = [(p.file, p.line, p.column, p.problem, p.value, p.expected, p.diagnosis) for p in result.problems]
    # the whole message, with the diagnosis of spreadsheet damage, and none for any other mistake
    assert tuple(expected.get(k) for k in ("file", "line", "column", "problem", "value", "expected", "diagnosis")) in shown
    # one mistake, one report: no cascade of follow-on errors into other files
    assert {p.file for p in result.problems} == {expected["file"]} or case == "malformed_id"


def test_valid_data_has_no_problems():
    assert loader.load(TINY).problems == []
    assert loader.load(BUNDLED_DATA).problems == []


def test_every_problem_in_one_pass(tiny_copy: Path):
    text = (tiny_copy / "relationships.csv").read_text(encoding="utf-8")
    text = text.replace(",high,", ",certain,").replace("r_irgc_kh,irgc,kataib_hezbollah", "r_irgc_kh,irgc,nobody")
    (tiny_copy / "relationships.csv").write_text(text, encoding="utf-8")
    (tiny_copy / "events.csv").write_text(
        (tiny_copy / "events.csv").read_text(encoding="utf-8").replace("2023-10-07", "2023-10-32"), encoding="utf-8")
    problems = loader.load(tiny_copy).problems
    assert {(p.file, p.column) for p in problems} >= {
        ("relationships.csv", "confidence"), ("relationships.csv", "target_id"), ("events.csv", "date")}
    assert len([p for p in problems if p.column == "confidence"]) == 2  # both 'high' rows


def test_excel_bom_and_crlf_are_accepted(tiny_copy: Path):
    for path in tiny_copy.glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    result = loader.load(tiny_copy, "TLP:RED")
    assert result.problems == []
    assert result.con.execute("SELECT count(*) FROM actors").fetchone()[0] == 8
    assert result.con.execute("SELECT name FROM actors WHERE actor_id = 'iran'").fetchone()[0] == "Iran"


def test_a_file_quoted_differently_is_the_same_data(tiny_copy: Path):
    """A spreadsheet may quote every cell, or none it need not: the same cells, accepted silently."""
    before = loader.load(TINY, "TLP:RED").con
    for path in tiny_copy.glob("*.csv"):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        out = io.StringIO()
        csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")
    assert (tiny_copy / "events.csv").read_text(encoding="utf-8").startswith('"event_id","date",')
    result = loader.load(tiny_copy, "TLP:RED")
    assert result.problems == []
    for table in ("sources", "actors", "relationships", "events", "claims"):
        query = f"SELECT * FROM {table} ORDER BY ALL"
        assert result.con.execute(query).fetchall() == before.execute(query).fetchall(), table


def test_real_text_is_not_taken_for_garbled_text():
    for text in ("café – naïve", "ایران;جمهوری اسلامی", "Ḥizballah", "Москва", "日本語", "Kata’ib «Hezbollah»", "Ü–é"):
        assert garbled.find("actors.csv", f"a,{text}\n") is None, text
    assert garbled.undo("Ø§ÛŒØ±Ø§Ù†") == "ایران" and garbled.undo("â€“") == "–"


def test_every_pair_that_starts_garbled_text_passes_the_quick_look_at_bytes():
    # garbled.possible looks at the file's bytes first: it may say yes to real text, never no to a pair.
    seconds = [chr(c) for c in range(0x80, 0x2200) if re.fullmatch(f"[{garbled._CONTINUATION}]", chr(c))]
    assert len(seconds) == 64 + 27  # U+0080 to U+00BF, and the 27 characters Windows-1252 puts at 80-9F
    for first in map(chr, range(0xC2, 0xF5)):
        for second in seconds:
            assert garbled._PAIR.search(first + second)
            assert garbled.possible(("x" + first + second + "y").encode()), (first, second)
    assert not garbled.possible("café – naïve, ایران".encode())


def test_extra_columns_are_kept(tiny_copy: Path):
    path = tiny_copy / "sources.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ",analyst_note"] + [line + ",checked" for line in lines[1:]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = loader.load(tiny_copy)
    assert result.problems == []
    assert result.con.execute("SELECT DISTINCT analyst_note FROM sources").fetchall() == [("checked",)]


def test_day_first_dates_are_never_guessed(tiny_copy: Path):
    path = tiny_copy / "claims.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("2023-10-08", "01/02/2024"), encoding="utf-8")
    problems = loader.load(tiny_copy).problems
    assert [(p.line, p.column, p.value) for p in problems] == [(5, "date", "01/02/2024")]


def test_a_cell_of_spaces_in_an_optional_column_is_missing_not_wrong(tiny_copy: Path):
    # Every rule that looks at a value (pattern, country, number, date order, references) takes a cell of
    # spaces for a blank one, as the model does (blank()): an optional cell left so is no problem.
    path = tiny_copy / "events.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    spaced = ["end_date", "country", "lat", "lon", "fatalities", "target_ids", "marking"]
    for column in spaced:
        rows[1][rows[0].index(column)] = "   "
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    result = loader.load(tiny_copy)
    assert result.problems == []
    event = rows[1][rows[0].index("event_id")]
    assert result.con.execute("SELECT end_date, country, lat, fatalities, target_ids, marking FROM events "
                              "WHERE event_id = $id", {"id": event}).fetchone() == (None, None, None, None, [], "TLP:CLEAR")


def test_optional_column_may_be_absent(tiny_copy: Path):
    path = tiny_copy / "sources.csv"
    rows = [line.rsplit(",", 1)[0] for line in path.read_text(encoding="utf-8").splitlines()]  # drop marking
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = loader.load(tiny_copy)
    assert result.problems == []
    assert result.con.execute("SELECT DISTINCT marking FROM sources").fetchall() == [("TLP:CLEAR",)]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "proxyatlas", "validate", *args],
                          capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent)


def test_cli_passes_on_bundled_data():
    done = run_cli("data")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("OK: ")


@pytest.mark.parametrize("case", ["bad_enum", "unterminated_quote", "not_utf8", "line_after_multiline", "lost_leading_zero"])
def test_cli_names_file_line_and_column_and_fails(case):
    expected = json.loads((BROKEN / case / "expected.json").read_text())
    done = run_cli(str(BROKEN / case))
    assert done.returncode == 1
    where = f"{expected['file']}:{expected['line']}"
    if expected["column"]:
        where += f" column {expected['column']}"
    assert where in done.stdout
    assert "problem(s)" in done.stderr
    if "diagnosis" in expected:  # the probable cause, after the problem on its line
        assert f" — {expected['diagnosis']}\n" in done.stdout
