"""``python -m proxyatlas publish``: validated CSVs to Parquet at a ceiling, and servers that load the result."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from proxyatlas import atomic, loader, publish, published, queries, schema
from proxyatlas.__main__ import main
from proxyatlas.config import Settings
from proxyatlas.store import Store

from .conftest import BROKEN, TINY
from .test_markings import LISTS, MARKINGS, VISITS, everything_shown
from .test_pages import open_page
from .test_store import touch_edit

PACKAGE = schema.load()
DERIVED_TABLES = ("event_facts", "attribution", "claim_weights", "source_labels", "event_involvement")


def snapshot_of(folder: Path) -> dict[str, str]:
    """Every entry under `folder` (folders too) with a checksum of each file's bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "folder"
            for p in sorted(folder.rglob("*"))}


def published_text(out: Path) -> str:
    """Everything a published folder holds on disk, as text: each Parquet table decoded, and the manifest."""
    import duckdb

    con = duckdb.connect()
    parts = [(out / published.MANIFEST).read_text(encoding="utf-8")]
    for path in sorted(out.rglob("*.parquet")):
        parts.append(con.read_parquet(str(path)).df().to_csv())
    return "\n".join(parts)


@pytest.mark.parametrize("data, ceiling", [(TINY, "TLP:CLEAR"), (MARKINGS, "TLP:AMBER")], ids=["tiny", "markings"])
def test_publish_round_trips_every_table(data, ceiling, tmp_path):
    out = tmp_path / "out"
    outcome = publish.publish(data, out, ceiling)
    from_csv = loader.load(data, ceiling)
    from_parquet, manifest = published.load(out, ceiling)
    assert from_parquet.problems == [] and manifest == outcome.manifest
    assert published.data_version(from_csv.digests) == manifest.version
    for table in [res.name for res in PACKAGE.resources] + list(DERIVED_TABLES):
        # A table's row order means nothing (every query orders its result), and joins do not keep one.
        want, got = (con.table(table).order("ALL").df() for con in (from_csv.con, from_parquet.con))
        pd.testing.assert_frame_equal(got, want, obj=table)  # same columns, types and values
    counts = "meta/counts"
    pd.testing.assert_frame_equal(queries.run(from_parquet.con, counts), queries.run(from_csv.con, counts))
    assert {n: t["rows"] for n, t in manifest.tables.items()} == dict(
        queries.run(from_csv.con, counts)[["resource", "shown"]].values)


def test_publish_leaves_out_the_rows_above_its_ceiling_and_what_leans_on_them(tmp_path):
    out = tmp_path / "out"
    manifest = publish.publish(MARKINGS, out, "TLP:GREEN").manifest
    on_disk = published_text(out)
    assert "MARKGREEN" in on_disk  # every row above CLEAR carries MARK<LEVEL> in its text
    assert "MARKAMBER" not in on_disk and "MARKRED" not in on_disk
    for hidden_id in ("src_amber", "src_red", "group_amber", "group_red"):  # no ';' list names one either
        assert hidden_id not in on_disk
    assert sum(t["withheld"] for t in manifest.tables.values()) == 20  # as the CSV load hides at GREEN
    con = published.load(out, "TLP:GREEN")[0].con
    keys = {"actors": "actor_id", "relationships": "rel_id", "events": "event_id"}
    for (table, row_id, column), full in LISTS.items():
        row = con.table(table).df().set_index(keys[table]).loc[row_id]
        assert list(row[column]) == [i for i in full if i in ("seed_article", "hamas", "irgc", "src_green")]


def test_a_bad_csv_folder_publishes_nothing_and_says_where(tmp_path, capsys):
    out = tmp_path / "out"
    publish.publish(TINY, out, "TLP:CLEAR")
    before = snapshot_of(out)
    case = BROKEN / "bad_date"
    assert main(["publish", str(case), str(out), "--max-marking", "TLP:CLEAR"]) == 1
    said = capsys.readouterr()
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    assert f"{expected['file']}:{expected['line']} column {expected['column']}: {expected['problem']}" in said.out
    assert "not published, nothing written" in said.err
    assert snapshot_of(out) == before
    fresh = tmp_path / "never"
    assert main(["publish", str(case), str(fresh), "--max-marking", "TLP:CLEAR"]) == 1
    assert not fresh.exists()


def test_a_folder_published_above_the_servers_ceiling_is_refused(tmp_path, monkeypatch):
    out = tmp_path / "out"
    publish.publish(MARKINGS, out, "TLP:GREEN")
    store = Store(Settings(out, "TLP:GREEN"))
    good = store.state().good
    assert good is not None and good.max_marking == "TLP:GREEN"
    # A server with a higher ceiling serves it, at the publication's ceiling (what its rows are under).
    assert Store(Settings(out, "TLP:RED")).state().good.max_marking == "TLP:GREEN"
    publish.publish(MARKINGS, out, "TLP:AMBER")  # a re-publish at a higher ceiling than the server's
    state = store.state()
    assert state.stale and state.good is good  # the last good data is kept
    [problem] = state.problems
    assert (problem.file, problem.column, problem.value) == ("manifest.json", "max_marking", "TLP:AMBER")
    assert problem.problem == "published above this server's marking ceiling"
    # A server started on it shows the error page, and not a row of the data.
    at = open_page("app.py", out, monkeypatch, marking="TLP:GREEN")
    assert not at.exception
    shown = everything_shown(at)
    assert "No valid data" in shown and "published above this server's marking ceiling" in shown
    assert not re.search(r"MARK(GREEN|AMBER|RED)", shown)


