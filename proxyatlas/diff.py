"""What changed between a saved baseline and the data now: the queries in ``queries/changes/``.

Sorted as a briefer would lead: attribution statuses that moved, then new statements, then ties
that ended, began or changed confidence, then every row added, removed or changed per table.
Both versions are cut at the lower of the two ceilings (a baseline above this deployment's is
refused by ``baseline.load``), so a row above the ceiling is neither listed nor counted.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import queries, schema
from .baseline import Baseline
from .markings import level
from .pack.content import clean
from .store import Snapshot

ROW_TABLES = ("events", "claims", "relationships", "actors", "sources")  # the order a briefer reads them in
SHOWN_MAX = 200  # rows per section of a pack; the page's tables and downloads hold them all


@dataclass(frozen=True)
class Changes:
    baseline: Baseline
    statuses: pd.DataFrame  # event_id, title, date, old, new, contest_score, marking
    claims: pd.DataFrame  # claim_id, date, event, claimant, stance, involvement, subject, sources, marking
    ties: pd.DataFrame  # rel_id, change, tie, date, old_confidence, confidence, marking
    rows: pd.DataFrame  # table, change, id, what, field, old, new, marking

    @property
    def empty(self) -> bool:
        return all(f.empty for f in (self.statuses, self.claims, self.ties, self.rows))

    def counts(self) -> pd.DataFrame:
        """Rows added, removed and changed per table (a changed row counted once)."""
        per = self.rows.groupby(["table", "change"])["id"].nunique().unstack(fill_value=0)
        per = per.reindex(index=list(ROW_TABLES), columns=["added", "removed", "changed"], fill_value=0)
        return per.reset_index().rename(columns={"index": "table"})

    def markings(self) -> list[str]:
        return [m for f in (self.statuses, self.claims, self.ties, self.rows) for m in f["marking"].dropna()]

    def section(self) -> dict:
        """The pack's "what changed" section: the same comparison as the What changed page."""
        b = self.baseline
        counts = self.counts()
        sections = [{"heading": "Rows added, removed and changed per table",
                     "columns": ["table", "added", "removed", "changed"],
                     "rows": [[str(v) for v in r] for r in counts.itertuples(index=False)]}]
        for heading, frame, columns in (
            ("Attribution statuses that moved", self.statuses, ["date", "title", "old", "new"]),
            ("New statements", self.claims, ["date", "event", "claimant", "stance", "involvement", "subject"]),
            ("Ties that ended, began or changed confidence", self.ties,
             ["change", "tie", "date", "old_confidence", "confidence"]),
            ("Changed fields, old → new", self.rows[self.rows["change"] == "changed"],
             ["table", "what", "field", "old", "new"]),
            ("Rows added or removed", self.rows[self.rows["change"] != "changed"], ["table", "change", "what"]),
        ):
            if not frame.empty:
                sections.append({"heading": heading, "columns": columns, "rows": _text_rows(frame, columns)})
        intro = (f"Compared with baseline {b.name!r}, saved {b.saved_at} under {b.max_marking}. "
                 + ("Nothing changed." if self.empty else ""))
        return {"title": "What changed since the last briefing", "intro": intro, "sections": sections}


def _text_rows(frame: pd.DataFrame, columns: list[str]) -> list[list[str]]:
    """Cells as a pack prints them (one cleaning rule for everything in a pack)."""
    return [[clean(v) for v in row] for row in frame[columns].head(SHOWN_MAX).itertuples(index=False)]


def compare(snap: Snapshot, base: Baseline, package: schema.Package | None = None) -> Changes:
    """The data of `snap` against `base`, both cut at the lower of their ceilings."""
    package = package or schema.load()
    max_level = min(level(snap.max_marking), level(base.max_marking))
    resources = {r.name: r for r in package.resources}
    run = lambda name, **p: queries.run(snap.con, name, max_level=max_level, **p)  # noqa: E731
    rows = pd.concat([run("changes/rows", table=t, path=base.table(t), key=resources[t].primary_key[0],
                          fields=list(resources[t].field_names)) for t in ROW_TABLES], ignore_index=True)
    return Changes(
        base,
        statuses=run("changes/statuses", path=base.table("attribution"), events=base.table("events")),
        claims=run("changes/claims", path=base.table("claims")),
        ties=run("changes/ties", path=base.table("relationships")),
        rows=rows,
    )
