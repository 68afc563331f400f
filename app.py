"""Proxy Atlas: the briefing page (landing page). Run with `make run`."""

import streamlit as st

from dashboard import context, packs, pages, present, widgets
from proxyatlas.labels import briefing_date
from proxyatlas.text import md

page = context.setup("Briefing")
st.caption("Iran's network of state agencies and armed groups, the events around it, and who claimed, "
           "denied or assessed responsibility, as the cited sources report it.")


def figures() -> None:
    head = page.query("briefing/headline").iloc[0]
    cols = st.columns(6)
    cols[0].metric("Armed groups", int(head.armed_groups))
    cols[1].metric("Sponsors", int(head.sponsors), help="Actors that sponsor, fund, arm, train or direct another, in the window")
    cols[2].metric("Events", int(head.events))
    fatal = "—" if head.events_with_fatalities == 0 else f"{int(head.fatalities):,}"
    cols[3].metric("Fatalities where reported", fatal,
                   help=f"Sum over the {int(head.events_with_fatalities)} event(s) whose sources give a figure")
    cols[4].metric("Contested events", int(head.contested_events),
                   help="Events whose attribution is competing, claimed and denied, or retracted")
    cols[5].metric("Ties", int(head.relationships))
    if page.presenting:
        return
    with st.expander("Briefing pack of this view", icon=":material/picture_as_pdf:"):
        packs.pack_downloads(page)
    st.page_link(pages.BRIEFING, label="Presenter view (for a projector: one section per screen, arrow keys)",
                 icon=":material/slideshow:", query_params=page.link_params(present="1"))


def latest() -> None:
    st.subheader("Latest events")
    events = page.query("briefing/latest_events", limit=12)
    widgets.table(events, "latest events", key="latest")
    st.page_link(pages.TIMELINE, label="All events on the timeline", icon=":material/timeline:", query_params=page.link_params())


def contested() -> None:
    st.subheader("Most contested attributions")
    ranking = page.query("attribution/ranking").head(6)
    if ranking.empty:
        st.info("No claims about events in this window.")
    for row in ranking.itertuples():
        with st.container(border=True):
            st.page_link(pages.ATTRIBUTION, label=f"**{md(row.title, 90)}** · {md(briefing_date(row.date))}",
                         query_params=page.link_params(event=row.event_id))
            widgets.badge(row.status)
            st.caption(f"{row.claims} claims by {row.claimants} claimants · contest score {row.contest_score:.1f}")
    st.page_link(pages.ATTRIBUTION, label="All contested attributions", icon=":material/balance:",
                 query_params=page.link_params())


def changes() -> None:
    st.subheader("Key changes in the window")
    rows = page.query("briefing/changes", limit=15)
    if rows.empty:
        st.info("No ties began or ended, and no designation or political event falls, in this window.")
    else:
        # "day" only orders the rows; fact_kind and fact_id name each row's fact in the download
        widgets.table(rows.drop(columns=["day"]), "key changes", key="changes", hide=("fact_kind",))
    c1, c2, c3 = st.columns(3)
    c1.page_link(pages.NETWORK, label="The network", icon=":material/hub:", query_params=page.link_params())
    c2.page_link(pages.ACTORS, label="Actor profiles", icon=":material/groups:", query_params=page.link_params())
    c3.page_link(pages.SOURCES, label="Sources", icon=":material/menu_book:", query_params=page.link_params())


# At a desk: the figures, then the latest events beside the most contested, then the changes.
# In the presenter view (?present=1): one of them per screen (&slide=1 … 4).
if not page.presenting:  # the sections' queries side by side first; each section then finds its result
    page.queries(("briefing/headline", {}), ("briefing/latest_events", {"limit": 12}), ("attribution/ranking", {}),
                 ("briefing/changes", {"limit": 15}))
present.sections(page, [
    ("The view in figures", figures),
    [("Latest events", latest), ("Most contested attributions", contested)],
    ("Key changes in the window", changes),
])
context.footer(page)
