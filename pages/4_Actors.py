"""Actors: one profile per actor, with its chain of sponsors, ties, events, claims and sources."""

import streamlit as st

from dashboard import context, pages, widgets
from proxyatlas import charts, labels, palette
from proxyatlas.text import md

page = context.setup("Actors")
actors = page.query("actors/list")
names = dict(zip(actors["actor_id"], actors["name"]))
wanted = st.query_params.get("actor")
if wanted and wanted not in names:  # a link to an actor outside the filters still opens its profile
    profile = page.snap.query("actors/profile", actor_id=wanted)
    if not profile.empty:
        names[wanted] = profile.iloc[0]["name"]
if not names:
    st.info("No actor matches the filters.")
    context.footer(page)
    st.stop()
options = list(names)
actor_id = st.selectbox("Actor", options, index=options.index(wanted) if wanted in names else 0,
                        format_func=names.get, key="act_pick")
if st.query_params.get("actor") != actor_id:
    st.query_params["actor"] = actor_id
page.shows_actor(actor_id)

p = page.snap.query("actors/profile", actor_id=actor_id).iloc[0]
st.header(md(p["name"]))
c1, c2, c3, c4 = st.columns(4)
c1.metric("Kind", palette.label(palette.ACTOR_KINDS, p["kind"]))
c2.metric("Based in", context.country_name(p["country"]))
c3.metric("Status", str(p["status"]).capitalize())
c4.metric("Founded", labels.briefing_date(p["founded"]) or "—")
aliases = [a for a in p["aliases"]] if p["aliases"] is not None else []
if aliases:
    st.text("Also known as: " + " · ".join(aliases))
if isinstance(p["description"], str) and p["description"]:
    st.text(p["description"])
st.caption(f"Sources: {md(labels.dates_in_text(p['sources'])) or 'none cited'}")

st.subheader("Sponsor chain, up to the state")
chain = page.snap.query("actors/sponsor_chain", actor_id=actor_id)
if chain.empty:
    st.caption("No sponsor, funder or parent organisation is recorded for this actor.")
else:
    widgets.table(chain, "sponsor chain", key="act_chain")

st.subheader("Ties: proxies and allies, down and across")
ties = page.snap.query("actors/ties", actor_id=actor_id)
widgets.table(ties, "ties", key="act_ties")

st.subheader("Events")
events = page.snap.query("actors/events", actor_id=actor_id)
if events.empty:
    st.caption("No event names this actor as perpetrator, target or claim subject.")
else:
    spec = page.cached("actor-timeline", lambda: charts.spec(charts.actor_timeline(events)), actor=actor_id)
    widgets.chart(spec, "actor events", key="act_timeline")
    widgets.table(events.drop(columns=["date_lo", "date_hi", "lat", "lon", "lane"]), "actor events",
                  key="act_events")

st.subheader("Claims made by it and about it")
claims = page.snap.query("actors/claims", actor_id=actor_id)
if claims.empty:
    st.caption("No claims by or about this actor.")
else:
    widgets.table(claims, "actor claims", key="act_claims")

st.subheader("Sources behind this profile")
widgets.table(page.snap.query("actors/sources", actor_id=actor_id), "actor sources", key="act_sources")
st.page_link(pages.NETWORK, label="See it in the network", icon=":material/hub:", query_params=page.link_params())
context.footer(page)
