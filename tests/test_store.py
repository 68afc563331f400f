"""The shared store: edits are picked up, bad edits keep the last good data, threads are safe."""

from __future__ import annotations

import os
import shutil
import time
import threading
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from proxyatlas import loader, schema
from proxyatlas import store as store_module
from proxyatlas.config import Settings
from proxyatlas.store import Snapshot, Store

from .conftest import TINY


def touch_edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    st = path.stat()  # make sure the fingerprint moves even within one mtime tick
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))


def name_of(store: Store, actor_id: str) -> str:
    frame = store.state().good.query("actors/profile", actor_id=actor_id)
    return frame.iloc[0]["name"]


def test_edit_is_picked_up_without_restart(tiny_copy: Path):
    store = Store(Settings(tiny_copy, "TLP:CLEAR"))
    first = store.state()
    assert name_of(store, "hamas") == "Hamas"
    assert store.state() is first  # nothing changed: same state, no reload
    touch_edit(tiny_copy / "actors.csv", "hamas,Hamas,", "hamas,Hamas (edited),")
    assert name_of(store, "hamas") == "Hamas (edited)"
    assert store.state().good is not first.good


def test_bad_edit_keeps_last_good_data_and_reports(tiny_copy: Path):
    store = Store(Settings(tiny_copy, "TLP:CLEAR"))
    good = store.state().good
    touch_edit(tiny_copy / "relationships.csv", ",moderate,", ",sure,")
    state = store.state()
    assert state.stale
    assert state.good is good
    assert name_of(store, "hamas") == "Hamas"
    assert {(p.file, p.line, p.column) for p in state.problems} == {
        ("relationships.csv", 4, "confidence"), ("relationships.csv", 5, "confidence")}
    touch_edit(tiny_copy / "relationships.csv", ",sure,", ",moderate,")
    assert not store.state().stale


def test_no_good_data_at_all_reports_without_raising(tiny_copy: Path):
    (tiny_copy / "events.csv").write_bytes(b"event_id,date\n\xff\xfe\n")
    state = Store(Settings(tiny_copy, "TLP:CLEAR")).state()
    assert state.good is None
    assert any(p.file == "events.csv" for p in state.problems)


def test_many_threads_read_while_data_changes(tiny_copy: Path):
    store = Store(Settings(tiny_copy, "TLP:CLEAR"))
    errors: list[BaseException] = []
    seen: set[str] = set()
    lock = threading.Lock()

    def reader():
        try:
            for _ in range(30):
                snap = store.state().good
                name = snap.query("actors/profile", actor_id="hamas").iloc[0]["name"]
                snap.query("network/edges", date_from=__import__("datetime").date(1900, 1, 1),
                           date_to=__import__("datetime").date(2100, 1, 1), sponsor=None,
                           countries=[], kinds=[], min_conf=0, as_of=None)
                with lock:
                    seen.add(name)
        except BaseException as err:  # noqa: BLE001 - surfaced below
            errors.append(err)

    threads = [threading.Thread(target=reader) for _ in range(12)]
    for t in threads:
        t.start()
    for i in range(5):
        touch_edit(tiny_copy / "actors.csv", "hamas,Hamas" + ("" if i == 0 else f" v{i}"), f"hamas,Hamas v{i + 1}")
    for t in threads:
        t.join()
    assert errors == []
    assert seen <= {"Hamas", *(f"Hamas v{i}" for i in range(1, 6))}
    assert name_of(store, "hamas") == "Hamas v5"


def test_settings_from_environment(tmp_path: Path):
    s = Settings.from_env({"PROXYATLAS_DATA": str(tmp_path), "PROXYATLAS_MAX_MARKING": "tlp:amber"})
    assert s.data_dir == tmp_path.resolve() and s.max_marking == "TLP:AMBER"
    assert Settings.from_env({}).max_marking == "TLP:CLEAR"
    try:
        Settings.from_env({"PROXYATLAS_MAX_MARKING": "SECRET"})
    except ValueError as err:
        assert "SECRET" in str(err)
    else:
        raise AssertionError("an unknown marking must be refused")


# Sources nothing cites, after the tiny data's own: the first half of sources.csv (cut at a
# row boundary) is then valid data on its own, just shorter, so only the settle window keeps
# a half-written save from being served.
EXTRA_SOURCES = "".join(f"extra_{i:02d},[Extra report {i}],Test,2024-01-01,,news,C,,\n" for i in range(12))


def tiny_text(name: str) -> str:
    text = (TINY / name).read_text(encoding="utf-8")
    return text + EXTRA_SOURCES if name == "sources.csv" else text


