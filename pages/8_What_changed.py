"""What changed: the data now against a saved baseline (python -m proxyatlas baseline save DATA_DIR NAME)."""

import streamlit as st

from dashboard import context, packs, widgets
from proxyatlas import baseline
from proxyatlas.config import folder_label

page = context.setup("What changed", shows="all")
saved = packs.baselines()
if not saved:
    st.info(f"No baseline is saved in {folder_label(baseline.folder())} yet. Save the data of a briefing with "
            "`python -m proxyatlas baseline save DATA_DIR NAME`, then come back to see what changed since.")
    context.footer(page)
    st.stop()

names = [b.name for b in saved]
wanted = st.query_params.get("baseline")
name = st.selectbox("Compared with the baseline", names, index=names.index(wanted) if wanted in names else 0,
                    format_func=lambda n: next(f"{b.name} (saved {b.saved_at}, {b.max_marking})" for b in saved if b.name == n),
                    key="chg_baseline")
if st.query_params.get("baseline") != name:
    st.query_params["baseline"] = name
changes = packs.changes(page, name)
page.shows_markings(changes.markings())
st.caption("The whole data (the sidebar's filters do not apply here), rows above the marking ceiling left out of "
           "both versions. The briefing pack's changes section says the same with 'What changed since'.")
if changes.empty:
    st.success("Nothing changed since this baseline.")

st.subheader("Attribution statuses that moved")
widgets.table(changes.statuses.drop(columns=["event_id"]), "statuses moved", key="chg_statuses")
st.subheader("New statements")
widgets.table(changes.claims.drop(columns=["claim_id"]), "new statements", key="chg_claims")
st.subheader("Ties that ended, began or changed confidence")
widgets.table(changes.ties.drop(columns=["rel_id"]), "tie changes", key="chg_ties")
st.subheader("Rows added, removed and changed per table")
widgets.table(changes.counts(), "change counts", key="chg_counts")
st.caption("Changed fields are shown old → new.")
changed = changes.rows[changes.rows["change"] == "changed"].assign(
    change=lambda f: f["old"].fillna("∅") + " → " + f["new"].fillna("∅"))
widgets.table(changed[["table", "id", "what", "field", "change", "marking"]], "changed fields", key="chg_fields")
widgets.table(changes.rows[changes.rows["change"] != "changed"][["table", "change", "id", "what", "marking"]],
              "rows added or removed", key="chg_rows")
context.footer(page)
