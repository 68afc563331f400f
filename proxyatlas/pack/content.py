"""What a briefing pack says, gathered from the named queries for one view of the data.

The result is plain data (strings, numbers, lists): the PDF template reads it as JSON and the
HTML pack escapes every string of it, so text from the CSVs is only ever data in both formats.
Strings are cleaned here once: control characters and bidi overrides dropped, length capped.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pandas as pd

from .. import charts, graph_svg
from ..filters import Filters, described
from ..markings import COLOURS, LEVELS, highest, view_level
from ..store import Snapshot
from ..text import plain

TOP_DISPUTES = 10
KEY_CHANGES = 25
# On paper a timeline of thousands of marks or a network of thousands of actors is ink, not information
# (and slow to typeset): the pack draws the latest PRINT_EVENTS events and claims, and the PRINT_ACTORS
# best-connected actors, and says so under the figure.
PRINT_EVENTS = 500
PRINT_ACTORS = 150
TEXT_MAX = 300
QUOTE_MAX = 600
STANCE_WORDS = {"asserts": "asserts", "denies": "denies", "retracts": "retracts",
                "no_evidence": "sees no evidence of", "assesses": "assesses"}
SUBJECT = "State-sponsored proxy networks: Iran's network of state agencies and armed groups"
CAVEATS = [
    "Every fact cites its sources. Claims are attributed to who made them, never the tool's own judgment: "
    "an attribution status (competing claims, claimed and denied, retracted, claimed and uncontested, "
    "assessed but unclaimed) follows mechanically from who said what.",
    "Confidence of a tie: high = officially documented or admitted by both sides; moderate = consistent "
    "reporting by reliable outlets or researchers, not officially documented; low = a single or partisan "
    "source, or an analytical inference.",
    "Source reliability (Admiralty A-F): A official primary record; B established news organisations and "
    "research institutions; C state-owned, partisan or advocacy-oriented outlets; D media of a party to the "
    "conflict; E a record of fabrication; F cannot be judged. A statement weighs as the most reliable of "
    "the sources reporting it.",
    "Claim credibility (1-6): 1 confirmed, 2 probably true, 3 possibly true, 4 doubtful, 5 improbable, "
    "6 cannot be judged; empty where the claim is contested and there is no independent basis to judge it.",
    "Coverage: a curated research sample compiled from public reporting, not exhaustive and not an "
    "intelligence product. Absence of a row is not evidence that something did not happen. Verify every "
    "fact you rely on against the cited source.",
]


def clean(value: object, limit: int = TEXT_MAX) -> str:
    """Untrusted text as plain data: '' for missing, control and bidi characters dropped, capped."""
    if value is None or (not isinstance(value, (str, list, tuple)) and pd.isna(value)):
        return ""
    return plain(str(value), limit)


def _day(value) -> str:
    return "" if value is None or pd.isna(value) else f"{pd.Timestamp(value):%d %B %Y}".lstrip("0")


def _print_only(spec: dict) -> dict:
    """The chart's spec without the notes that only make sense on screen (drag to zoom)."""
    if isinstance(spec, dict):
        return {k: ([s for s in v if "Drag" not in str(s)] if k == "subtitle" and isinstance(v, list)
                    else _print_only(v)) for k, v in spec.items()}
    if isinstance(spec, list):
        return [_print_only(v) for v in spec]
    return spec


def _filters(snap: Snapshot, f: Filters) -> list[list[str]]:
    sponsors = snap.query("meta/sponsors")
    names = dict(zip(sponsors["actor_id"], sponsors["name"]))
    return described(f, clean(names.get(f.sponsor, f.sponsor)) if f.sponsor else None)


def _headline(snap: Snapshot, params: dict) -> list[list[str]]:
    h = snap.query("briefing/headline", **params).iloc[0]
    fatal = "—" if h.events_with_fatalities == 0 else f"{int(h.fatalities):,}"
    return [["Armed groups", f"{int(h.armed_groups):,}"], ["Sponsors", f"{int(h.sponsors):,}"],
            ["Events", f"{int(h.events):,}"],
            ["Fatalities where reported", f"{fatal} (over {int(h.events_with_fatalities)} events with a figure)"],
            ["Contested events", f"{int(h.contested_events):,}"], ["Ties", f"{int(h.relationships):,}"]]


def _network(snap: Snapshot, params: dict) -> dict:
    drawn = graph_svg.network_svg(snap.query("network/nodes", **params),
                                  snap.query("network/edges", **params, as_of=None), max_nodes=PRINT_ACTORS)
    left_out = (f" The {drawn.nodes} best-connected of {drawn.nodes + drawn.dropped} actors are drawn."
                if drawn.dropped else "")
    return {"svg": drawn.svg if drawn.nodes else "",
            "caption": f"{drawn.nodes} actors, {drawn.edges} ties.{left_out} Colour: actor kind (nodes); colour and "
                       "arrowhead: tie type (lines), read source → target; dashed ties are low confidence; size by degree.",
            "alt": f"Network diagram of {drawn.nodes} actors and {drawn.edges} ties among them, laid out as on the "
                   "Network page."}


