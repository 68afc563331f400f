"""One palette for every page and chart: actor kinds, relationship types, event types, stances.

Event types, the one category most charts colour by, are the Okabe-Ito palette (Okabe & Ito 2008, "Color
Universal Design"), with a light grey for "other": tests/test_palette.py checks that every two of them stay
apart under simulated protanopia, deuteranopia and tritanopia. Colour is never the only cue: event types
also have shapes (charts.marks.EVENT_SHAPES), tie types arrowheads (graph_draw.TIE_ARROWS), stances shapes,
and every legend and tooltip names them. Labels are what legends show.
"""

from __future__ import annotations

ACTOR_KINDS: dict[str, tuple[str, str]] = {
    # kind: (colour, label)
    "state": ("#1f3a93", "State"),
    "state_agency": ("#4e79a7", "State agency"),
    "armed_group": ("#e15759", "Armed group"),
    "political_movement": ("#f28e2b", "Political movement"),
    "person": ("#76b7b2", "Person"),
    "media": ("#b07aa1", "Media"),
    "research": ("#9c755f", "Research"),
    "government_body": ("#59a14f", "Government body"),
    "international_org": ("#bab0ac", "International organisation"),
}

RELATIONSHIP_TYPES: dict[str, tuple[str, str]] = {
    "sponsors": ("#d62728", "sponsors"),
    "funds": ("#ff7f0e", "funds"),
    "arms": ("#8c564b", "arms"),
    "trains": ("#bcbd22", "trains"),
    "directs": ("#9467bd", "directs"),
    "allied_with": ("#2ca02c", "allied with"),
    "rival_of": ("#7f7f7f", "rival of"),
    "splinter_of": ("#e377c2", "splinter of"),
    "member_of": ("#17becf", "member of"),
    "hosts": ("#1f77b4", "hosts"),
}

# Okabe & Ito's eight colours, in their order.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")
OTHER_GREY = "#CCCCCC"

EVENT_TYPES: dict[str, tuple[str, str]] = {
    "attack": ("#D55E00", "Attack"),  # vermillion
    "assassination": ("#CC79A7", "Assassination"),  # reddish purple
    "military_strike": ("#0072B2", "Military strike"),  # blue
    "maritime_attack": ("#56B4E9", "Maritime attack"),  # sky blue
    "hostage_taking": ("#E69F00", "Hostage taking"),  # orange
    "statement": ("#F0E442", "Statement"),  # yellow
    "political": ("#009E73", "Political"),  # bluish green
    "designation": ("#000000", "Designation"),  # black
    "other": (OTHER_GREY, "Other"),
}

STANCES: dict[str, tuple[str, str]] = {
    "asserts": ("#d62728", "asserts"),
    "denies": ("#1f77b4", "denies"),
    "retracts": ("#ff7f0e", "retracts"),
    "no_evidence": ("#7f7f7f", "sees no evidence"),
    "assesses": ("#9467bd", "assesses"),
}

CONFIDENCE_ORDER = ["low", "moderate", "high"]

# Network communities, largest first (Tableau 10); the smaller ones share OTHER_COMMUNITY. Colour is never
# the only cue: the legend and every tooltip name the community.
COMMUNITIES = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
               "#9c755f", "#bab0ac"]
OTHER_COMMUNITY = "#d3d3d3"


def community_colour(number: int | None) -> str:
    """Colour for the community numbered `number` (0 is the largest); grey beyond the palette or for none."""
    return COMMUNITIES[number] if number is not None and 0 <= number < len(COMMUNITIES) else OTHER_COMMUNITY


def colour(table: dict[str, tuple[str, str]], key: str) -> str:
    """Colour for a category, grey for anything the palette does not know."""
    return table.get(key, ("#999999", key))[0]


def label(table: dict[str, tuple[str, str]], key: str) -> str:
    return table.get(key, ("#999999", key))[1]


def altair_scale(table: dict[str, tuple[str, str]]) -> dict[str, list[str]]:
    """domain/range for an Altair colour scale, in the palette's order."""
    return {"domain": list(table), "range": [c for c, _ in table.values()]}
