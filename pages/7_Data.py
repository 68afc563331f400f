"""Data, for analysts: validation status, row counts, fingerprint, reload, schema, raw tables.
A published folder shows its manifest (version, ceiling, files) instead of the CSV files' fingerprint."""

import pandas as pd
import streamlit as st

from dashboard import context, packs, widgets
from proxyatlas import baseline, published
from proxyatlas.config import folder_label
from proxyatlas.text import md

page = context.setup("Data", shows="all")
store = context.store()
state = page.state

if st.button("Reload data", icon=":material/refresh:", key="data_reload"):
    store.reload()
    st.rerun()

manifest = page.snap.manifest
if state.stale:
    what = "publication" if published.is_published(store.data_dir) else "files"
    st.error(f"The {what} in {store.settings.data_shown_as} {'has' if what == 'publication' else 'have'} "
             f"{len(state.problems)} problem(s). The app keeps showing the data loaded at "
             f"{page.snap.loaded_at:%Y-%m-%d %H:%M:%S} UTC until they are fixed.")
    context.problems_table(state)
elif manifest is not None:
    st.success(f"Published data in {store.settings.data_shown_as}: version {manifest.version}, published {manifest.published_at} "
               f"at the ceiling {manifest.max_marking}. Its CSV files were validated when they were published; "
               "this server checked the manifest (ceiling, contract, file checksums, row counts) instead.")
else:
    st.success(f"All files in {store.settings.data_shown_as} are valid.")

st.subheader("Rows")
widgets.table(page.snap.query("meta/counts"), "row counts", key="data_counts")
checks = page.snap.query("meta/source_checks").iloc[0]
st.caption(f"Sources a reader can check: {checks['url_given']} of {checks['sources']} give a URL; "
           f"{checks['title_confirmed']} have a confirmed title and {checks['title_described']} only a description "
           f"of the document in [brackets]; {checks['neither']} have neither a URL nor a confirmed title.")
st.subheader("Imports")
imports = page.snap.query("data/imports")
if imports.empty:
    st.caption("No imported releases: every row here was entered by hand. ACLED, UCDP GED and GTD exports come in "
               "with `python -m proxyatlas import` (README, \"Importing an ACLED export\").")
else:
    widgets.table(imports, "imports", key="data_imports")
    last = imports.iloc[-1]
    unmatched = page.snap.query("data/last_unmatched")
    st.caption(f"Names the last import ({md(last['dataset'])}, release {md(last['release'])}) matched to no actor: "
               f"{len(unmatched)}. They are kept as text on the events; add a crosswalk row to match one.")
    if not unmatched.empty:
        widgets.table(unmatched, "unmatched names of the last import", key="data_unmatched")
if manifest is None:
    fp = pd.DataFrame(page.snap.fingerprint, columns=["file", "bytes", "mtime_ns"])
    fp["modified"] = pd.to_datetime(fp["mtime_ns"], unit="ns", utc=True).dt.strftime("%Y-%m-%d %H:%M:%S.%f UTC")
    st.subheader("Files (fingerprint of the data shown)")
    widgets.shown(fp, hide=("mtime_ns",))
    picked_up = "Edits are picked up on the next page view."
else:
    st.subheader(f"Published files (version {manifest.version})")
    widgets.shown(pd.DataFrame([{"file": t["file"], "rows": t["rows"], "left out above the ceiling": t["withheld"],
                                 "bytes": t["bytes"], "blake2b": t["blake2b"]} for t in manifest.tables.values()]))
    st.caption("Published from these CSV files: " + "; ".join(f"{f} ({d[:12]})" for f, d in manifest.files.items()))
    picked_up = "A new publish is picked up on the next page view."
st.caption(f"Loaded {page.snap.loaded_at:%Y-%m-%d %H:%M:%S} UTC in {page.snap.load_seconds:.2f} s; "
           f"last checked {state.checked_at:%H:%M:%S} UTC. {picked_up}")

st.subheader("Baselines")
saved = packs.baselines()
st.caption(f"Saved in {folder_label(baseline.folder())} with `python -m proxyatlas baseline save DATA_DIR NAME`; "
           "the What changed page compares the data with one of them.")
if saved:
    # "from": the data folder each was saved from, named as the pages name folders (never its absolute path)
    widgets.shown(pd.DataFrame([{"name": b.name, "saved_at": b.saved_at, "max_marking": b.max_marking,
                                 "from": folder_label(b.data_dir), **b.rows} for b in saved]))
else:
    st.info("No baseline saved yet.")

st.subheader("Schema")
st.caption("Generated from data/datapackage.json. Validate from a shell with `python -m proxyatlas validate data`.")
fields = store.package.fields_frame()
for resource in store.package.resources:
    with st.expander(f"{resource.path}: {len(resource.fields)} columns, key {', '.join(resource.primary_key)}"):
        widgets.shown(fields[fields["resource"] == resource.name][["field", "type", "required", "expected"]]
                      .assign(description=[f.description for f in resource.fields]))
        refs = [f"{fk.field} → {fk.resource}.{fk.ref_field}" for fk in resource.foreign_keys]
        if refs:
            st.caption("References: " + "; ".join(refs))

st.subheader("Tables as shown (marking ceiling applied)")
shown = page.snap.query("meta/counts").set_index("resource")["shown"]
for resource in store.package.resources:
    with st.expander(resource.path):
        # The first rows drawn, the whole table only for the download: a rerun's work stays bounded.
        widgets.table(page.snap.query("data/table_head", table=resource.name, limit=widgets.FIRST_ROWS),
                      resource.name, key=f"raw_{resource.name}", rows=int(shown.get(resource.name, 0)),
                      everything=lambda name=resource.name: page.snap.query("data/table", table=name), raw=True)
context.footer(page)