def test_a_republish_is_picked_up_and_a_half_finished_one_never_read(tiny_copy, tmp_path):
    out, beside = tmp_path / "out", tmp_path / "beside"
    publish.publish(tiny_copy, out, "TLP:CLEAR")
    store = Store(Settings(out, "TLP:CLEAR"))
    first = store.state()
    touch_edit(tiny_copy / "actors.csv", "hamas,Hamas,", "hamas,Hamas (edited),")
    # Half finished: the new version's folder is in OUT_DIR, its manifest is not (yet) there.
    new = publish.publish(tiny_copy, beside, "TLP:CLEAR").manifest
    shutil.copytree(beside / new.folder, out / new.folder)
    (out / ".incoming-crashed").mkdir()
    (out / ".incoming-crashed" / "actors.parquet").write_bytes(b"half a file")
    assert store.state() is first
    assert store.state().good.query("actors/profile", actor_id="hamas").iloc[0]["name"] == "Hamas"
    # The manifest replaced: the next look loads the new version whole.
    atomic.write_files(out, {published.MANIFEST: (beside / published.MANIFEST).read_bytes()})
    state = store.state()
    assert state.good is not first.good and not state.stale
    assert state.good.version == new.version != first.good.version
    assert state.good.query("actors/profile", actor_id="hamas").iloc[0]["name"] == "Hamas (edited)"
    # A manifest naming a folder that is not there: refused, the last good data kept.
    shutil.rmtree(out / new.folder)
    touch_edit(out / published.MANIFEST, '"published_at"', '"published_at"')
    broken = store.state()
    assert broken.stale and broken.good is state.good
    assert broken.problems[0].problem == "file is missing"
    # publish itself: the crashed folder cleared, and only the last two versions kept.
    for n in (1, 2, 3):
        touch_edit(tiny_copy / "actors.csv", "hamas,Hamas (edited", f"hamas,Hamas (edited {n}")
        publish.publish(tiny_copy, out, "TLP:CLEAR")
        touch_edit(tiny_copy / "actors.csv", f"Hamas (edited {n})", "Hamas (edited)")
    versions = [p.name for p in out.iterdir() if p.is_dir()]
    assert len(versions) == publish.KEEP and json.loads((out / published.MANIFEST).read_text())["folder"] in versions
    assert store.state().good.query("actors/profile", actor_id="hamas").iloc[0]["name"] == "Hamas (edited 3)"
    assert not (out / ".incoming-crashed").exists()


def _normalised(text: str) -> str:
    """A page's text without what differs between two loads of the same data: when and how fast it loaded."""
    text = re.sub(r"loaded \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC in \d+\.\d\d s", "loaded", text)
    return re.sub(r"last checked \d\d:\d\d:\d\d UTC", "last checked", text)


def test_a_published_folder_serves_the_same_pages_as_its_csvs(tmp_path, monkeypatch):
    out = tmp_path / "out"
    publish.publish(MARKINGS, out, "TLP:GREEN")
    for page, query in VISITS:
        if page == "pages/7_Data.py":
            continue  # it shows the manifest instead of the CSV files: compared below
        pages = []
        for folder in (MARKINGS, out):
            at = open_page(page, folder, monkeypatch, marking="TLP:GREEN", **query)
            assert not at.exception, (page, at.exception)
            pages.append(_normalised(everything_shown(at)))
        assert pages[0] == pages[1], (page, query)
        assert "data version " + published.read_manifest(out).version in pages[1]
    data = [open_page("pages/7_Data.py", folder, monkeypatch, marking="TLP:GREEN") for folder in (MARKINGS, out)]
    assert [at.dataframe[0].value.to_csv() for at in data] == [data[0].dataframe[0].value.to_csv()] * 2  # row counts
    assert "Published data in" in everything_shown(data[1]) and "checked the manifest" in everything_shown(data[1])


def test_every_model_script_is_rebuilt_from_a_publication_or_replaced_by_it():
    """A script that reads raw CSV text cannot run over a published folder: what it builds is published
    (or counted in the manifest). Every other script must be in DERIVED, or a publication would lack it."""
    for name in queries.names("model"):
        assert ("raw_" in queries.sql(name)) != (name in published.DERIVED), name


def test_a_server_loading_while_publishes_run_never_mixes_two_versions(tiny_copy, tmp_path):
    out = tmp_path / "out"
    publish.publish(tiny_copy, out, "TLP:CLEAR")
    store = Store(Settings(out, "TLP:CLEAR"))
    names: dict[str, str] = {store.state().good.version: "Hamas"}  # version: the name that version has
    seen, done = [], threading.Event()

    def read():  # loads again and again (as the Data page's reload button does), to overlap the publishes
        while not done.is_set():
            state = store.reload()
            seen.append((state.good.version, state.good.query("actors/profile", actor_id="hamas").iloc[0]["name"],
                         state.problems))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        name = "Hamas"
        for n in range(1, 6):
            touch_edit(tiny_copy / "actors.csv", f"hamas,{name},", f"hamas,Hamas v{n},")
            name = f"Hamas v{n}"
            names[publish.publish(tiny_copy, out, "TLP:CLEAR").manifest.version] = name
            time.sleep(0.2)
    finally:
        done.set()
        reader.join()
    assert {version for version, _, _ in seen} - set(names) == set()
    assert all(names[version] == shown for version, shown, _ in seen)  # each snapshot is one version, whole
    assert all(problems == () for _, _, problems in seen)
    assert len({version for version, _, _ in seen}) >= 3  # the reader did load while the publishes ran
    assert store.state().good.version == list(names)[-1]