def write_version(folder: Path, k: int, half_first: bool = False) -> None:
    """Save every file as version k: Hamas's name and the seed article's title carry k."""
    for name, old, new in (("actors.csv", "hamas,Hamas", f"hamas,Hamas v{k}"),
                           ("sources.csv", "seed_article,[Seed article", f"seed_article,[Seed article v{k}")):
        text = tiny_text(name).replace(old, new)
        path = folder / name
        if half_first:  # a save that writes half a file (cut at a row boundary) first
            lines = text.splitlines(keepends=True)
            path.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
            time.sleep(0.15)  # a pause within the 0.3 s settle window
        path.write_text(text, encoding="utf-8")
        time.sleep(0.02)


def test_readers_see_one_version_never_a_mix_nor_half_a_file(tiny_copy: Path):
    store = Store(Settings(tiny_copy, "TLP:CLEAR"))
    write_version(tiny_copy, 0)
    time.sleep(0.4)
    store.state()
    stop = threading.Event()
    seen: list[tuple[str, str, int]] = []
    errors: list[BaseException] = []

    def reader():
        try:
            while not stop.is_set():
                snap = store.state().good
                actor = snap.query("actors/profile", actor_id="hamas").iloc[0]["name"]
                source = snap.query("sources/list")
                title = source[source["source_id"] == "seed_article"].iloc[0]["title"]
                seen.append((actor.split(" v")[1], title.split(" v")[1].split(":")[0], len(source)))
        except BaseException as err:  # noqa: BLE001 - surfaced below
            errors.append(err)

    threads = [threading.Thread(target=reader) for _ in range(6)]
    for t in threads:
        t.start()
    for k in range(1, 4):
        write_version(tiny_copy, k, half_first=True)
        time.sleep(0.5)
    deadline = time.monotonic() + 15  # the last save is served once it has settled and loaded
    while name_of(store, "hamas") != "Hamas v3" and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)
    stop.set()
    for t in threads:
        t.join()
    assert errors == []
    full = len(tiny_text("sources.csv").splitlines()) - 1 - 1  # one is TLP:AMBER
    assert all(actor_v == source_v for actor_v, source_v, _ in seen), "a snapshot mixed two saves"
    assert all(n == full for _, _, n in seen), "a half-written file was served as good data"
    assert {v for v, _, _ in seen} >= {"0", "3"}


def test_half_of_the_sources_file_is_valid_on_its_own(tmp_path: Path):
    """What makes the half-a-file tests above and below mean something."""
    shutil.copytree(TINY, tmp_path / "data")
    lines = tiny_text("sources.csv").splitlines(keepends=True)
    (tmp_path / "data" / "sources.csv").write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
    result = loader.load(tmp_path / "data")
    assert result.problems == []
    assert result.con.execute("SELECT count(*) FROM sources").fetchone()[0] == len(lines) // 2 - 2


