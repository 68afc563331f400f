"""What changed between two hand-made versions of the tiny data: every change written out here."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from proxyatlas import baseline, diff
from proxyatlas.config import Settings
from proxyatlas.store import Store

from .conftest import TINY


def edit(folder: Path, file: str, old: str, new: str) -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, (file, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def snapshot(folder: Path, ceiling: str = "TLP:CLEAR"):
    state = Store(Settings(folder, ceiling)).state()
    assert state.problems == () and state.good is not None, state.problems
    return state.good


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path]:
    """Last week's data and today's. Last week: no denials of the 7 October attack yet (so its status was
    'claimed and uncontested'), the IRGC's tie to Kata'ib Hezbollah rated low, the Red Sea campaign under
    another title, and one actor since removed. Since then: Hezbollah's alliance with Hamas ended, and
    rows above the ceiling were added and edited (they must not show)."""
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(TINY, old)
    shutil.copytree(TINY, new)
    for claim in ("c_hamas_denies,oct7_attack,hamas,irgc,denies,responsibility,2023-12-27,,,seed_article,,\n",
                  "c_iran_denies,oct7_attack,iran,iran,denies,knowledge,2023-10,,,seed_article,,\n",
                  "c_us_no_evidence,oct7_attack,us_government,iran,no_evidence,planning,2023-10,,,seed_article,,\n"):
        edit(old, "claims.csv", claim, "")
    edit(old, "relationships.csv", "r_irgc_kh,irgc,kataib_hezbollah,arms,2007,,moderate", "r_irgc_kh,irgc,kataib_hezbollah,arms,2007,,low")
    edit(old, "events.csv", "Red Sea shipping attacks", "Red Sea attacks")
    with open(old / "actors.csv", "a", encoding="utf-8") as fh:
        fh.write("old_group,Old Group,,armed_group,IRQ,,inactive,Dissolved.,,,seed_article,\n")
    edit(new, "relationships.csv", "r_hezbollah_hamas,hezbollah,hamas,allied_with,,,low",
         "r_hezbollah_hamas,hezbollah,hamas,allied_with,,2024-06,low")
    # Above the ceiling: an AMBER event retitled, an AMBER tie and an AMBER claim added.
    edit(new, "events.csv", "Hidden event", "Hidden event MARKAMBER renamed")
    with open(new / "relationships.csv", "a", encoding="utf-8") as fh:
        fh.write("r_secret_hamas,secret_cell,hamas,arms,2024,,low,amber_note,MARKAMBER,TLP:AMBER\n")
    with open(new / "claims.csv", "a", encoding="utf-8") as fh:
        fh.write("c_secret_2,oct7_attack,secret_cell,irgc,asserts,training,2024-02-01,,MARKAMBER,amber_note,,TLP:AMBER\n")
    return old, new


def compare(versions, tmp_path: Path, ceiling: str = "TLP:CLEAR") -> diff.Changes:
    old, new = versions
    where = tmp_path / "baselines"
    baseline.save(snapshot(old, ceiling), "last-week", old, where)
    return diff.compare(snapshot(new, ceiling), baseline.load("last-week", where, ceiling))


def test_the_diff_lists_each_change_of_the_hand_made_versions(versions, tmp_path):
    changes = compare(versions, tmp_path)
    assert changes.statuses[["event_id", "old", "new"]].values.tolist() == [
        ["oct7_attack", "claimed and uncontested", "claimed and denied"]]
    assert sorted(changes.claims["claim_id"]) == ["c_hamas_denies", "c_iran_denies", "c_us_no_evidence"]
    assert changes.ties[["rel_id", "change", "old_confidence", "confidence", "date"]].values.tolist() == [
        ["r_hezbollah_hamas", "ended", "low", "low", "2024-06"],
        ["r_irgc_kh", "confidence changed", "low", "moderate", ""],
    ]
    rows = changes.rows[["table", "change", "id", "field", "old", "new"]].astype(object)
    got = {tuple(None if v != v else v for v in r) for r in rows.values.tolist()}
    assert got == {
        ("events", "changed", "red_sea_campaign", "title", "Red Sea attacks", "Red Sea shipping attacks"),
        ("claims", "added", "c_hamas_denies", None, None, None),
        ("claims", "added", "c_iran_denies", None, None, None),
        ("claims", "added", "c_us_no_evidence", None, None, None),
        ("relationships", "changed", "r_hezbollah_hamas", "end", None, "2024-06"),
        ("relationships", "changed", "r_irgc_kh", "confidence", "low", "moderate"),
        ("actors", "removed", "old_group", None, None, None),
    }
    counts = changes.counts().set_index("table")
    assert counts.loc["claims"].tolist() == [3, 0, 0] and counts.loc["actors"].tolist() == [0, 1, 0]
    assert counts.loc["relationships"].tolist() == [0, 0, 2] and counts.loc["sources"].tolist() == [0, 0, 0]


def test_rows_above_the_ceiling_are_neither_listed_nor_counted(versions, tmp_path):
    changes = compare(versions, tmp_path)
    everything = "\n".join(f.to_csv() for f in (changes.statuses, changes.claims, changes.ties, changes.rows))
    for hidden in ("secret", "MARKAMBER", "Hidden event", "amber_note"):
        assert hidden not in everything
    assert set(changes.markings()) == {"TLP:CLEAR"}
    # Under TLP:AMBER the same edits are changes (so it is the ceiling, not the test data, that hides them).
    amber = compare(versions, tmp_path / "amber", "TLP:AMBER")
    assert {"r_secret_hamas", "c_secret_2"} <= set(amber.rows["id"])
    assert ("secret_event", "title") in set(zip(amber.rows["id"], amber.rows["field"]))


def test_a_baseline_holds_only_rows_under_the_ceiling_that_saved_it(versions, tmp_path):
    import duckdb

    old, _ = versions
    saved = baseline.save(snapshot(old), "public", old, tmp_path / "b")
    con = duckdb.connect()
    for table in baseline.TABLES[:5]:
        levels = con.execute("SELECT max(marking_level) FROM read_parquet($p)", {"p": saved.table(table)}).fetchone()[0]
        assert levels in (0, None), table
    assert "secret" not in con.execute("SELECT string_agg(actor_id, ',') FROM read_parquet($p)",
                                       {"p": saved.table("actors")}).fetchone()[0]


def test_a_baseline_saved_above_the_ceiling_is_refused(versions, tmp_path):
    old, _ = versions
    baseline.save(snapshot(old, "TLP:AMBER"), "amber", old, tmp_path)
    with pytest.raises(baseline.BaselineError, match="saved under TLP:AMBER, above this deployment's ceiling TLP:CLEAR"):
        baseline.load("amber", tmp_path, "TLP:CLEAR")
    assert baseline.load("amber", tmp_path, "TLP:RED").name == "amber"


def test_the_diff_of_a_version_with_itself_is_empty(versions, tmp_path):
    old, _ = versions
    baseline.save(snapshot(old), "same", old, tmp_path)
    changes = diff.compare(snapshot(old), baseline.load("same", tmp_path, "TLP:CLEAR"))
    assert changes.empty and "Nothing changed." in changes.section()["intro"]
