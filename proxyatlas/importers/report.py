"""The unmatched-names report: every name of the export that matched no actor of ours.

One row per name: how many rows give it, their first and last dates, an example of the
dataset's own id, and the closest actors by name or alias (fuzzy suggestions, never applied).
An analyst reads it to add crosswalk rows. Cells are made inert for spreadsheets
(``proxyatlas.export``): the names are the dataset's text, not ours.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..export import to_csv
from .matching import Matcher
from .records import Parsed

COLUMNS = ["dataset", "release", "source_name", "rows", "first_date", "last_date", "example_id", "suggestions"]


@dataclass
class Unmatched:
    name: str
    rows: int
    first: str
    last: str
    example: str
    suggestions: str = ""


def unmatched(parsed: list[Parsed], matched: dict[str, str], ambiguous: dict[str, list[str]],
              matcher: Matcher) -> list[Unmatched]:
    """The names that matched nothing, most frequent first."""
    seen: dict[str, Unmatched] = {}
    for p in parsed:
        for text in dict.fromkeys(n.text for n in p.names if n.text not in matched):
            date = p.event["date"]
            u = seen.get(text)
            if u is None:
                seen[text] = Unmatched(text, 1, date, date, p.native_id)
            else:
                u.rows += 1
                u.first, u.last = min(u.first, date), max(u.last, date)
    for u in seen.values():
        hints = [f"ambiguous: {', '.join(ambiguous[u.name])}"] if u.name in ambiguous else []
        u.suggestions = "; ".join(hints + matcher.suggest(u.name))
    return sorted(seen.values(), key=lambda u: (-u.rows, u.name))


def frame(dataset: str, release: str, names: list[Unmatched]) -> pd.DataFrame:
    return pd.DataFrame([[dataset, release, u.name, u.rows, u.first, u.last, u.example, u.suggestions]
                         for u in names], columns=COLUMNS)


def write(path: Path, dataset: str, release: str, names: list[Unmatched]) -> None:
    """The report as CSV (UTF-8 with a BOM for Excel, formula-like cells inert)."""
    path.write_bytes(to_csv(frame(dataset, release, names)))
