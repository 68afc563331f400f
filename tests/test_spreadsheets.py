"""Analysts' spreadsheets: every bundled file opened in LibreOffice Calc and saved again as CSV.

For each profile (the locale, and the choices in LibreOffice's import and export dialogs) the re-saved
folder either loads as the same typed tables as the original, or fails validation with every changed
value reported and every problem diagnosed: nothing passes validation with a changed value. The
profiles that give the same data are the steps data/README.md ("Editing in Excel or LibreOffice")
tells analysts to take; the ones that damage the data are what happens without them.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from proxyatlas import loader, schema
from proxyatlas.config import BUNDLED_DATA

from .conftest import TINY
from .libreoffice import WINDOWS_1252, Profile, resave_all

# (profile, the diagnoses its damage must get; empty: the data must come back the same)
OUTCOMES = [
    (Profile("en_us", "en-US"), set()),
    (Profile("en_us_special_numbers", "en-US", special_numbers=True), set()),
    (Profile("en_us_quote_all", "en-US", quote_all=True), set()),
    (Profile("de_de", "de-DE"), {"a thousands separator"}),
    (Profile("de_de_special_numbers", "de-DE", special_numbers=True), {"a thousands separator"}),
    (Profile("en_us_import_german", "en-US", language="de-DE"), {"a thousands separator"}),
    # Setting the import Language to English (USA) reads the numbers right; a German locale saves them with a comma.
    (Profile("de_de_import_english", "de-DE", language="en-US"), {"decimals with a comma"}),
    (Profile("de_de_as_text", "de-DE", as_text=True), set()),
    (Profile("de_de_as_text_special_numbers", "de-DE", as_text=True, special_numbers=True), set()),
    # Saved in the character set LibreOffice calls Western Europe (Windows-1252): the Arabic aliases become '?'.
    (Profile("en_us_saved_windows_1252", "en-US", save_charset=WINDOWS_1252), {"the file is in Windows-1252"}),
    # Opened as Western Europe (Windows-1252), saved as UTF-8: the Arabic, Persian and the dashes garbled.
    (Profile("en_us_read_as_windows_1252", "en-US", read_charset=WINDOWS_1252), {"opened as Windows-1252"}),
]
PROFILES = {p.name: p for p, _ in OUTCOMES}
# Problems that stand for a whole file: one re-save changed all of it.
WHOLE_FILE = ("file is not UTF-8", "text garbled by a wrong character set")


@pytest.fixture(scope="session")
def resaved(tmp_path_factory) -> dict[str, Path]:
    """Every profile's copy of the bundled data, opened and saved by LibreOffice (one soffice run each)."""
    package = schema.load()
    files = [BUNDLED_DATA / r.path for r in package.resources]
    width = max(len(r.fields) for r in package.resources)
    return resave_all(files, list(PROFILES.values()), tmp_path_factory.mktemp("libreoffice"), width)


def typed_tables(data_dir: Path) -> dict[str, list[tuple]]:
    """The model's tables as the loader builds them (every marking), each sorted: the data, not the bytes."""
    result = loader.load(data_dir, "TLP:RED")
    assert result.problems == [], result.problems[:3]
    tables = {}
    for res in schema.load().resources:
        cur = result.con.execute(f'SELECT * FROM "{res.name}" ORDER BY ALL')
        tables[res.name] = [tuple(d[0] for d in cur.description)] + cur.fetchall()
    return tables


def changed_cells(before: Path, after: Path, unread: set[str]) -> set[tuple[str, int, str]]:
    """(file, line, column) of every cell whose value the re-save changed; 41.0 written as 41 is no change.

    Files in ``unread`` (reported whole: not UTF-8, or garbled) are left out.
    """
    changed = set()
    for res in schema.load().resources:
        if res.path in unread:
            continue
        old, new = _cells(before / res.path), _cells(after / res.path)
        assert old.keys() == new.keys(), res.path  # no row or column lost or added
        changed |= {(res.path, line, column) for (line, column), value in old.items()
                    if value != new[(line, column)] and not _same_number(value, new[(line, column)])}
    return changed


def _cells(path: Path) -> dict[tuple[int, str], str]:
    reader = csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")))
    header, cells, line = next(reader), {}, reader.line_num + 1
    for record in reader:
        cells |= {(line, name): value for name, value in zip(header, record)}
        line = reader.line_num + 1
    return cells


