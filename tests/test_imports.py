"""The importers, end to end: the real CLI on the synthetic ACLED, UCDP GED and GTD fixtures
(exact codebook headers, made-up rows) into a copy of the bundled data, loaded by the real
loader into DuckDB and read back through the named queries and the pages."""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from proxyatlas import loader, queries
from proxyatlas.importers import publish

from .conftest import ALL_TIME, FIXTURES
from .test_pages import open_page

IMPORTS = FIXTURES / "imports"
ROOT = Path(__file__).resolve().parent.parent


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "proxyatlas", *args], capture_output=True, text=True, cwd=ROOT)


def import_(dataset: str, data: Path, *extra: str, file: Path | None = None) -> subprocess.CompletedProcess:
    return cli("import", dataset, str(file or IMPORTS / f"{dataset}.csv"), "--data", str(data),
               "--crosswalk", str(data / "crosswalk.csv"), *extra)


def checksums(folder: Path) -> dict[str, str]:
    """Every file in the folder, hidden ones included, by content."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def events(data: Path) -> dict[str, dict]:
    result = loader.load(data, "TLP:RED")
    assert result.problems == [], "\n".join(map(str, result.problems))
    cur = result.con.execute("SELECT * FROM events WHERE event_id LIKE 'acled_%' OR event_id LIKE 'ucdp_%' "
                             "OR event_id LIKE 'gtd_%'")
    names = [d[0] for d in cur.description]
    return {r[0]: dict(zip(names, r)) for r in cur.fetchall()}


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_acled_dates_countries_fatalities_and_actors(bundled_copy: Path):
    done = import_("acled", bundled_copy)
    assert done.returncode == 0, done.stderr
    assert ("5 rows read, 4 events imported, 0 updated, 0 unchanged, 1 skipped, 0 claims; 2 names unmatched"
            in done.stdout)
    got = events(bundled_copy)
    assert set(got) == {"acled_yem90001", "acled_yem90002", "acled_irq90003", "acled_syr90005"}  # SYR90004: no actor of ours
    when = {k: (v["date"], v["date_precision"]) for k, v in got.items()}
    assert when == {"acled_yem90001": ("2024-05-16", "day"),  # "16 May 2024"
                    "acled_yem90002": ("2024-05", "month"),  # ISO date, time_precision 2
                    "acled_irq90003": ("2024-02", "month"),  # "3 February 2024", time_precision 3
                    "acled_syr90005": ("2024-03-12", "day")}
    assert {k: v["country"] for k, v in got.items()} == {"acled_yem90001": "YEM", "acled_yem90002": "YEM",
                                                        "acled_irq90003": "IRQ", "acled_syr90005": "SYR"}
    assert got["acled_yem90001"]["fatalities"] is None  # ACLED's 0: not a reported 0
    assert "ACLED codes 0 fatalities" in got["acled_yem90001"]["description"]
    assert got["acled_yem90002"]["fatalities"] == 3
    perpetrators = {k: list(v["perpetrator_ids"]) for k, v in got.items()}
    assert perpetrators == {"acled_yem90001": ["houthis"],  # the crosswalk's spelling
                            "acled_yem90002": ["houthis"],
                            "acled_irq90003": ["kataib_hezbollah"],  # Kata’ib Hizballah, an alias once normalised
                            "acled_syr90005": ["hezbollah", "hamas"]}  # our name; the crosswalk's "Hamas Movement"
    # an unmatched co-actor stays text on the event, never an invented actor
    assert "Military Forces of the United States (2021-)" in got["acled_irq90003"]["description"]
    assert {tuple(v["source_ids"]) for v in got.values()} == {("import_acled_acled",)}
    assert cli("validate", str(bundled_copy)).returncode == 0


def test_ucdp_partial_dates_and_gleditsch_ward_countries(bundled_copy: Path):
    done = import_("ucdp", bundled_copy)
    assert "5 rows read, 4 events imported, 0 updated, 0 unchanged, 1 skipped" in done.stdout, done.stderr
    got = events(bundled_copy)
    assert {k: (v["date"], v["end_date"], v["date_precision"]) for k, v in got.items()} == {
        "ucdp_900001": ("2024-01-08", None, "day"),
        "ucdp_900002": ("2023-07", None, "month"),  # date_prec 4 within July, "00:00:00.000" times
        "ucdp_900003": ("2023", None, "year"),  # date_prec 5, February to November
        "ucdp_900005": ("2022-05-06", None, "day")}
    assert {k: v["country"] for k, v in got.items()} == {"ucdp_900001": "LBN", "ucdp_900002": "SYR",
                                                        "ucdp_900003": "ISR", "ucdp_900005": None}  # GW 999: unknown
    assert {k: v["fatalities"] for k, v in got.items()} == {"ucdp_900001": 2, "ucdp_900002": 5,
                                                           "ucdp_900003": 1, "ucdp_900005": 4}
    assert list(got["ucdp_900002"]["perpetrator_ids"]) == ["islamic_state"]  # one-sided: side A; "IS" is an alias
    assert list(got["ucdp_900003"]["perpetrator_ids"]) == ["hamas", "pij"]  # non-state: both sides fought
    assert list(got["ucdp_900005"]["perpetrator_ids"]) == ["houthis"]  # Ansarallah, an alias


def test_gtd_partial_dates_unknown_deaths_and_competing_claims(bundled_copy: Path):
    done = import_("gtd", bundled_copy)
    assert "5 rows read, 4 events imported, 0 updated, 0 unchanged, 1 skipped, 3 claims" in done.stdout, done.stderr
    got = events(bundled_copy)
    assert {k: (v["date"], v["date_precision"]) for k, v in got.items()} == {
        "gtd_201906000001": ("2019-06", "month"),  # iday 0
        "gtd_201900000002": ("2019", "year"),  # imonth 0, iday 0
        "gtd_202001050003": ("2020-01-05", "day"),
        "gtd_202003030005": ("2020-03-03", "day")}
    assert got["gtd_201906000001"]["fatalities"] is None  # nkill blank: unknown
    assert got["gtd_201900000002"]["fatalities"] == 0  # GTD's 0 is a figure
    assert got["gtd_202003030005"]["country"] == "PSE"  # "West Bank and Gaza Strip"
    assert list(got["gtd_202003030005"]["perpetrator_ids"]) == []  # GTD: suspected
    assert list(got["gtd_202001050003"]["perpetrator_ids"]) == []  # competing claims carry it
    con = loader.load(bundled_copy).con
    ranking = queries.run(con, "attribution/ranking", **ALL_TIME.params())
    status = dict(zip(ranking["event_id"], ranking["status"]))
    assert status["gtd_202001050003"] == "competing claims"
    assert status["gtd_201906000001"] == "claimed and uncontested"
    seq = queries.run(con, "attribution/sequence", event_id="gtd_202001050003")
    assert set(zip(seq["claimant_id"], seq["stance"])) == {("houthis", "asserts"), ("islamic_state", "asserts")}
    assert set(seq["date"]) == {"2020-01-05"}  # GTD does not date claims: the event's date, and the note says so
    assert all("GTD does not date claims" in note for note in seq["note"])


def test_the_same_file_twice_gives_the_same_bytes(bundled_copy: Path):
    for dataset in ("acled", "ucdp", "gtd"):
        assert import_(dataset, bundled_copy).returncode == 0
        before = checksums(bundled_copy)
        again = import_(dataset, bundled_copy)
        assert "0 events imported, 0 updated, 4 unchanged" in again.stdout and "no file changed" in again.stdout
        assert checksums(bundled_copy) == before


def test_a_newer_export_updates_what_changed_and_never_a_curated_row(bundled_copy: Path, tmp_path: Path):
    # a curated event that happens to hold an id the export brings
    with open(bundled_copy / "events.csv", "a", encoding="utf-8", newline="") as fh:
        fh.write("acled_irq90003,2024-02-03,,day,Curated title,attack,IRQ,,,,,,,,seed_article,\n")
    curated = (bundled_copy / "events.csv").read_bytes()
    done = import_("acled", bundled_copy)
    assert "3 events imported, 0 updated, 0 unchanged, 2 skipped" in done.stdout, done.stderr
    assert "1 ids held by curated rows left alone (acled_irq90003)" in done.stdout
    newer = tmp_path / "acled_2024_06.csv"
    newer.write_text((IMPORTS / "acled.csv").read_text(encoding="utf-8").replace(
        "dated to a week.,3,", "dated to a week.,4,"), encoding="utf-8")
    done = import_("acled", bundled_copy, file=newer)
    assert done.returncode == 0, done.stderr
    assert "0 events imported, 1 updated, 2 unchanged" in done.stdout
    assert (bundled_copy / "events.csv").read_bytes().startswith(curated)  # curated rows byte for byte
    got = events(bundled_copy)
    assert got["acled_irq90003"]["title"] == "Curated title"
    assert got["acled_yem90002"]["fatalities"] == 4
    assert {tuple(got[e]["source_ids"]) for e in ("acled_yem90001", "acled_yem90002")} == {
        ("import_acled_acled_2024_06",)}


def test_dry_run_writes_nothing(bundled_copy: Path):
    before = checksums(bundled_copy)
    done = import_("gtd", bundled_copy, "--dry-run")
    assert done.returncode == 0 and "4 events imported" in done.stdout and "dry run: nothing written" in done.stdout
    assert checksums(bundled_copy) == before


def test_strict_fails_on_an_unmatched_name_and_writes_nothing(bundled_copy: Path, tmp_path: Path):
    before = checksums(bundled_copy)
    done = import_("acled", bundled_copy, "--strict")
    assert done.returncode == 1 and "--strict: nothing written" in done.stdout
    assert "unmatched: 'Unidentified Armed Group (Syria)' (2 rows)" in done.stderr
    assert checksums(bundled_copy) == before
    matched_only = tmp_path / "matched.csv"  # the rows whose every name matches
    lines = (IMPORTS / "acled.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    matched_only.write_text("".join(lines[:3]), encoding="utf-8")
    assert import_("acled", bundled_copy, "--strict", file=matched_only).returncode == 0


def test_the_report_lists_each_unmatched_name_with_rows_dates_example_and_suggestions(bundled_copy: Path,
                                                                                      tmp_path: Path):
    report = tmp_path / "unmatched.csv"
    assert import_("acled", bundled_copy, "--report", str(report)).returncode == 0
    got = rows(report)
    assert [(r["source_name"], r["rows"], r["first_date"], r["last_date"], r["example_id"]) for r in got] == [
        ("Unidentified Armed Group (Syria)", "2", "2024-03-07", "2024-03-12", "SYR90004"),
        ("Military Forces of the United States (2021-)", "1", "2024-02", "2024-02", "IRQ90003")]
    assert got[0]["suggestions"].startswith("syria (Syria, 100)")
    assert got[1]["suggestions"].startswith("united_states (United States, 100)")
    assert {r["dataset"] for r in got} == {"acled"}
    # the suggestions were not applied: the event lists no United States
    assert "united_states" not in events(bundled_copy)["acled_irq90003"]["perpetrator_ids"]


def _missing_column(text: str) -> str:
    return text.replace(",fatalities,", ",fatality,", 1)


def _bad_date(text: str) -> str:
    return text.replace("3 February 2024", "30 February 2024")


BAD = {  # (edit, encoding, the located message)
    "missing column": (_missing_column, "utf-8", "acled.csv:1 column fatalities: missing column"),
    "bad date": (_bad_date, "utf-8", "acled.csv:4 column event_date: not a date '30 February 2024'"),
    "wrong encoding": (lambda t: t.replace("Kata\u2019ib", "Kataib").replace("Al Mayadin", "Al Mayâdin"), "latin-1",
                       "acled.csv:5 column character 186: file is not utf-8 'byte e2'"),
}


@pytest.mark.parametrize("case", BAD)
def test_a_bad_file_is_refused_with_file_line_and_column_and_the_folder_is_unchanged(case, bundled_copy: Path,
                                                                                     tmp_path: Path):
    edit, encoding, message = BAD[case]
    bad = tmp_path / "acled.csv"
    bad.write_bytes(edit((IMPORTS / "acled.csv").read_text(encoding="utf-8")).encode(encoding))
    before = checksums(bundled_copy)
    done = import_("acled", bundled_copy, file=bad)
    assert done.returncode == 1
    assert message in done.stderr and "not imported, nothing written" in done.stderr
    assert checksums(bundled_copy) == before


def test_a_folder_or_crosswalk_with_a_problem_is_not_imported_into(bundled_copy: Path):
    """The folder and the crosswalk are validated first: here a crosswalk row points at no actor."""
    cw = bundled_copy / "crosswalk.csv"
    cw.write_text(cw.read_text(encoding="utf-8") + "acled,Somebody,no_such_actor,no,\n", encoding="utf-8")
    before = checksums(bundled_copy)
    done = import_("acled", bundled_copy)
    assert done.returncode == 1 and "crosswalk.csv:12 column actor_id: refers to nothing" in done.stderr
    assert checksums(bundled_copy) == before


def test_an_import_whose_rows_would_break_the_folder_writes_nothing(bundled_copy: Path, tmp_path: Path):
    """The merged files are validated before they are published: a five-digit GTD year passes the
    reader (it is a whole number) but makes an event date the contract refuses."""
    bad = tmp_path / "gtd.csv"
    bad.write_text((IMPORTS / "gtd.csv").read_text(encoding="utf-8").replace("201906000001,2019,", "201906000001,20190,"),
                   encoding="utf-8")
    before = checksums(bundled_copy)
    done = import_("gtd", bundled_copy, file=bad)
    assert done.returncode == 1 and "the files as this import would leave them:" in done.stderr
    assert "column date: not a date '20190-06'" in done.stderr
    assert checksums(bundled_copy) == before


def test_a_crosswalk_elsewhere_is_validated_and_named_by_its_path(bundled_copy: Path, tmp_path: Path):
    cw = tmp_path / "my_crosswalk.csv"  # the bundled one and a row of our own, which replace the folder's
    cw.write_text((bundled_copy / "crosswalk.csv").read_text(encoding="utf-8")
                  + "acled,Unidentified Armed Group (Syria),syria,maybe,\n", encoding="utf-8")
    done = cli("import", "acled", str(IMPORTS / "acled.csv"), "--data", str(bundled_copy), "--crosswalk", str(cw))
    assert done.returncode == 1 and f"{cw}:12 column confirmed: value not allowed here 'maybe'" in done.stderr
    cw.write_text(cw.read_text(encoding="utf-8").replace("maybe", "no"), encoding="utf-8")
    done = cli("import", "acled", str(IMPORTS / "acled.csv"), "--data", str(bundled_copy), "--crosswalk", str(cw))
    assert "5 events imported" in done.stdout and "0 skipped" in done.stdout  # its row matched SYR90004


def test_a_release_is_taken_back_out_exactly(bundled_copy: Path):
    before = checksums(bundled_copy)
    for dataset in ("acled", "ucdp", "gtd"):
        assert import_(dataset, bundled_copy).returncode == 0
    log = rows(bundled_copy / "imports.csv")
    assert [(r["source_id"], r["events"], r["claims"]) for r in log] == [
        ("import_acled_acled", "4", "0"), ("import_ucdp_ucdp", "4", "0"), ("import_gtd_gtd", "4", "3")]
    done = cli("import", "remove", "import_gtd_gtd", "--data", str(bundled_copy))
    assert done.returncode == 0 and "4 events and 3 claims taken out" in done.stdout
    assert cli("validate", str(bundled_copy)).returncode == 0
    assert not any(e.startswith("gtd_") for e in events(bundled_copy))
    for release in ("import_acled_acled", "import_ucdp_ucdp"):
        assert cli("import", "remove", release, "--data", str(bundled_copy)).returncode == 0
    assert checksums(bundled_copy) == before  # byte for byte the folder before the imports


def test_taking_out_a_release_a_curated_claim_leans_on_is_refused(bundled_copy: Path):
    assert import_("acled", bundled_copy).returncode == 0
    with open(bundled_copy / "claims.csv", "a", encoding="utf-8", newline="") as fh:
        fh.write("c_curated,acled_yem90001,houthis,houthis,asserts,responsibility,2024-05-16,,,seed_article,,\n")
    before = checksums(bundled_copy)
    done = cli("import", "remove", "import_acled_acled", "--data", str(bundled_copy))
    assert done.returncode == 1 and "the files as taking the release out would leave them:" in done.stderr
    assert "claims.csv:" in done.stderr and "column event_id: refers to nothing 'acled_yem90001'" in done.stderr
    assert "release not taken out, nothing written" in done.stderr
    assert checksums(bundled_copy) == before


def test_publishing_renames_whole_files_and_leaves_no_temporary_file(tmp_path: Path):
    (tmp_path / "events.csv").write_text("old\n", encoding="utf-8")
    (tmp_path / "claims.csv").write_text("same\n", encoding="utf-8")
    inode = (tmp_path / "events.csv").stat().st_ino
    written = publish.write(tmp_path, {"claims.csv": b"same\n", "events.csv": b"new\n", "sources.csv": b"s\n"})
    assert written == ["sources.csv", "events.csv"]  # referred-to first; an unchanged file is not touched
    assert (tmp_path / "events.csv").read_bytes() == b"new\n"
    assert (tmp_path / "events.csv").stat().st_ino != inode  # a new file renamed in, not rewritten in place
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.csv", "events.csv", "sources.csv"]


def test_the_data_page_shows_the_imports_held_and_the_last_imports_unmatched_names(bundled_copy, monkeypatch):
    at = open_page("pages/7_Data.py", bundled_copy, monkeypatch)
    assert any("No imported releases" in c.value for c in at.caption)
    for dataset in ("ucdp", "acled"):
        assert import_(dataset, bundled_copy).returncode == 0
    at = open_page("pages/7_Data.py", bundled_copy, monkeypatch)
    assert not at.exception
    held = next(df.value for df in at.dataframe if "Release" in df.value.columns)
    assert list(zip(held["Dataset"], held["Release"], held["Events"])) == [("ucdp", "ucdp", 4), ("acled", "acled", 4)]
    assert any("the last import (acled, release acled) matched to no actor: 2" in c.value for c in at.caption)
    assert list(next(df.value for df in at.dataframe if list(df.value.columns) == ["Name in the import"])["Name in the import"]) == [
        "Unidentified Armed Group (Syria)", "Military Forces of the United States (2021-)"]


def test_validate_checks_the_crosswalk_like_the_other_files(bundled_copy: Path):
    tiny = FIXTURES / "tiny"
    assert not (tiny / "crosswalk.csv").exists() and cli("validate", str(tiny)).returncode == 0  # optional
    cw = bundled_copy / "crosswalk.csv"
    cw.write_text(cw.read_text(encoding="utf-8") + "acled,Hezbollah,hezbollah,no,again\n"
                  "isw,Somebody,hamas,no,\nacled,Nobody,no_such_actor,no,\n", encoding="utf-8")
    done = cli("validate", str(bundled_copy))
    assert done.returncode == 1
    assert "crosswalk.csv:12 column dataset, source_name: repeats another row (first on line 6)" in done.stdout
    assert "crosswalk.csv:13 column dataset: value not allowed here 'isw'; expected one of acled, ucdp, gtd" in done.stdout
    assert "crosswalk.csv:14 column actor_id: refers to nothing 'no_such_actor'" in done.stdout
