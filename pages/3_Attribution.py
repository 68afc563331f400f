"""Attribution: who claimed, denied, retracted, saw no evidence of or assessed involvement."""

import pandas as pd
import streamlit as st

from dashboard import context, widgets
from proxyatlas import labels
from proxyatlas.text import md, safe_url, source_title

page = context.setup("Attribution")
ranking = page.query("attribution/ranking")
if ranking.empty:
    st.info("No event in this view has claims about who was behind it.")
    context.footer(page)
    st.stop()

st.subheader("Contested events, most contested first")
st.caption("Score: statements on the same involvement that some claimants assert and others deny, retract or "
           "see no evidence of, each weighted by the most reliable of the sources reporting it "
           "(A = 1.0 … E = 0.2; F = 0.5). A statement counts once, however many outlets report it.")
widgets.table(ranking, "contested events", key="att_rank")

titles = dict(zip(ranking["event_id"], ranking["title"] + " · " + labels.dates(ranking["date"])))
wanted = st.query_params.get("event")
options = list(titles)
index = options.index(wanted) if wanted in titles else 0
event_id = st.selectbox("Event", options, index=index, format_func=titles.get, key="att_event")
if st.query_params.get("event") != event_id:
    st.query_params["event"] = event_id

row = ranking.set_index("event_id").loc[event_id]
st.header(md(row["title"]))
widgets.badge(row["status"])
sequence = page.snap.query("attribution/sequence", event_id=event_id)

st.subheader("The dispute, in order")
STANCE_WORDS = {"asserts": "asserts", "denies": "denies", "retracts": "retracts",
                "no_evidence": "sees no evidence of", "assesses": "assesses"}
for c in sequence.itertuples():
    with st.container(border=True):
        st.markdown(f"**{md(labels.briefing_date(c.date))}** · **{md(c.claimant)}** {STANCE_WORDS[c.stance]} "
                    f"**{md(c.involvement)}** by **{md(c.subject)}**")
        if isinstance(c.quote, str) and c.quote:
            st.text(f"“{c.quote}”")
        if isinstance(c.note, str) and c.note:
            st.caption(f"Note: {md(c.note)}")
        cred = f" · credibility {int(c.credibility)}" if pd.notna(c.credibility) else ""
        carried = ("Reported by 1 source" if c.sources == 1
                   else f"Reported by {c.sources} sources, weighed as the most reliable")
        st.caption(f"{carried}: reliability {md(c.best_reliability)}{cred}")
        for s in c.source_list:
            source = f"{md(s['publisher'])}, {md(labels.briefing_date(s['published']))}: {source_title(s['title'], s['title_described'], 200)}"
            rel = f"reliability {md(s['reliability'])}"
            url = safe_url(s["url"])
            if url:
                st.markdown(f"- [{source}]({url}) · {rel}")
            else:
                st.markdown(f"- {source} · {rel}")
                if isinstance(s["url"], str) and s["url"].strip():
                    st.text(f"(address not shown as a link: {s['url'].strip()[:200]})")

st.subheader("Claimant × subject × involvement")


def _claim_matrix() -> pd.DataFrame:
    """The event's claims as claimant × subject rows and a column per involvement, the stances in words
    (no_evidence: "sees no evidence"), in the table and its download alike: a pivot has no raw form."""
    matrix = page.snap.query("attribution/matrix", event_id=event_id)
    pivot = labels.with_value_labels(matrix).pivot_table(index=["claimant", "subject"], columns="involvement",
                                                         values="stances", aggfunc="first", fill_value="")
    pivot = pivot.reset_index()
    pivot.columns.name = None
    return pivot


pivot = page.snap.memo(("attribution-matrix", event_id), _claim_matrix)  # a pivot costs ~10 ms per rerun
widgets.table(pivot, "claim matrix", key="att_matrix")
st.subheader("Claims with sources")
widgets.table(sequence.drop(columns=["date_lo", "source_list"]), "claims", key="att_seq")
context.footer(page)