def _same_number(a: str, b: str) -> bool:
    try:
        return float(a) == float(b)
    except ValueError:
        return False


@pytest.mark.parametrize(("profile", "causes"), OUTCOMES, ids=[p.name for p, _ in OUTCOMES])
def test_a_libreoffice_resave_is_the_same_data_or_a_diagnosed_failure(profile, causes, resaved, bundled_tables):
    out = resaved[profile.name]
    result = loader.load(out, "TLP:RED")
    if not causes:
        assert result.problems == []  # quoting, a BOM or 41.0 written as 41 is accepted silently
        assert typed_tables(out) == bundled_tables
        return
    assert result.problems, "damaged data passed validation"
    assert [p for p in result.problems if not p.diagnosis] == []  # every problem named with its cause
    assert {cause for cause in causes for p in result.problems if cause in p.diagnosis} == causes
    # nothing slips through: every value the spreadsheet changed is one of the problems reported
    reported = {(p.file, p.line, p.column) for p in result.problems}
    unread = {p.file for p in result.problems if p.problem in WHOLE_FILE}
    assert changed_cells(BUNDLED_DATA, out, unread) - reported == set()


@pytest.fixture(scope="session")
def bundled_tables() -> dict[str, list[tuple]]:
    return typed_tables(BUNDLED_DATA)


# What the bundled data does not hold but analysts may type: an id with a leading zero, used in a
# list elsewhere, and a cell that begins with '='. The guide's advice (every column as Text) keeps them.
HAZARD_PROFILES = [Profile("hazards_en_us", "en-US"), Profile("hazards_en_us_no_formulas", "en-US", formulas=False),
                   Profile("hazards_as_text", "de-DE", as_text=True)]


@pytest.fixture(scope="session")
def hazards(tmp_path_factory) -> tuple[Path, dict[str, Path]]:
    data = tmp_path_factory.mktemp("hazards") / "data"
    shutil.copytree(TINY, data)
    with open(data / "sources.csv", "a", encoding="utf-8") as fh:
        fh.write("0815,[Analyst note on the planning report],Internal,2023-10-09,,other,C,,TLP:CLEAR\n")
    _edit(data / "claims.csv", "2023-10-08,,,wsj_2023_10_08,", "2023-10-08,,,wsj_2023_10_08;0815,")
    _edit(data / "events.csv", "Hamas-led attack on Israel.", "=2+2")
    package = schema.load()
    files = [data / r.path for r in package.resources if (data / r.path).exists()]  # optional files left out
    return data, resave_all(files, HAZARD_PROFILES, data.parent / "resaved", max(len(r.fields) for r in package.resources))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_columns_as_text_keep_leading_zeros_and_cells_that_begin_with_equals(hazards):
    data, outs = hazards
    assert typed_tables(outs["hazards_as_text"]) == typed_tables(data)


@pytest.mark.parametrize("profile", ["hazards_en_us", "hazards_en_us_no_formulas"])
def test_without_columns_as_text_a_leading_zero_is_lost_and_diagnosed(hazards, profile):
    problems = loader.load(hazards[1][profile], "TLP:RED").problems
    assert [(p.file, p.line, p.column, p.value) for p in problems] == [("claims.csv", 5, "source_ids", "0815")]
    assert problems[0].diagnosis.startswith("sources.csv has '815': a spreadsheet dropped the leading zeros")


def test_a_cell_that_begins_with_equals_is_computed_unless_formulas_are_not_evaluated(hazards):
    # Computed on opening and the result saved: no rule can see it afterwards, so the guide warns of it.
    assert _cells(hazards[1]["hazards_en_us"] / "events.csv")[(3, "description")] == "4"
    assert _cells(hazards[1]["hazards_en_us_no_formulas"] / "events.csv")[(3, "description")] == "=2+2"


def test_the_guide_shows_what_the_validator_says_of_a_german_resave(resaved):
    guide = (BUNDLED_DATA / "README.md").read_text(encoding="utf-8")
    shown = guide[guide.index("## Editing in Excel or LibreOffice"):].split("```\n")[1].strip()
    said = [str(p) for p in loader.load(resaved["de_de"], "TLP:RED").problems]
    assert shown in said

