"""A quote that never closes: DuckDB's reader drops its record without a word, and the loader's end
marker (loader._read_table) is what tells; csv_text says where the record starts."""

import csv
import io
import random
from pathlib import Path

import pytest

from proxyatlas import csv_text, loader, schema


@pytest.fixture(scope="module")
def read():
    """Read `text` as sources.csv the way a load does: (problems, rows in its raw table)."""
    package = schema.load()
    res = next(r for r in package.resources if r.name == "sources")
    con = loader._new_database(package, 0)

    def read(text: str, tmp: Path):
        problems: list = []
        con.execute("DROP TABLE IF EXISTS raw_sources")
        loader._read_table(con, res, list(res.field_names), text.encode(), text, tmp, problems, {})
        return problems, con.execute("SELECT count(*) FROM raw_sources").fetchone()[0]

    read.header = ",".join(res.field_names) + "\n"
    yield read
    con.close()


def _python_reads(text: str) -> tuple[list[list[str]] | None, bool]:
    """The csv module's strict reading: (its records, or None if it objects to anything; whether a
    quote is open at the end)."""
    try:
        return [r for r in csv.reader(io.StringIO(text), strict=True) if r], False
    except csv.Error as err:
        return None, "unexpected end of data" in str(err)


@pytest.mark.parametrize("seed", range(1))
def test_no_record_is_lost_without_a_problem(read, tmp_path: Path, seed: int):
    # Short texts of the characters that matter to quoting, after a header: every arrangement of
    # quotes, commas and line ends, 600 texts.
    rng = random.Random(seed)
    alphabet = ['"', '"', '"', ",", "\n", "\r\n", "a", "b"]
    unclosed = clean = 0
    for _ in range(600):
        text = read.header + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
        problems, rows = read(text, tmp_path)
        records, open_at_end = _python_reads(text)
        if records is not None and not open_at_end:  # a text both readers read whole
            assert all(p.problem != "unterminated quote" for p in problems), repr(text)
            if not problems:
                assert rows == len(records) - 1, repr(text)  # the end marker is not a row
                clean += 1
        else:
            assert problems, repr(text)  # what the reader could not read is named
        if open_at_end and records is None and not any(p.problem != "unterminated quote" for p in problems):
            [problem] = problems  # a quote left open and nothing else wrong: where its record starts
            start = csv_text._unclosed_record(text)
            assert problem.line == text.count("\n", 0, start) + 1, repr(text)
            unclosed += 1
    assert clean > 30 and unclosed > 30, (clean, unclosed)  # both kinds were met


def test_a_record_dropped_after_text_that_follows_a_quote_is_named(read, tmp_path: Path):
    # The csv module resumes after the stray text and sees every quote closed; DuckDB's reader drops
    # the rest of the file. The loader says so, at the record after those it read.
    text = read.header + '"x"y,"a,,a\nb,c\n'
    problems, _ = read(text, tmp_path)
    assert csv_text._unclosed_record(text) is None
    assert [(p.line, p.problem) for p in problems] == [(2, "unterminated quote")]


@pytest.mark.parametrize("body, line, shown", [
    ('1,"open\n2,b\n', 2, '1,"open'),
    ('1,"two\nlines",x\n2,"open', 4, '2,"open'),  # the record after a multi-line cell
    ('1,"a ""quoted"" word"\r\n2,"open ""\r\n', 3, '2,"open ""'),  # CRLF, doubled quotes
    ('1,12" pipe\n2,"open\n', 3, '2,"open'),  # a literal quote inside an unquoted cell
])
def test_an_unclosed_quote_is_reported_at_the_line_its_record_starts(body: str, line: int, shown: str):
    problem = csv_text.unterminated_quote("f.csv", "id,name\n" + body, 0)
    assert (problem.line, problem.value, problem.problem) == (line, shown, "unterminated quote")
