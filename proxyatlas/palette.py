"""One palette for every page and chart: actor kinds, relationship types, event types, stances.

Colours are chosen from the Tableau 10 / Okabe-Ito families so that neighbouring
categories stay distinguishable for colour-blind viewers; labels are what legends show.
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

EVENT_TYPES: dict[str, tuple[str, str]] = {
    "attack": ("#e15759", "Attack"),
    "assassination": ("#7b1f3a", "Assassination"),
    "military_strike": ("#4e79a7", "Military strike"),
    "maritime_attack": ("#17becf", "Maritime attack"),
    "hostage_taking": ("#f28e2b", "Hostage taking"),
    "statement": ("#b07aa1", "Statement"),
    "political": ("#59a14f", "Political"),
    "designation": ("#9c755f", "Designation"),
    "other": ("#bab0ac", "Other"),
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
