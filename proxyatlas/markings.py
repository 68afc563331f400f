"""Traffic Light Protocol markings and the deployment's ceiling."""

from __future__ import annotations

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
