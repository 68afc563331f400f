"""The baseline: one Streamlit page written the common way, against which the app is measured.

On every rerun it reads the five CSV files with pandas, parses the partial dates, filters in
pandas (date window; the sponsor's network by a breadth-first search in Python over the
relationships; countries; actor kinds; minimum confidence) and draws what the app's pages
draw: an Altair timeline of events (the latest 5,000 as points, the same cap as the app's,
over monthly counts of all of them), the events table and the network's edge list. Nothing
is cached. Its sidebar widgets have the app's keys (f_from, f_to, f_sponsor, f_country,
f_kind, f_conf), so a benchmark drives both the same way. Data: $PROXYATLAS_DATA.
"""

import os
from collections import defaultdict, deque
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

DATA = Path(os.environ.get("PROXYATLAS_DATA") or Path(__file__).resolve().parent.parent / "data")
SPONSOR_TIES = {"sponsors", "funds", "arms", "trains", "directs"}
CONFIDENCE = ["low", "moderate", "high"]
MAX_POINTS = 5000


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{name}.csv", dtype=str, keep_default_na=False)


def first_day(text: pd.Series) -> pd.Series:
    """YYYY, YYYY-MM or YYYY-MM-DD as the first day it can mean (NaT when empty)."""
    full = text.where(text.str.len() != 4, text + "-01-01").where(text.str.len() != 7, text + "-01")
    return pd.to_datetime(full.where(full != ""), format="%Y-%m-%d")


def last_day(text: pd.Series) -> pd.Series:
    lo = first_day(text)
    return lo.where(text.str.len() == 10, lo.where(text.str.len() != 7, lo + pd.offsets.MonthEnd(0))
                    .where(text.str.len() != 4, lo + pd.offsets.YearEnd(0)))


def downstream(sponsor: str, ties: pd.DataFrame) -> set[str]:
    """What the sponsor sponsors, funds, arms, trains or directs, and their members, all the way down."""
    below = defaultdict(list)
    for tie in ties.itertuples():
        if tie.type in SPONSOR_TIES:
            below[tie.source_id].append(tie.target_id)
        elif tie.type == "member_of":
            below[tie.target_id].append(tie.source_id)
    seen, queue = {sponsor}, deque([sponsor])
    while queue:
        for child in below[queue.popleft()]:
            if child not in seen:
                seen.add(child)
                queue.append(child)
    return seen


st.set_page_config(page_title="Naive peer", layout="wide")
sources, actors, relationships, events, claims = (
    read(n) for n in ("sources", "actors", "relationships", "events", "claims"))
events["date_lo"] = first_day(events["date"])
events["date_hi"] = last_day(events["end_date"].where(events["end_date"] != "", events["date"]))
claims["date_lo"], claims["date_hi"] = first_day(claims["date"]), last_day(claims["date"])
relationships["start_lo"], relationships["end_hi"] = first_day(relationships["start"]), last_day(relationships["end"])
names = dict(zip(actors["actor_id"], actors["name"]))

sponsor_ids = sorted(set(relationships.loc[relationships["type"].isin(SPONSOR_TIES), "source_id"])
                     | set(relationships.loc[relationships["type"] == "member_of", "target_id"]))
sb = st.sidebar
lo = sb.date_input("From", value=min(events["date_lo"].min(), claims["date_lo"].min()).date(), key="f_from")
hi = sb.date_input("To", value=max(events["date_hi"].max(), claims["date_hi"].max()).date(), key="f_to")
sponsor = sb.selectbox("Sponsor network", [None, *sponsor_ids], key="f_sponsor",
                       format_func=lambda a: "All actors" if a is None else names.get(a, a))
countries = sb.multiselect("Countries", sorted((set(actors["country"]) | set(events["country"])) - {""}), key="f_country")
kinds = sb.multiselect("Actor kinds", sorted(set(actors["kind"])), key="f_kind")
min_conf = sb.select_slider("Minimum confidence of ties", CONFIDENCE, key="f_conf")
lo, hi = pd.Timestamp(lo), pd.Timestamp(hi)

ties = relationships[relationships["confidence"].map(CONFIDENCE.index) >= CONFIDENCE.index(min_conf)]
scoped = actors
if sponsor:
    scoped = scoped[scoped["actor_id"].isin(downstream(sponsor, ties))]
if kinds:
    scoped = scoped[scoped["kind"].isin(kinds)]
in_scope = set(scoped["actor_id"])
if countries:
    in_scope &= set(actors.loc[actors["country"].isin(countries), "actor_id"])
ties = ties[(ties["start_lo"].isna() | (ties["start_lo"] <= hi)) & (ties["end_hi"].isna() | (ties["end_hi"] >= lo))
            & ties["source_id"].isin(in_scope) & ties["target_id"].isin(in_scope)]

shown = events[(events["date_hi"] >= lo) & (events["date_lo"] <= hi)]
if countries:
    shown = shown[shown["country"].isin(countries)]
if sponsor or kinds:
    involved = set(scoped["actor_id"])
    named = pd.concat([shown[["event_id", "perpetrator_ids"]].rename(columns={"perpetrator_ids": "ids"}),
                       shown[["event_id", "target_ids"]].rename(columns={"target_ids": "ids"})])
    named = named.assign(actor_id=named["ids"].str.split(";")).explode("actor_id")
    keep = set(named.loc[named["actor_id"].isin(involved), "event_id"])
    keep |= set(claims.loc[claims["subject_id"].isin(involved), "event_id"])
    shown = shown[shown["event_id"].isin(keep)]

labels = dict(zip(sources["source_id"], sources["publisher"] + " (" + sources["published"] + ")"))
shown = shown.assign(
    perpetrators=shown["perpetrator_ids"].map(lambda ids: "; ".join(names[a] for a in ids.split(";") if a in names)),
    lane=shown["perpetrator_ids"].str.split(";").str[0].map(names).fillna("Unattributed"),
    sources=shown["source_ids"].map(lambda ids: "; ".join(labels[s] for s in ids.split(";") if s in labels)),
)
shown = shown.sort_values(["date_lo", "event_id"])

st.title("Naive peer")
c1, c2 = st.columns(2)
c1.metric("Events", len(shown))
c2.metric("Ties", len(ties))

points = shown.tail(MAX_POINTS).assign(start=lambda d: d["date_lo"].dt.strftime("%Y-%m-%d"))
monthly = (shown.assign(month=shown["date_lo"].dt.to_period("M").dt.to_timestamp().dt.strftime("%Y-%m-%d"))
           .groupby(["month", "type"]).size().rename("count").reset_index())
lanes = alt.Chart(points[["start", "lane", "type", "title"]]).mark_circle().encode(
    x="start:T", y="lane:N", color="type:N", tooltip=["title", "start", "type"])
bars = alt.Chart(monthly).mark_bar().encode(x="month:T", y="count:Q", color="type:N")
st.altair_chart(alt.vconcat(lanes, bars))

st.subheader("Events")
st.dataframe(shown[["date", "title", "type", "country", "location", "fatalities", "perpetrators", "sources"]],
             hide_index=True)
st.subheader("Network ties")
edges = ties.assign(source=ties["source_id"].map(names), target=ties["target_id"].map(names))
st.dataframe(edges[["source", "type", "target", "confidence", "start", "end"]].sort_values(["source", "type", "target"]),
             hide_index=True)
