"""The contract itself: the reference Frictionless validator agrees with it, custom rules live in
custom properties, and claims contract v2 (one row per statement, all its sources) holds from the
old format through the migration to the 7 October dispute."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import frictionless
import pytest

from proxyatlas import loader, migrate, queries, schema
from proxyatlas.config import BUNDLED_DATA

from .conftest import BROKEN, FIXTURES, TINY

DESCRIPTOR = BUNDLED_DATA / "datapackage.json"
V1_CLAIMS = FIXTURES / "migration" / "bundled_claims_v1.csv"  # the bundled claims.csv before v2
STATEMENT = ("event_id", "claimant_id", "subject_id", "stance", "involvement", "date")


def frictionless_errors(folder: Path) -> list[tuple[str, str, int | None, str | None]]:
    """What frictionless-py says of a folder of CSVs checked against the bundled descriptor."""
    report = frictionless.validate(folder / "datapackage.json")
    return [(task.name, e.type, getattr(e, "row_number", None), getattr(e, "field_name", None))
            for task in report.tasks for e in task.errors]


def with_descriptor(folder: Path, tmp_path: Path) -> Path:
    target = tmp_path / folder.name
    shutil.copytree(folder, target)
    shutil.copy(DESCRIPTOR, target / "datapackage.json")
    return target


def test_the_reference_validator_finds_the_bundled_data_valid():
    assert frictionless_errors(BUNDLED_DATA) == []


def test_the_descriptor_uses_only_standard_formats_and_plain_foreign_keys():
    """Our extra semantics are in proxyatlas:* properties, which Table Schema lets validators ignore."""
    descriptor = json.loads(DESCRIPTOR.read_text(encoding="utf-8"))
    for res in descriptor["resources"]:
        fields = {f["name"]: f for f in res["schema"]["fields"]}
        assert res["schema"]["fieldsMatch"] == "subset"
        for f in fields.values():
            assert f.get("format", "default") in ("default", "email", "uri", "binary", "uuid"), f
        for fk in res["schema"].get("foreignKeys", []):
            assert fields[fk["fields"][0]]["type"] != "list", fk
    package = schema.load()
    assert package.resource("events").field("date").format == schema.PARTIAL_DATE
    assert package.resource("actors").field("country").format == schema.COUNTRY
    lists = {(r.name, fk.field) for r in package.resources for fk in r.foreign_keys if r.field(fk.field).delimiter}
    assert {("claims", "source_ids"), ("events", "perpetrator_ids"), ("actors", "source_ids")} <= lists


def test_an_extra_column_is_accepted_by_both_validators(tmp_path: Path):
    folder = with_descriptor(BUNDLED_DATA, tmp_path)
    path = folder / "events.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows = [[*rows[0][:5], "analyst_tag"]] + [[*r[:5], "x"] for r in rows[1:]]  # in the middle, not at the end
    rows = [r + rows_full[5:] for r, rows_full in zip(rows, csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    assert frictionless_errors(folder) == []
    result = loader.load(folder)
    assert result.problems == []
    assert result.con.execute("SELECT DISTINCT analyst_tag FROM events").fetchall() == [("x",)]


# Faults the reference validator can see (the rest are our own rules: partial dates and months that
# exist, assigned country codes, references from ';' lists, date order, one row per statement, a list
# of separators only, text after a closing quote, which Python's reader takes in).
FRICTIONLESS_SEES = {
    "bad_enum", "below_minimum", "dangling_reference", "duplicate_column", "duplicate_id", "empty_file",
    "excel_date", "lat_not_a_number", "lat_out_of_range", "line_after_multiline", "malformed_id", "missing_file",
    "missing_header", "missing_required", "misspelled_header", "not_a_country_code", "not_a_number", "not_utf8",
    "old_claims_format", "too_few_columns", "too_many_columns", "unterminated_quote",
}


@pytest.mark.parametrize("case", sorted(FRICTIONLESS_SEES))
def test_the_reference_validator_sees_the_same_fault_in_the_broken_corpus(case, tmp_path: Path):
    expected = json.loads((BROKEN / case / "expected.json").read_text())
    resource = expected["file"].removesuffix(".csv")
    errors = [e for e in frictionless_errors(with_descriptor(BROKEN / case, tmp_path)) if e[0] == resource]
    assert errors, f"frictionless saw nothing wrong in {expected['file']}"
    rows = {e[2] for e in errors}
    numbered = rows - {None}  # a file-level error (encoding, header, missing file) names no row
    if expected["line"] == 1:
        assert None in rows
    elif numbered and case != "line_after_multiline":  # frictionless counts records, we count text lines
        assert expected["line"] in numbered


# --- claims contract v2 -----------------------------------------------------------------------

def statement_sources(rows) -> set[tuple[str, ...]]:
    """(event, claimant, subject, stance, involvement, date, source) for every source of every row."""
    out = set()
    for row in rows:
        ids = row["source_ids"].split(";") if "source_ids" in row else [row["source_id"]]
        out |= {(*(row[k].strip() for k in STATEMENT), s.strip()) for s in ids if s.strip()}
    return out


def read_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


# Statements re-coded on purpose since the v1 file (issue 17), each (old, new); the source None means
# the source was dropped from the statement (an IRNA report of the remarks could not be found).
IRGC_REMARKS, HAMAS_DENIAL = ("oct7_attack", "irgc", "irgc", "asserts"), ("oct7_attack", "hamas", "irgc", "denies")
RECODED = {
    (*IRGC_REMARKS, "responsibility", "2023-12-27", "alarabiya_2023_12_27_irgc_revenge"):
        (*IRGC_REMARKS, "credit", "2023-12-27", "alarabiya_2023_12_27_irgc_revenge"),
    (*IRGC_REMARKS, "responsibility", "2023-12-27", "aljazeera_2023_12_27_irgc_sharif"):
        (*IRGC_REMARKS, "credit", "2023-12-27", "aljazeera_2023_12_27_irgc_sharif"),
    (*IRGC_REMARKS, "responsibility", "2023-12-27", "irna_2023_12_27_sharif"): None,
    (*HAMAS_DENIAL, "responsibility", "2023-12-27", "seed_article"): (*HAMAS_DENIAL, "credit", "2023-12-27", "seed_article"),
    (*HAMAS_DENIAL, "responsibility", "2023-12-27", "shafaq_2023_12_27_hamas_denies"):
        (*HAMAS_DENIAL, "credit", "2023-12-27", "shafaq_2023_12_27_hamas_denies"),
    ("kerman_bombings", "us_government", "islamic_state", "assesses", "responsibility", "2024-01-04", "reuters_2024_01_04_kerman"):
        ("kerman_bombings", "us_government", "islamic_state", "assesses", "responsibility", "2024-01-05",
         "reuters_2024_01_05_kerman_intercepts"),
    ("tower_22_attack", "islamic_resistance_in_iraq", "islamic_resistance_in_iraq", "asserts", "responsibility", "2024-01-28",
     "state_2024_06_17_haaa"):
        ("iri_drone_attacks_jan_28_2024", "islamic_resistance_in_iraq", "islamic_resistance_in_iraq", "asserts",
         "responsibility", "2024-01-28", "memo_2024_01_29_iri_claims"),
}


def test_the_migration_of_the_bundled_claims_lost_no_statement_and_no_source():
    before = statement_sources(read_rows(V1_CLAIMS))
    after = statement_sources(read_rows(BUNDLED_DATA / "claims.csv"))
    assert before - after == set(RECODED), "statements or sources lost since the v1 file"
    assert {new for new in RECODED.values() if new} <= after
    assert len(before) == 86


def test_migrate_merges_the_same_statement_into_one_row_with_all_its_sources(tmp_path: Path):
    shutil.copytree(TINY, tmp_path / "data")
    shutil.copy(V1_CLAIMS, tmp_path / "data" / "claims.csv")
    outcome = migrate.migrate_claims(tmp_path / "data")
    assert (outcome.rows, outcome.statements) == (86, 82)
    rows = read_rows(tmp_path / "data" / "claims.csv")
    assert statement_sources(rows) == statement_sources(read_rows(V1_CLAIMS))
    revenge = next(r for r in rows if r["claim_id"] == "oct7_irgc_asserts_revenge")
    assert revenge["source_ids"].split(";") == ["seed_article", "alarabiya_2023_12_27_irgc_revenge",
                                                "irna_2023_12_27_sharif", "aljazeera_2023_12_27_irgc_sharif"]
    assert revenge["quote"].startswith("The Al-Aqsa Flood was one of the acts of revenge")
    assert list(rows[0]) == schema.load().resource("claims").field_names


def v1_file(tmp_path: Path, *rows: str, header: str = "claim_id,event_id,claimant_id,subject_id,stance,"
            "involvement,date,quote,source_id,credibility,marking", newline: str = "\n", bom: bool = False) -> Path:
    folder = tmp_path / "data"
    folder.mkdir(exist_ok=True)
    text = newline.join([header, *rows]) + newline
    (folder / "claims.csv").write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return folder


def test_migrate_notes_where_sources_give_different_words(tmp_path: Path):
    folder = v1_file(tmp_path, "x_one,e,a,b,asserts,responsibility,2024-01-01,We did it,s1,,",
                     "x_two,e,a,b,asserts,responsibility,2024-01-01,We have done it,s2,,",
                     "x_three,e,a,b,asserts,responsibility,2024-01-01,,s3,,")
    migrate.migrate_claims(folder)
    (row,) = read_rows(folder / "claims.csv")
    assert (row["claim_id"], row["source_ids"], row["quote"]) == ("x", "s1;s2;s3", "We did it")
    assert "different words" in row["note"] and "s2 has “We have done it”" in row["note"]


def test_migrate_refuses_rows_that_disagree_and_writes_nothing(tmp_path: Path):
    folder = v1_file(tmp_path, "x_one,e,a,b,asserts,responsibility,2024-01-01,,s1,2,",
                     "x_two,e,a,b,asserts,responsibility,2024-01-01,,s2,4,")
    before = (folder / "claims.csv").read_bytes()
    with pytest.raises(migrate.MigrationError, match=r"lines 2, 3 .* differ in credibility"):
        migrate.migrate_claims(folder)
    assert (folder / "claims.csv").read_bytes() == before
    assert list(folder.iterdir()) == [folder / "claims.csv"]  # no temporary file left behind


def test_migrate_keeps_excels_bom_crlf_and_extra_columns(tmp_path: Path):
    folder = v1_file(tmp_path, "x_one,e,a,b,denies,planning,2023-10,,s1,,,kept", newline="\r\n", bom=True,
                     header="claim_id,event_id,claimant_id,subject_id,stance,involvement,date,quote,source_id,"
                            "credibility,marking,analyst")
    migrate.migrate_claims(folder)
    blob = (folder / "claims.csv").read_bytes()
    assert blob.startswith(b"\xef\xbb\xbf") and b"\r\n" in blob and b"\n" not in blob.replace(b"\r\n", b"")
    (row,) = read_rows(folder / "claims.csv")
    assert (row["source_ids"], row["analyst"], row["note"]) == ("s1", "kept", "")


def test_migrate_command_says_what_it_did_and_refuses_a_v2_file(tmp_path: Path):
    folder = v1_file(tmp_path, "x_a,e,a,b,denies,planning,2023-10,,s1,,", "x_b,e,a,b,denies,planning,2023-10,,s2,,")
    cli = [sys.executable, "-m", "proxyatlas", "migrate", "claims", str(folder)]
    dry = subprocess.run([*cli, "--dry-run"], capture_output=True, text=True, check=True)
    assert "2 rows, 1 statements" in dry.stdout and "dry run" in dry.stdout
    assert "source_id," in (folder / "claims.csv").read_text()
    done = subprocess.run(cli, capture_output=True, text=True, check=True)
    assert "x <- x_a, x_b" in done.stdout
    again = subprocess.run(cli, capture_output=True, text=True)
    assert again.returncode == 1 and "already has a source_ids column" in again.stderr


def test_an_old_format_claims_file_is_told_how_to_convert():
    problems = loader.load(BROKEN / "old_claims_format").problems
    assert len(problems) == 1
    (p,) = problems
    assert (p.file, p.line, p.column, p.problem) == ("claims.csv", 1, "source_id", "column of an older contract")
    assert p.expected == ("the column 'source_ids' of claims contract v2; convert the file with: "
                          "python -m proxyatlas migrate claims DATA_DIR")


def test_the_same_statement_twice_is_an_error_naming_the_first(tmp_path: Path):
    problems = loader.load(BROKEN / "same_statement_twice").problems
    assert [(p.line, p.problem) for p in problems] == [(8, "repeats another row (first on line 3)")]


def test_each_7_october_statement_appears_once_with_all_its_sources(bundled):
    seq = queries.run(bundled, "attribution/sequence", event_id="oct7_attack")
    keys = list(zip(seq["claimant_id"], seq["subject_id"], seq["stance"], seq["involvement"], seq["date"]))
    assert len(keys) == len(set(keys))
    irgc = seq[(seq["claimant_id"] == "irgc") & (seq["stance"] == "asserts")].set_index("involvement")
    revenge = irgc.loc["credit"]  # what the spokesman said, on every outlet that printed it
    assert revenge["sources"] == 5
    assert set(revenge["source_ids"]) == {"alarabiya_2023_12_27_irgc_revenge", "aljazeera_2023_12_27_irgc_sharif",
                                          "fars_2023_12_27_sharif", "memri_2024_01_02_sharif",
                                          "foxnews_copy_2023_12_28_credit"}
    assert {s["publisher"] for s in revenge["source_list"]} >= {"Al Jazeera", "Al Arabiya English", "Fars News Agency"}
    assert list(irgc.loc["responsibility", "source_ids"]) == ["seed_article"]  # how the seed reported the same remarks
    hamas = seq[(seq["claimant_id"] == "hamas") & (seq["subject_id"] == "irgc")]
    assert len(hamas) == 1 and hamas.iloc[0]["sources"] == 2


def test_a_statement_cites_only_the_sources_the_ceiling_shows():
    shown = {}
    for ceiling in ("TLP:CLEAR", "TLP:AMBER"):
        con = loader.load(FIXTURES / "markings", ceiling).con
        shown[ceiling] = con.execute("SELECT source_ids FROM claims WHERE claim_id = 'c_mixed_sources'").fetchone()[0]
        labels = con.execute("SELECT sources FROM source_labels WHERE fact_id = 'c_mixed_sources'").fetchone()[0]
        assert ("MARKAMBERPUB" in labels) is (ceiling == "TLP:AMBER")
    assert shown == {"TLP:CLEAR": ["seed_article"], "TLP:AMBER": ["seed_article", "src_amber"]}
    # a statement whose every source is hidden is hidden with them (the row itself is TLP:CLEAR)
    for ceiling, count in (("TLP:AMBER", 0), ("TLP:RED", 1)):
        con = loader.load(FIXTURES / "markings", ceiling).con
        assert con.execute("SELECT count(*) FROM claims WHERE claim_id = 'c_only_hidden_source'").fetchone()[0] == count
