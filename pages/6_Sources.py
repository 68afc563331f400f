"""Sources: every source, its publisher and reliability, and the facts that rest on it."""

import streamlit as st

from dashboard import context, widgets
from proxyatlas import labels
from proxyatlas.text import md, safe_url, source_title

page = context.setup("Sources", shows="all")
sources = page.snap.query("sources/list")
st.caption("Reliability is the Admiralty grade of the source (A reliable … E unreliable, F cannot be judged), "
           "assigned by the rubric in data/README.md. \"Checkable\" says what a reader has to find it: a URL, and "
           "its headline (confirmed), or only a description of it in [brackets] (described) to look it up by "
           "publisher and date.")
shown = sources.drop(columns=["title_described"]).assign(url=sources["url"].map(lambda u: safe_url(u) or ""))
widgets.table(shown, "sources", key="src_list",
              column_config={"url": st.column_config.LinkColumn(labels.column("url"), display_text="open")})

names = dict(zip(sources["source_id"], sources["publisher"] + " · " + labels.dates(sources["published"])
                 + " · " + sources["title"]))
wanted = st.query_params.get("source")
options = list(names)
source_id = st.selectbox("Facts resting on a source", options,
                         index=options.index(wanted) if wanted in names else 0,
                         format_func=lambda s: names[s][:150], key="src_pick")
if st.query_params.get("source") != source_id:
    st.query_params["source"] = source_id
row = sources.set_index("source_id").loc[source_id]
st.subheader(source_title(row["title"], row["title_described"], 200))
st.caption(f"{md(row['checkable'])} · {md(row['publisher'])} · {md(labels.briefing_date(row['published']))} · "
           f"{md(labels.value('kind', row['kind']))} · reliability "
           f"{md(row['reliability'])} · {md(row['affiliation']) if isinstance(row['affiliation'], str) else 'affiliation not recorded'}")
if isinstance(row["url"], str) and row["url"] and not safe_url(row["url"]):
    st.text(f"Address (not a web link, shown as text): {row['url'][:300]}")
widgets.table(page.snap.query("sources/facts", source_id=source_id), "source facts", key="src_facts")
context.footer(page)
