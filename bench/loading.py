"""Loading: from CSV files to a ready database (`loader.load`), and the reload after an edit
(`Store.state()` once a file changed on disk), as the next rerun of any session meets it."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from pathlib import Path

from proxyatlas import loader
from proxyatlas.config import Settings
from proxyatlas.store import Store

from .timing import Sample, timed


def load(data: Path, reps: int) -> Sample:
    """Milliseconds for loader.load (snapshot, read, validate, build the model)."""
    runs = []
    for _ in range(reps):
        result = None

        def run():
            nonlocal result
            result = loader.load(data)

        runs.append(timed(run))
        if result.problems:
            raise RuntimeError(f"{data} does not validate: {result.problems[:3]}")
        result.con.close()
    return Sample(tuple(runs))


def _edit_first_title(path: Path, original: bytes, n: int) -> None:
    """Write `original` with the first record's title changed (" (edit n)" added): a real edit, new bytes."""
    header, first, rest = original.split(b"\n", 2)
    names = next(csv.reader([header.decode("utf-8-sig")]))
    cells = next(csv.reader([first.decode("utf-8")]))
    cells[names.index("title")] += f" (edit {n})"
    line = io.StringIO()
    csv.writer(line, lineterminator="").writerow(cells)
    path.write_bytes(b"\n".join([header, line.getvalue().encode("utf-8"), rest]))


def reload_after_edit(data: Path, reps: int, file: str = "events.csv") -> Sample:
    """Milliseconds from saving an edit of one cell of `file` to Store.state() returning the new snapshot.

    Runs on a temporary copy of `data`, so the dataset itself is never changed.
    """
    with tempfile.TemporaryDirectory(prefix="bench-reload-") as tmp:
        copy = Path(shutil.copytree(data, Path(tmp) / "data"))
        path = copy / file
        original = path.read_bytes()
        store = Store(Settings(copy, "TLP:CLEAR"))
        before = store.state().good
        runs = []
        for n in range(1, reps + 1):
            _edit_first_title(path, original, n)
            state = None

            def run():
                nonlocal state
                state = store.state()

            runs.append(timed(run))
            if state.good is before or state.stale:
                raise RuntimeError(f"the edit of {file} did not give a new good snapshot: {state.problems[:3]}")
            before = state.good
    return Sample(tuple(runs))