def test_a_save_still_being_written_is_not_served(tiny_copy: Path):
    """A save that pauses half way (an editor writing in blocks): the store waits it out."""
    path = tiny_copy / "sources.csv"
    path.write_text(tiny_text("sources.csv"), encoding="utf-8")
    time.sleep(0.35)  # settled: older than the 0.3 s window
    store = Store(Settings(tiny_copy, "TLP:CLEAR"))
    full = len(store.state().good.query("sources/list"))
    assert full == len(tiny_text("sources.csv").splitlines()) - 2  # the header, one TLP:AMBER row
    text = tiny_text("sources.csv").replace("[Seed article", "[Seed article v1")
    lines = text.splitlines(keepends=True)
    half_written = threading.Event()

    def save():
        with open(path, "w", encoding="utf-8") as fh:
            fh.write("".join(lines[: len(lines) // 2]))
            fh.flush()
            half_written.set()
            time.sleep(0.15)  # a pause within the 0.3 s window
            fh.write("".join(lines[len(lines) // 2:]))

    writer = threading.Thread(target=save)
    writer.start()
    half_written.wait()
    state = store.state()
    writer.join()
    sources = state.good.query("sources/list")
    assert len(sources) == full, "the half-written file was served"
    assert "[Seed article v1" in " ".join(sources["title"])


def test_reload_returns_the_state_it_loaded(tiny_copy: Path):
    store = Store(Settings(tiny_copy, "TLP:CLEAR"))
    first = store.state()
    touch_edit(tiny_copy / "actors.csv", "hamas,Hamas,", "hamas,Hamas (reloaded),")
    reloaded = store.reload()
    assert reloaded is not first and reloaded.good is not first.good
    assert reloaded.good.query("actors/profile", actor_id="hamas").iloc[0]["name"] == "Hamas (reloaded)"
    assert store.state() is reloaded


def test_snapshot_rereads_while_a_writer_is_saving(tiny_copy: Path):
    """A real writer saves actors.csv over and over in two writes; every snapshot's bytes
    must be the ones its fingerprint describes (never a file caught between two writes)."""
    path = tiny_copy / "actors.csv"
    text = path.read_text(encoding="utf-8").encode("utf-8")
    stop = threading.Event()

    def writer():
        while not stop.is_set():
            with open(path, "wb") as fh:
                fh.write(text[: len(text) // 2])
                fh.flush()
                time.sleep(0.001)
                fh.write(text[len(text) // 2:])
            time.sleep(0.001)

    thread = threading.Thread(target=writer)
    thread.start()
    package = schema.load()
    torn = 0
    try:
        for _ in range(150):
            fp, blobs = loader._snapshot(tiny_copy, package)
            sizes = {file: size for file, size, _ in fp}
            # a file the folder leaves out (the optional crosswalk, imports) is None, size -1
            torn += any((-1 if blobs[file] is None else len(blobs[file])) != sizes[file] for file in blobs)
    finally:
        stop.set()
        thread.join()
    assert torn == 0


def test_memo_evicts_the_least_recently_used_beyond_its_cap(tiny, monkeypatch):
    monkeypatch.setattr(store_module, "MEMO_BYTES", 1000)
    snap = Snapshot(tiny, (), datetime.now(timezone.utc), 0.0, "TLP:CLEAR")
    computed: list[str] = []

    def value(key: str, size: int = 400):
        def compute():
            computed.append(key)
            return key * size
        return snap.memo((key,), compute)

    value("a"), value("b")
    value("a")  # a hit: a is now the most recently used
    assert computed == ["a", "b"]
    value("c")  # 1200 bytes: the least recently used (b) goes
    assert snap._bytes <= 1000
    value("a"), value("c")
    assert computed == ["a", "b", "c"]
    value("b")
    assert computed == ["a", "b", "c", "b"]
    value("huge", 5000)  # larger than the cap on its own: kept, everything else goes
    assert list(snap._cache) == [("huge",)]
    value("huge", 5000)
    assert computed[-1] == "huge" and computed.count("huge") == 1


def test_a_kept_memo_is_never_evicted_and_computed_once(tiny, monkeypatch):
    """What a page derives once per data version (the whole network) stays, whatever the views cost."""
    monkeypatch.setattr(store_module, "MEMO_BYTES", 1000)
    snap = Snapshot(tiny, (), datetime.now(timezone.utc), 0.0, "TLP:CLEAR")
    computed: list[str] = []

    def whole():
        computed.append("whole")
        return "w" * 900

    assert snap.memo(("whole",), whole, keep=True) == "w" * 900
    for key in "abcde":
        snap.memo((key,), lambda key=key: key * 800)  # each alone nearly the cap: the others go
    assert snap.memo(("whole",), whole, keep=True) == "w" * 900
    assert computed == ["whole"] and snap._bytes <= 1000


def test_a_memoised_chart_spec_counts_the_tables_inside_it():
    # A spec holds its tables as DataFrames; as JSON they were their repr, a few hundred characters.
    table = pd.DataFrame({"date": ["2023-10-07"] * 2000, "title": ["x" * 40] * 2000})
    spec = {"mark": "point", "datasets": {"events": table, "claims": table.head(500)}}
    assert store_module._size(spec) >= store_module._size(table) + store_module._size(table.head(500))
    assert store_module._size(table) >= 2000 * 2 * 40


def test_queries_side_by_side_give_what_each_query_gives_and_are_memoised(tiny):
    snap = Snapshot(tiny, (), datetime.now(timezone.utc), 0.0, "TLP:CLEAR")
    params = {"date_from": "1979-01-01", "date_to": "2030-12-31", "countries": [], "kinds": [], "min_conf": 0,
              "sponsor": "irgc"}
    calls = [("timeline/latest_events", {**params, "limit": 50, "placed": False}), ("timeline/totals", params),
             ("briefing/headline", params), ("attribution/ranking", params)]
    together = snap.queries(*calls)
    for (name, given), frame in zip(calls, together):
        assert snap.query(name, **given) is frame  # memoised: the page's later query is a hit
        fresh = Snapshot(tiny, (), datetime.now(timezone.utc), 0.0, "TLP:CLEAR")
        pd.testing.assert_frame_equal(frame, fresh.query(name, **given))
    assert len(together[0]) > 0 and int(together[1].iloc[0]["events"]) > 0
