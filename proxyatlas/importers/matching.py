"""Which of our actors a dataset's name stands for: the crosswalk, then our names, then suggestions.

Only the first two are ever applied. An exact crosswalk row (dataset, spelling) wins; else a
name equal to one actor's name, id or alias once normalised as search normalises
(``queries/imports/match.sql``). Fuzzy matches (rapidfuzz) are suggestions for the report, so
an analyst can add a crosswalk row; they never put an actor on an event.
"""

from __future__ import annotations

import re

import duckdb
from rapidfuzz import fuzz, process, utils

from .. import queries

_APOSTROPHES = re.compile(r"['’‘ʼʿʾ`´]")


def _fold(text: str) -> str:
    """rapidfuzz's default processing, with apostrophes dropped first (Kata'ib = Kataib)."""
    return utils.default_process(_APOSTROPHES.sub("", text))


class Matcher:
    def __init__(self, con: duckdb.DuckDBPyConnection, dataset: str):
        self._con, self._dataset = con, dataset
        labels = queries.run(con, "imports/labels")
        self._labels = list(zip(labels["actor_id"], labels["label"]))
        self._choices = [_fold(label) for _, label in self._labels]

    def resolve(self, names: set[str]) -> tuple[dict[str, str], dict[str, list[str]]]:
        """(name -> actor_id for the names that match, name -> candidates for ambiguous ones)."""
        found = queries.run(self._con, "imports/match", names=sorted(names), dataset=self._dataset)
        matched = {r.source_name: r.actor_id for r in found.itertuples() if isinstance(r.actor_id, str)}
        ambiguous = {r.source_name: list(r.candidates) for r in found.itertuples() if r.how == "ambiguous"}
        return matched, ambiguous

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """The closest actors by name or alias, best first, as 'actor_id (label, score)'."""
        # token_set_ratio: "Government of Israel" is close to "Israel"; WRatio scored unrelated
        # names sharing a word ("of") in the 80s.
        hits = process.extract(_fold(name), self._choices, scorer=fuzz.token_set_ratio, processor=None,
                               limit=limit * 3, score_cutoff=70)
        out, seen = [], set()
        for _, score, i in hits:
            actor_id, label = self._labels[i]
            if actor_id not in seen:
                seen.add(actor_id)
                out.append(f"{actor_id} ({label}, {score:.0f})")
            if len(out) == limit:
                break
        return out
