"""The sidebar's filters: one value object, to and from the URL, and as query parameters.

Every page honours the same filters. They live in the URL so that a briefer can send a
link that opens exactly this view: ``?from=2023-10-01&to=2024-03-31&sponsor=iran&country=YEM``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Mapping, Sequence

from . import palette

CONFIDENCE = ("low", "moderate", "high")
# The sidebar's date pickers accept nothing outside these; a date from the URL is held inside them.
EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 1, 1)


@dataclass(frozen=True)
class Filters:
    date_from: date
    date_to: date
    sponsor: str | None = None
    countries: tuple[str, ...] = field(default=())
    kinds: tuple[str, ...] = field(default=())
    min_confidence: str = "low"

    def params(self) -> dict:
        """Bound parameters for the scoped_* table macros."""
        return {
            "date_from": self.date_from,
            "date_to": self.date_to,
            "sponsor": self.sponsor,
            "countries": list(self.countries),
            "kinds": list(self.kinds),
            "min_conf": CONFIDENCE.index(self.min_confidence),
        }

    def to_query(self, default: "Filters") -> dict[str, str | list[str]]:
        """URL query parameters for what differs from the default view."""
        out: dict[str, str | list[str]] = {}
        if self.date_from != default.date_from:
            out["from"] = self.date_from.isoformat()
        if self.date_to != default.date_to:
            out["to"] = self.date_to.isoformat()
        if self.sponsor:
            out["sponsor"] = self.sponsor
        if self.countries:
            out["country"] = list(self.countries)
        if self.kinds:
            out["kind"] = list(self.kinds)
        if self.min_confidence != "low":
            out["conf"] = self.min_confidence
        return out

    @classmethod
    def from_query(cls, query: Mapping[str, Sequence[str]], default: "Filters",
                   known_actors: set[str] | None = None) -> "Filters":
        """Parse URL parameters; anything unknown or malformed falls back to the default."""

        def first(key: str) -> str | None:
            values = query.get(key) or []
            return values[0] if values else None

        def day(key: str, fallback: date) -> date:
            try:
                return date.fromisoformat(first(key) or "")
            except ValueError:
                return fallback

        def held(d: date) -> date:
            return min(max(d, EARLIEST), LATEST)

        lo, hi = sorted((held(day("from", default.date_from)), held(day("to", default.date_to))))
        sponsor = first("sponsor")
        if sponsor and known_actors is not None and sponsor not in known_actors:
            sponsor = None
        conf = first("conf")
        return replace(
            default,
            date_from=lo,
            date_to=hi,
            sponsor=sponsor or None,
            countries=tuple(sorted({c.upper() for c in query.get("country", []) if c})),
            kinds=tuple(sorted({k for k in query.get("kind", []) if k})),
            min_confidence=conf if conf in CONFIDENCE else "low",
        )


def described(f: Filters, sponsor_name: str | None) -> list[list[str]]:
    """The filters in words, one [label, value] per filter: the briefing pack's table of the view,
    and the presenter view's line at the top of the screen. `sponsor_name` is the chosen sponsor's name."""
    kinds = ", ".join(palette.label(palette.ACTOR_KINDS, k) for k in f.kinds)
    return [
        ["Window", f"{f.date_from.isoformat()} to {f.date_to.isoformat()}"],
        ["Sponsor network", (sponsor_name or f.sponsor) if f.sponsor else "All actors"],
        ["Countries", ", ".join(f.countries) or "All"],
        ["Actor kinds", kinds or "All"],
        ["Minimum confidence of ties", f.min_confidence],
    ]
