"""Traffic Light Protocol markings and the deployment's ceiling."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .store import Snapshot

LEVELS = ("TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:RED")
DEFAULT_CEILING = "TLP:CLEAR"  # safe for a public deployment


class BadMarking(ValueError):
    pass


def level(marking: str | None) -> int:
    """0 for TLP:CLEAR (or empty) up to 3 for TLP:RED."""
    marking = (marking or DEFAULT_CEILING).strip().upper()
    if marking == "TLP:WHITE":  # TLP 1.0's name for CLEAR
        marking = "TLP:CLEAR"
    if marking not in LEVELS:
        raise BadMarking(f"unknown marking {marking!r}: expected one of {', '.join(LEVELS)}")
    return LEVELS.index(marking)


# TLP 2.0's label colours (FIRST, "Traffic Light Protocol (TLP) version 2.0"): text in this
# colour on a black background.
COLOURS = {"TLP:CLEAR": "#FFFFFF", "TLP:GREEN": "#33FF00", "TLP:AMBER": "#FFC000", "TLP:RED": "#FF2B2B"}


def highest(markings, ceiling: str | None = None) -> str:
    """The highest of some rows' markings (TLP:CLEAR for none), never above `ceiling` when given:
    the label of a document or a file that holds those rows."""
    top = max((level(m) for m in markings), default=0)
    if ceiling is not None:
        top = min(top, level(ceiling))
    return LEVELS[top]


def loaded_level(snap: Snapshot) -> int:
    """The highest marking level of any row loaded (queries/meta/marking_all.sql): the label of a page
    that shows the whole data."""
    return int(snap.query("meta/marking_all").iloc[0]["marking_level"])


def view_level(snap: Snapshot, params: dict) -> int:
    """The highest marking level of any row a view holds, with the view's filters `params` bound
    (queries/pack/marking.sql: what a briefing pack of the view holds). A view holds some of the rows
    loaded: when none of them is marked (as under a TLP:CLEAR ceiling, which leaves the marked rows
    out), no view is, and its query need not run (~20 ms of a Briefing rerun at 100k events)."""
    if loaded_level(snap) == 0:
        return 0
    return int(snap.query("pack/marking", **params).iloc[0]["marking_level"])
