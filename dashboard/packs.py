"""The Briefing page's pack downloads and the baselines the pages list (the Streamlit side of
proxyatlas.pack and proxyatlas.baseline)."""

from __future__ import annotations

import streamlit as st

from proxyatlas import baseline, diff, marked
from proxyatlas.markings import highest, level
from proxyatlas.pack import content, page as html_page, pdf

from . import context
from .context import Page


def baselines() -> list[baseline.Baseline]:
    """The baselines this deployment may read (saved at or under its ceiling), newest first."""
    ceiling = level(context.store().settings.max_marking)
    return [b for b in baseline.listed(baseline.folder()) if level(b.max_marking) <= ceiling]


def changes(page: Page, name: str) -> diff.Changes:
    """The data now against a saved baseline, once per data and baseline (shared by all sessions)."""
    found = baseline.load(name, baseline.folder(), page.snap.max_marking)
    return page.snap.memo(("changes", name, found.saved_at), lambda: diff.compare(page.snap, found))


def pack_downloads(page: Page) -> None:
    """PDF and HTML packs of the view in force, optionally with what changed since a baseline.
    Made on the click, once per view: the marking in their names is known before."""
    saved = baselines()
    since = st.selectbox("What changed since", [None, *(b.name for b in saved)], key="pack_since",
                         format_func=lambda n: "— key changes in the window —" if n is None else n,
                         help="Fill the pack's changes section from a comparison with a saved baseline.")
    comparison = changes(page, since) if since else None
    marking = highest([content.view_marking(page.snap, page.filters), *(comparison.markings() if comparison else [])],
                              page.snap.max_marking)

    def gathered() -> dict:
        return page.cached("pack-content", lambda: content.gather(page.snap, page.filters, since=comparison),
                           since=since)

    c1, c2 = st.columns(2)
    c1.download_button("Briefing pack (PDF)", data=lambda: page.cached("pack-pdf", lambda: pdf.render(gathered()), since=since),
                       file_name=marked.file_name("briefing-pack", marking, "pdf"), mime="application/pdf",
                       key="pack_pdf", icon=":material/picture_as_pdf:", on_click="ignore")
    c2.download_button("Briefing pack (HTML)", data=lambda: html_page.render(gathered()),
                       file_name=marked.file_name("briefing-pack", marking, "html"), mime="text/html",
                       key="pack_html", icon=":material/download:", on_click="ignore")
    st.caption(f"Marked {marking}: the highest marking of any row in the pack. A PDF, and one HTML file that "
               "loads nothing and prints with its marking bars.")