def _timeline(snap: Snapshot, params: dict) -> dict:
    totals = snap.query("timeline/totals", **params).iloc[0]
    events = snap.query("timeline/latest_events", **params, limit=PRINT_EVENTS, placed=False)
    claims = snap.query("timeline/latest_claims", **params, limit=PRINT_EVENTS)
    if events.empty and claims.empty:
        return {"svg": "", "caption": "No events or claims in this window.", "alt": ""}
    days = [pd.Timestamp(d) if pd.notna(d) else None for d in (totals.first_day, totals.last_day)]
    overview = charts.Overview(snap.query("timeline/monthly", **params), int(totals.yearly), int(totals.events), *days)
    spec = _print_only(charts.spec(charts.timeline(events, claims, max_events=PRINT_EVENTS, overview=overview)))
    return {"svg": charts.to_svg(spec),
            "caption": f"{int(totals.events):,} events and {int(totals.claims):,} claims in this window.",
            "alt": f"Timeline of {int(totals.events):,} events in lanes by perpetrator network, claims and denials "
                   "in their own lane, and events per month beneath."}


def _statement(c) -> dict:
    cred = "" if pd.isna(c.credibility) else str(int(c.credibility))
    return {
        "date": clean(c.date), "claimant": clean(c.claimant), "subject": clean(c.subject),
        "says": f"{clean(c.claimant)} {STANCE_WORDS.get(c.stance, clean(c.stance))} {clean(c.involvement)} "
                f"by {clean(c.subject)}",
        "stance": clean(c.stance), "quote": clean(c.quote, QUOTE_MAX), "note": clean(c.note, QUOTE_MAX),
        "reliability": clean(c.best_reliability), "credibility": cred,
        "sources": [f"{clean(s['publisher'])}, {clean(s['published'])} (reliability {clean(s['reliability'])})"
                    for s in c.source_list],
    }


def _disputes(snap: Snapshot, params: dict, top: int) -> tuple[list[dict], int, list[str]]:
    ranking = snap.query("attribution/ranking", **params)
    shown, claim_ids = [], []
    for row in ranking.head(top).itertuples():
        sequence = snap.query("attribution/sequence", event_id=row.event_id)
        claim_ids += list(sequence["claim_id"])
        shown.append({"title": clean(row.title), "date": clean(row.date), "status": clean(row.status),
                      "score": f"{row.contest_score:.1f}", "claims": int(row.claims), "claimants": int(row.claimants),
                      "statements": [_statement(c) for c in sequence.itertuples()]})
    return shown, max(len(ranking) - top, 0), claim_ids


def _key_changes(snap: Snapshot, params: dict) -> tuple[dict, list[str], list[str]]:
    changes = snap.query("briefing/changes", **params, limit=KEY_CHANGES)
    rows = [[clean(r.date), clean(r.change), clean(r.what), clean(r.confidence), clean(r.sources)]
            for r in changes.itertuples()]
    section = {"heading": "Ties that began or ended, designations and political events",
               "columns": ["date", "change", "what", "confidence", "sources"], "rows": rows}
    rels = list(changes.loc[changes["fact_kind"] == "relationship", "fact_id"])
    events = list(changes.loc[changes["fact_kind"] == "event", "fact_id"])
    return {"title": "Key changes in the window", "intro": "" if rows else "No ties began or ended, and no "
            "designation or political event falls, in this window.", "sections": [section] if rows else []}, rels, events


def _sources(snap: Snapshot, claim_ids: list[str], rel_ids: list[str], event_ids: list[str]) -> tuple[list[dict], list[str]]:
    cited = snap.query("pack/cited_sources", claim_ids=claim_ids, rel_ids=rel_ids, event_ids=event_ids)
    out = [{"publisher": clean(s.publisher), "published": clean(s.published),
            "title": clean(s.title[1:-1] if s.title_described else s.title),
            "described": bool(s.title_described), "reliability": clean(s.reliability), "url": clean(s.url)}
           for s in cited.itertuples()]
    return out, list(cited["marking"])


def view_marking(snap: Snapshot, filters: Filters) -> str:
    """The label of a pack of this view without a comparison: the highest marking of its rows."""
    return highest([LEVELS[view_level(snap, filters.params())]], snap.max_marking)


def gather(snap: Snapshot, filters: Filters, *, top: int = TOP_DISPUTES, since=None,
           now: datetime | None = None) -> dict:
    """The pack's content for the view `filters` of `snap`; `since` is a ``diff.Changes`` to report
    instead of the key changes in the window."""
    params = filters.params()
    extent = snap.query("meta/extent").iloc[0]
    disputes, more, claim_ids = _disputes(snap, params, top)
    changes, rel_ids, event_ids = _key_changes(snap, params)
    markings = [view_marking(snap, filters)]
    if since is not None:
        changes = since.section()
        markings += since.markings()
    sources, source_markings = _sources(snap, claim_ids, rel_ids, event_ids)
    marking = highest(markings + source_markings, snap.max_marking)
    hidden = int(snap.query("meta/counts")["hidden"].sum())
    generated = (now or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M UTC")
    return {
        "marking": marking, "marking_colour": COLOURS[marking], "ceiling": snap.max_marking,
        "title": "Proxy Atlas briefing pack", "subject": SUBJECT,
        "window": f"{filters.date_from:%d %B %Y} to {filters.date_to:%d %B %Y}",
        "filters": _filters(snap, filters), "data_as_of": _day(extent["latest_fact"]), "generated_at": generated,
        "headline": _headline(snap, params), "network": _network(snap, params), "timeline": _timeline(snap, params),
        "disputes": disputes, "more_disputes": more, "changes": changes, "sources": sources,
        "caveats": CAVEATS + [f"Marking ceiling of this deployment: {snap.max_marking}; {hidden} row(s) above it "
                              "are hidden and not in this pack. This pack is marked with the highest marking of "
                              f"the rows it holds: {marking}."],
    }
