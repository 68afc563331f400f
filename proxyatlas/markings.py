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
