"""The shared store: edits are picked up, bad edits keep the last good data, threads are safe."""

from __future__ import annotations

import os
import time
import threading
from pathlib import Path

from proxyatlas.config import Settings
from proxyatlas.store import Store

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


def write_version(folder: Path, k: int, half_first: bool = False) -> None:
    """Save every file as version k: Hamas's name and the seed article's title carry k."""
    for name, old, new in (("actors.csv", "hamas,Hamas", f"hamas,Hamas v{k}"),
                           ("sources.csv", "seed_article,[Seed article", f"seed_article,[Seed article v{k}")):
        text = (TINY / name).read_text(encoding="utf-8").replace(old, new)
        path = folder / name
        if half_first:  # a save that writes half a file (cut at a row boundary) first
            lines = text.splitlines(keepends=True)
            path.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
            time.sleep(0.05)
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
    full = len((TINY / "sources.csv").read_text(encoding="utf-8").splitlines()) - 1 - 1  # one is TLP:AMBER
    assert all(actor_v == source_v for actor_v, source_v, _ in seen), "a snapshot mixed two saves"
    assert all(n == full for _, _, n in seen), "a half-written file was served as good data"
    assert {v for v, _, _ in seen} >= {"0", "3"}
