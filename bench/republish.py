"""The analyst during a load test: numbered versions of the data, saved (and published) again and again.

Version K renames one actor ("<name> vKx") and one source's title ("<title> vKx": the letter after the
number ends it, wherever the bytes of a page put the text) in a private copy of
the analysts' CSV folder, so that a page shows which version it was drawn from. How the version
reaches the servers is the writer's:

- re-save (the default): the servers read the CSV folder itself. One save in three first writes half of
  one file (cut at a line boundary), pauses 50 ms, then writes it whole, as an editor might.
- `--republish CMD`: the CSVs are written whole, then CMD runs, with `{src}` the CSV folder and `{out}`
  the folder the servers read; e.g.
  `--republish "python -m proxyatlas publish {src} {out} --max-marking TLP:CLEAR"`. CMD runs once before
  the servers start (version 0) and after each save; a non-zero exit stops the run.
"""

from __future__ import annotations

import csv
import io
import random
import re
import shlex
import shutil
import subprocess
import threading
import time
from pathlib import Path

HALF_WRITE_PAUSE_S = 0.05
COPY_IGNORE = shutil.ignore_patterns("*.py", "__pycache__", "bench-dataset.json")


def save_as_an_editor_might(path: Path, text: str, half_first: bool = False) -> None:
    """Write `text` to `path`; with `half_first`, first its first half (cut at a line boundary), then,
    HALF_WRITE_PAUSE_S later, the whole: a save still under way when a server looks."""
    if half_first:
        lines = text.splitlines(keepends=True)
        path.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
        time.sleep(HALF_WRITE_PAUSE_S)
    path.write_text(text, encoding="utf-8")


def _read(path: Path) -> tuple[list[str], list[dict]]:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    return list(rows[0]), rows


def _write_rows(fields: list[str], rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


class Writer(threading.Thread):
    """Writes version 1, 2, ... every `every` seconds (±50% unless `steady`) once started."""

    def __init__(self, folder: Path, every: float, rng: random.Random, republish: str | None = None,
                 actor: str | None = None, source: str | None = None, steady: bool = False):
        super().__init__(name="writer", daemon=True)
        self.src = folder / "csv" if republish else folder / "data"
        self.out = folder / "published" if republish else self.src
        self.every, self.rng, self.republish, self.steady = every, rng, republish, steady
        self.stop = threading.Event()
        self.written = 0  # the last version the servers can read whole
        self.saves = self.half_saves = 0
        self.publish_seconds: list[float] = []
        self.error: BaseException | None = None
        self._actor, self._source = actor, source

    @classmethod
    def on_copy(cls, data: Path, folder: Path, every: float, rng: random.Random, republish: str | None = None,
                steady: bool = False) -> "Writer":
        """Copy `data` into `folder` and write version 0 there (and publish it): ready to serve `out`."""
        target = folder / ("csv" if republish else "data")
        shutil.copytree(data, target, ignore=COPY_IGNORE)
        writer = cls(folder, every, rng, republish, steady=steady)
        writer.save(0)
        return writer

    def _pick(self) -> None:
        if hasattr(self, "actor_row"):
            return
        self.actor_fields, self.actors = _read(self.src / "actors.csv")
        self.source_fields, self.sources = _read(self.src / "sources.csv")
        self.actor_row = next((i for i, r in enumerate(self.actors) if r["actor_id"] == (self._actor or "hamas")), 0)
        self.source_row = next((i for i, r in enumerate(self.sources)
                                if r["source_id"] == (self._source or "seed_article")), 0)
        self.actor_id = self.actors[self.actor_row]["actor_id"]
        self.source_id = self.sources[self.source_row]["source_id"]
        self.actor_name = self.actors[self.actor_row]["name"]
        self.source_title = self.sources[self.source_row]["title"]

    @property
    def marks(self) -> dict[str, re.Pattern]:
        """Byte patterns capturing the version of the actor's name and of the source's title on a page."""
        self._pick()
        return {"actor": re.compile(re.escape(self.actor_name.encode()) + rb" v(\d+)x"),
                "source": re.compile(re.escape(self.source_title.encode()) + rb" v(\d+)x")}

    @property
    def js_patterns(self) -> tuple[str, str]:
        """The same, as regular expressions for a page's text (JavaScript and Python alike)."""
        self._pick()

        def escape(text: str) -> str:
            return "".join("\\" + c if c in r".^$*+?()[]{}|\/" else c for c in text)
        return escape(self.actor_name) + r" v(\d+)x", escape(self.source_title) + r" v(\d+)x"

    def texts(self, k: int) -> dict[str, str]:
        self._pick()
        actors = [dict(r) for r in self.actors]
        actors[self.actor_row]["name"] = f"{self.actor_name} v{k}x"
        sources = [dict(r) for r in self.sources]
        sources[self.source_row]["title"] = f"{self.source_title} v{k}x"
        return {"actors.csv": _write_rows(self.actor_fields, actors),
                "sources.csv": _write_rows(self.source_fields, sources)}

    def save(self, k: int) -> None:
        half = None if self.republish or k == 0 else {0: "actors.csv", 3: "sources.csv"}.get(k % 6)
        for name, text in self.texts(k).items():
            save_as_an_editor_might(self.src / name, text, half_first=name == half)
            self.half_saves += name == half
        if self.republish:
            self.publish()
        self.saves += k > 0
        self.written = k

    def publish(self) -> None:
        """Run the publish command from the CSV folder to the served one; raise when it fails."""
        cmd = [part.format(src=self.src, out=self.out) for part in shlex.split(self.republish)]
        t0 = time.monotonic()
        done = subprocess.run(cmd, capture_output=True, text=True)
        self.publish_seconds.append(time.monotonic() - t0)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} exited {done.returncode}: {(done.stderr or done.stdout)[-500:]}")

    def run(self) -> None:
        try:
            k = self.written
            while not self.stop.wait(self.every if self.steady else self.rng.uniform(0.5 * self.every,
                                                                                    1.5 * self.every)):
                k += 1
                self.save(k)
        except BaseException as err:  # reported at the end
            self.error = err
