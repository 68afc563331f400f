"""A dataset row, mapped: what every importer hands over, and the contract rows built from it.

The importers say what a row is (dates, place, fatalities, text) and which names it gives and in
which role; this module turns that into an ``events.csv`` row and, for claims of
responsibility, ``claims.csv`` rows, once the names are matched. The rules, for all datasets:

- An event comes in when at least one of its names matches an actor; else it is skipped.
- A matched perpetrator goes into ``perpetrator_ids`` unless the attribution is in doubt (the
  dataset marks it suspected, or competing claims): then the claims, or the description, carry it.
- A name that matches nothing is not made an actor: the description keeps it as text and the
  report lists it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PERPETRATOR, TARGET = "perpetrator", "target"


@dataclass
class Name:
    text: str
    role: str  # PERPETRATOR or TARGET
    suspected: bool = False  # the dataset codes the attribution as suspected, not established
    claim: str | None = None  # the claim of responsibility the dataset codes for this name, if any


@dataclass
class Parsed:
    line: int
    native_id: str
    event_id: str
    event: dict[str, str]  # contract columns except perpetrator_ids, target_ids, source_ids
    names: list[Name] = field(default_factory=list)
    competing: bool = False  # the dataset marks competing claims of responsibility
    dataset_label: str = ""


def slug(text: str) -> str:
    """An id fragment from a dataset's own id: lower case, runs of anything else as '_'."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def build(p: Parsed, matched: dict[str, str], source_id: str) -> tuple[dict[str, str] | None, list[dict[str, str]]]:
    """The event row and its claim rows, or (None, []) when no name matched."""
    hits = [(n, matched[n.text]) for n in p.names if n.text in matched]
    if not hits:
        return None, []
    perpetrators = _unique(a for n, a in hits if n.role == PERPETRATOR and not n.suspected and not p.competing)
    targets = _unique(a for n, a in hits if n.role == TARGET and a not in perpetrators)
    notes = []
    unmatched = _unique(n.text for n in p.names if n.text not in matched)
    if unmatched:
        notes.append("Not in our actor list, kept as the dataset names them: " + "; ".join(unmatched) + ".")
    suspected = _unique(n.text for n, _ in hits if n.suspected)
    if suspected:
        notes.append(f"{p.dataset_label} codes the attribution to {'; '.join(suspected)} as suspected.")
    if p.competing:
        notes.append(f"{p.dataset_label} codes competing claims of responsibility; they are claims rows, "
                     "not perpetrators.")
    event = dict(p.event)
    event["description"] = " ".join(x for x in [event.get("description", ""), *notes] if x)
    event["perpetrator_ids"] = ";".join(perpetrators)
    event["target_ids"] = ";".join(targets)
    event["source_ids"] = source_id
    event["event_id"] = p.event_id
    claims, claimants = [], set()
    for i, (n, actor) in enumerate(hits, start=1):
        if n.claim is not None and actor not in claimants:  # two spellings of one actor: one statement
            claimants.add(actor)
            claims.append({
                "claim_id": f"{p.event_id}_claim_{i}",
                "event_id": p.event_id, "claimant_id": actor, "subject_id": actor,
                "stance": "asserts", "involvement": "responsibility", "date": event["date"],
                "quote": "", "note": n.claim, "source_ids": source_id, "credibility": "", "marking": "",
            })
    return event, claims


def _unique(items) -> list[str]:
    return list(dict.fromkeys(items))
